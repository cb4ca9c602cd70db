import { ReviewerWorkloadDto } from '../../src/modules/pipeline/pipeline.dto';
import { PipelineService } from '../../src/modules/pipeline/pipeline.service';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { insertProject, insertReview, insertReviewerProfile, insertSeat, SeatSpec, TimeBase, timeBase } from '../helpers/pipeline';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

/**
 * Reviewer workload and timeliness per reviewer and call, over seats and reviews written by hand.
 *
 * Call P (projects P1 review, P2 consolidation, P3 review, P4 completed, P5..P8 review)
 *   Ada (capacity 5)
 *     P1 accepted 20 d ago, review submitted 16 d ago (4 d), on time
 *     P2 accepted 20 d ago, review submitted 14 d ago (6 d), late
 *     P3 accepted 10 d ago, review still a draft
 *     P4 completed, accepted 30 d ago, review submitted 24.5 d ago (5.5 d), on time
 *     P5 declined; P6 expired; P7 invited (pending); P8 cancelled
 *   Bruno (capacity 2)
 *     P1 declined; P2 expired
 *     P3 accepted 12 d ago, review submitted 11.75 d ago (0.25 d), late
 * Call Q (project Q1 review)
 *   Ada: Q1 accepted 3 d ago, no review
 *   Chloé (no reviewer profile): Q1 invited
 */
describe('pipeline reviewer workload', () => {
  let engine: TestEngine;
  let pipeline: PipelineService;
  let t: TimeBase;
  let ada: TestAccount;
  let bruno: TestAccount;
  let chloe: TestAccount;
  let callP: string;
  let callQ: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    pipeline = engine.get(PipelineService);
    const holder = await createHolder(engine);
    ada = await createAccount(engine, { roles: ['reviewer'], name: 'Ada Lovelace' });
    bruno = await createAccount(engine, { roles: ['reviewer'], name: 'Bruno Latour' });
    chloe = await createAccount(engine, { roles: ['reviewer'], name: 'Chloé Dupont' });
    await insertReviewerProfile(engine.dataSource, ada.id, 5);
    await insertReviewerProfile(engine.dataSource, bruno.id, 2);
    callP = (await createOpenCall(engine)).id;
    callQ = (await createOpenCall(engine)).id;
    t = timeBase(engine);

    const project = async (callId: string, stage: string) =>
      (await insertProject(engine.dataSource, { callId, holderId: holder.id, organizationId: holder.organization.id, stage })).id;
    const [p1, p2, p3, p4, p5, p6, p7, p8] = [
      await project(callP, 'review'),
      await project(callP, 'consolidation'),
      await project(callP, 'review'),
      await project(callP, 'completed'),
      await project(callP, 'review'),
      await project(callP, 'review'),
      await project(callP, 'review'),
      await project(callP, 'review'),
    ];
    const q1 = await project(callQ, 'review');

    const seat = (projectId: string, callId: string, reviewer: TestAccount, status: SeatSpec['status'], respondedDaysAgo: number | null) =>
      insertSeat(engine.dataSource, { projectId, callId, reviewerId: reviewer.id, status, respondBy: t.ago(35), respondedAt: respondedDaysAgo === null ? null : t.ago(respondedDaysAgo) });
    const submitted = (assignmentId: string, projectId: string, reviewer: TestAccount, daysAgo: number, late: boolean) =>
      insertReview(engine.dataSource, { assignmentId, projectId, reviewerId: reviewer.id, status: 'submitted', submittedAt: t.ago(daysAgo), late });

    await submitted(await seat(p1, callP, ada, 'accepted', 20), p1, ada, 16, false);
    await submitted(await seat(p2, callP, ada, 'accepted', 20), p2, ada, 14, true);
    const adaP3 = await seat(p3, callP, ada, 'accepted', 10);
    await insertReview(engine.dataSource, { assignmentId: adaP3, projectId: p3, reviewerId: ada.id, status: 'draft' });
    await submitted(await seat(p4, callP, ada, 'completed', 30), p4, ada, 24.5, false);
    await seat(p5, callP, ada, 'declined', 9);
    await seat(p6, callP, ada, 'expired', null);
    await seat(p7, callP, ada, 'invited', null);
    await seat(p8, callP, ada, 'cancelled', null);
    await seat(p1, callP, bruno, 'declined', 19);
    await seat(p2, callP, bruno, 'expired', null);
    await submitted(await seat(p3, callP, bruno, 'accepted', 12), p3, bruno, 11.75, true);
    await seat(q1, callQ, ada, 'accepted', 3);
    await seat(q1, callQ, chloe, 'invited', null);
  });
  afterAll(() => engine?.close());

  const adaInP = (): ReviewerWorkloadDto => ({
    reviewerId: ada.id,
    name: 'Ada Lovelace',
    callId: callP,
    // eight seats offered, whatever became of them
    invited: 8,
    // accepted or completed: P1 P2 P3 P4
    accepted: 4,
    declined: 1,
    expired: 1,
    // accepted seats on projects in review now: P1 P3 (P2 is in consolidation, P4's seat is completed)
    active: 2,
    // P1 P2 P4 (P3's review is a draft)
    submitted: 3,
    // P1 P4
    onTime: 2,
    // (4 + 6 + 5.5) / 3 = 15.5 / 3 = 5.1666… → 5.17
    averageDaysToSubmit: 5.17,
    // seats held: invited, accepted or completed: P1 P2 P3 P4 P7
    load: 5,
    capacity: 5,
  });
  const brunoInP = (): ReviewerWorkloadDto => ({
    reviewerId: bruno.id,
    name: 'Bruno Latour',
    callId: callP,
    invited: 3,
    accepted: 1,
    declined: 1,
    expired: 1,
    active: 1,
    submitted: 1,
    onTime: 0,
    averageDaysToSubmit: 0.25,
    load: 1,
    capacity: 2,
  });
  const adaInQ = (): ReviewerWorkloadDto => ({
    reviewerId: ada.id,
    name: 'Ada Lovelace',
    callId: callQ,
    invited: 1,
    accepted: 1,
    declined: 0,
    expired: 0,
    active: 1,
    submitted: 0,
    onTime: 0,
    averageDaysToSubmit: null,
    load: 1,
    capacity: 5,
  });
  const chloeInQ = (): ReviewerWorkloadDto => ({
    reviewerId: chloe.id,
    name: 'Chloé Dupont',
    callId: callQ,
    invited: 1,
    accepted: 0,
    declined: 0,
    expired: 0,
    active: 0,
    submitted: 0,
    onTime: 0,
    averageDaysToSubmit: null,
    load: 1,
    // no profile: no capacity
    capacity: 0,
  });

  it('one row per reviewer and call, by name', async () => {
    const rows = await pipeline.reviewers({});
    expect(rows.map((row) => row.name)).toEqual(['Ada Lovelace', 'Ada Lovelace', 'Bruno Latour', 'Chloé Dupont']);
    const byCall = (reviewer: TestAccount, callId: string) => rows.find((row) => row.reviewerId === reviewer.id && row.callId === callId);
    expect(byCall(ada, callP)).toEqual(adaInP());
    expect(byCall(ada, callQ)).toEqual(adaInQ());
    expect(byCall(bruno, callP)).toEqual(brunoInP());
    expect(byCall(chloe, callQ)).toEqual(chloeInQ());
  });

  it('filters by call', async () => {
    expect(await pipeline.reviewers({ callId: callP })).toEqual([adaInP(), brunoInP()]);
    expect(await pipeline.reviewers({ callId: callQ })).toEqual([adaInQ(), chloeInQ()]);
    expect(await pipeline.reviewers({ callId: (await createOpenCall(engine)).id })).toEqual([]);
  });
});
