import request from 'supertest';
import { createAccount } from '../helpers/accounts';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

describe('criteria & calls smoke', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  it('framework seeded, call lifecycle', async () => {
    const sec = await createAccount(engine, { roles: ['secretariat'] });
    const list = await request(engine.url).get('/api/frameworks').set('authorization', sec.bearer).expect(200);
    expect(list.body.items).toHaveLength(1);
    const fw = list.body.items[0];
    expect(fw).toMatchObject({ key: 'fasp', version: 1, status: 'published', criteriaCount: 13 });
    const fr = await request(engine.url).get(`/api/frameworks/${fw.id}?lang=fr`).set('authorization', sec.bearer).expect(200);
    expect(typeof fr.body.definition.steps[0].criteria[0].names).toBe('string');
    const now = Date.now();
    const call = await request(engine.url).post('/api/calls').set('authorization', sec.bearer).send({
      title: 'FASP 2027', year: 2027, frameworkId: fw.id, opensAt: new Date(now - 1000).toISOString(), closesAt: new Date(now + 2500).toISOString(),
    });
    expect(call.status).toBe(201);
    const opened = await request(engine.url).post(`/api/calls/${call.body.id}/open`).set('authorization', sec.bearer).send({ expectedVersion: call.body.version }).expect(200);
    expect(opened.body).toMatchObject({ status: 'open', acceptingSubmissions: true });
    const deadline = Date.now() + 10000;
    let status = 'open';
    while (status === 'open' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await request(engine.url).get(`/api/calls/${call.body.id}`).set('authorization', sec.bearer)).body.status;
    }
    expect(status).toBe('closed');
  });
});
