import request from 'supertest';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { createAccount, createHolder, createOrganization, TestAccount } from '../helpers/accounts';
import { createOpenCall, DAY_MS, timeTraveller } from '../helpers/calls';
import { createCompleteDraft, createReadyDraft, createSubmittedProject, EngineWithUploads, postTransition, startEngineWithUploads } from '../helpers/projects';

/**
 * The rules of each move through real HTTP: who may (403), on what they can see (404), in which
 * stage (409), on which version (409), and what the guards refuse (422) — each refusal leaving
 * the project exactly as it was.
 */
describe('workflow rules (e2e)', () => {
  let engine: EngineWithUploads;
  let holder: TestAccount;
  let stranger: TestAccount;
  let secretariat: TestAccount;
  let admin: TestAccount;
  let reviewer: TestAccount;
  let callId: string;
  const clock = timeTraveller(() => engine);

  beforeAll(async () => {
    engine = await startEngineWithUploads();
    [holder, stranger, secretariat, admin, reviewer] = await Promise.all([
      createHolder(engine),
      createHolder(engine),
      createAccount(engine, { roles: ['secretariat'] }),
      createAccount(engine, { roles: ['admin'] }),
      createAccount(engine, { roles: ['reviewer'] }),
    ]);
    callId = (await createOpenCall(engine)).id;
  });
  afterEach(() => clock.reset());
  afterAll(() => engine?.close());

  const state = async (id: string) => {
    const project = await engine.dataSource.getRepository(Project).findOneByOrFail({ id });
    const history: Array<{ action: string }> = await engine.dataSource.query(`SELECT action FROM project_history WHERE project_id = $1 ORDER BY id`, [id]);
    const outbox: Array<{ job_name: string; event: string | null }> = await engine.dataSource.query(
      `SELECT job_name, payload->>'event' AS event FROM outbox WHERE payload->>'projectId' = $1 ORDER BY created_at, job_name, payload->>'event'`,
      [id],
    );
    return { stage: project.stage, version: project.version, faspId: project.faspId, stageDeadline: project.stageDeadline, history: history.map((row) => row.action), outbox };
  };

  /** Sends a move that must be refused, and checks that nothing at all changed. */
  async function expectRefused(account: TestAccount, projectId: string, body: Parameters<typeof postTransition>[3], status: number, code: string): Promise<request.Response> {
    const before = await state(projectId);
    const res = await postTransition(engine, account, projectId, body);
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect(await state(projectId)).toEqual(before);
    return res;
  }

  describe('who may move a project', () => {
    let submitted: Project;
    let draft: Project;
    beforeAll(async () => {
      submitted = await createSubmittedProject(engine, holder, callId);
      draft = await createReadyDraft(engine, holder, callId);
    });

    it('a holder may not admit (403, with the roles that may)', async () => {
      const res = await expectRefused(holder, submitted.id, { action: 'admit', expectedVersion: submitted.version }, 403, 'FORBIDDEN');
      expect(res.body.details).toEqual({ allowedRoles: ['secretariat'] });
      await expectRefused(holder, submitted.id, { action: 'refuse', expectedVersion: submitted.version, reason: 'Not eligible' }, 403, 'FORBIDDEN');
    });

    it('the secretariat may not submit or withdraw for the holder (403); an admin may not admit (403)', async () => {
      const res = await expectRefused(secretariat, draft.id, { action: 'submit', expectedVersion: draft.version }, 403, 'FORBIDDEN');
      expect(res.body.details).toEqual({ allowedRoles: ['holder'] });
      await expectRefused(secretariat, submitted.id, { action: 'withdraw', expectedVersion: submitted.version }, 403, 'FORBIDDEN');
      await expectRefused(admin, submitted.id, { action: 'admit', expectedVersion: submitted.version }, 403, 'FORBIDDEN');
    });

    it('someone who cannot see the project gets 404, whatever the action', async () => {
      await expectRefused(stranger, draft.id, { action: 'submit', expectedVersion: draft.version }, 404, 'NOT_FOUND');
      await expectRefused(stranger, submitted.id, { action: 'withdraw', expectedVersion: submitted.version }, 404, 'NOT_FOUND');
      await expectRefused(reviewer, submitted.id, { action: 'admit', expectedVersion: submitted.version }, 404, 'NOT_FOUND');
      const unconfirmed = await createAccount(engine, { roles: ['holder'], organizationId: holder.organizationId, membershipConfirmed: false });
      await expectRefused(unconfirmed, draft.id, { action: 'submit', expectedVersion: draft.version }, 404, 'NOT_FOUND');
      const missing = await postTransition(engine, secretariat, '5b0c3a57-6a2f-4a5c-9d36-0f4f2b0c9a11', { action: 'admit', expectedVersion: 1 });
      expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('a confirmed colleague of the holder may submit', async () => {
      const colleague = await createAccount(engine, { roles: ['holder'], organizationId: holder.organizationId, membershipConfirmed: true });
      const ready = await createReadyDraft(engine, holder, callId);
      const res = await postTransition(engine, colleague, ready.id, { action: 'submit', expectedVersion: ready.version });
      expect(res.status).toBe(200);
      const [row] = await engine.dataSource.query(`SELECT actor_id, actor_role FROM project_history WHERE project_id = $1 AND action = 'submit'`, [ready.id]);
      expect(row).toEqual({ actor_id: colleague.id, actor_role: 'holder' });
    });
  });

  describe('versions, stages and input', () => {
    it('a stale expectedVersion: 409 VERSION_CONFLICT with both versions', async () => {
      const submitted = await createSubmittedProject(engine, holder, callId);
      const res = await expectRefused(secretariat, submitted.id, { action: 'admit', expectedVersion: submitted.version - 1 }, 409, 'VERSION_CONFLICT');
      expect(res.body.details).toEqual({ expectedVersion: submitted.version - 1, currentVersion: submitted.version });
      await expectRefused(secretariat, submitted.id, { action: 'admit', expectedVersion: submitted.version + 1 }, 409, 'VERSION_CONFLICT');
    });

    it('an action the stage does not allow: 409 ILLEGAL_TRANSITION', async () => {
      const draft = await createReadyDraft(engine, holder, callId);
      const res = await expectRefused(secretariat, draft.id, { action: 'admit', expectedVersion: draft.version }, 409, 'ILLEGAL_TRANSITION');
      expect(res.body.details).toEqual({ stage: 'draft', action: 'admit' });
      await expectRefused(holder, draft.id, { action: 'resubmit', expectedVersion: draft.version }, 409, 'ILLEGAL_TRANSITION');
      await expectRefused(holder, draft.id, { action: 'publish', expectedVersion: draft.version }, 409, 'ILLEGAL_TRANSITION');
      const submitted = await createSubmittedProject(engine, holder, callId);
      await expectRefused(holder, submitted.id, { action: 'submit', expectedVersion: submitted.version }, 409, 'ILLEGAL_TRANSITION');
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['an unknown action', { action: 'approve', expectedVersion: 1 }, ['action']],
      ['no expectedVersion', { action: 'submit' }, ['expectedVersion']],
      ['an expectedVersion that is no integer', { action: 'submit', expectedVersion: '3' }, ['expectedVersion']],
      ['an unknown outcome', { action: 'release_feedback', expectedVersion: 1, outcome: 'excellent' }, ['outcome']],
      ['an unknown field', { action: 'submit', expectedVersion: 1, stage: 'published' }, ['stage']],
    ])('%s: 400 on that field', async (_what, body, fields) => {
      const draft = await createCompleteDraft(engine, holder, callId);
      const before = await state(draft.id);
      const res = await request(engine.url).post(`/api/projects/${draft.id}/transitions`).set('authorization', holder.bearer).send(body);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual(fields);
      expect(await state(draft.id)).toEqual(before);
    });

    it('refuse needs a reason, and ends the project with the holder told', async () => {
      const submitted = await createSubmittedProject(engine, holder, callId);
      const res = await expectRefused(secretariat, submitted.id, { action: 'refuse', expectedVersion: submitted.version, reason: ' ' }, 400, 'VALIDATION_FAILED');
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
      const refused = await postTransition(engine, secretariat, submitted.id, { action: 'refuse', expectedVersion: submitted.version, reason: 'The project has no implementation part' });
      expect(refused.status).toBe(200);
      expect(refused.body).toMatchObject({ stage: 'not_admitted', stageDeadline: null, availableActions: [] });
      const after = await state(submitted.id);
      expect(after.outbox.filter((job) => job.job_name === 'notify.project-event').map((job) => job.event)).toEqual([
        'notify.holder.submitted',
        'notify.secretariat.submitted',
        'notify.holder.not_admitted',
      ]);
      await expectRefused(holder, submitted.id, { action: 'withdraw', expectedVersion: after.version }, 409, 'ILLEGAL_TRANSITION');
    });
  });

  describe('the call window', () => {
    it('submit is refused once the call is closed (422 RULE_REFUSED, callOpen), yet the answer to an information request is accepted', async () => {
      const call = await createOpenCall(engine);
      const ready = await createReadyDraft(engine, holder, call.id);
      const submitted = await createSubmittedProject(engine, holder, call.id);
      const asked = await postTransition(engine, secretariat, submitted.id, { action: 'request_info', expectedVersion: submitted.version, reason: 'Please attach the land tenure letters' });
      expect(asked.status).toBe(200);

      await request(engine.url).post(`/api/calls/${call.id}/close`).set('authorization', secretariat.bearer).send({}).expect(200);

      const res = await expectRefused(holder, ready.id, { action: 'submit', expectedVersion: ready.version }, 422, 'RULE_REFUSED');
      expect(res.body.details.failedGuards).toEqual(['callOpen']);
      expect(res.body.details.guards.callOpen).toMatchObject({ status: 'closed' });
      const created = await request(engine.url).post('/api/projects').set('authorization', holder.bearer).send({ callId: call.id, title: 'Too late', language: 'en' });
      expect([created.status, created.body.code]).toEqual([422, 'CALL_NOT_ACCEPTING']);

      const edited = await request(engine.url).patch(`/api/projects/${submitted.id}`).set('authorization', holder.bearer).send({ monitoringPlan: 'Tenure letters attached; resampling in 2031.' });
      expect(edited.status).toBe(200);
      const resubmitted = await postTransition(engine, holder, submitted.id, { action: 'resubmit', expectedVersion: edited.body.version });
      expect(resubmitted.status).toBe(200);
      expect(resubmitted.body).toMatchObject({ stage: 'submitted', faspId: submitted.faspId });
    });

    it('the window ending by the clock refuses submit too, before the call is formally closed', async () => {
      const call = await createOpenCall(engine, { closesAt: new Date(Date.now() + 2 * DAY_MS) });
      const ready = await createReadyDraft(engine, holder, call.id);
      clock.travel(3 * DAY_MS);
      const res = await expectRefused(holder, ready.id, { action: 'submit', expectedVersion: ready.version }, 422, 'RULE_REFUSED');
      expect(res.body.details.failedGuards).toEqual(['callOpen']);
      expect(res.body.details.guards.callOpen).toEqual({ status: 'open', closesAt: call.closesAt.toISOString() });
    });

    it('an incomplete dossier in a closed call names both refusals, as DOSSIER_INCOMPLETE', async () => {
      const call = await createOpenCall(engine, { closesAt: new Date(Date.now() + DAY_MS) });
      const draft = await createCompleteDraft(engine, holder, call.id);
      clock.travel(2 * DAY_MS);
      const res = await expectRefused(holder, draft.id, { action: 'submit', expectedVersion: draft.version }, 422, 'DOSSIER_INCOMPLETE');
      expect(res.body.details.failedGuards).toEqual(['dossierComplete', 'callOpen']);
      expect(res.body.details.missing.map((m: { item: string }) => m.item)).toEqual(['attachment:concept_note']);
    });
  });

  describe('eligibility', () => {
    it('admit is refused while the organisation is not verified (422 RULE_REFUSED, organisationExists), then accepted', async () => {
      const organization = await createOrganization(engine, { verified: false, region: 'latin_america_caribbean', college: 'PROD', country: 'PE' });
      const newcomer = await createHolder(engine, { organizationId: organization.id });
      const submitted = await createSubmittedProject(engine, newcomer, callId);
      const res = await expectRefused(secretariat, submitted.id, { action: 'admit', expectedVersion: submitted.version }, 422, 'RULE_REFUSED');
      expect(res.body.details.failedGuards).toEqual(['organisationExists']);
      expect(res.body.details.guards.organisationExists).toEqual({ organizationId: organization.id, verified: false });

      await engine.dataSource.query(`UPDATE organization SET verified = true WHERE id = $1`, [organization.id]);
      const admitted = await postTransition(engine, secretariat, submitted.id, { action: 'admit', expectedVersion: submitted.version });
      expect(admitted.status).toBe(200);
      expect(admitted.body.stage).toBe('assignment');
    });
  });

  describe('withdrawing', () => {
    async function projectIn(stage: 'draft' | 'submitted' | 'info_requested' | 'assignment'): Promise<Project> {
      if (stage === 'draft') return createCompleteDraft(engine, holder, callId);
      const submitted = await createSubmittedProject(engine, holder, callId);
      if (stage === 'submitted') return submitted;
      const action = stage === 'assignment' ? 'admit' : 'request_info';
      const res = await postTransition(engine, secretariat, submitted.id, { action, expectedVersion: submitted.version, reason: 'Checked by the secretariat' });
      expect(res.status).toBe(200);
      return engine.dataSource.getRepository(Project).findOneByOrFail({ id: submitted.id });
    }

    it.each<['draft' | 'submitted' | 'info_requested' | 'assignment', string[]]>([
      ['draft', []],
      ['submitted', ['notify.secretariat.withdrawn']],
      ['info_requested', ['notify.secretariat.withdrawn']],
      ['assignment', ['notify.secretariat.withdrawn']],
    ])('from %s: withdrawn for good, telling %j', async (stage, events) => {
      const project = await projectIn(stage);
      const before = await state(project.id);
      const res = await postTransition(engine, holder, project.id, { action: 'withdraw', expectedVersion: project.version, reason: 'The funding came from elsewhere' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ stage: 'withdrawn', version: project.version + 1, stageDeadline: null, availableActions: [] });

      const after = await state(project.id);
      expect(after.history).toEqual([...before.history, 'withdraw']);
      expect(after.outbox.slice(before.outbox.length).map((job) => job.event)).toEqual(events);
      const [row] = await engine.dataSource.query(`SELECT from_stage, to_stage, actor_role, reason FROM project_history WHERE project_id = $1 AND action = 'withdraw'`, [project.id]);
      expect(row).toEqual({ from_stage: stage, to_stage: 'withdrawn', actor_role: 'holder', reason: 'The funding came from elsewhere' });

      await expectRefused(holder, project.id, { action: 'withdraw', expectedVersion: after.version }, 409, 'ILLEGAL_TRANSITION');
      await expectRefused(holder, project.id, { action: 'submit', expectedVersion: after.version }, 409, 'ILLEGAL_TRANSITION');
      const edit = await request(engine.url).patch(`/api/projects/${project.id}`).set('authorization', holder.bearer).send({ areaHa: 5 });
      expect([edit.status, edit.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    });
  });
});
