import { criteriaOf, REFERENCE_FRAMEWORK } from '@fasp/core';
import request from 'supertest';
import { Call } from '../../src/modules/calls/entities/call.entity';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall, DAY_MS } from '../helpers/calls';
import { completeDossier, EngineWithUploads, minimalPdf, postTransition, samplePng, sha256Of, startEngineWithUploads } from '../helpers/projects';
import { eventually } from '../helpers/wait';

interface HistoryEntry {
  id: string;
  at: string;
  action: string;
  fromStage: string | null;
  toStage: string;
  actorRole: string;
  actorId: string | null;
  reason: string | null;
  version: number;
  round: number;
}

interface OutboxRow {
  job_name: string;
  payload: { projectId: string; event?: string; historyId?: string; round?: number };
  dispatched_at: Date | null;
}

/**
 * One dossier through real HTTP, from the holder's first draft to the search for reviewers:
 * draft → submit → request_info → edit and resubmit → admit, with what each move leaves behind
 * (history, frozen versions and their diff, outbox jobs, deadlines from the call's policy).
 */
describe('a dossier from draft to assignment (e2e)', () => {
  const deadlines = { eligibilityDays: 9, invitationDays: 4, reviewDays: 25, revisionDays: 12 };
  const criteria = criteriaOf(REFERENCE_FRAMEWORK);
  let engine: EngineWithUploads;
  let holder: TestAccount;
  let secretariat: TestAccount;
  let stranger: TestAccount;
  let call: Call;
  let projectId: string;
  let version: number;
  const attachments: Record<string, { id: string; kind: string; filename: string; mediaType: string; size: number; sha256: string }> = {};

  beforeAll(async () => {
    engine = await startEngineWithUploads();
    [holder, secretariat, stranger] = await Promise.all([createHolder(engine), createAccount(engine, { roles: ['secretariat'] }), createHolder(engine)]);
    call = await createOpenCall(engine, { deadlines });
  });
  afterAll(() => engine?.close());

  const api = () => request(engine.url);
  const get = (account: TestAccount, path: string) => api().get(`/api/projects/${projectId}${path}`).set('authorization', account.bearer);
  const move = (account: TestAccount, body: { action: string; reason?: string }) => postTransition(engine, account, projectId, { expectedVersion: version, ...body });
  const historyRows = async (): Promise<HistoryEntry[]> => (await get(secretariat, '/history').expect(200)).body;

  /** The deadline is the call's allowance for the stage, counted from the moment the stage was entered. */
  function expectDeadline(body: { stageEnteredAt: string; stageDeadline: string | null }, days: number, before: number): void {
    const entered = Date.parse(body.stageEnteredAt);
    expect(entered).toBeGreaterThanOrEqual(before - 1);
    expect(entered).toBeLessThanOrEqual(Date.now() + 1);
    expect(Date.parse(body.stageDeadline!) - entered).toBe(days * DAY_MS);
  }

  async function upload(kind: string, bytes: Buffer, filename: string): Promise<void> {
    const res = await api().post(`/api/projects/${projectId}/attachments?kind=${kind}`).set('authorization', holder.bearer).attach('file', bytes, filename);
    expect(res.status).toBe(201);
    const { createdAt: _createdAt, ...frozen } = res.body;
    attachments[kind] = frozen;
    expect(frozen.sha256).toBe(sha256Of(bytes));
  }

  it('the holder writes a draft: fields, a statement per criterion, the concept note', async () => {
    const created = await api().post('/api/projects').set('authorization', holder.bearer).send({ callId: call.id, ...completeDossier() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ stage: 'draft', version: 1, round: 1, faspId: null, holderId: holder.id, organizationId: holder.organizationId, stageDeadline: null, availableActions: ['submit', 'withdraw'] });
    projectId = created.body.id;

    for (const criterion of criteria) {
      const res = await api().put(`/api/projects/${projectId}/criteria/${criterion.code}`).set('authorization', holder.bearer).send({ text: `How we address ${criterion.names.en}.` });
      expect(res.status).toBe(200);
    }
    const almost = await get(holder, '/completeness').expect(200);
    expect(almost.body).toEqual({ complete: false, missing: [{ item: 'attachment:concept_note', label: 'Concept note (attachment)' }] });

    await upload('concept_note', minimalPdf('Concept note v1'), 'concept-note.pdf');
    expect((await get(holder, '/completeness').expect(200)).body).toEqual({ complete: true, missing: [] });
    const current = await get(holder, '').expect(200);
    expect(current.body.version).toBe(1 + criteria.length + 1);
    version = current.body.version;
  });

  it('submit: a FASP id of the call year, a frozen version, the eligibility deadline', async () => {
    const before = Date.now();
    const res = await move(holder, { action: 'submit' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stage: 'submitted', faspId: `FASP-${call.year}-0001`, version: version + 1, availableActions: ['withdraw'] });
    expect(Date.parse(res.body.submittedAt)).toBeGreaterThanOrEqual(before - 1);
    expectDeadline(res.body, deadlines.eligibilityDays, before);
    version = res.body.version;
    expect((await get(secretariat, '').expect(200)).body.availableActions).toEqual(['admit', 'request_info', 'refuse']);
  });

  it('request_info needs a reason (400 on reason, nothing changes), then opens the revision deadline', async () => {
    for (const reason of [undefined, '', '   ']) {
      const refused = await move(secretariat, { action: 'request_info', ...(reason !== undefined && { reason }) });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
    }
    const unchanged = await get(secretariat, '').expect(200);
    expect(unchanged.body).toMatchObject({ stage: 'submitted', version });
    expect((await historyRows()).map((row) => row.action)).toEqual(['create', 'submit']);

    const before = Date.now();
    const res = await move(secretariat, { action: 'request_info', reason: '  Please give the sampling depth of the baseline.  ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stage: 'info_requested', version: version + 1, faspId: `FASP-${call.year}-0001` });
    expectDeadline(res.body, deadlines.revisionDays, before);
    version = res.body.version;
  });

  it('the holder edits the dossier and resubmits: same FASP id, eligibility deadline again', async () => {
    const dossier = completeDossier();
    const edited = await api()
      .patch(`/api/projects/${projectId}`)
      .set('authorization', holder.bearer)
      .send({ expectedVersion: version, socBaseline: { ...dossier.socBaseline, depthCm: 40 }, practices: ['agroforestry', 'cover_crops'], summary: `${dossier.summary} Sampled to 40 cm.` });
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(version + 1);
    const statement = await api().put(`/api/projects/${projectId}/criteria/2.2`).set('authorization', holder.bearer).send({ text: 'SOC stocks measured to 40 cm by dry combustion, equivalent soil mass.' });
    expect(statement.status).toBe(200);
    await upload('map', samplePng(8, 8, [110, 80, 40]), 'soil-map.png');
    version = (await get(holder, '').expect(200)).body.version;
    expect(version).toBe(edited.body.version + 2);

    const before = Date.now();
    const res = await move(holder, { action: 'resubmit' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stage: 'submitted', faspId: `FASP-${call.year}-0001`, version: version + 1, round: 1 });
    expectDeadline(res.body, deadlines.eligibilityDays, before);
    version = res.body.version;
  });

  it('admit: assignment, with the invitation deadline', async () => {
    const before = Date.now();
    const res = await move(secretariat, { action: 'admit' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stage: 'assignment', version: version + 1, faspId: `FASP-${call.year}-0001` });
    expectDeadline(res.body, deadlines.invitationDays, before);
    version = res.body.version;
    expect((await get(holder, '').expect(200)).body).toMatchObject({ stage: 'assignment', availableActions: ['withdraw'] });
    // The dossier is frozen from now on.
    const late = await api().patch(`/api/projects/${projectId}`).set('authorization', holder.bearer).send({ title: 'Too late to change' });
    expect([late.status, late.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
  });

  it('the history: every move with its stages, role, version and reason; staff see who acted, the holder sees only its side', async () => {
    const staffView = await historyRows();
    expect(staffView.map(({ action, fromStage, toStage, actorRole, actorId, reason, round }) => ({ action, fromStage, toStage, actorRole, actorId, reason, round }))).toEqual([
      { action: 'create', fromStage: null, toStage: 'draft', actorRole: 'holder', actorId: holder.id, reason: null, round: 1 },
      { action: 'submit', fromStage: 'draft', toStage: 'submitted', actorRole: 'holder', actorId: holder.id, reason: null, round: 1 },
      { action: 'request_info', fromStage: 'submitted', toStage: 'info_requested', actorRole: 'secretariat', actorId: secretariat.id, reason: 'Please give the sampling depth of the baseline.', round: 1 },
      { action: 'resubmit', fromStage: 'info_requested', toStage: 'submitted', actorRole: 'holder', actorId: holder.id, reason: null, round: 1 },
      { action: 'admit', fromStage: 'submitted', toStage: 'assignment', actorRole: 'secretariat', actorId: secretariat.id, reason: null, round: 1 },
    ]);
    // Each row carries the version the move produced; edits in between raise it without a row.
    const versions = staffView.map((row) => row.version);
    expect(versions[0]).toBe(1);
    expect(versions.at(-1)).toBe(version);
    expect(versions[2]).toBe(versions[1] + 1);
    expect(versions[3]).toBe(versions[2] + 1 + 3); // PATCH, statement, upload, then resubmit
    expect(versions[4]).toBe(versions[3] + 1);
    expect([...staffView].sort((a, b) => a.at.localeCompare(b.at)).map((row) => row.id)).toEqual(staffView.map((row) => row.id));

    const holderView: HistoryEntry[] = (await get(holder, '/history').expect(200)).body;
    expect(holderView.map((row) => row.actorId)).toEqual([holder.id, holder.id, null, holder.id, null]);
    expect(holderView.map((row) => row.actorRole)).toEqual(staffView.map((row) => row.actorRole));
    expect((await get(stranger, '/history')).status).toBe(404);
  });

  it('two frozen versions, with the hashes of their attachments, and a field-by-field diff of the edit', async () => {
    const list = await get(holder, '/versions').expect(200);
    expect(list.body).toEqual([
      { number: 1, round: 1, action: 'submit', createdAt: expect.any(String) },
      { number: 2, round: 1, action: 'resubmit', createdAt: expect.any(String) },
    ]);
    const first = (await get(holder, '/versions/1').expect(200)).body;
    expect(first.snapshot.attachments).toEqual([attachments.concept_note]);
    expect(first.snapshot.dossier).toMatchObject({ title: completeDossier().title, socBaseline: { depthCm: 30 }, practices: ['agroforestry', 'organic_amendments'] });
    expect(Object.keys(first.snapshot.statements).sort()).toEqual(criteria.map((criterion) => criterion.code).sort());
    const second = (await get(secretariat, '/versions/2').expect(200)).body;
    expect(second.snapshot.attachments).toEqual([attachments.concept_note, attachments.map]);
    expect(second.snapshot.dossier.socBaseline.depthCm).toBe(40);

    const dossier = completeDossier();
    const diff = await get(holder, '/versions/2/diff').expect(200);
    expect(diff.body).toEqual({
      from: 1,
      to: 2,
      changes: [
        { path: `attachments[id=${JSON.stringify(attachments.map.id)}]`, kind: 'added', after: attachments.map },
        { path: 'dossier.practices', kind: 'added', after: 'cover_crops' },
        { path: 'dossier.practices', kind: 'removed', before: 'organic_amendments' },
        { path: 'dossier.socBaseline.depthCm', kind: 'changed', before: 30, after: 40 },
        { path: 'dossier.summary', kind: 'changed', before: dossier.summary, after: `${dossier.summary} Sampled to 40 cm.` },
        { path: 'statements["2.2"]', kind: 'changed', before: `How we address ${criteria.find((c) => c.code === '2.2')!.names.en}.`, after: 'SOC stocks measured to 40 cm by dry combustion, equivalent soil mass.' },
      ],
    });
    const initial = await get(holder, '/versions/1/diff').expect(200);
    expect(initial.body.from).toBe(0);
    expect(initial.body.changes.map((change: { path: string; kind: string }) => [change.path, change.kind])).toEqual([
      ['attachments', 'added'],
      ['dossier', 'added'],
      ['statements', 'added'],
    ]);

    expect((await get(holder, '/versions/3')).status).toBe(404);
    expect((await get(holder, '/versions/3/diff')).status).toBe(404);
    expect((await get(holder, '/versions/0/diff')).status).toBe(400);
    for (const path of ['/versions', '/versions/1', '/versions/2/diff']) expect((await get(stranger, path)).status).toBe(404);
  });

  it('the outbox holds one project event per notification of each move and one assignment request, then relays them', async () => {
    const history = await historyRows();
    const idOf = (action: string) => history.find((row) => row.action === action)!.id;
    const rows: OutboxRow[] = await engine.dataSource.query(
      `SELECT job_name, payload, dispatched_at FROM outbox WHERE payload->>'projectId' = $1 AND job_name IN ('notify.project-event', 'assignment.request')`,
      [projectId],
    );
    const jobs = rows.map(({ job_name, payload }) => ({ job: job_name, payload })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const event = (name: string, action: string) => ({ job: 'notify.project-event', payload: { projectId, event: name, historyId: idOf(action) } });
    const expected = [
      event('notify.holder.submitted', 'submit'),
      event('notify.secretariat.submitted', 'submit'),
      event('notify.holder.info_requested', 'request_info'),
      event('notify.holder.resubmitted', 'resubmit'),
      event('notify.secretariat.resubmitted', 'resubmit'),
      event('notify.holder.admitted', 'admit'),
      { job: 'assignment.request', payload: { projectId, round: 1 } },
    ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(jobs).toEqual(expected);

    await eventually(
      async (): Promise<OutboxRow[]> => engine.dataSource.query(`SELECT job_name, payload, dispatched_at FROM outbox WHERE payload->>'projectId' = $1`, [projectId]),
      (all) => all.length >= expected.length && all.every((row) => row.dispatched_at !== null),
      { what: 'every job of the project relayed to its queue' },
    );
  });
});
