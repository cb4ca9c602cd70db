import request from 'supertest';
import { Assignment } from '../../src/modules/assignment/entities/assignment.entity';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { JobName } from '../../src/platform/queue/queue.constants';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall, DAY_MS } from '../helpers/calls';
import { createSubmittedProject, postTransition } from '../helpers/projects';
import { acceptAs, activeSeatsOf, declineAs, expectedAffinity, ProfileInput, runsOfCall, seatsOf } from '../helpers/reviewers';
import { startTestEngine, TestEngine, waitForQueuesIdle } from '../helpers/test-engine';
import { eventually } from '../helpers/wait';

interface Reviewer extends TestAccount {
  profile: ProfileInput;
}

interface RunView {
  id: string;
  status: string;
  trigger: string;
  projectIds: string[] | null;
  result: {
    projects: Array<{ projectId: string; slots: number; invited: Array<{ assignmentId: string; reviewerId: string; role: string; affinity: unknown }> }>;
    shortfalls: unknown[];
    totals: { slots: number; filledSlots: number; leadSlots: number; filledLeadSlots: number };
  };
}

/**
 * The whole path through the API with the worker in the same process: the secretariat admits
 * three dossiers, the worker finds reviewers for them, reviewers answer their invitations, a
 * decline is topped up, and every project reaches review exactly once.
 */
describe('assignment, end to end', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  const getRun = async (secretariat: TestAccount, runId: string): Promise<RunView> =>
    (await request(engine.url).get(`/api/assignment-runs/${runId}`).set('authorization', secretariat.bearer).expect(200)).body as RunView;

  it('admit three → invitations → two accept, one declines → top-up → all in review', async () => {
    const call = await createOpenCall(engine, { reviewersPerProject: 2, deadlines: { eligibilityDays: 14, invitationDays: 5, reviewDays: 21, revisionDays: 30 } });
    const secretariat = await createAccount(engine, { roles: ['secretariat'] });

    // The pool, set up as the secretariat would: three committee members, four external experts.
    const reviewers: Reviewer[] = [];
    for (let i = 0; i < 7; i++) {
      const account = await createAccount(engine, { roles: ['reviewer'] });
      const profile: ProfileInput = {
        stcMember: i < 3,
        languages: ['en', 'fr'],
        practices: i % 2 ? ['agroforestry'] : ['cover_crops', 'organic_amendments'],
        landUses: i === 4 ? ['cropland'] : [],
        regions: i < 2 ? ['africa'] : [],
        capacityPerCall: 3,
      };
      await request(engine.url).put(`/api/reviewers/${account.id}/profile`).set('authorization', secretariat.bearer).send(profile).expect(200);
      reviewers.push({ ...account, profile });
    }
    // A perfect match who said they are not available this year.
    const away = await createAccount(engine, { roles: ['reviewer'] });
    await request(engine.url).put(`/api/reviewers/${away.id}/profile`).set('authorization', secretariat.bearer).send({ stcMember: true }).expect(200);
    await request(engine.url)
      .put(`/api/reviewers/${away.id}/profile`)
      .set('authorization', away.bearer)
      .send({ languages: ['en'], practices: ['agroforestry', 'organic_amendments'], landUses: ['cropland'], countries: ['SN'], regions: ['africa'], available: false })
      .expect(200);
    const byId = new Map(reviewers.map((reviewer) => [reviewer.id, reviewer]));

    const projects: Project[] = [];
    for (let i = 0; i < 3; i++) projects.push(await createSubmittedProject(engine, await createHolder(engine), call.id));
    for (const project of projects) await postTransition(engine, secretariat, project.id, { action: 'admit', expectedVersion: project.version }).expect(200);
    await waitForQueuesIdle(engine);

    // Each admission asked for reviewers; the worker ran the call and invited K per project.
    const firstRuns = await runsOfCall(engine, call.id);
    expect(firstRuns.length).toBeGreaterThanOrEqual(1);
    expect(firstRuns.every((run) => run.status === 'completed' && run.trigger === 'admission')).toBe(true);
    const invitations = new Map<string, Assignment[]>();
    for (const project of projects) {
      const seats = await seatsOf(engine, project.id);
      invitations.set(project.id, seats);
      expect(seats).toHaveLength(2);
      expect(seats.map((seat) => seat.status)).toEqual(['invited', 'invited']);
      const lead = seats.filter((seat) => seat.role === 'lead');
      expect(lead).toHaveLength(1);
      expect(byId.get(lead[0].reviewerId)!.profile.stcMember).toBe(true);
      for (const seat of seats) {
        expect(seat.reviewerId).not.toBe(away.id);
        expect(seat.explanation).toEqual(expectedAffinity(byId.get(seat.reviewerId)!.profile, project));
      }
    }
    // The runs' reports name exactly these invitations, with the same explanations.
    const reported = (await Promise.all(firstRuns.map((run) => getRun(secretariat, run.id)))).flatMap((run) => run.result.projects.flatMap((entry) => entry.invited));
    const allSeats = [...invitations.values()].flat();
    expect(reported.map((entry) => entry.assignmentId).sort()).toEqual(allSeats.map((seat) => seat.id).sort());
    for (const entry of reported) {
      const seat = allSeats.find((candidate) => candidate.id === entry.assignmentId)!;
      expect(entry).toEqual({ assignmentId: seat.id, reviewerId: seat.reviewerId, role: seat.role, affinity: JSON.parse(JSON.stringify(seat.explanation)) });
    }

    // Each invited reviewer finds the invitation in their list, with the project and its deadline, and may open the dossier.
    for (const seat of allSeats) {
      const reviewer = byId.get(seat.reviewerId)!;
      const mine = await request(engine.url).get('/api/me/assignments').query({ status: 'invited' }).set('authorization', reviewer.bearer).expect(200);
      const listed = (mine.body.items as Array<{ id: string; respondBy: string; project: { id: string; faspId: string; stage: string } }>).find((item) => item.id === seat.id);
      expect(listed).toBeDefined();
      const project = projects.find((candidate) => candidate.id === seat.projectId)!;
      expect(listed!.project).toMatchObject({ id: project.id, faspId: project.faspId, stage: 'assignment' });
      expect(Date.parse(listed!.respondBy) - seat.createdAt.getTime()).toBeGreaterThanOrEqual(5 * DAY_MS - 1000);
      await request(engine.url).get(`/api/projects/${project.id}`).set('authorization', reviewer.bearer).expect(200);
    }

    // The lead and the member of the first two projects accept; the member of the third declines, its lead accepts.
    const [, , third] = projects;
    const declined = invitations.get(third.id)!.find((seat) => seat.role === 'member')!;
    for (const seat of allSeats) {
      const reviewer = byId.get(seat.reviewerId)!;
      if (seat.id === declined.id) {
        const res = await declineAs(engine, reviewer, seat.id, 'On fieldwork until the deadline').expect(200);
        expect(res.body).toMatchObject({ status: 'declined', declineReason: 'On fieldwork until the deadline' });
      } else {
        await acceptAs(engine, reviewer, seat.id).expect(200);
      }
    }
    for (const project of projects.slice(0, 2)) {
      const res = await request(engine.url).get(`/api/projects/${project.id}`).set('authorization', secretariat.bearer).expect(200);
      expect(res.body.stage).toBe('review');
    }

    // The decline asked for a top-up of the third project; the worker invited someone new.
    await waitForQueuesIdle(engine);
    const topUps = (await runsOfCall(engine, call.id)).filter((run) => !firstRuns.some((first) => first.id === run.id));
    expect(topUps).toHaveLength(1);
    const topUp = await getRun(secretariat, topUps[0].id);
    expect(topUp).toMatchObject({ status: 'completed', trigger: 'top_up', projectIds: [third.id] });
    expect(topUp.result.totals).toMatchObject({ slots: 1, filledSlots: 1, leadSlots: 0 });
    const fresh = (await activeSeatsOf(engine, third.id)).filter((seat) => seat.status === 'invited');
    expect(fresh).toHaveLength(1);
    expect(fresh[0].role).toBe('member');
    expect(invitations.get(third.id)!.map((seat) => seat.reviewerId)).not.toContain(fresh[0].reviewerId);
    expect(fresh[0].reviewerId).not.toBe(away.id);
    expect(topUp.result.projects).toEqual([expect.objectContaining({ projectId: third.id, slots: 1, invited: [expect.objectContaining({ assignmentId: fresh[0].id })] })]);

    await acceptAs(engine, byId.get(fresh[0].reviewerId)!, fresh[0].id).expect(200);

    for (const project of projects) {
      const current = await request(engine.url).get(`/api/projects/${project.id}`).set('authorization', secretariat.bearer).expect(200);
      expect(current.body.stage).toBe('review');
      const history = await request(engine.url).get(`/api/projects/${project.id}/history`).set('authorization', secretariat.bearer).expect(200);
      const actions = (history.body as Array<{ action: string; actorRole: string; fromStage: string; toStage: string }>).map((entry) => entry.action);
      expect(actions.filter((action) => action === 'assignment_complete')).toHaveLength(1);
      expect(actions.slice(-2)).toEqual(['admit', 'assignment_complete']);
      expect((history.body as Array<{ action: string; actorRole: string }>).at(-1)).toMatchObject({ actorRole: 'system', fromStage: 'assignment', toStage: 'review' });
      const seats = await activeSeatsOf(engine, project.id);
      expect(seats.map((seat) => seat.status)).toEqual(['accepted', 'accepted']);
    }
    // Seven invitations in all, each announced once.
    const announced: Array<{ n: number }> = await engine.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE job_name = $1 AND payload->>'event' = 'invited' AND payload->>'assignmentId' = ANY($2)`, [
      JobName.AssignmentEvent,
      [...allSeats, ...fresh].map((seat) => seat.id),
    ]);
    expect(announced[0].n).toBe(7);

    // A run requested now by the secretariat finds nothing left to fill.
    const requested = await request(engine.url).post(`/api/calls/${call.id}/assignment-runs`).set('authorization', secretariat.bearer).send({}).expect(202);
    const finished = await eventually(() => getRun(secretariat, requested.body.id as string), (run) => run.status === 'completed', { what: 'requested run completed' });
    expect(finished.result.totals.slots).toBe(0);
    expect(finished.result.shortfalls).toEqual([]);
  });
});
