import request from 'supertest';
import { createAccount, createHolder } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { createSubmittedProject } from '../helpers/projects';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

describe('pipeline smoke', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  it('summary, overdue, reviewers, csv, dashboard', async () => {
    const call = await createOpenCall(engine);
    const sec = await createAccount(engine, { roles: ['secretariat'] });
    const holder = await createHolder(engine);
    await createSubmittedProject(engine, holder, call.id, { title: 'Réseau, "Sols" =vivants' });
    const summary = await request(engine.url).get(`/api/pipeline/summary?callId=${call.id}`).set('authorization', sec.bearer).expect(200);
    expect(summary.body.total).toBe(1);
    expect(summary.body.funnel[0]).toEqual({ step: 'submitted', count: 1, conversion: null });
    expect(summary.body.timeInStage.map((t: { stage: string }) => t.stage)).toEqual(['draft']);
    await request(engine.url).get('/api/pipeline/overdue').set('authorization', sec.bearer).expect(200);
    await request(engine.url).get('/api/pipeline/reviewers').set('authorization', sec.bearer).expect(200);
    await request(engine.url).get('/api/pipeline/summary').set('authorization', holder.bearer).expect(403);
    const csv = await request(engine.url).get('/api/pipeline/export.csv').set('authorization', sec.bearer).expect(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain(`"Réseau, ""Sols"" =vivants"`);
    const board = await request(engine.url).get('/admin/queues').set('authorization', sec.bearer);
    expect(board.status).toBe(200);
    expect(board.text).toMatch(/<html/i);
    await request(engine.url).get('/admin/queues').set('authorization', holder.bearer).expect(403);
    const anon = await request(engine.url).get('/admin/queues');
    expect(anon.status).toBe(303);
    const login = await request(engine.url).post('/admin/login').type('form').send({ email: sec.email, password: sec.password });
    expect(login.status).toBe(303);
    const cookie = login.headers['set-cookie'];
    expect(String(cookie)).toMatch(/HttpOnly/i);
    await request(engine.url).get('/admin/queues').set('cookie', cookie).expect(200);
  });
});
