import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { TestAccount } from '../helpers/accounts';
import { EngineWithUploads, startEngineWithUploads } from '../helpers/projects';
import {
  completeRatings,
  consentAndPublish,
  getBinary,
  pdfText,
  projectVersion,
  proposeAndRelease,
  ReviewSetup,
  saveReview,
  startReview,
  submitAll,
  submitReviewWith,
  textContains,
  transitionNow,
} from '../helpers/reviews';
import { waitForQueuesIdle } from '../helpers/test-engine';

interface ReviewView {
  assignmentId: string;
  status: string;
  confidentialNotes?: string | null;
  reviewerName?: string;
}

/** Per seat: texts a reviewer writes for the committee or the secretariat only. */
function privateTexts(tag: string) {
  return {
    confidentialNotes: `CONFIDENTIAL-${tag} the holder's partner owes me money`,
    overallComment: `OVERALL-${tag} discussed with the committee`,
    comment: (code: string) => `COMMITTEE-${tag} on ${code}`,
  };
}

/** A review whose every private text carries the seat's tag. */
function markedReview(tag: string, score: number, overallRecommendation: string) {
  const texts = privateTexts(tag);
  return {
    ratings: Object.fromEntries(Object.entries(completeRatings(score)).map(([code, rating]) => [code, { ...rating, comment: texts.comment(code) }])),
    confidentialNotes: texts.confidentialNotes,
    overallComment: texts.overallComment,
    overallRecommendation,
  };
}

/**
 * Independence and anonymity of the review, on the real database and worker: reviewers read
 * each other only after submitting their own; confidential notes reach the secretariat only; and
 * nothing the holder's side can read — API answers, the generated PDFs, the public page — names
 * a reviewer or carries what reviewers wrote for the committee.
 */
describe('reviews: independence and anonymity', () => {
  let engine: EngineWithUploads;

  beforeAll(async () => {
    engine = await startEngineWithUploads();
  });
  afterAll(() => engine?.close());

  const reviewsAs = (account: Pick<TestAccount, 'bearer'>, projectId: string, round?: number) =>
    request(engine.url)
      .get(`/api/projects/${projectId}/reviews`)
      .query(round ? { round } : {})
      .set('authorization', account.bearer);

  describe('who reads which review', () => {
    let setup: ReviewSetup;
    beforeAll(async () => {
      setup = await startReview(engine, { reviewersPerProject: 3, reviewers: 4 });
    });

    it('a reviewer reads the others only after submitting their own (403 before), and never their confidential notes nor their drafts', async () => {
      const [first, second] = setup.members;
      await saveReview(engine, second, { confidentialNotes: 'second draft note' });
      // the lead submits first: the members still may not look
      expect((await submitReviewWith(engine, setup.lead, { confidentialNotes: 'lead note' })).status).toBe(200);
      for (const seat of [first, second]) {
        const early = await reviewsAs(seat.reviewer, setup.project.id);
        expect(early.status).toBe(403);
        expect(early.body.code).toBe('FORBIDDEN');
        expect(JSON.stringify(early.body)).not.toContain('lead note');
      }
      // a draft of one's own does not open the door
      await saveReview(engine, first, { confidentialNotes: 'first note' });
      expect((await reviewsAs(first.reviewer, setup.project.id)).status).toBe(403);

      expect((await submitReviewWith(engine, first, { confidentialNotes: 'first note' })).status).toBe(200);
      const after = await reviewsAs(first.reviewer, setup.project.id);
      expect(after.status).toBe(200);
      const views = after.body as ReviewView[];
      // the submitted ones: the lead's and their own; not the second member's draft
      expect(views.map((view) => view.assignmentId).sort()).toEqual([setup.lead.assignmentId, first.assignmentId].sort());
      expect(views.every((view) => view.status === 'submitted')).toBe(true);
      expect(views.find((view) => view.assignmentId === first.assignmentId)!.confidentialNotes).toBe('first note');
      expect(views.find((view) => view.assignmentId === setup.lead.assignmentId)).not.toHaveProperty('confidentialNotes');
      expect(JSON.stringify(views)).not.toContain('lead note');
      expect(JSON.stringify(views)).not.toContain('second draft note');
      // the second member still waits
      expect((await reviewsAs(second.reviewer, setup.project.id)).status).toBe(403);
    });

    it("the lead reads the submitted reviews but not the others' confidential notes; the secretariat reads everything", async () => {
      const [first, second] = setup.members;
      const lead = await reviewsAs(setup.lead.reviewer, setup.project.id);
      expect(lead.status).toBe(200);
      const leadViews = lead.body as ReviewView[];
      expect(leadViews.map((view) => view.assignmentId).sort()).toEqual([setup.lead.assignmentId, first.assignmentId].sort());
      expect(leadViews.find((view) => view.assignmentId === setup.lead.assignmentId)!.confidentialNotes).toBe('lead note');
      expect(leadViews.find((view) => view.assignmentId === first.assignmentId)).not.toHaveProperty('confidentialNotes');
      expect(JSON.stringify(leadViews)).not.toContain('first note');

      const staff = await reviewsAs(setup.secretariat, setup.project.id);
      expect(staff.status).toBe(200);
      const notes = Object.fromEntries((staff.body as ReviewView[]).map((view) => [view.assignmentId, view.confidentialNotes]));
      expect(notes).toEqual({ [setup.lead.assignmentId]: 'lead note', [first.assignmentId]: 'first note', [second.assignmentId]: 'second draft note' });
      expect((staff.body as ReviewView[]).every((view) => typeof view.reviewerName === 'string')).toBe(true);

      // once all are in, everyone on the panel reads all, still without the others' notes
      expect((await submitReviewWith(engine, second, { confidentialNotes: 'second note' })).status).toBe(200);
      const last = await reviewsAs(second.reviewer, setup.project.id);
      expect(last.status).toBe(200);
      expect((last.body as ReviewView[]).map((view) => view.assignmentId).sort()).toEqual(setup.seats.map((seat) => seat.assignmentId).sort());
      expect(JSON.stringify(last.body)).not.toContain('lead note');
      expect(JSON.stringify(last.body)).not.toContain('first note');
      const leadAgain = await reviewsAs(setup.lead.reviewer, setup.project.id);
      expect(JSON.stringify(leadAgain.body)).not.toContain('second note');
    });

    it('holders, reviewers of other projects and members outside their role are refused', async () => {
      const holder = await reviewsAs(setup.holder, setup.project.id);
      expect(holder.status).toBe(403);
      expect(holder.body.code).toBe('FORBIDDEN');
      const stranger = await reviewsAs(setup.spares[0], setup.project.id);
      expect(stranger.status).toBe(404);
      expect(stranger.body.code).toBe('NOT_FOUND');
      // the consolidation is the lead's and the secretariat's
      const member = await request(engine.url).get(`/api/projects/${setup.project.id}/consolidation`).set('authorization', setup.members[0].reviewer.bearer);
      expect(member.status).toBe(403);
      expect(member.body.code).toBe('FORBIDDEN');
      const memberWrite = await request(engine.url).put(`/api/projects/${setup.project.id}/consolidation`).set('authorization', setup.members[0].reviewer.bearer).send({ general: { summary: 'mine' } });
      expect(memberWrite.status).toBe(403);
      const staffWrite = await request(engine.url).put(`/api/projects/${setup.project.id}/consolidation`).set('authorization', setup.secretariat.bearer).send({ general: { summary: 'ours' } });
      expect(staffWrite.status).toBe(403);
      expect(staffWrite.body.code).toBe('FORBIDDEN');
      const holderConsolidation = await request(engine.url).get(`/api/projects/${setup.project.id}/consolidation`).set('authorization', setup.holder.bearer);
      expect(holderConsolidation.status).toBe(403);
      // members propose nothing
      const propose = await transitionNow(engine, setup.members[0].reviewer, setup.project.id, { action: 'propose_outcome', outcome: 'positive' });
      expect(propose.status).toBe(403);
      expect(propose.body.code).toBe('FORBIDDEN');
      // feedback is not for reviewers
      const feedback = await request(engine.url).get(`/api/projects/${setup.project.id}/feedback`).set('authorization', setup.lead.reviewer.bearer);
      expect(feedback.status).toBe(403);
    });
  });

  describe("what the holder's side reads", () => {
    it('no reviewer name, email or id, no confidential note, no committee comment anywhere, through two rounds to publication', async () => {
      const setup = await startReview(engine, { reviewersPerProject: 2, reviewers: 3 });
      const { project, holder, lead } = setup;
      const tags = new Map(setup.seats.map((seat) => [seat.assignmentId, randomBytes(3).toString('hex')]));
      const tagOf = (seat: ReviewSetup['seats'][number]) => tags.get(seat.assignmentId)!;
      const rows: Array<{ id: string; name: string }> = await engine.dataSource.query(`SELECT id, name FROM user_account WHERE id = ANY($1)`, [setup.reviewers.map((reviewer) => reviewer.id)]);
      const nameOf = new Map(rows.map((row) => [row.id, row.name]));
      // every reviewer, seated or not: name, email, id; every seat's private texts
      const forbidden: string[] = setup.reviewers.flatMap((reviewer) => [nameOf.get(reviewer.id)!, reviewer.email, reviewer.id]);
      for (const seat of setup.seats) {
        const texts = privateTexts(tagOf(seat));
        forbidden.push(texts.confidentialNotes, texts.overallComment, `COMMITTEE-${tagOf(seat)}`);
      }

      const checked: string[] = [];
      const assertClean = (what: string, text: string) => {
        checked.push(what);
        for (const secret of forbidden) {
          expect({ what, secret, found: textContains(text, secret) }).toEqual({ what, secret, found: false });
        }
      };
      const scan = async (moment: string) => {
        const json = async (path: string, expected: number[] = [200]) => {
          const res = await request(engine.url).get(path).set('authorization', holder.bearer);
          expect({ path, status: expected.includes(res.status) }).toEqual({ path, status: true });
          assertClean(`${moment} ${path}`, res.text);
          return res;
        };
        await json(`/api/projects/${project.id}`);
        await json(`/api/projects?limit=100`);
        await json(`/api/projects/${project.id}/history`);
        await json(`/api/projects/${project.id}/completeness`);
        await json(`/api/projects/${project.id}/attachments`);
        await json('/api/me');
        const versions = await json(`/api/projects/${project.id}/versions`);
        for (const version of versions.body as Array<{ number: number }>) {
          await json(`/api/projects/${project.id}/versions/${version.number}`);
          await json(`/api/projects/${project.id}/versions/${version.number}/diff`);
        }
        await json(`/api/projects/${project.id}/feedback`, [200, 404]);
        await json(`/api/projects/${project.id}/reviews`, [403]);
        await json(`/api/projects/${project.id}/consolidation`, [403]);
        for (const kind of ['report', 'letter']) {
          const pdf = await getBinary(engine, holder, `/api/projects/${project.id}/${kind}.pdf`);
          if (pdf.status === 200) assertClean(`${moment} ${kind}.pdf`, await pdfText(pdf.body as Buffer));
          else expect(pdf.status).toBe(404);
        }
      };

      // Round 1, in review: one review in, one draft.
      expect((await submitReviewWith(engine, setup.members[0], markedReview(tagOf(setup.members[0]), 1, 'revise'))).status).toBe(200);
      await saveReview(engine, lead, markedReview(tagOf(lead), 2, 'revise'));
      await scan('round 1 review');
      expect((await submitReviewWith(engine, lead, markedReview(tagOf(lead), 2, 'revise'))).status).toBe(200);
      await request(engine.url)
        .put(`/api/projects/${project.id}/consolidation`)
        .set('authorization', lead.reviewer.bearer)
        .send({ feedback: { '2.2': { weaknesses: 'No baseline', recommendations: 'Sample before the first season' } }, general: { summary: 'Promising but under-documented' } })
        .expect(200);
      await scan('round 1 consolidation');
      await proposeAndRelease(engine, setup, 'revise');
      await waitForQueuesIdle(engine);
      await scan('round 1 revision');
      const feedback1 = await request(engine.url).get(`/api/projects/${project.id}/feedback`).set('authorization', holder.bearer).expect(200);
      // the reviewers' recommendations reach the holder, without names
      expect(feedback1.body.criteria.find((criterion: { code: string }) => criterion.code === '2.2').recommendations).toEqual(['Recommendation on 2.2 for the holder', 'Recommendation on 2.2 for the holder']);

      // Round 2.
      await request(engine.url).patch(`/api/projects/${project.id}`).set('authorization', holder.bearer).send({ monitoringPlan: 'Baseline on 60 plots before the first season, then every 5 years.', expectedVersion: await projectVersion(engine, project.id) }).expect(200);
      expect((await transitionNow(engine, holder, project.id, { action: 'resubmit' })).status).toBe(200);
      await scan('round 2 review');
      await submitAll(engine, setup.seats, (seat) => markedReview(tagOf(seat), 3, 'positive'));
      await proposeAndRelease(engine, setup, 'positive');
      await waitForQueuesIdle(engine, 30000);
      await scan('round 2 completed');
      expect(checked).toEqual(expect.arrayContaining(['round 2 completed report.pdf', 'round 2 completed letter.pdf']));

      await consentAndPublish(engine, setup);
      await scan('published');
      for (const path of ['/api/public/opportunities', `/api/public/opportunities/${project.faspId}`]) {
        const res = await request(engine.url).get(path).expect(200);
        assertClean(path, res.text);
      }
      // the secretariat, on the other hand, sees who wrote what
      const staff = await request(engine.url).get(`/api/projects/${project.id}/reviews`).set('authorization', setup.secretariat.bearer).expect(200);
      expect(JSON.stringify(staff.body)).toContain(privateTexts(tagOf(lead)).confidentialNotes);
      expect((staff.body as ReviewView[]).map((view) => view.reviewerName).sort()).toEqual(setup.seats.map((seat) => nameOf.get(seat.reviewer.id)).sort());
    });
  });
});
