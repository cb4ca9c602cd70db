import type { MatchingTotals } from '@fasp/matching';
import request from 'supertest';
import { AssignmentJobs } from '../../src/modules/assignment/assignment.jobs';
import { AssignmentRunsService } from '../../src/modules/assignment/assignment-runs.service';
import { AssignmentRun, RunResult } from '../../src/modules/assignment/entities/assignment-run.entity';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { WorkflowService } from '../../src/modules/workflow/workflow.service';
import { Clock } from '../../src/platform/clock/clock';
import { JobName } from '../../src/platform/queue/queue.constants';
import { createAccount, createHolder, createOrganization, TestAccount } from '../helpers/accounts';
import { createOpenCall, DAY_MS } from '../helpers/calls';
import { authUserOf } from '../helpers/projects';
import {
  activeSeatsOf,
  AdmittedProject,
  admitProject,
  createReviewer,
  expectedAffinity,
  outboxOfAssignment,
  ProfileInput,
  requestRun,
  retireReviewers,
  runAssignment,
  runsOfCall,
  seatsOf,
  TestReviewer,
} from '../helpers/reviewers';
import { startTestEngine, TestEngine } from '../helpers/test-engine';
import { eventually } from '../helpers/wait';

/**
 * Runs of the assignment on the real PostgreSQL, executed in this process (the engine has no
 * worker, so nothing runs unless the test says so): what a run seats and refuses to seat, what
 * it reports, how requests join the queued run, and how runs of one call wait for each other.
 */
describe('assignment runs', () => {
  let engine: TestEngine;
  let secretariat: TestAccount;

  const DEADLINES = { eligibilityDays: 14, invitationDays: 3, reviewDays: 21, revisionDays: 30 };
  /** Everything a default dossier is about (agroforestry and amendments on cropland in Senegal, Africa). */
  const PERFECT: ProfileInput = { practices: ['agroforestry', 'organic_amendments'], landUses: ['cropland'], countries: ['SN'], regions: ['africa'] };

  beforeAll(async () => {
    engine = await startTestEngine({ env: { APP_ROLES: 'api', DATABASE_POOL_SIZE: '20' } });
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
  });
  afterAll(() => engine?.close());
  beforeEach(() => retireReviewers(engine));

  const runs = () => engine.get(AssignmentRunsService);
  const resultOf = (run: AssignmentRun): RunResult => {
    if (!run.result) throw new Error(`run ${run.id} has no result (${run.status}: ${run.error})`);
    return run.result;
  };
  const reviewerIdsOf = async (projectId: string) => (await activeSeatsOf(engine, projectId)).map((seat) => seat.reviewerId).sort();
  const sorted = (...ids: string[]) => [...ids].sort();

  describe('a whole-call run', () => {
    it('seats K reviewers per project, one STC lead each, within capacity, and explains every choice with its affinity', async () => {
      const call = await createOpenCall(engine, { reviewersPerProject: 2, deadlines: DEADLINES });
      const europe = await createOrganization(engine, { country: 'FR', region: 'europe' });
      const p1 = (await admitProject(engine, secretariat, call.id)).project;
      const p2 = (
        await admitProject(engine, secretariat, call.id, {
          holder: await createHolder(engine, { organizationId: europe.id }),
          dossier: {
            language: 'fr',
            practices: ['rotational_grazing', 'grassland_management'],
            landUses: ['grassland', 'rangeland'],
            countries: ['FR'],
            location: { type: 'Point', coordinates: [2.35, 46.5] },
          },
        })
      ).project;
      const p3 = (await admitProject(engine, secretariat, call.id, { dossier: { practices: ['cover_crops', 'no_tillage'], landUses: ['cropland'] } })).project;
      const projects = [p1, p2, p3];
      const reviewers: TestReviewer[] = [
        await createReviewer(engine, { stcMember: true, languages: ['en', 'fr'], practices: ['agroforestry'], countries: ['SN'], regions: ['africa'], capacityPerCall: 2 }),
        await createReviewer(engine, { stcMember: true, languages: ['en', 'fr'], practices: ['rotational_grazing'], landUses: ['grassland'], regions: ['europe'], capacityPerCall: 2 }),
        await createReviewer(engine, { stcMember: true, languages: ['en'], practices: ['cover_crops', 'no_tillage'], capacityPerCall: 2 }),
        await createReviewer(engine, { languages: ['en'], practices: ['agroforestry', 'organic_amendments'], landUses: ['cropland'], capacityPerCall: 2 }),
        await createReviewer(engine, { languages: ['fr'], practices: ['grassland_management'], landUses: ['grassland', 'rangeland'], countries: ['FR'], capacityPerCall: 2 }),
        await createReviewer(engine, { languages: ['en', 'fr'], criteriaFocus: ['2.2'], disciplines: ['soil_science'], landUses: ['cropland'], capacityPerCall: 2 }),
      ];
      const byId = new Map(reviewers.map((reviewer) => [reviewer.id, reviewer]));

      const before = engine.get(Clock).now().getTime();
      const run = await runAssignment(engine, call.id);
      const after = engine.get(Clock).now().getTime();

      expect(run.status).toBe('completed');
      expect(run.error).toBeNull();
      const result = resultOf(run);
      const load = new Map<string, number>();
      for (const project of projects) {
        const seats = await seatsOf(engine, project.id);
        expect(seats).toHaveLength(2);
        expect(seats.every((seat) => seat.status === 'invited' && seat.source === 'run' && seat.runId === run.id && seat.callId === call.id)).toBe(true);
        expect(seats.filter((seat) => seat.role === 'lead')).toHaveLength(1);
        expect(new Set(seats.map((seat) => seat.reviewerId)).size).toBe(2);
        for (const seat of seats) {
          const reviewer = byId.get(seat.reviewerId)!;
          expect(reviewer).toBeDefined();
          if (seat.role === 'lead') expect(reviewer.profile.stcMember).toBe(true);
          expect(reviewer.profile.languages).toContain(project.language);
          expect(seat.explanation).toEqual(expectedAffinity(reviewer.profile, project));
          expect(seat.respondBy.getTime()).toBeGreaterThanOrEqual(before + DEADLINES.invitationDays * DAY_MS);
          expect(seat.respondBy.getTime()).toBeLessThanOrEqual(after + DEADLINES.invitationDays * DAY_MS);
          load.set(seat.reviewerId, (load.get(seat.reviewerId) ?? 0) + 1);
          // The invitation's email and its expiry, recorded with it.
          const jobs = (await outboxOfAssignment(engine, seat.id)).sort((a, b) => b.jobName.localeCompare(a.jobName));
          expect(jobs.map((job) => [job.jobName, job.payload, job.dedupeKey])).toEqual([
            [JobName.AssignmentEvent, { assignmentId: seat.id, event: 'invited' }, `assignment-event:${seat.id}:invited`],
            [JobName.InvitationExpire, { assignmentId: seat.id }, `invitation-expire:${seat.id}`],
          ]);
          expect(new Date(jobs[1].dueAt).getTime()).toBe(seat.respondBy.getTime());
        }
        // The run's report names the same seats with the same explanations.
        const reported = result.projects.find((entry) => entry.projectId === project.id)!;
        expect(reported.slots).toBe(2);
        expect([...reported.invited].sort((a, b) => a.assignmentId.localeCompare(b.assignmentId))).toEqual(
          [...seats]
            .sort((a, b) => a.id.localeCompare(b.id))
            .map((seat) => ({ assignmentId: seat.id, reviewerId: seat.reviewerId, role: seat.role, affinity: seat.explanation })),
        );
      }
      for (const [reviewerId, n] of load) expect(n).toBeLessThanOrEqual(byId.get(reviewerId)!.profile.capacityPerCall);
      const allSeats = (await Promise.all(projects.map((project) => seatsOf(engine, project.id)))).flat();
      const totals: MatchingTotals = result.totals;
      expect(totals).toMatchObject({ slots: 6, filledSlots: 6, leadSlots: 3, filledLeadSlots: 3 });
      expect(totals.totalAffinity).toBe(allSeats.reduce((sum, seat) => sum + seat.explanation.total, 0));
      expect(totals.totalAffinity).toBeGreaterThan(0);
      expect(result.shortfalls).toEqual([]);
      // The exact optimum is never worse than the greedy baseline it reports.
      expect(totals.objective).toBeGreaterThanOrEqual(result.greedyObjective!);
    });

    it('GET /api/assignment-runs/:id answers the status, totals and per-project result to the secretariat only', async () => {
      const call = await createOpenCall(engine, { reviewersPerProject: 2 });
      const { project } = await admitProject(engine, secretariat, call.id);
      await createReviewer(engine, { stcMember: true, ...PERFECT });
      await createReviewer(engine, { languages: ['en'] });
      const run = await runAssignment(engine, call.id);

      const res = await request(engine.url).get(`/api/assignment-runs/${run.id}`).set('authorization', secretariat.bearer).expect(200);
      expect(res.body).toMatchObject({ id: run.id, callId: call.id, status: 'completed', trigger: 'secretariat', projectIds: null, error: null });
      expect(Date.parse(res.body.finishedAt)).toBeGreaterThanOrEqual(Date.parse(res.body.startedAt));
      expect(res.body.result).toEqual(JSON.parse(JSON.stringify(run.result)));
      expect(res.body.result.projects.map((entry: { projectId: string }) => entry.projectId)).toEqual([project.id]);
      expect(res.body.result.projects[0].invited[0].affinity.terms.map((term: { term: string }) => term.term)).toEqual([
        'practices',
        'landUses',
        'criteriaFocus',
        'disciplines',
        'countries',
        'regions',
      ]);

      const reviewer = await createReviewer(engine);
      const refused = await request(engine.url).get(`/api/assignment-runs/${run.id}`).set('authorization', reviewer.bearer);
      expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
      const missing = await request(engine.url).get('/api/assignment-runs/00000000-0000-4000-8000-000000000000').set('authorization', secretariat.bearer);
      expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
      const malformed = await request(engine.url).get('/api/assignment-runs/not-a-uuid').set('authorization', secretariat.bearer);
      expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('invites only reviewers who read the dossier language', async () => {
      const call = await createOpenCall(engine, { reviewersPerProject: 2 });
      const { project } = await admitProject(engine, secretariat, call.id, { dossier: { language: 'fr' } });
      // Perfect matches who do not read French, and plain French readers.
      await createReviewer(engine, { stcMember: true, languages: ['en', 'es'], ...PERFECT });
      await createReviewer(engine, { languages: ['en'], ...PERFECT });
      await createReviewer(engine, { languages: ['es'], ...PERFECT });
      const lead = await createReviewer(engine, { stcMember: true, languages: ['fr'] });
      const member = await createReviewer(engine, { languages: ['fr', 'es'] });

      await runAssignment(engine, call.id);

      const seats = await activeSeatsOf(engine, project.id);
      expect(seats.map((seat) => [seat.reviewerId, seat.role]).sort()).toEqual(
        [
          [lead.id, 'lead'],
          [member.id, 'member'],
        ].sort(),
      );
    });

    it('never invites a reviewer with a conflict of interest, whatever its kind, and a manual assignment names the conflict', async () => {
      const call = await createOpenCall(engine, { reviewersPerProject: 2 });
      const holder = await createHolder(engine);
      const partner = await createOrganization(engine);
      const named = await createReviewer(engine, { stcMember: true, ...PERFECT }, { email: `named-${holder.id.slice(0, 8)}@example.org` });
      const coordinatorEmail = `coordinator-${holder.id.slice(0, 8)}@example.org`;
      const { project } = await admitProject(engine, secretariat, call.id, {
        holder,
        dossier: {
          partners: [{ name: partner.name, country: partner.country, organizationId: partner.id, role: 'soil sampling' }],
          // Emails as a holder may type them: the engine compares them without case.
          team: [
            { name: 'Coordinator', email: coordinatorEmail.toUpperCase(), role: 'coordinator' },
            { name: 'Adviser', email: named.email.replace(/^n/, 'N'), role: 'scientific adviser' },
          ],
        },
      });
      const stc = { stcMember: true, ...PERFECT };
      const conflicted: Array<{ reviewer: TestReviewer; conflicts: Array<{ kind: string; ref: string }> }> = [
        { reviewer: await createReviewer(engine, stc, { organizationId: holder.organization.id }), conflicts: [{ kind: 'HOLDER_ORGANISATION', ref: holder.organization.id }] },
        { reviewer: await createReviewer(engine, stc, { organizationId: partner.id }), conflicts: [{ kind: 'PARTNER_ORGANISATION', ref: partner.id }] },
        { reviewer: named, conflicts: [{ kind: 'NAMED_PERSON', ref: named.id }] },
        { reviewer: await createReviewer(engine, { ...stc, conflictPersonEmails: [coordinatorEmail] }), conflicts: [{ kind: 'DECLARED_PERSON', ref: coordinatorEmail }] },
        { reviewer: await createReviewer(engine, { ...stc, conflictPersonEmails: [holder.email] }), conflicts: [{ kind: 'DECLARED_PERSON', ref: holder.email }] },
        { reviewer: await createReviewer(engine, { ...stc, conflictOrganizationIds: [holder.organization.id] }), conflicts: [{ kind: 'DECLARED_ORGANISATION', ref: holder.organization.id }] },
        { reviewer: await createReviewer(engine, { ...stc, conflictOrganizationIds: [partner.id] }), conflicts: [{ kind: 'DECLARED_ORGANISATION', ref: partner.id }] },
      ];
      const declaresProject = await createReviewer(engine, stc);
      await request(engine.url)
        .put(`/api/reviewers/${declaresProject.id}/profile`)
        .set('authorization', declaresProject.bearer)
        .send({ conflictProjectIds: [project.id] })
        .expect(200);
      conflicted.push({ reviewer: declaresProject, conflicts: [{ kind: 'DECLARED_PROJECT', ref: project.id }] });
      const lead = await createReviewer(engine, { stcMember: true });
      const member = await createReviewer(engine);

      const run = await runAssignment(engine, call.id);

      expect(await reviewerIdsOf(project.id)).toEqual(sorted(lead.id, member.id));
      expect(resultOf(run).shortfalls).toEqual([]);
      for (const { reviewer, conflicts } of conflicted) {
        const res = await request(engine.url)
          .post(`/api/projects/${project.id}/assignments`)
          .set('authorization', secretariat.bearer)
          .send({ reviewerId: reviewer.id, role: 'member', reason: 'Knows the region well' });
        expect([res.status, res.body.code]).toEqual([422, 'CONFLICT_OF_INTEREST']);
        expect(res.body.details.conflicts).toEqual(conflicts);
      }
      expect(await seatsOf(engine, project.id)).toHaveLength(2);
    });

    it('respects each reviewer’s capacity in the call, counting seats already held in it and only in it', async () => {
      const call = await createOpenCall(engine, { reviewersPerProject: 2 });
      const otherCall = await createOpenCall(engine, { reviewersPerProject: 2 });
      const earlier = (await admitProject(engine, secretariat, call.id)).project;
      const elsewhere = (await admitProject(engine, secretariat, otherCall.id)).project;
      const full = await createReviewer(engine, { stcMember: true, capacityPerCall: 1, ...PERFECT });
      const busyElsewhere = await createReviewer(engine, { stcMember: true, capacityPerCall: 1, ...PERFECT });
      for (const [project, reviewer] of [
        [earlier, full],
        [elsewhere, busyElsewhere],
      ] as const) {
        await request(engine.url)
          .post(`/api/projects/${project.id}/assignments`)
          .set('authorization', secretariat.bearer)
          .send({ reviewerId: reviewer.id, role: 'lead', reason: 'Chair of the committee' })
          .expect(201);
      }
      const p1 = (await admitProject(engine, secretariat, call.id)).project;
      const p2 = (await admitProject(engine, secretariat, call.id)).project;
      const plain = [await createReviewer(engine, { stcMember: true, capacityPerCall: 3 }), await createReviewer(engine, { capacityPerCall: 3 }), await createReviewer(engine, { capacityPerCall: 3 })];

      const run = await runAssignment(engine, call.id, [p1.id, p2.id]);

      const seats = [...(await activeSeatsOf(engine, p1.id)), ...(await activeSeatsOf(engine, p2.id))];
      expect(seats).toHaveLength(4);
      expect(seats.filter((seat) => seat.reviewerId === full.id)).toHaveLength(0);
      expect(seats.filter((seat) => seat.reviewerId === busyElsewhere.id)).toHaveLength(1);
      for (const reviewer of plain) expect(seats.filter((seat) => seat.reviewerId === reviewer.id).length).toBeLessThanOrEqual(3);
      for (const project of [p1, p2]) expect((await activeSeatsOf(engine, project.id)).filter((seat) => seat.role === 'lead')).toHaveLength(1);
      // Outside the run's scope, nothing moved.
      expect(await activeSeatsOf(engine, earlier.id)).toHaveLength(1);
      expect(resultOf(run).projects.map((entry) => entry.projectId).sort()).toEqual(sorted(p1.id, p2.id));
    });

    it('never offers a seat again to a reviewer who declined it or was removed from it', async () => {
      const call = await createOpenCall(engine, { reviewersPerProject: 2 });
      const { project } = await admitProject(engine, secretariat, call.id);
      const decliner = await createReviewer(engine, { stcMember: true, ...PERFECT });
      const removed = await createReviewer(engine, { ...PERFECT });
      const seat = async (reviewer: TestReviewer, role: 'lead' | 'member') =>
        (
          await request(engine.url)
            .post(`/api/projects/${project.id}/assignments`)
            .set('authorization', secretariat.bearer)
            .send({ reviewerId: reviewer.id, role, reason: 'Asked by the committee' })
            .expect(201)
        ).body.id as string;
      const declined = await seat(decliner, 'lead');
      await request(engine.url).post(`/api/assignments/${declined}/decline`).set('authorization', decliner.bearer).send({ reason: 'On leave' }).expect(200);
      const taken = await seat(removed, 'member');
      await request(engine.url).delete(`/api/projects/${project.id}/assignments/${taken}`).set('authorization', secretariat.bearer).send({ reason: 'Replaced' }).expect(200);
      const lead = await createReviewer(engine, { stcMember: true });
      const member = await createReviewer(engine);

      // The decline and the removal each asked for a top-up; the whole-call request joins them.
      const run = await runAssignment(engine, call.id);

      expect(await runsOfCall(engine, call.id)).toEqual([expect.objectContaining({ id: run.id, trigger: 'top_up', projectIds: null, status: 'completed' })]);
      expect(await reviewerIdsOf(project.id)).toEqual(sorted(lead.id, member.id));
    });
  });

  describe('shortfalls', () => {
    it('are reported per project with their reasons: no STC member reads the language, all candidates conflicted, capacity exhausted', async () => {
      const call = await createOpenCall(engine, { reviewersPerProject: 2 });
      const conflictedHolder = await createHolder(engine);
      const spanish = (await admitProject(engine, secretariat, call.id, { dossier: { language: 'es' } })).project;
      const conflicted = (await admitProject(engine, secretariat, call.id, { holder: conflictedHolder })).project;
      const a = (await admitProject(engine, secretariat, call.id)).project;
      const b = (await admitProject(engine, secretariat, call.id)).project;
      // Every English reader belongs to the organisation holding `conflicted`; one STC member
      // reads English and may take one dossier; one Spanish reader, not on the committee.
      const inHolderOrg = { organizationId: conflictedHolder.organization.id };
      const onlyLead = await createReviewer(engine, { stcMember: true, languages: ['en'], capacityPerCall: 1 }, inHolderOrg);
      const members = [await createReviewer(engine, { languages: ['en'], capacityPerCall: 5 }, inHolderOrg), await createReviewer(engine, { languages: ['en'], capacityPerCall: 5 }, inHolderOrg)];
      const spanishReader = await createReviewer(engine, { languages: ['es'], capacityPerCall: 5 });
      await createReviewer(engine, { stcMember: true, languages: ['fr'], capacityPerCall: 5 });

      const run = await runAssignment(engine, call.id);
      const result = resultOf(run);
      const shortfall = (projectId: string) => result.shortfalls.find((entry) => entry.projectId === projectId);

      expect(shortfall(spanish.id)).toMatchObject({ slots: 2, filled: 1, missing: 1, leadMissing: true, reasons: [{ code: 'NO_STC_MEMBER_FOR_LANGUAGE', scope: 'lead', language: 'es' }] });
      expect(await reviewerIdsOf(spanish.id)).toEqual([spanishReader.id]);

      expect(shortfall(conflicted.id)).toMatchObject({
        slots: 2,
        filled: 0,
        missing: 2,
        leadMissing: true,
        reasons: [
          { code: 'ALL_CANDIDATES_CONFLICTED', scope: 'lead', conflicted: 1 },
          { code: 'ALL_CANDIDATES_CONFLICTED', scope: 'member', conflicted: 3 },
        ],
      });
      expect(await activeSeatsOf(engine, conflicted.id)).toEqual([]);

      // One of a and b got the only lead; the other is told the STC members are full.
      const short = [a, b].filter((project) => shortfall(project.id));
      expect(short).toHaveLength(1);
      expect(shortfall(short[0].id)).toMatchObject({ leadMissing: true, reasons: expect.arrayContaining([{ code: 'CAPACITY_EXHAUSTED', scope: 'lead', full: 1 }]) });
      const served = [a, b].find((project) => project !== short[0])!;
      expect((await activeSeatsOf(engine, served.id)).find((seat) => seat.role === 'lead')?.reviewerId).toBe(onlyLead.id);
      expect((await activeSeatsOf(engine, short[0].id)).every((seat) => members.some((member) => member.id === seat.reviewerId))).toBe(true);

      expect(result.shortfalls).toHaveLength(3);
      expect(result.totals).toMatchObject({ leadSlots: 4, filledLeadSlots: 1 });
      const res = await request(engine.url).get(`/api/assignment-runs/${run.id}`).set('authorization', secretariat.bearer).expect(200);
      expect(res.body.result.shortfalls).toEqual(JSON.parse(JSON.stringify(result.shortfalls)));
    });
  });

  describe('requests', () => {
    it('join the call’s queued run, widening its scope, with one run row and one job', async () => {
      const call = await createOpenCall(engine);
      const admitted: Project[] = [];
      for (let i = 0; i < 4; i++) admitted.push((await admitProject(engine, secretariat, call.id)).project);
      const [p1, p2, p3, p4] = admitted;
      const ids = admitted.map((project) => project.id);

      const first = await requestRun(engine, call.id, [p3.id], 'admission');
      expect(first).toMatchObject({ status: 'queued', trigger: 'admission', projectIds: [p3.id] });
      const second = await requestRun(engine, call.id, [p1.id, p3.id], 'top_up');
      expect(second.id).toBe(first.id);
      expect(second.projectIds).toEqual(sorted(p1.id, p3.id));
      // Many at once: still the one queued run, holding the union.
      const joined = await Promise.all([[p2.id], [p4.id], [p1.id, p2.id], [p4.id, p3.id]].map((scope) => requestRun(engine, call.id, scope, 'admission')));
      expect(new Set(joined.map((run) => run.id))).toEqual(new Set([first.id]));
      expect((await runsOfCall(engine, call.id)).map((run) => [run.id, run.status, run.projectIds])).toEqual([[first.id, 'queued', sorted(...ids)]]);

      // The secretariat's whole-call request joins it too: the scope becomes the whole call, and stays so.
      const res = await request(engine.url).post(`/api/calls/${call.id}/assignment-runs`).set('authorization', secretariat.bearer).send({}).expect(202);
      expect(res.body).toEqual({ id: first.id, status: 'queued', callId: call.id });
      await requestRun(engine, call.id, [p2.id]);
      expect((await runsOfCall(engine, call.id)).map((run) => [run.id, run.projectIds])).toEqual([[first.id, null]]);
      const jobs: Array<{ payload: { runId: string } }> = await engine.dataSource.query(`SELECT payload FROM outbox WHERE job_name = $1 AND payload->>'runId' = $2`, [JobName.AssignmentRun, first.id]);
      expect(jobs).toHaveLength(1);

      // Once the run has started, a new request queues a new run (with its own job).
      await createReviewer(engine, { stcMember: true });
      await runs().execute(first.id);
      const next = await requestRun(engine, call.id, [p1.id]);
      expect(next.id).not.toBe(first.id);
      expect((await runsOfCall(engine, call.id)).map((run) => run.status)).toEqual(['completed', 'queued']);
      const nextJobs: unknown[] = await engine.dataSource.query(`SELECT 1 FROM outbox WHERE job_name = $1 AND payload->>'runId' = $2`, [JobName.AssignmentRun, next.id]);
      expect(nextJobs).toHaveLength(1);
    });

    it('a request for no project never widens the queued run to the whole call', async () => {
      const call = await createOpenCall(engine);
      const { project } = await admitProject(engine, secretariat, call.id);
      await createReviewer(engine, { stcMember: true });
      await createReviewer(engine);

      const first = await requestRun(engine, call.id, []);
      const joined = await requestRun(engine, call.id, []);

      expect([joined.id, joined.projectIds]).toEqual([first.id, []]);
      const done = await runs().execute(first.id);
      expect(resultOf(done).projects).toEqual([]);
      expect(await seatsOf(engine, project.id)).toEqual([]);
    });

    it('the admission job queues (or joins) a run for the admitted project only while it waits for reviewers', async () => {
      const call = await createOpenCall(engine);
      const { project } = await admitProject(engine, secretariat, call.id);
      const other = await admitProject(engine, secretariat, call.id);
      const jobs = engine.get(AssignmentJobs);

      const { runId } = await jobs.request({ projectId: project.id, round: 1 });
      expect(await jobs.request({ projectId: other.project.id, round: 1 })).toEqual({ runId });
      expect((await runsOfCall(engine, call.id)).map((run) => [run.id, run.trigger, run.projectIds])).toEqual([[runId, 'admission', sorted(project.id, other.project.id)]]);

      const user = await authUserOf(other.holder, engine);
      await engine.get(WorkflowService).transition({ kind: 'user', user }, { projectId: other.project.id, action: 'withdraw', expectedVersion: other.project.version });
      expect(await jobs.request({ projectId: other.project.id, round: 1 })).toEqual({ runId: null });
      expect(await jobs.request({ projectId: '00000000-0000-4000-8000-000000000000', round: 1 })).toEqual({ runId: null });
    });

    it('POST /api/calls/:id/assignment-runs refuses unknown calls, bad scopes and non-staff', async () => {
      const call = await createOpenCall(engine);
      const reviewer = await createReviewer(engine);
      const post = (callId: string, bearer: string, body: object) => request(engine.url).post(`/api/calls/${callId}/assignment-runs`).set('authorization', bearer).send(body);

      const missing = await post('00000000-0000-4000-8000-000000000000', secretariat.bearer, {});
      expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
      const invalid = await post(call.id, secretariat.bearer, { projectIds: ['nope'] });
      expect([invalid.status, invalid.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const forbidden = await post(call.id, reviewer.bearer, {});
      expect([forbidden.status, forbidden.body.code]).toEqual([403, 'FORBIDDEN']);
      const anonymous = await request(engine.url).post(`/api/calls/${call.id}/assignment-runs`).send({});
      expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      expect(await runsOfCall(engine, call.id)).toEqual([]);
    });
  });

  describe('execution', () => {
    /** Holds the call's assignment lock from the test, as a running run would. */
    async function holdCallLock(callId: string): Promise<{ release(): Promise<void> }> {
      const runner = engine.dataSource.createQueryRunner();
      await runner.connect();
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`assignment:${callId}`]);
      return {
        async release() {
          await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`assignment:${callId}`]);
          await runner.release();
        },
      };
    }
    const waitingForLock = async (): Promise<number> =>
      (
        await engine.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        )
      )[0].n as number;

    async function callWithReviewers(n: number): Promise<{ callId: string; projects: Project[]; admitted: AdmittedProject[] }> {
      const call = await createOpenCall(engine, { reviewersPerProject: 2 });
      const admitted: AdmittedProject[] = [];
      for (let i = 0; i < n; i++) admitted.push(await admitProject(engine, secretariat, call.id));
      for (let i = 0; i < 3; i++) await createReviewer(engine, { stcMember: true, capacityPerCall: 10, practices: i === 0 ? ['agroforestry'] : [] });
      for (let i = 0; i < 3; i++) await createReviewer(engine, { capacityPerCall: 10, landUses: i === 0 ? ['cropland'] : [] });
      return { callId: call.id, projects: admitted.map((entry) => entry.project), admitted };
    }

    it('two runs of one call executing at once never overlap: the second sees the first one’s invitations', async () => {
      const { callId, projects } = await callWithReviewers(3);
      const lock = await holdCallLock(callId);
      let released = false;
      try {
        const first = await requestRun(engine, callId);
        const firstDone = runs().execute(first.id);
        // Claimed: the call's queued place is free again, so the next request queues a second run.
        await eventually(() => runs().get(first.id), (run) => run.status === 'running', { what: 'first run claimed' });
        const second = await requestRun(engine, callId);
        expect(second.id).not.toBe(first.id);
        const secondDone = runs().execute(second.id);
        await eventually(waitingForLock, (n) => n === 2, { what: 'both runs waiting for the call lock' });
        for (const project of projects) expect(await seatsOf(engine, project.id)).toEqual([]);
        await lock.release();
        released = true;
        const done = await Promise.all([firstDone, secondDone]);

        for (const project of projects) {
          const seats = await activeSeatsOf(engine, project.id);
          expect(seats).toHaveLength(2);
          expect(seats.filter((seat) => seat.role === 'lead')).toHaveLength(1);
        }
        // One run filled every seat; the other, running after it, found nothing left to fill.
        const totals = done.map((run) => resultOf(run).totals.slots).sort();
        expect(totals).toEqual([0, 6]);
        const [empty, full] = resultOf(done[0]).totals.slots === 0 ? done : [done[1], done[0]];
        expect(resultOf(full).totals.filledSlots).toBe(6);
        expect(resultOf(empty).projects).toEqual([]);
        expect(empty.finishedAt!.getTime()).toBeGreaterThanOrEqual(full.finishedAt!.getTime());
      } finally {
        if (!released) await lock.release();
      }
    });

    it('the same run executed twice at once keeps what it did (a retried job)', async () => {
      const { callId, projects } = await callWithReviewers(2);
      const lock = await holdCallLock(callId);
      let released = false;
      try {
        const run = await requestRun(engine, callId);
        const executions = [runs().execute(run.id), runs().execute(run.id)];
        await eventually(waitingForLock, (n) => n === 2, { what: 'both executions waiting for the call lock' });
        await lock.release();
        released = true;
        await Promise.all(executions);
      } finally {
        if (!released) await lock.release();
      }
      const [stored] = await runsOfCall(engine, callId);
      expect(stored.status).toBe('completed');
      const seats = (await Promise.all(projects.map((project) => activeSeatsOf(engine, project.id)))).flat();
      expect(seats).toHaveLength(4);
      expect(resultOf(stored).totals.filledSlots).toBe(4);
      expect(resultOf(stored).projects.flatMap((entry) => entry.invited.map((invited) => invited.assignmentId)).sort()).toEqual(seats.map((seat) => seat.id).sort());
    });

    it('re-executing a completed run changes nothing', async () => {
      const { callId, projects } = await callWithReviewers(2);
      const run = await runAssignment(engine, callId);
      const seatsBefore = (await Promise.all(projects.map((project) => seatsOf(engine, project.id)))).flat();
      const [{ n: outboxBefore }] = await engine.dataSource.query(`SELECT count(*)::int AS n FROM outbox`);

      const again = await runs().execute(run.id);

      expect(again).toEqual(run);
      const seatsAfter = (await Promise.all(projects.map((project) => seatsOf(engine, project.id)))).flat();
      expect(seatsAfter).toEqual(seatsBefore);
      const [{ n: outboxAfter }] = await engine.dataSource.query(`SELECT count(*)::int AS n FROM outbox`);
      expect(outboxAfter).toBe(outboxBefore);
    });

    it('leaves alone a project that left the assignment stage after the request', async () => {
      const { callId, admitted } = await callWithReviewers(2);
      const [{ project: withdrawn, holder }, { project: kept }] = admitted;
      const run = await requestRun(engine, callId, [withdrawn.id, kept.id]);
      const user = await authUserOf(holder, engine);
      await engine.get(WorkflowService).transition({ kind: 'user', user }, { projectId: withdrawn.id, action: 'withdraw', expectedVersion: withdrawn.version });

      const done = await runs().execute(run.id);

      expect(await seatsOf(engine, withdrawn.id)).toEqual([]);
      expect(await activeSeatsOf(engine, kept.id)).toHaveLength(2);
      expect(resultOf(done).projects.map((entry) => entry.projectId)).toEqual([kept.id]);
    });
  });
});
