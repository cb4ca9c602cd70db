import request from 'supertest';
import { createAccount, createHolder } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { completeDossier, createCompleteDraft, minimalPdf, uploadConceptNote } from '../helpers/projects';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

describe('projects smoke', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  it('draft → submit → request_info → resubmit → admit', async () => {
    const call = await createOpenCall(engine);
    const holder = await createHolder(engine);
    const sec = await createAccount(engine, { roles: ['secretariat'] });
    const created = await request(engine.url).post('/api/projects').set('authorization', holder.bearer).send({ callId: call.id, title: 'Small', language: 'fr' });
    expect(created.status).toBe(201);
    const comp = await request(engine.url).get(`/api/projects/${created.body.id}/completeness?lang=fr`).set('authorization', holder.bearer).expect(200);
    expect(comp.body.complete).toBe(false);
    expect(comp.body.missing.map((m: { item: string }) => m.item)).toContain('statement:2.2');
    const draft = await createCompleteDraft(engine, holder, call.id);
    const refused = await request(engine.url).post(`/api/projects/${draft.id}/transitions`).set('authorization', holder.bearer).send({ action: 'submit', expectedVersion: draft.version });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('DOSSIER_INCOMPLETE');
    await uploadConceptNote(engine, holder, draft.id);
    let p = (await request(engine.url).get(`/api/projects/${draft.id}`).set('authorization', holder.bearer).expect(200)).body;
    const submitted = await request(engine.url).post(`/api/projects/${draft.id}/transitions`).set('authorization', holder.bearer).send({ action: 'submit', expectedVersion: p.version });
    expect(submitted.status).toBe(200);
    expect(submitted.body.faspId).toMatch(/^FASP-\d{4}-0001$/);
    p = submitted.body;
    const info = await request(engine.url).post(`/api/projects/${draft.id}/transitions`).set('authorization', sec.bearer).send({ action: 'request_info', expectedVersion: p.version, reason: 'Please give the sampling depth' });
    expect(info.status).toBe(200);
    const edited = await request(engine.url).patch(`/api/projects/${draft.id}`).set('authorization', holder.bearer).send({ socBaseline: { ...completeDossier().socBaseline, depthCm: 40 }, practices: ['agroforestry', 'cover_crops'] });
    expect(edited.status).toBe(200);
    const re = await request(engine.url).post(`/api/projects/${draft.id}/transitions`).set('authorization', holder.bearer).send({ action: 'resubmit', expectedVersion: edited.body.version });
    expect(re.status).toBe(200);
    const admitted = await request(engine.url).post(`/api/projects/${draft.id}/transitions`).set('authorization', sec.bearer).send({ action: 'admit', expectedVersion: re.body.version });
    expect(admitted.status).toBe(200);
    expect(admitted.body.stage).toBe('assignment');
    const diff = await request(engine.url).get(`/api/projects/${draft.id}/versions/2/diff`).set('authorization', holder.bearer).expect(200);
    console.log(JSON.stringify(diff.body));
    const hist = await request(engine.url).get(`/api/projects/${draft.id}/history`).set('authorization', holder.bearer).expect(200);
    expect(hist.body.map((h: { action: string }) => h.action)).toEqual(['create', 'submit', 'request_info', 'resubmit', 'admit']);
    const jobs = await engine.dataSource.query('SELECT job_name, payload FROM outbox ORDER BY created_at');
    console.log(jobs.map((j: { job_name: string; payload: { event?: string } }) => `${j.job_name} ${j.payload.event ?? ''}`).join('\n'));
    const up = await request(engine.url).post(`/api/projects/${draft.id}/attachments?kind=other`).set('authorization', holder.bearer).attach('file', minimalPdf(), 'x.pdf');
    expect(up.status).toBe(409);
  });
});
