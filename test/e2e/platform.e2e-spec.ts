import request from 'supertest';
import { ProbeApiModule } from '../helpers/probe.module';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

describe('platform (e2e)', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine({ extraModules: [ProbeApiModule] });
  });
  afterAll(() => engine?.close());

  it('answers liveness and readiness', async () => {
    await request(engine.url).get('/health/live').expect(200);
    const ready = await request(engine.url).get('/health/ready').expect(200);
    expect(ready.body.checks.postgres.status).toBe('up');
  });

  it('malformed JSON is a 400 in the error shape', async () => {
    const res = await request(engine.url).post('/test/probe').set('content-type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_REQUEST' });
    expect(res.body.correlationId).toEqual(res.headers['x-correlation-id']);
  });

  it('unknown fields are refused with field errors', async () => {
    const res = await request(engine.url).post('/test/probe').send({ name: 'ok', count: 'x', extra: 1, contact: { email: 'no' } });
    expect(res.status).toBe(400);
    console.log(JSON.stringify(res.body, null, 1));
  });
});
