import request from 'supertest';
import { Clock } from '../../src/platform/clock/clock';
import { DAY_MS } from '../helpers/calls';
import { EngineWithUploads, startEngineWithUploads } from '../helpers/projects';
import { activeSeatsOf } from '../helpers/reviewers';
import {
  completeRatings,
  documentsOf,
  getBinary,
  projectVersion,
  proposeAndRelease,
  startReview,
  submitAll,
  transitionNow,
  transitionsOf,
} from '../helpers/reviews';
import { waitForQueuesIdle } from '../helpers/test-engine';

interface FormCriterion {
  code: string;
  statement: string | null;
  rating: Record<string, unknown>;
  previous: Record<string, unknown> | null;
}

/**
 * The second full path: round 1 finds the dossier weak and asks for a revision; the holder
 * revises and resubmits; the same reviewers re-review round 2 with the diff of the dossier and
 * their own round-1 answers in the form; round 2 ends positive.
 */
describe('reviews, end to end: revise, then positive in round 2', () => {
  let engine: EngineWithUploads;

  beforeAll(async () => {
    engine = await startEngineWithUploads();
  });
  afterAll(() => engine?.close());

  it('round 1 revise → revision → holder edits and resubmits → round 2 with the same reviewers → positive', async () => {
    const setup = await startReview(engine, { maxRounds: 2 });
    const { project, holder, secretariat, lead, seats } = setup;
    const seatIds = seats.map((seat) => seat.assignmentId).sort();

    // Round 1: weak on every criterion.
    await submitAll(engine, seats, (seat) => ({
      ratings: completeRatings(1),
      overallRecommendation: 'revise',
      confidentialNotes: `round 1 note of ${seat.role}`,
    }));
    const round1 = await request(engine.url).get(`/api/projects/${project.id}/consolidation`).set('authorization', lead.reviewer.bearer).expect(200);
    expect(round1.body.evaluation.allowedOutcomes).toEqual(['not_positive', 'revise']);
    const refusedPositive = await transitionNow(engine, lead.reviewer, project.id, { action: 'propose_outcome', outcome: 'positive' });
    expect(refusedPositive.status).toBe(422);
    expect(refusedPositive.body.code).toBe('RULE_REFUSED');
    expect(refusedPositive.body.details.guards.outcomeAllowed.rules.map((rule: { code: string }) => rule.code)).toEqual(
      expect.arrayContaining(['THRESHOLD_NOT_MET', 'CRITERION_BELOW_MINIMUM']),
    );
    await request(engine.url)
      .put(`/api/projects/${project.id}/consolidation`)
      .set('authorization', lead.reviewer.bearer)
      .send({ feedback: { '2.2': { weaknesses: 'No SOC baseline by equivalent soil mass', recommendations: 'Add a baseline campaign' } } })
      .expect(200);

    const releasedAt = engine.get(Clock).now().getTime();
    const revision = await proposeAndRelease(engine, setup, 'revise');
    expect(revision).toMatchObject({ stage: 'revision', outcome: 'revise', round: 1 });
    // the revision deadline comes from the call's policy (30 days)
    const deadline = new Date(revision.stageDeadline as string).getTime();
    expect(deadline - releasedAt).toBeGreaterThanOrEqual(30 * DAY_MS - 60_000);
    expect(deadline - releasedAt).toBeLessThanOrEqual(30 * DAY_MS + 60_000);

    // The holder reads why, and gets no report for a revision.
    await waitForQueuesIdle(engine);
    const feedback1 = await request(engine.url).get(`/api/projects/${project.id}/feedback`).set('authorization', holder.bearer).expect(200);
    expect(feedback1.body).toMatchObject({ round: 1, outcome: 'revise', documents: { report: null, letter: null } });
    expect(feedback1.body.reasons.length).toBeGreaterThan(0);
    expect(feedback1.body.criteria.find((criterion: { code: string }) => criterion.code === '2.2')).toMatchObject({
      value: 1,
      feedback: { weaknesses: 'No SOC baseline by equivalent soil mass', recommendations: 'Add a baseline campaign' },
    });
    expect(await documentsOf(engine, project.id)).toEqual([]);
    const noReport = await getBinary(engine, holder, `/api/projects/${project.id}/report.pdf`);
    expect(noReport.status).toBe(404);
    expect(noReport.body.toString()).toContain('NOT_FOUND');

    // The holder revises the dossier and a statement, then resubmits.
    const newSummary = 'Farmers restore parklands on 1,500 ha, with a baseline SOC campaign by equivalent soil mass before the first season.';
    await request(engine.url)
      .patch(`/api/projects/${project.id}`)
      .set('authorization', holder.bearer)
      .send({ summary: newSummary, areaHa: 1500, expectedVersion: await projectVersion(engine, project.id) })
      .expect(200);
    await request(engine.url)
      .put(`/api/projects/${project.id}/criteria/2.2`)
      .set('authorization', holder.bearer)
      .send({ text: 'A baseline campaign on 60 plots, 0-30 cm, equivalent soil mass, before the first season.' })
      .expect(200);
    const resubmitted = await transitionNow(engine, holder, project.id, { action: 'resubmit' });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body).toMatchObject({ stage: 'review', round: 2 });
    expect(resubmitted.body.stageDeadline).toEqual(expect.any(String));
    // once in review again the dossier is frozen for the holder
    const frozen = await request(engine.url).patch(`/api/projects/${project.id}`).set('authorization', holder.bearer).send({ areaHa: 1600 });
    expect(frozen.status).toBe(409);
    expect(frozen.body.code).toBe('ILLEGAL_TRANSITION');

    // The same reviewers, no new invitation.
    await waitForQueuesIdle(engine);
    expect((await activeSeatsOf(engine, project.id)).map((seat) => seat.id).sort()).toEqual(seatIds);

    // Each reviewer's round-2 form shows the diff and their own round-1 answers.
    for (const seat of seats) {
      const form = await request(engine.url).get(`/api/assignments/${seat.assignmentId}/review`).set('authorization', seat.reviewer.bearer).expect(200);
      expect(form.body.project).toMatchObject({ round: 2, stage: 'review' });
      expect(form.body.review).toMatchObject({ round: 2, status: 'draft', ratings: {} });
      expect(form.body.review.confidentialNotes ?? null).toBeNull();
      const changes = form.body.diff.changes as Array<{ path: string; before?: unknown; after?: unknown }>;
      expect(form.body.diff).toMatchObject({ from: 1, to: 2 });
      expect(changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'dossier.summary', after: newSummary }),
          expect.objectContaining({ path: 'dossier.areaHa', before: 1200, after: 1500 }),
          expect.objectContaining({ path: expect.stringMatching(/^statements.*2\.2/), after: 'A baseline campaign on 60 plots, 0-30 cm, equivalent soil mass, before the first season.' }),
        ]),
      );
      const criteria = (form.body.form.steps as Array<{ criteria: FormCriterion[] }>).flatMap((step) => step.criteria);
      expect(criteria).toHaveLength(13);
      for (const criterion of criteria) {
        expect(criterion.rating).toEqual({});
        expect(criterion.previous).toMatchObject({ score: 1, recommendation: `Recommendation on ${criterion.code} for the holder` });
      }
      expect(criteria.find((criterion) => criterion.code === '1.2')!.previous).toMatchObject({ harm: 'no_risk' });
      expect(criteria.find((criterion) => criterion.code === '2.2')!.statement).toBe('A baseline campaign on 60 plots, 0-30 cm, equivalent soil mass, before the first season.');
      expect(form.body.form.progress).toEqual({ rated: 0, total: 13 });
    }
    // round-1 reviews stay readable as they were
    const round1Reviews = await request(engine.url).get(`/api/projects/${project.id}/reviews?round=1`).set('authorization', secretariat.bearer).expect(200);
    expect(round1Reviews.body.map((review: { round: number; status: string }) => [review.round, review.status])).toEqual([
      [1, 'submitted'],
      [1, 'submitted'],
    ]);

    // Round 2: the dossier convinced them.
    await submitAll(engine, seats, { ratings: completeRatings(3), overallRecommendation: 'positive' });
    const round2 = await request(engine.url).get(`/api/projects/${project.id}/consolidation`).set('authorization', lead.reviewer.bearer).expect(200);
    expect(round2.body).toMatchObject({ round: 2, reviewsSubmitted: 2, proposedOutcome: null });
    // the last round: no further revision
    expect(round2.body.evaluation.allowedOutcomes).toEqual(['positive', 'not_positive']);
    const completed = await proposeAndRelease(engine, setup, 'positive');
    expect(completed).toMatchObject({ stage: 'completed', outcome: 'positive', round: 2 });
    await waitForQueuesIdle(engine, 30000);

    const feedback2 = await request(engine.url).get(`/api/projects/${project.id}/feedback`).set('authorization', holder.bearer).expect(200);
    expect(feedback2.body).toMatchObject({ round: 2, outcome: 'positive', reasons: [] });
    expect(feedback2.body.documents).toEqual({ report: `/api/projects/${project.id}/report.pdf`, letter: `/api/projects/${project.id}/letter.pdf` });
    expect((await documentsOf(engine, project.id)).map(({ kind, round, outcome }) => `${kind}:${round}:${outcome}`).sort()).toEqual(['letter:2:positive', 'report:2:positive']);
    const report = await getBinary(engine, holder, `/api/projects/${project.id}/report.pdf`);
    expect(report.status).toBe(200);
    expect(report.headers['content-disposition']).toContain('report-round2.pdf');

    expect((await transitionsOf(engine, project.id)).map((row) => `${row.action}:${row.fromStage}>${row.toStage}:${row.round}`)).toEqual([
      'create:null>draft:1',
      'submit:draft>submitted:1',
      'admit:submitted>assignment:1',
      'assignment_complete:assignment>review:1',
      'reviews_complete:review>consolidation:1',
      'propose_outcome:consolidation>consolidation:1',
      'release_feedback:consolidation>revision:1',
      'resubmit:revision>review:2',
      'reviews_complete:review>consolidation:2',
      'propose_outcome:consolidation>consolidation:2',
      'release_feedback:consolidation>completed:2',
    ]);
  });
});
