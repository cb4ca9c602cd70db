import request from 'supertest';
import { AssignmentRunsService } from '../../src/modules/assignment/assignment-runs.service';
import { Assignment } from '../../src/modules/assignment/entities/assignment.entity';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { JobName } from '../../src/platform/queue/queue.constants';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { createSubmittedProject } from '../helpers/projects';
import {
  acceptAs,
  activeSeatsOf,
  admitProject,
  createReviewer,
  declineAs,
  historyOf,
  outboxOfAssignment,
  retireReviewers,
  runAssignment,
  runsOfCall,
  seatsOf,
} from '../helpers/reviewers';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

/**
 * The secretariat's hand on the assignment, through the API: seating a reviewer with a reason
 * (a conflict of interest only when overridden, and then audited), taking a seat back (a top-up
 * follows), and the lists of seats per project and per reviewer.
 */
describe('manual assignment and removal', () => {
  let engine: TestEngine;
  let secretariat: TestAccount;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { APP_ROLES: 'api' } });
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
  });
  afterAll(() => engine?.close());
  beforeEach(() => retireReviewers(engine));

  const assign = (projectId: string, body: Record<string, unknown>, account: Pick<TestAccount, 'bearer'> = secretariat) =>
    request(engine.url).post(`/api/projects/${projectId}/assignments`).set('authorization', account.bearer).send(body);
  const unassign = (projectId: string, assignmentId: string, body: Record<string, unknown>, account: Pick<TestAccount, 'bearer'> = secretariat) =>
    request(engine.url).delete(`/api/projects/${projectId}/assignments/${assignmentId}`).set('authorization', account.bearer).send(body);
  const reload = (projectId: string) => engine.dataSource.getRepository(Project).findOneByOrFail({ id: projectId });
  const queuedRun = async (callId: string) => (await runsOfCall(engine, callId)).find((run) => run.status === 'queued');

  describe('POST /api/projects/:id/assignments', () => {
    it('refuses a conflicted reviewer with the conflicts, and writes nothing', async () => {
      const call = await createOpenCall(engine);
      const { project, holder } = await admitProject(engine, secretariat, call.id);
      const colleague = await createReviewer(engine, { stcMember: true, conflictPersonEmails: [holder.email] }, { organizationId: holder.organization.id });
      const historyBefore = await historyOf(engine, project.id);

      const res = await assign(project.id, { reviewerId: colleague.id, role: 'lead', reason: 'Best placed on agroforestry' });

      expect([res.status, res.body.code]).toEqual([422, 'CONFLICT_OF_INTEREST']);
      expect(res.body.details.conflicts).toEqual([
        { kind: 'HOLDER_ORGANISATION', ref: holder.organization.id },
        { kind: 'DECLARED_PERSON', ref: holder.email },
      ]);
      expect(await seatsOf(engine, project.id)).toEqual([]);
      expect(await historyOf(engine, project.id)).toEqual(historyBefore);
    });

    it('with overrideConflict seats the reviewer, keeps the override and audits it in the project history', async () => {
      const call = await createOpenCall(engine);
      const { project, holder } = await admitProject(engine, secretariat, call.id);
      const colleague = await createReviewer(engine, { stcMember: true }, { organizationId: holder.organization.id });

      const res = await assign(project.id, { reviewerId: colleague.id, role: 'lead', reason: '  Only soil scientist reading Wolof  ', overrideConflict: true });

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        projectId: project.id,
        callId: call.id,
        reviewerId: colleague.id,
        role: 'lead',
        status: 'invited',
        source: 'manual',
        runId: null,
        note: 'Only soil scientist reading Wolof',
        conflictOverridden: true,
        explanation: { total: 0, terms: [] },
      });
      const stored = await engine.dataSource.getRepository(Assignment).findOneByOrFail({ id: res.body.id });
      expect(stored).toMatchObject({ assignedById: secretariat.id, conflictOverridden: true, note: 'Only soil scientist reading Wolof' });
      const last = (await historyOf(engine, project.id)).at(-1)!;
      expect(last).toEqual({
        action: 'assign_reviewer',
        fromStage: 'assignment',
        toStage: 'assignment',
        actorId: secretariat.id,
        actorRole: 'secretariat',
        reason: 'Only soil scientist reading Wolof',
        details: { assignmentId: res.body.id, reviewerId: colleague.id, role: 'lead', conflictOverridden: [{ kind: 'HOLDER_ORGANISATION', ref: holder.organization.id }] },
      });
      // An invitation like any other: its email and its expiry are on their way.
      const jobs = (await outboxOfAssignment(engine, res.body.id)).map((job) => job.jobName).sort();
      expect(jobs).toEqual([JobName.InvitationExpire, JobName.AssignmentEvent].sort());
      // The reviewer may answer it.
      await acceptAs(engine, colleague, res.body.id).expect(200);
    });

    it('without a conflict, the override flag changes nothing and the history says so', async () => {
      const call = await createOpenCall(engine);
      const { project } = await admitProject(engine, secretariat, call.id);
      const reviewer = await createReviewer(engine);

      const res = await assign(project.id, { reviewerId: reviewer.id, role: 'member', reason: 'Asked by the lead', overrideConflict: true }).expect(201);

      expect(res.body.conflictOverridden).toBe(false);
      expect((await historyOf(engine, project.id)).at(-1)!.details).toEqual({ assignmentId: res.body.id, reviewerId: reviewer.id, role: 'member' });
    });

    it('refuses a second seat for the same reviewer with 409 DUPLICATE, whether the first came from a run or by hand', async () => {
      const call = await createOpenCall(engine);
      const { project } = await admitProject(engine, secretariat, call.id);
      const lead = await createReviewer(engine, { stcMember: true });
      const member = await createReviewer(engine);
      await runAssignment(engine, call.id);
      const extra = await createReviewer(engine);
      await assign(project.id, { reviewerId: extra.id, role: 'member', reason: 'A third opinion' }).expect(201);

      for (const reviewer of [lead, member, extra]) {
        const res = await assign(project.id, { reviewerId: reviewer.id, role: 'member', reason: 'Once more' });
        expect([res.status, res.body.code]).toEqual([409, 'DUPLICATE']);
      }
      expect(await activeSeatsOf(engine, project.id)).toHaveLength(3);
    });

    it('refuses what the rules forbid, each with its code', async () => {
      const call = await createOpenCall(engine, { reviewersPerProject: 2 });
      const { project } = await admitProject(engine, secretariat, call.id);
      const submitted = await createSubmittedProject(engine, await createHolder(engine), call.id);
      const stc = await createReviewer(engine, { stcMember: true, capacityPerCall: 1 });
      const member = await createReviewer(engine);
      const french = await createReviewer(engine, { stcMember: true, languages: ['fr'] });
      const noProfile = await createAccount(engine, { roles: ['reviewer'] });
      const holder = await createHolder(engine);
      const other = await admitProject(engine, secretariat, call.id);
      await assign(other.project.id, { reviewerId: stc.id, role: 'lead', reason: 'Chair' }).expect(201);
      const otherStc = await createReviewer(engine, { stcMember: true });
      await assign(project.id, { reviewerId: otherStc.id, role: 'lead', reason: 'Chair' }).expect(201);

      const cases: Array<[string, Record<string, unknown>, number, string, string?]> = [
        ['a member cannot lead', { reviewerId: member.id, role: 'lead', reason: 'Lead it' }, 422, 'RULE_REFUSED'],
        ['the project has its lead', { reviewerId: french.id, role: 'lead', reason: 'Lead it' }, 409, 'CONFLICT'],
        ['the reviewer does not read English', { reviewerId: french.id, role: 'member', reason: 'Review it' }, 422, 'RULE_REFUSED'],
        ['the reviewer is at capacity', { reviewerId: stc.id, role: 'member', reason: 'Review it' }, 422, 'CAPACITY_EXCEEDED'],
        ['a reviewer without a profile', { reviewerId: noProfile.id, role: 'member', reason: 'Review it' }, 400, 'VALIDATION_FAILED', 'reviewerId'],
        ['not a reviewer', { reviewerId: holder.id, role: 'member', reason: 'Review it' }, 400, 'VALIDATION_FAILED', 'reviewerId'],
        ['no reason', { reviewerId: member.id, role: 'member', reason: 'ok' }, 400, 'VALIDATION_FAILED', 'reason'],
        ['an unknown role', { reviewerId: member.id, role: 'chair', reason: 'Review it' }, 400, 'VALIDATION_FAILED', 'role'],
      ];
      for (const [what, body, status, code, field] of cases) {
        const res = await assign(project.id, body);
        expect([what, res.status, res.body.code]).toEqual([what, status, code]);
        if (field) expect(res.body.details.fields.map((entry: { field: string }) => entry.field)).toContain(field);
      }
      const notInAssignment = await assign(submitted.id, { reviewerId: member.id, role: 'member', reason: 'Review it' });
      expect([notInAssignment.status, notInAssignment.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
      const unknown = await assign('00000000-0000-4000-8000-000000000000', { reviewerId: member.id, role: 'member', reason: 'Review it' });
      expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
      const byReviewer = await assign(project.id, { reviewerId: member.id, role: 'member', reason: 'Review it' }, member);
      expect([byReviewer.status, byReviewer.body.code]).toEqual([403, 'FORBIDDEN']);
      expect((await activeSeatsOf(engine, project.id)).map((seat) => seat.reviewerId)).toEqual([otherStc.id]);
    });
  });

  describe('DELETE /api/projects/:id/assignments/:assignmentId', () => {
    it('frees the seat with a reason, audits it, and a top-up offers it to someone not excluded', async () => {
      const call = await createOpenCall(engine, { reviewersPerProject: 2 });
      const { project } = await admitProject(engine, secretariat, call.id);
      const lead = await createReviewer(engine, { stcMember: true, practices: ['agroforestry'] });
      const member = await createReviewer(engine, { practices: ['agroforestry'] });
      const next = await createReviewer(engine);
      await runAssignment(engine, call.id);
      const seat = (await activeSeatsOf(engine, project.id)).find((candidate) => candidate.reviewerId === member.id)!;
      await acceptAs(engine, member, seat.id).expect(200);

      const res = await unassign(project.id, seat.id, { reason: 'Moved to another institute' });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: seat.id, status: 'removed', note: 'Moved to another institute' });
      expect((await historyOf(engine, project.id)).at(-1)).toEqual({
        action: 'remove_reviewer',
        fromStage: 'assignment',
        toStage: 'assignment',
        actorId: secretariat.id,
        actorRole: 'secretariat',
        reason: 'Moved to another institute',
        details: { assignmentId: seat.id, reviewerId: member.id },
      });
      const events = (await outboxOfAssignment(engine, seat.id)).filter((job) => job.jobName === String(JobName.AssignmentEvent)).map((job) => job.payload.event);
      expect(events.sort()).toEqual(['accepted', 'invited', 'removed']);
      const topUp = await queuedRun(call.id);
      expect(topUp).toMatchObject({ trigger: 'top_up', projectIds: [project.id], requestedById: secretariat.id });

      await engine.get(AssignmentRunsService).execute(topUp!.id);
      expect((await activeSeatsOf(engine, project.id)).map((active) => active.reviewerId).sort()).toEqual([lead.id, next.id].sort());
      // The removed reviewer no longer sees the project.
      const hidden = await request(engine.url).get(`/api/projects/${project.id}`).set('authorization', member.bearer);
      expect([hidden.status, hidden.body.code]).toEqual([404, 'NOT_FOUND']);

      const again = await unassign(project.id, seat.id, { reason: 'Once more' });
      expect([again.status, again.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    });

    it('in review, frees the seat and the top-up invites a replacement; the project stays in review', async () => {
      const call = await createOpenCall(engine, { reviewersPerProject: 2 });
      const { project } = await admitProject(engine, secretariat, call.id);
      const reviewers = [await createReviewer(engine, { stcMember: true, practices: ['agroforestry'] }), await createReviewer(engine, { practices: ['agroforestry'] })];
      const replacement = await createReviewer(engine);
      await runAssignment(engine, call.id);
      for (const seat of await activeSeatsOf(engine, project.id)) await acceptAs(engine, reviewers.find((reviewer) => reviewer.id === seat.reviewerId)!, seat.id).expect(200);
      expect((await reload(project.id)).stage).toBe('review');
      const memberSeat = (await activeSeatsOf(engine, project.id)).find((seat) => seat.role === 'member')!;

      await unassign(project.id, memberSeat.id, { reason: 'Stopped answering' }).expect(200);
      const topUp = await queuedRun(call.id);
      await engine.get(AssignmentRunsService).execute(topUp!.id);

      const invited = (await activeSeatsOf(engine, project.id)).filter((seat) => seat.status === 'invited');
      expect(invited.map((seat) => [seat.reviewerId, seat.role])).toEqual([[replacement.id, 'member']]);
      await acceptAs(engine, replacement, invited[0].id).expect(200);
      expect((await reload(project.id)).stage).toBe('review');
      expect((await historyOf(engine, project.id)).filter((row) => row.action === 'assignment_complete')).toHaveLength(1);
    });

    it('refuses a seat of another project, a seat no longer held, no reason, and non-staff', async () => {
      const call = await createOpenCall(engine);
      const { project } = await admitProject(engine, secretariat, call.id);
      const other = await admitProject(engine, secretariat, call.id);
      const reviewer = await createReviewer(engine);
      const seat = (await assign(project.id, { reviewerId: reviewer.id, role: 'member', reason: 'Review it' }).expect(201)).body.id as string;

      const wrongProject = await unassign(other.project.id, seat, { reason: 'Gone' });
      expect([wrongProject.status, wrongProject.body.code]).toEqual([404, 'NOT_FOUND']);
      const noReason = await unassign(project.id, seat, {});
      expect([noReason.status, noReason.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const byReviewer = await unassign(project.id, seat, { reason: 'Gone' }, reviewer);
      expect([byReviewer.status, byReviewer.body.code]).toEqual([403, 'FORBIDDEN']);
      await declineAs(engine, reviewer, seat).expect(200);
      const declined = await unassign(project.id, seat, { reason: 'Gone' });
      expect([declined.status, declined.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    });
  });

  describe('lists', () => {
    it('GET /api/projects/:id/assignments pages every seat of the project, newest first, with names, to the secretariat only', async () => {
      const call = await createOpenCall(engine);
      const { project, holder } = await admitProject(engine, secretariat, call.id);
      const lead = await createReviewer(engine, { stcMember: true }, { name: 'Rattan Lal' });
      const member = await createReviewer(engine, {}, { name: 'Claire Chenu' });
      await runAssignment(engine, call.id);
      const seats = await activeSeatsOf(engine, project.id);
      await declineAs(engine, member, seats.find((seat) => seat.reviewerId === member.id)!.id).expect(200);

      const list = (query = '') => request(engine.url).get(`/api/projects/${project.id}/assignments${query}`).set('authorization', secretariat.bearer);
      type Seat = { id: string; reviewerName: string; role: string; status: string };
      const all = (await list().expect(200)).body as { items: Seat[]; nextCursor: string | null };
      expect(all.nextCursor).toBeNull();
      // a declined seat was topped up: the run may have invited someone else in its place
      expect(all.items.map((seat) => [seat.reviewerName, seat.role, seat.status])).toEqual(
        expect.arrayContaining([
          ['Claire Chenu', 'member', 'declined'],
          ['Rattan Lal', 'lead', 'invited'],
        ]),
      );
      const ids = (await seatsOf(engine, project.id)).map((seat) => seat.id).reverse();
      expect(all.items.map((seat) => seat.id)).toEqual(ids);

      // one at a time, in the same order, then only the declined ones
      const first = (await list('?limit=1').expect(200)).body as { items: Seat[]; nextCursor: string };
      const second = (await list(`?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`).expect(200)).body as { items: Seat[] };
      expect([...first.items, ...second.items].map((seat) => seat.id)).toEqual(ids.slice(0, 2));
      expect(((await list('?status=declined').expect(200)).body as { items: Seat[] }).items.map((seat) => seat.reviewerName)).toEqual(['Claire Chenu']);
      expect((await list('?limit=0').expect(400)).body.details.fields).toEqual([expect.objectContaining({ field: 'limit' })]);
      const unknown = await request(engine.url).get('/api/projects/00000000-0000-4000-8000-000000000000/assignments').set('authorization', secretariat.bearer);
      expect(unknown.status).toBe(404);
      for (const account of [lead, holder]) {
        const refused = await request(engine.url).get(`/api/projects/${project.id}/assignments`).set('authorization', account.bearer);
        expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
      }
    });

    it('GET /api/me/assignments pages the reviewer’s own invitations and assignments, newest first, with the project', async () => {
      const call = await createOpenCall(engine);
      const reviewer = await createReviewer(engine, { capacityPerCall: 10 });
      const someoneElse = await createReviewer(engine);
      const projects: Project[] = [];
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { project } = await admitProject(engine, secretariat, call.id);
        projects.push(project);
        ids.push((await assign(project.id, { reviewerId: reviewer.id, role: 'member', reason: 'Review it' }).expect(201)).body.id as string);
      }
      await assign(projects[0].id, { reviewerId: someoneElse.id, role: 'member', reason: 'Review it' }).expect(201);
      await acceptAs(engine, reviewer, ids[1]).expect(200);

      const first = await request(engine.url).get('/api/me/assignments').query({ limit: 2 }).set('authorization', reviewer.bearer).expect(200);
      expect(first.body.items.map((seat: { id: string }) => seat.id)).toEqual([ids[2], ids[1]]);
      expect(first.body.items[0].project).toEqual({
        id: projects[2].id,
        faspId: projects[2].faspId,
        title: projects[2].title,
        language: 'en',
        stage: 'assignment',
        round: 1,
      });
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await request(engine.url).get('/api/me/assignments').query({ limit: 2, cursor: first.body.nextCursor }).set('authorization', reviewer.bearer).expect(200);
      expect([second.body.items.map((seat: { id: string }) => seat.id), second.body.nextCursor]).toEqual([[ids[0]], null]);

      const accepted = await request(engine.url).get('/api/me/assignments').query({ status: 'accepted' }).set('authorization', reviewer.bearer).expect(200);
      expect(accepted.body.items.map((seat: { id: string; status: string }) => [seat.id, seat.status])).toEqual([[ids[1], 'accepted']]);
      const badStatus = await request(engine.url).get('/api/me/assignments').query({ status: 'maybe' }).set('authorization', reviewer.bearer);
      expect([badStatus.status, badStatus.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const tooMany = await request(engine.url).get('/api/me/assignments').query({ limit: 101 }).set('authorization', reviewer.bearer);
      expect([tooMany.status, tooMany.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const staff = await request(engine.url).get('/api/me/assignments').set('authorization', secretariat.bearer);
      expect([staff.status, staff.body.code]).toEqual([403, 'FORBIDDEN']);
      const theirs = await request(engine.url).get('/api/me/assignments').set('authorization', someoneElse.bearer).expect(200);
      expect(theirs.body.items).toHaveLength(1);
    });
  });
});
