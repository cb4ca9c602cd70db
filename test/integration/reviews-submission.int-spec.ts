import request from 'supertest';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { Review } from '../../src/modules/reviews/entities/review.entity';
import { DAY_MS, timeTraveller } from '../helpers/calls';
import { EngineWithUploads, startEngineWithUploads } from '../helpers/projects';
import { completeRatings, ReviewSetup, saveReview, startReview, submitReviewWith, transitionsOf } from '../helpers/reviews';

interface FieldError {
  field: string;
  messages: string[];
}

/**
 * Writing and submitting a review on the real PostgreSQL: drafts are checked against the
 * call's framework (and nothing is saved when they are refused), a submission freezes the review
 * (in the service and in the database), a late one is flagged, and when all K reviewers submit
 * at the same instant the project moves to consolidation exactly once.
 */
describe('reviews: drafts, submission, freezing', () => {
  let engine: EngineWithUploads;
  const clock = timeTraveller(() => engine);

  beforeAll(async () => {
    engine = await startEngineWithUploads({ env: { DATABASE_POOL_SIZE: '20' } });
  });
  afterEach(() => clock.reset());
  afterAll(() => engine?.close());

  const reviewRow = (assignmentId: string, round = 1) => engine.dataSource.getRepository(Review).findOneBy({ assignmentId, round });
  const stageOf = async (projectId: string) => (await engine.dataSource.getRepository(Project).findOneByOrFail({ id: projectId })).stage;
  const put = (seat: ReviewSetup['seats'][number], body: Record<string, unknown>) =>
    request(engine.url).put(`/api/assignments/${seat.assignmentId}/review`).set('authorization', seat.reviewer.bearer).send(body);
  const submit = (seat: ReviewSetup['seats'][number]) => request(engine.url).post(`/api/assignments/${seat.assignmentId}/review/submit`).set('authorization', seat.reviewer.bearer);

  describe('draft validation', () => {
    let setup: ReviewSetup;
    beforeAll(async () => {
      setup = await startReview(engine);
    });

    it('saves a partial draft, merging criterion by criterion, and bumps the version', async () => {
      const seat = setup.lead;
      const first = await put(seat, { ratings: { '2.1': { score: 3, comment: 'Mapping of practices is solid' } }, overallComment: 'Draft' }).expect(200);
      expect(first.body).toMatchObject({ status: 'draft', version: 1, ratings: { '2.1': { score: 3, comment: 'Mapping of practices is solid' } } });
      const second = await put(seat, { ratings: { '2.1': { recommendation: 'Publish the map' }, '1.1': { score: 4, harm: 'no_risk' }, '2.3': { score: 'n/a' } }, expectedVersion: 1 }).expect(200);
      expect(second.body.version).toBe(2);
      expect(second.body.ratings).toEqual({
        '1.1': { score: 4, harm: 'no_risk' },
        '2.1': { score: 3, comment: 'Mapping of practices is solid', recommendation: 'Publish the map' },
        '2.3': { score: 'n/a' },
      });
      // null clears a value
      const third = await put(seat, { ratings: { '2.3': { score: null } } }).expect(200);
      expect(third.body.ratings['2.3']).toEqual({ score: null });
      const form = await request(engine.url).get(`/api/assignments/${seat.assignmentId}/review`).set('authorization', seat.reviewer.bearer).expect(200);
      expect(form.body.form.progress).toEqual({ rated: 2, total: 13 });
      // a stale expectedVersion is refused
      const stale = await put(seat, { overallComment: 'Late edit', expectedVersion: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { expectedVersion: 1, currentVersion: 3 } });
    });

    const invalid: Array<[string, Record<string, unknown>, string]> = [
      ['an unknown criterion', { ratings: { '9.9': { score: 3 } } }, 'ratings.9.9'],
      ['n/a where the criterion does not allow it', { ratings: { '2.2': { score: 'n/a' } } }, 'ratings.2.2.score'],
      ['n/a on a safeguard', { ratings: { '1.1': { score: 'n/a', harm: 'no_risk' } } }, 'ratings.1.1.score'],
      ['a harm judgement on a criterion that is not a safeguard', { ratings: { '2.1': { score: 3, harm: 'no_risk' } } }, 'ratings.2.1.harm'],
      ['a harm judgement off the scale', { ratings: { '1.2': { score: 3, harm: 'catastrophic' } } }, 'ratings.1.2.harm'],
      ['score 5', { ratings: { '2.1': { score: 5 } } }, 'ratings.2.1.score'],
      ['a negative score', { ratings: { '2.1': { score: -1 } } }, 'ratings.2.1.score'],
      ['a fractional score', { ratings: { '2.1': { score: 2.5 } } }, 'ratings.2.1.score'],
      ['a score as text', { ratings: { '2.1': { score: '3' } } }, 'ratings.2.1.score'],
      ['an over-long comment', { ratings: { '2.1': { score: 3, comment: 'x'.repeat(20001) } } }, 'ratings.2.1.comment'],
      ['an over-long recommendation', { ratings: { '2.1': { score: 3, recommendation: 'x'.repeat(20001) } } }, 'ratings.2.1.recommendation'],
      ['an unknown field in a rating', { ratings: { '2.1': { score: 3, weight: 2 } } }, 'ratings.2.1.weight'],
      ['a rating that is not an object', { ratings: { '2.1': 3 } }, 'ratings.2.1'],
      ['an over-long overall comment', { overallComment: 'x'.repeat(20001) }, 'overallComment'],
      ['an over-long confidential note', { confidentialNotes: 'x'.repeat(20001) }, 'confidentialNotes'],
      ['an unknown recommendation', { overallRecommendation: 'excellent' }, 'overallRecommendation'],
      ['an unknown top-level field', { reviewerName: 'someone' }, 'reviewerName'],
      ['a valid criterion alongside an invalid one', { ratings: { '2.1': { score: 4 }, '2.2': { score: 7 } } }, 'ratings.2.2.score'],
    ];

    it.each(invalid)('refuses %s with 400 and the field path, and saves nothing', async (_label, body, field) => {
      const seat = setup.members[0];
      await saveReview(engine, seat, { ratings: { '2.1': { score: 2, comment: 'kept', recommendation: 'kept' } }, confidentialNotes: 'kept note' });
      const before = await reviewRow(seat.assignmentId);
      const res = await put(seat, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect((res.body.details.fields as FieldError[]).map((error) => error.field)).toContain(field);
      const after = await reviewRow(seat.assignmentId);
      expect(after).toMatchObject({ version: before!.version, ratings: before!.ratings, overallComment: before!.overallComment, confidentialNotes: 'kept note', status: 'draft' });
    });

    it('a first draft that is refused leaves no review row behind', async () => {
      const fresh = await startReview(engine);
      const res = await put(fresh.lead, { ratings: { '2.2': { score: 'n/a' } } });
      expect(res.status).toBe(400);
      expect(await reviewRow(fresh.lead.assignmentId)).toBeNull();
    });

    it('refuses to submit an incomplete review with 422 REVIEW_INCOMPLETE listing the gaps', async () => {
      const seat = setup.lead;
      await put(seat, { ratings: { '1.1': { score: 4, harm: null }, '2.1': { score: 3 } }, overallRecommendation: null }).expect(200);
      const res = await submit(seat);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('REVIEW_INCOMPLETE');
      const paths = (res.body.details.gaps as Array<{ path: string }>).map((gap) => gap.path);
      expect(paths).toEqual(expect.arrayContaining(['ratings.1.1.harm', 'ratings.1.2', 'ratings.2.2', 'ratings.4.2', 'overallRecommendation']));
      expect(paths).not.toContain('ratings.2.1');
      expect((await reviewRow(seat.assignmentId))!.status).toBe('draft');
      // complete, it goes through (n/a counts as rated where allowed)
      await put(seat, { ratings: { ...completeRatings(3), '2.3': { score: 'n/a' } }, overallRecommendation: 'positive' }).expect(200);
      const ok = await submit(seat);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ status: 'submitted', late: false });
    });

    it('only the reviewer holding the seat reads and writes its review (404 for anyone else)', async () => {
      const [seat, other] = [setup.members[0], setup.lead];
      for (const account of [other.reviewer, setup.spares[0], setup.secretariat, setup.holder]) {
        const read = await request(engine.url).get(`/api/assignments/${seat.assignmentId}/review`).set('authorization', account.bearer);
        expect([403, 404]).toContain(read.status);
        expect(read.body.code).toBe(read.status === 404 ? 'NOT_FOUND' : 'FORBIDDEN');
      }
      const foreign = await request(engine.url).put(`/api/assignments/${seat.assignmentId}/review`).set('authorization', other.reviewer.bearer).send({ overallComment: 'not mine' });
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('NOT_FOUND');
      const foreignSubmit = await request(engine.url).post(`/api/assignments/${seat.assignmentId}/review/submit`).set('authorization', setup.spares[0].bearer);
      expect(foreignSubmit.status).toBe(404);
    });
  });

  describe('frozen once submitted', () => {
    it('a submitted review cannot change: 409 on save and on a second submit, and the database refuses a raw UPDATE or DELETE', async () => {
      const setup = await startReview(engine);
      const seat = setup.members[0];
      expect((await submitReviewWith(engine, seat, { ratings: completeRatings(3) })).status).toBe(200);
      const frozen = await reviewRow(seat.assignmentId);
      expect(await stageOf(setup.project.id)).toBe('review');

      const edit = await put(seat, { ratings: { '2.1': { score: 0 } } });
      expect(edit.status).toBe(409);
      expect(edit.body.code).toBe('ILLEGAL_TRANSITION');
      const again = await submit(seat);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ILLEGAL_TRANSITION');

      await expect(engine.dataSource.query(`UPDATE review SET ratings = '{}'::jsonb WHERE id = $1`, [frozen!.id])).rejects.toMatchObject({ code: '42501' });
      await expect(engine.dataSource.query(`UPDATE review SET status = 'draft' WHERE id = $1`, [frozen!.id])).rejects.toMatchObject({ code: '42501' });
      await expect(engine.dataSource.query(`DELETE FROM review WHERE id = $1`, [frozen!.id])).rejects.toMatchObject({ code: '42501' });
      const after = await reviewRow(seat.assignmentId);
      expect(after).toMatchObject({ status: 'submitted', version: frozen!.version, ratings: frozen!.ratings });
      expect(after!.submittedAt!.getTime()).toBe(frozen!.submittedAt!.getTime());

      // a draft is still writable in SQL (the trigger guards submitted reviews only)
      await saveReview(engine, setup.lead);
      const draft = await reviewRow(setup.lead.assignmentId);
      await engine.dataSource.query(`UPDATE review SET overall_comment = 'edited' WHERE id = $1`, [draft!.id]);

      // and once the project left review, nothing is written any more
      expect((await submit(setup.lead)).status).toBe(200);
      expect(await stageOf(setup.project.id)).toBe('consolidation');
      const closed = await put(setup.lead, { overallComment: 'after the round' });
      expect(closed.status).toBe(409);
      expect(closed.body.code).toBe('ILLEGAL_TRANSITION');
    });
  });

  describe('late submissions', () => {
    it('a review submitted after the review deadline is flagged late; one before it is not', async () => {
      const setup = await startReview(engine);
      const deadline = (await engine.dataSource.getRepository(Project).findOneByOrFail({ id: setup.project.id })).stageDeadline!;
      expect(deadline.getTime() - Date.now()).toBeGreaterThan(20 * DAY_MS);
      const onTime = await submitReviewWith(engine, setup.members[0]);
      expect(onTime.body).toMatchObject({ status: 'submitted', late: false });

      clock.travel(deadline.getTime() - Date.now() + DAY_MS);
      const late = await submitReviewWith(engine, setup.lead);
      expect(late.status).toBe(200);
      expect(late.body).toMatchObject({ status: 'submitted', late: true });
      expect(new Date(late.body.submittedAt).getTime()).toBeGreaterThan(deadline.getTime());
      expect((await reviewRow(setup.lead.assignmentId))!.late).toBe(true);
      expect((await reviewRow(setup.members[0].assignmentId))!.late).toBe(false);
      // the staff list shows the flag
      const reviews = await request(engine.url).get(`/api/projects/${setup.project.id}/reviews`).set('authorization', setup.secretariat.bearer).expect(200);
      expect(reviews.body.map((review: { assignmentId: string; late: boolean }) => [review.assignmentId, review.late]).sort()).toEqual(
        [
          [setup.lead.assignmentId, true],
          [setup.members[0].assignmentId, false],
        ].sort(),
      );
    });
  });

  describe("the lead's consolidation", () => {
    it('is written in consolidation only, checked against the framework; nothing is saved when refused', async () => {
      const setup = await startReview(engine);
      const putConsolidation = (body: Record<string, unknown>) =>
        request(engine.url).put(`/api/projects/${setup.project.id}/consolidation`).set('authorization', setup.lead.reviewer.bearer).send(body);
      const early = await putConsolidation({ general: { summary: 'too early' } });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('ILLEGAL_TRANSITION');
      const earlyProposal = await request(engine.url)
        .post(`/api/projects/${setup.project.id}/transitions`)
        .set('authorization', setup.lead.reviewer.bearer)
        .send({ action: 'propose_outcome', outcome: 'positive', expectedVersion: (await engine.dataSource.getRepository(Project).findOneByOrFail({ id: setup.project.id })).version });
      expect(earlyProposal.status).toBe(409);
      expect(earlyProposal.body.code).toBe('ILLEGAL_TRANSITION');

      for (const seat of setup.seats) expect((await submitReviewWith(engine, seat, { ratings: completeRatings(2) })).status).toBe(200);
      const saved = await putConsolidation({ ratings: { '2.2': { score: 3 }, '1.2': { harm: 'risk_mitigated' } }, feedback: { '2.2': { strengths: 'Baseline' } } });
      expect(saved.status).toBe(200);
      expect(saved.body.ratings).toEqual({ '2.2': { score: 3 }, '1.2': { harm: 'risk_mitigated' } });
      expect(saved.body.evaluation.criteria.find((item: { code: string }) => item.code === '2.2')).toMatchObject({ median: 2, consolidated: 3, value: 3, source: 'consolidated' });

      const invalid: Array<[Record<string, unknown>, string]> = [
        [{ ratings: { '9.9': { score: 3 } } }, 'ratings.9.9'],
        [{ ratings: { '2.1': { score: 5 } } }, 'ratings.2.1.score'],
        [{ ratings: { '2.1': { harm: 'risk' } } }, 'ratings.2.1.harm'],
        [{ ratings: { '2.2': { score: 'n/a' } } }, 'ratings.2.2.score'],
        [{ ratings: { '2.1': { score: 3, comment: 'no' } } }, 'ratings.2.1.comment'],
        [{ feedback: { '9.9': { strengths: 'x' } } }, 'feedback.9.9'],
        [{ feedback: { '2.1': { praise: 'x' } } }, 'feedback.2.1.praise'],
        [{ feedback: { '2.1': { strengths: 'x'.repeat(20001) } } }, 'feedback.2.1.strengths'],
        [{ general: { verdict: 'x' } }, 'general.verdict'],
        [{ general: { summary: 42 } }, 'general.summary'],
        [{ ratings: { '2.1': { score: 1 } }, general: { summary: 'x'.repeat(20001) } }, 'general.summary'],
      ];
      for (const [body, field] of invalid) {
        const res = await putConsolidation(body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
        expect((res.body.details.fields as FieldError[]).map((error) => error.field)).toContain(field);
      }
      const unchanged = await request(engine.url).get(`/api/projects/${setup.project.id}/consolidation`).set('authorization', setup.secretariat.bearer).expect(200);
      expect(unchanged.body).toMatchObject({ ratings: { '2.2': { score: 3 }, '1.2': { harm: 'risk_mitigated' } }, feedback: { '2.2': { strengths: 'Baseline' } }, general: {} });

      // null gives the criterion back to the median
      const cleared = await putConsolidation({ ratings: { '2.2': null } });
      expect(cleared.status).toBe(200);
      expect(cleared.body.ratings).toEqual({ '1.2': { harm: 'risk_mitigated' } });
      expect(cleared.body.evaluation.criteria.find((item: { code: string }) => item.code === '2.2')).toMatchObject({ value: 2, source: 'median' });
    });
  });

  describe('the round completes once', () => {
    it.each([1, 2, 3])('all K = 3 reviewers submit at the same instant (run %i): one reviews_complete, stage consolidation', async () => {
      const setup = await startReview(engine, { reviewersPerProject: 3, reviewers: 3 });
      for (const seat of setup.seats) await saveReview(engine, seat, { ratings: completeRatings(3) });
      const responses = await Promise.all(setup.seats.map((seat) => submit(seat)));
      expect(responses.map((res) => res.status)).toEqual([200, 200, 200]);
      expect(await stageOf(setup.project.id)).toBe('consolidation');
      const completes = (await transitionsOf(engine, setup.project.id)).filter((row) => row.action === 'reviews_complete');
      expect(completes).toEqual([expect.objectContaining({ fromStage: 'review', toStage: 'consolidation', actorRole: 'system', round: 1 })]);
      const outbox: Array<{ n: number }> = await engine.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox WHERE payload->>'projectId' = $1 AND payload->>'event' = 'notify.lead.consolidation_opened'`,
        [setup.project.id],
      );
      expect(outbox[0].n).toBe(1);
    });
  });
});
