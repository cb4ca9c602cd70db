import request from 'supertest';
import { AssignmentJobs } from '../../src/modules/assignment/assignment.jobs';
import { AssignmentRunsService } from '../../src/modules/assignment/assignment-runs.service';
import { InvitationsService } from '../../src/modules/assignment/invitations.service';
import { Assignment } from '../../src/modules/assignment/entities/assignment.entity';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { WorkflowService } from '../../src/modules/workflow/workflow.service';
import { Clock } from '../../src/platform/clock/clock';
import { JobName } from '../../src/platform/queue/queue.constants';
import { createAccount, TestAccount } from '../helpers/accounts';
import { createOpenCall, DAY_MS, HOUR_MS, timeTraveller } from '../helpers/calls';
import { authUserOf } from '../helpers/projects';
import {
  acceptAs,
  activeSeatsOf,
  AdmittedProject,
  admitProject,
  createReviewer,
  declineAs,
  historyOf,
  outboxOfAssignment,
  ProfileInput,
  retireReviewers,
  runAssignment,
  runsOfCall,
  seatsOf,
  TestReviewer,
} from '../helpers/reviewers';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

/**
 * The life of an invitation on the real PostgreSQL: answers before the deadline, expiry, the
 * top-ups that follow a decline or an expiry, the move to review when K reviewers accepted
 * (once, under concurrent accepts), the load cap under concurrent accepts, and withdrawal.
 * The engine has no worker: runs execute when the test says so.
 */
describe('invitations', () => {
  let engine: TestEngine;
  let secretariat: TestAccount;
  const clock = timeTraveller(() => engine);

  const DEADLINES = { eligibilityDays: 14, invitationDays: 2, reviewDays: 21, revisionDays: 30 };
  const PERFECT: ProfileInput = { practices: ['agroforestry', 'organic_amendments'], landUses: ['cropland'], countries: ['SN'], regions: ['africa'] };
  const GOOD: ProfileInput = { practices: ['agroforestry'], landUses: ['cropland'] };
  const FAIR: ProfileInput = { practices: ['organic_amendments'] };

  beforeAll(async () => {
    engine = await startTestEngine({ env: { APP_ROLES: 'api', DATABASE_POOL_SIZE: '30' } });
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
  });
  afterAll(() => engine?.close());
  beforeEach(() => retireReviewers(engine));
  afterEach(() => clock.reset());

  const invitations = () => engine.get(InvitationsService);
  const seatOf = (seats: Assignment[], reviewer: TestReviewer) => seats.find((seat) => seat.reviewerId === reviewer.id);
  const reload = (projectId: string) => engine.dataSource.getRepository(Project).findOneByOrFail({ id: projectId });
  const queuedRun = async (callId: string) => (await runsOfCall(engine, callId)).find((run) => run.status === 'queued');
  const executeQueued = async (callId: string) => {
    const run = await queuedRun(callId);
    if (!run) throw new Error('no run queued');
    return engine.get(AssignmentRunsService).execute(run.id);
  };

  /** One English project of a call with K = `k`, and the reviewers given, after a first run. */
  async function invited(k: number, profiles: ProfileInput[]): Promise<{ callId: string; admitted: AdmittedProject; project: Project; reviewers: TestReviewer[]; seats: Assignment[] }> {
    const call = await createOpenCall(engine, { reviewersPerProject: k, deadlines: DEADLINES });
    const admitted = await admitProject(engine, secretariat, call.id);
    const reviewers: TestReviewer[] = [];
    for (const profile of profiles) reviewers.push(await createReviewer(engine, profile));
    await runAssignment(engine, call.id);
    return { callId: call.id, admitted, project: admitted.project, reviewers, seats: await activeSeatsOf(engine, admitted.project.id) };
  }

  describe('decline', () => {
    it('records the reason and asks for a top-up that invites someone who neither declined nor sits on the project', async () => {
      const { callId, project, reviewers, seats } = await invited(2, [
        { stcMember: true, ...PERFECT },
        { stcMember: true, ...FAIR },
        { ...PERFECT },
        { ...GOOD },
        {},
      ]);
      const [lead, otherStc, member, second, third] = reviewers;
      expect(seats.map((seat) => [seat.reviewerId, seat.role]).sort()).toEqual(
        [
          [lead.id, 'lead'],
          [member.id, 'member'],
        ].sort(),
      );

      const declined = await declineAs(engine, member, seatOf(seats, member)!.id, '  Travelling for fieldwork  ');
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'Travelling for fieldwork', reviewerId: member.id });
      expect(Date.parse(declined.body.respondedAt)).not.toBeNaN();
      expect(await queuedRun(callId)).toMatchObject({ trigger: 'top_up', projectIds: [project.id] });

      const topUp = await executeQueued(callId);
      const after = await activeSeatsOf(engine, project.id);
      expect(after.map((seat) => [seat.reviewerId, seat.role]).sort()).toEqual(
        [
          [lead.id, 'lead'],
          [second.id, 'member'],
        ].sort(),
      );
      expect(topUp.result!.projects).toEqual([expect.objectContaining({ projectId: project.id, slots: 1, invited: [expect.objectContaining({ reviewerId: second.id, role: 'member' })] })]);

      // The lead declines too: only an STC member who has not been on the project may replace them.
      await declineAs(engine, lead, seatOf(after, lead)!.id, 'Conflict of schedule').expect(200);
      await executeQueued(callId);
      const final = await activeSeatsOf(engine, project.id);
      expect(final.map((seat) => [seat.reviewerId, seat.role]).sort()).toEqual(
        [
          [otherStc.id, 'lead'],
          [second.id, 'member'],
        ].sort(),
      );
      expect(final.some((seat) => seat.reviewerId === third.id)).toBe(false);
      const all = await seatsOf(engine, project.id);
      expect(all.map((seat) => seat.status).sort()).toEqual(['declined', 'declined', 'invited', 'invited']);
    });

    it('is refused twice, for someone else’s invitation, without a reason, and to the secretariat', async () => {
      const { seats, reviewers } = await invited(2, [{ stcMember: true }, {}, {}]);
      const seat = seats[0];
      const owner = reviewers.find((reviewer) => reviewer.id === seat.reviewerId)!;
      const stranger = reviewers.find((reviewer) => !seats.some((taken) => taken.reviewerId === reviewer.id))!;

      const foreign = await declineAs(engine, stranger, seat.id);
      expect([foreign.status, foreign.body.code]).toEqual([404, 'NOT_FOUND']);
      const noReason = await request(engine.url).post(`/api/assignments/${seat.id}/decline`).set('authorization', owner.bearer).send({ reason: ' ' });
      expect([noReason.status, noReason.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const staff = await declineAs(engine, secretariat, seat.id);
      expect([staff.status, staff.body.code]).toEqual([403, 'FORBIDDEN']);
      const missing = await declineAs(engine, owner, '00000000-0000-4000-8000-000000000000');
      expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);

      await declineAs(engine, owner, seat.id).expect(200);
      const again = await declineAs(engine, owner, seat.id);
      expect([again.status, again.body.code, again.body.details]).toEqual([409, 'ILLEGAL_TRANSITION', { status: 'declined' }]);
      const accept = await acceptAs(engine, owner, seat.id);
      expect([accept.status, accept.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    });

    it('of the last candidate leaves the project short, and the run says why', async () => {
      const { callId, project, reviewers, seats } = await invited(2, [{ stcMember: true }, {}]);
      const [, member] = reviewers;
      await declineAs(engine, member, seatOf(seats, member)!.id).expect(200);

      const topUp = await executeQueued(callId);

      expect(await activeSeatsOf(engine, project.id)).toHaveLength(1);
      expect(topUp.result!.shortfalls).toEqual([
        expect.objectContaining({
          projectId: project.id,
          slots: 1,
          filled: 0,
          missing: 1,
          leadMissing: false,
          reasons: [{ code: 'ALL_CANDIDATES_EXCLUDED', scope: 'member', conflicted: 0, excluded: 2 }],
        }),
      ]);
    });
  });

  describe('expiry', () => {
    it('after respondBy an invitation can be neither accepted nor declined; the job expires it and a top-up replaces it', async () => {
      const { callId, project, reviewers, seats } = await invited(2, [{ stcMember: true, ...PERFECT }, { ...PERFECT }, { ...GOOD }, { stcMember: true }]);
      const [lead, member, replacement] = reviewers;
      const leadSeat = seatOf(seats, lead)!;
      const memberSeat = seatOf(seats, member)!;
      await acceptAs(engine, lead, leadSeat.id).expect(200);

      // Not due yet: the job fails (to be retried) and changes nothing.
      await expect(invitations().expire(memberSeat.id)).rejects.toThrow(/not due/);
      expect(seatOf(await seatsOf(engine, project.id), member)!.status).toBe('invited');

      clock.travel(DEADLINES.invitationDays * DAY_MS + HOUR_MS);
      const late = await acceptAs(engine, member, memberSeat.id);
      expect([late.status, late.body.code, late.body.details]).toEqual([409, 'ILLEGAL_TRANSITION', { respondBy: memberSeat.respondBy.toISOString() }]);
      const lateDecline = await declineAs(engine, member, memberSeat.id);
      expect([lateDecline.status, lateDecline.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);

      // The job handler, as the worker calls it.
      expect(await engine.get(AssignmentJobs).expire({ assignmentId: memberSeat.id })).toEqual({ expired: true });
      expect(await engine.get(AssignmentJobs).expire({ assignmentId: memberSeat.id })).toEqual({ expired: false });
      expect(await invitations().expire(leadSeat.id)).toBe(false);
      const statuses = new Map((await seatsOf(engine, project.id)).map((seat) => [seat.id, seat.status]));
      expect([statuses.get(memberSeat.id), statuses.get(leadSeat.id)]).toEqual(['expired', 'accepted']);
      const events = (await outboxOfAssignment(engine, memberSeat.id)).filter((job) => job.jobName === String(JobName.AssignmentEvent)).map((job) => job.payload.event);
      expect(events.sort()).toEqual(['expired', 'invited']);
      expect(await queuedRun(callId)).toMatchObject({ trigger: 'top_up', projectIds: [project.id] });

      await executeQueued(callId);
      const now = engine.get(Clock).now().getTime();
      const fresh = (await activeSeatsOf(engine, project.id)).find((seat) => seat.status === 'invited')!;
      expect(fresh.reviewerId).toBe(replacement.id);
      expect(fresh.role).toBe('member');
      // Its own deadline, counted from the (moved) clock.
      expect(fresh.respondBy.getTime()).toBeGreaterThan(now + DEADLINES.invitationDays * DAY_MS - 60_000);
      expect(fresh.respondBy.getTime()).toBeLessThanOrEqual(now + DEADLINES.invitationDays * DAY_MS);

      await acceptAs(engine, replacement, fresh.id).expect(200);
      expect((await reload(project.id)).stage).toBe('review');
    });

    it('expiring an invitation whose reviewer was the last candidate leaves a shortfall', async () => {
      const { callId, project, seats } = await invited(2, [{ stcMember: true }, {}]);
      clock.travel(DEADLINES.invitationDays * DAY_MS);
      for (const seat of seats) expect(await invitations().expire(seat.id)).toBe(true);

      const topUp = await executeQueued(callId);

      expect(await activeSeatsOf(engine, project.id)).toEqual([]);
      expect(topUp.result!.shortfalls).toEqual([
        expect.objectContaining({ projectId: project.id, slots: 2, filled: 0, leadMissing: true, reasons: [expect.objectContaining({ code: 'ALL_CANDIDATES_EXCLUDED', scope: 'lead' }), expect.objectContaining({ code: 'ALL_CANDIDATES_EXCLUDED', scope: 'member' })] }),
      ]);
    });
  });

  describe('accepting', () => {
    it('K reviewers accepting at the same instant move each project to review exactly once', async () => {
      const k = 3;
      const call = await createOpenCall(engine, { reviewersPerProject: k, deadlines: DEADLINES });
      const projects: Project[] = [];
      for (let i = 0; i < 3; i++) projects.push((await admitProject(engine, secretariat, call.id)).project);
      const reviewers: TestReviewer[] = [];
      for (let i = 0; i < 9; i++) reviewers.push(await createReviewer(engine, { stcMember: i < 3, capacityPerCall: 1 }));
      await runAssignment(engine, call.id);
      const seats = (await Promise.all(projects.map((project) => activeSeatsOf(engine, project.id)))).flat();
      expect(seats).toHaveLength(9);

      const responses = await Promise.all(seats.map((seat) => acceptAs(engine, reviewers.find((reviewer) => reviewer.id === seat.reviewerId)!, seat.id)));

      expect(responses.map((res) => res.status)).toEqual(seats.map(() => 200));
      for (const project of projects) {
        const current = await reload(project.id);
        expect(current.stage).toBe('review');
        const history = await historyOf(engine, project.id);
        const completions = history.filter((row) => row.action === 'assignment_complete');
        expect(completions).toHaveLength(1);
        expect(completions[0]).toMatchObject({ fromStage: 'assignment', toStage: 'review', actorRole: 'system', actorId: null });
        expect(history.at(-1)!.action).toBe('assignment_complete');
        expect((await activeSeatsOf(engine, project.id)).map((seat) => seat.status)).toEqual(['accepted', 'accepted', 'accepted']);
        const started: unknown[] = await engine.dataSource.query(`SELECT 1 FROM outbox WHERE job_name = $1 AND payload->>'projectId' = $2 AND payload->>'event' = 'notify.reviewers.review_started'`, [
          JobName.ProjectEvent,
          project.id,
        ]);
        expect(started).toHaveLength(1);
      }
    });

    it('does not move the project while the accepted reviewers lack an STC lead or number fewer than K', async () => {
      const { project, reviewers, seats } = await invited(2, [{ stcMember: true }, {}]);
      const [lead, member] = reviewers;
      await acceptAs(engine, member, seatOf(seats, member)!.id).expect(200);
      expect((await reload(project.id)).stage).toBe('assignment');
      const res = await acceptAs(engine, lead, seatOf(seats, lead)!.id).expect(200);
      expect(res.body).toMatchObject({ status: 'accepted', role: 'lead' });
      expect((await reload(project.id)).stage).toBe('review');
      const again = await acceptAs(engine, lead, seatOf(seats, lead)!.id);
      expect([again.status, again.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
      const foreign = await acceptAs(engine, member, seatOf(seats, lead)!.id);
      expect([foreign.status, foreign.body.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('two invitations accepted at once by a reviewer with capacity 1: one is accepted, the other refused CAPACITY_EXCEEDED', async () => {
      const call = await createOpenCall(engine, { reviewersPerProject: 2, deadlines: DEADLINES });
      const p1 = (await admitProject(engine, secretariat, call.id)).project;
      const p2 = (await admitProject(engine, secretariat, call.id)).project;
      const busy = await createReviewer(engine, { stcMember: true, capacityPerCall: 2, ...PERFECT });
      await createReviewer(engine, { stcMember: true, capacityPerCall: 2 });
      await createReviewer(engine, { capacityPerCall: 2 });
      await runAssignment(engine, call.id);
      const own = (await Promise.all([p1, p2].map((project) => activeSeatsOf(engine, project.id)))).flat().filter((seat) => seat.reviewerId === busy.id);
      expect(own).toHaveLength(2);
      await request(engine.url).put(`/api/reviewers/${busy.id}/profile`).set('authorization', secretariat.bearer).send({ capacityPerCall: 1 }).expect(200);

      const responses = await Promise.all(own.map((seat) => acceptAs(engine, busy, seat.id)));

      expect(responses.map((res) => res.status).sort()).toEqual([200, 422]);
      const refused = responses.find((res) => res.status === 422)!;
      expect(refused.body).toMatchObject({ code: 'CAPACITY_EXCEEDED', details: { held: 1, capacity: 1 } });
      const statuses = (await engine.dataSource.getRepository(Assignment).findBy({ reviewerId: busy.id })).map((seat) => seat.status).sort();
      expect(statuses).toEqual(['accepted', 'invited']);
    });
  });

  describe('withdrawal', () => {
    it("frees the capacity its accepted seats held: their reviewers can be invited to and accept another project of the call", async () => {
      const call = await createOpenCall(engine, { reviewersPerProject: 2, deadlines: DEADLINES });
      const first = await admitProject(engine, secretariat, call.id);
      const busy = await createReviewer(engine, { stcMember: true, capacityPerCall: 1, ...PERFECT });
      await createReviewer(engine, { stcMember: true, capacityPerCall: 2 });
      await createReviewer(engine, { capacityPerCall: 2 });
      await runAssignment(engine, call.id);
      const held = seatOf(await activeSeatsOf(engine, first.project.id), busy)!;
      await acceptAs(engine, busy, held.id).expect(200);
      const current = await reload(first.project.id);
      await engine.get(WorkflowService).transition(
        { kind: 'user', user: await authUserOf(first.holder, engine) },
        { projectId: first.project.id, action: 'withdraw', expectedVersion: current.version, reason: 'Funding found elsewhere' },
      );
      // the accepted seat stays on record (its reviewer is told of the withdrawal) but holds nothing
      expect((await seatsOf(engine, first.project.id)).find((seat) => seat.id === held.id)!.status).toBe('accepted');

      const second = await admitProject(engine, secretariat, call.id);
      await runAssignment(engine, call.id);
      const offered = seatOf(await activeSeatsOf(engine, second.project.id), busy);
      expect(offered).toBeDefined();
      await acceptAs(engine, busy, offered!.id).expect(200);
      const workload = (await request(engine.url).get(`/api/pipeline/reviewers?callId=${call.id}`).set('authorization', secretariat.bearer).expect(200)).body as Array<{ reviewerId: string; load: number; capacity: number }>;
      expect(workload.find((row) => row.reviewerId === busy.id)).toMatchObject({ load: 1, capacity: 1 });
    });

    it('cancels the open invitations of the project; they can no longer be answered, expired or re-offered', async () => {
      const { callId, admitted, project, reviewers, seats } = await invited(2, [{ stcMember: true }, {}, {}]);
      const [lead] = reviewers;
      await acceptAs(engine, lead, seatOf(seats, lead)!.id).expect(200);
      const open = seats.find((seat) => seat.reviewerId !== lead.id)!;
      const holder = await authUserOf(admitted.holder, engine);
      const current = await reload(project.id);
      await engine.get(WorkflowService).transition({ kind: 'user', user: holder }, { projectId: project.id, action: 'withdraw', expectedVersion: current.version, reason: 'Funding found elsewhere' });

      const statuses = new Map((await seatsOf(engine, project.id)).map((seat) => [seat.id, seat.status]));
      expect(statuses.get(open.id)).toBe('cancelled');
      const owner = reviewers.find((reviewer) => reviewer.id === open.reviewerId)!;
      const late = await acceptAs(engine, owner, open.id);
      expect([late.status, late.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
      clock.travel(DEADLINES.invitationDays * DAY_MS + HOUR_MS);
      expect(await invitations().expire(open.id)).toBe(false);
      expect(await queuedRun(callId)).toBeUndefined();
      // A later whole-call run leaves the withdrawn project alone.
      await runAssignment(engine, callId);
      expect((await seatsOf(engine, project.id)).filter((seat) => seat.status === 'invited')).toEqual([]);
    });
  });
});
