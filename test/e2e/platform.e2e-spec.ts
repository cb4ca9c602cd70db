import { Queue } from 'bullmq';
import request from 'supertest';
import { QueueClients } from '../../src/platform/queue/queue-clients';
import { JobName, QueueName } from '../../src/platform/queue/queue.constants';
import { PROBE_QUEUE, ProbeApiModule, probeJobs, ProbeWorkerModule } from '../helpers/probe.module';
import { deleteQueuePrefix, TEST_REDIS_URL } from '../helpers/redis';
import { TcpProxy } from '../helpers/tcp-proxy';
import { startTestEngine, TestEngine, waitForQueuesIdle } from '../helpers/test-engine';

/** The engine's platform through real HTTP, with the API and worker roles in one process. */
describe('platform (e2e)', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine({
      extraModules: [ProbeApiModule],
      env: { CORS_ORIGINS: 'https://portal.example.org', BODY_LIMIT_BYTES: '4096', PUBLIC_URL: 'https://fasp.example.org' },
    });
  });
  afterAll(() => engine?.close());

  describe('errors', () => {
    it('malformed JSON is a 400 in the one error shape, never a 500', async () => {
      const res = await request(engine.url).post('/test/probe').set('content-type', 'application/json').send('{"name": ');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400,
        code: 'MALFORMED_REQUEST',
        message: expect.any(String),
        correlationId: res.headers['x-correlation-id'],
      });
    });

    it('unknown fields and wrong types are a 400 with every field error', async () => {
      const res = await request(engine.url)
        .post('/test/probe')
        .send({ name: 'ok', count: 'x', extra: 1, contact: { email: 'not-an-email', role: 'admin' } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const fields = res.body.details.fields as Array<{ field: string; rules: string[] }>;
      expect(Object.fromEntries(fields.map((f) => [f.field, f.rules]))).toEqual({
        extra: ['whitelistValidation'],
        count: ['isInt'],
        'contact.email': ['isEmail'],
        'contact.role': ['whitelistValidation'],
      });
    });

    it('a body over the limit is a 413', async () => {
      const res = await request(engine.url).post('/test/probe').send({ name: 'x'.repeat(5000), count: 1 });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('a body that is not JSON at all is refused, not crashed on', async () => {
      const res = await request(engine.url).post('/test/probe').set('content-type', 'application/x-www-form-urlencoded').send('name=ok&count=1');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const wrongType = await request(engine.url).post('/test/probe').set('content-type', 'text/csv').send('a,b');
      expect(wrongType.status).toBe(415);
      expect(wrongType.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('an unknown route is a 404 in the same shape', async () => {
      const res = await request(engine.url).get('/api/nothing-here');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    });

    it('valid input passes', async () => {
      await request(engine.url).post('/test/probe').send({ name: 'ok', count: 3 }).expect(200, { name: 'ok', count: 3 });
    });
  });

  describe('correlation ids', () => {
    it('echoes a given id, creates one otherwise', async () => {
      const given = await request(engine.url).get('/health/live').set('x-correlation-id', 'portal-123');
      expect(given.headers['x-correlation-id']).toBe('portal-123');
      const created = await request(engine.url).get('/health/live');
      expect(created.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('travels from the request into the outbox row and the job, which the worker runs', async () => {
      const res = await request(engine.url).post('/test/outbox').set('x-correlation-id', 'req-outbox-1').expect(201);
      const { outboxId } = res.body as { outboxId: string };
      await waitForQueuesIdle(engine);
      const [row] = await engine.dataSource.query('SELECT correlation_id, dispatched_at FROM outbox WHERE id = $1', [outboxId]);
      expect(row.correlation_id).toBe('req-outbox-1');
      expect(row.dispatched_at).not.toBeNull();
      const job = await engine.get(QueueClients).queue(QueueName.Maintenance).getJob(outboxId);
      expect(job?.name).toBe(JobName.OutboxPurge);
      expect(job?.data.correlationId).toBe('req-outbox-1');
      expect(await job?.getState()).toBe('completed');
      expect(job?.returnvalue).toEqual({ deleted: 0 });
    });
  });

  describe('operations', () => {
    it('serves Prometheus metrics: HTTP latency, queue depths, outbox backlog', async () => {
      await request(engine.url).get('/health/live');
      const res = await request(engine.url).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/fasp_http_request_duration_seconds_bucket\{.*route="\/health\/live".*\}/);
      expect(res.text).toMatch(/fasp_queue_jobs\{queue="maintenance",state="completed"\} \d+/);
      expect(res.text).toMatch(/fasp_outbox_pending \d+/);
      expect(res.text).toMatch(/fasp_process_resident_memory_bytes \d+/);
    });

    it('publishes the OpenAPI document and its interactive page', async () => {
      const json = await request(engine.url).get('/api/docs-json').expect(200);
      expect(json.body.openapi).toMatch(/^3\./);
      expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready', '/metrics']));
      const page = await request(engine.url).get('/api/docs').redirects(1);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/swagger-ui/i);
    });

    it('sends security headers', async () => {
      const res = await request(engine.url).get('/health/live');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['strict-transport-security']).toBeDefined();
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect(res.headers['x-frame-options']).toBeDefined();
    });

    it('compresses large answers for clients that accept it', async () => {
      const res = await request(engine.url).get('/api/docs-json').set('accept-encoding', 'br, gzip');
      expect(res.headers['content-encoding']).toBe('br');
      const plain = await request(engine.url).get('/api/docs-json').set('accept-encoding', 'identity');
      expect(plain.headers['content-encoding']).toBeUndefined();
    });

    it('answers CORS for configured origins only', async () => {
      const allowed = await request(engine.url).get('/health/live').set('origin', 'https://portal.example.org');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.example.org');
      const other = await request(engine.url).get('/health/live').set('origin', 'https://evil.example.com');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

describe('readiness when a dependency goes away (e2e)', () => {
  it('is 503 naming Redis while Redis is unreachable, and ready again when it is back', async () => {
    const proxy = await TcpProxy.start(TEST_REDIS_URL);
    const engine = await startTestEngine({ env: { REDIS_URL: proxy.url(TEST_REDIS_URL) }, extraModules: [ProbeApiModule] });
    try {
      await request(engine.url).get('/health/ready').expect(200);
      await proxy.cut();
      const down = await request(engine.url).get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('unavailable');
      expect(down.body.checks.redis.status).toBe('down');
      expect(down.body.checks.postgres.status).toBe('up');
      await request(engine.url).get('/health/live').expect(200);
      await proxy.restore();
      const deadline = Date.now() + 10000;
      let status = 0;
      while (Date.now() < deadline && status !== 200) {
        status = (await request(engine.url).get('/health/ready')).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(status).toBe(200);
      // and the worker picks up work again
      const { outboxId } = (await request(engine.url).post('/test/outbox').expect(201)).body as { outboxId: string };
      await waitForQueuesIdle(engine);
      expect(await (await engine.get(QueueClients).queue(QueueName.Maintenance).getJob(outboxId))?.getState()).toBe('completed');
    } finally {
      await proxy.restore();
      await engine.close();
      await proxy.stop();
    }
  });
});

describe('graceful shutdown (e2e)', () => {
  it('lets an in-flight request and a running job finish, leaves queued jobs for another worker', async () => {
    const engine = await startTestEngine({ extraModules: [ProbeApiModule, ProbeWorkerModule] });
    const queue = new Queue(PROBE_QUEUE, { connection: { host: '127.0.0.1', port: Number(new URL(TEST_REDIS_URL).port) }, prefix: engine.config.queuePrefix });
    try {
      await queue.add('slow', { ms: 1500 }, { jobId: 'running' });
      const deadline = Date.now() + 5000;
      while (!probeJobs.started.includes('running') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(probeJobs.started).toContain('running');
      await queue.add('slow', { ms: 10 }, { jobId: 'queued', delay: 300 });

      const inFlight = request(engine.url).get('/test/slow?ms=1200').then((res) => res);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const closing = engine.close({ dropData: false });

      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ sleptMs: 1200 });
      await closing;
      expect(probeJobs.finished).toContain('running');
      expect(await (await queue.getJob('running'))?.getState()).toBe('completed');
      expect(probeJobs.started).not.toContain('queued');
      expect(['delayed', 'waiting']).toContain(await (await queue.getJob('queued'))?.getState());
      await expect(request(engine.url).get('/health/live')).rejects.toThrow();
    } finally {
      await queue.close();
      await engine.close({ dropData: true }).catch(() => undefined);
      await deleteQueuePrefix(engine.config.queuePrefix);
      await engine.database.drop();
    }
  });
});
