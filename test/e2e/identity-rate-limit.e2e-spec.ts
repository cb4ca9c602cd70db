import request from 'supertest';
import { createAccount, TEST_PASSWORD } from '../helpers/accounts';
import { deleteQueuePrefix } from '../helpers/redis';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

const MAX_FAILURES = 3;
const MAX_PER_IP = 6;
const WINDOW_SECONDS = 600;

/**
 * Sign-in limits are counted in Redis, so two API processes (same database, same QUEUE_PREFIX)
 * share them. The engines trust X-Forwarded-For, which lets each test come from its own address.
 */
describe('identity: sign-in rate limits across two API instances (e2e)', () => {
  let first: TestEngine;
  let second: TestEngine;
  let ipCounter = 0;
  const env = {
    LOGIN_MAX_FAILURES_PER_ACCOUNT: String(MAX_FAILURES),
    LOGIN_MAX_PER_IP: String(MAX_PER_IP),
    LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
    TRUST_PROXY: 'true',
  };

  beforeAll(async () => {
    first = await startTestEngine({ env });
    second = await startTestEngine({ database: first.database, env: { ...env, QUEUE_PREFIX: first.config.queuePrefix } });
  });
  afterAll(async () => {
    await second?.close({ dropData: false });
    await first?.close();
  });

  /** a fresh client address for one test */
  const newIp = () => `198.51.100.${++ipCounter}`;
  const login = (engine: TestEngine, ip: string, email: string, password: string) =>
    request(engine.url).post('/api/auth/login').set('x-forwarded-for', ip).send({ email, password });

  function expectRateLimited(res: request.Response): void {
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  }

  it('failures spread over both instances reach the per-account limit, then both refuse even the right password', async () => {
    const user = await createAccount(first, { roles: ['reviewer'] });
    const engines = [first, second, first];
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      // each from another address, so only the account counter can stop them
      const res = await login(engines[attempt % engines.length], newIp(), user.email, 'wrong password, again');
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'INVALID_CREDENTIALS' });
    }
    expectRateLimited(await login(second, newIp(), user.email, TEST_PASSWORD));
    expectRateLimited(await login(first, newIp(), user.email, TEST_PASSWORD));
    // the email is the same account whatever its case
    expectRateLimited(await login(first, newIp(), user.email.toUpperCase(), TEST_PASSWORD));
    // another account is not affected
    const other = await createAccount(first, { roles: ['reviewer'] });
    expect((await login(second, newIp(), other.email, TEST_PASSWORD)).status).toBe(200);

    const refused = await first.dataSource.query(`SELECT ip, details FROM security_event WHERE action = 'login.rate_limited' AND email = $1`, [user.email]);
    expect(refused).toHaveLength(3);
    expect(refused.every((event: { details: { by: string } }) => event.details.by === 'account')).toBe(true);
  });

  it('requests from one address spread over both instances reach the per-IP limit, whatever the account', async () => {
    const ip = newIp();
    const accounts = await Promise.all([1, 2, 3].map(() => createAccount(first, { roles: ['reviewer'] })));
    for (let attempt = 0; attempt < MAX_PER_IP; attempt++) {
      const account = accounts[attempt % accounts.length];
      // successes count too: the limit is on attempts from one address
      const res = await login(attempt % 2 === 0 ? first : second, ip, account.email, attempt % 3 === 0 ? 'wrong password, again' : TEST_PASSWORD);
      expect(res.status).not.toBe(429);
    }
    expectRateLimited(await login(first, ip, accounts[0].email, TEST_PASSWORD));
    expectRateLimited(await login(second, ip, `${Date.now()}@nobody.example.org`, TEST_PASSWORD));
    // another address is not affected
    expect((await login(second, newIp(), accounts[0].email, TEST_PASSWORD)).status).toBe(200);
  });

  it('a successful sign-in resets the account counter', async () => {
    const user = await createAccount(first, { roles: ['reviewer'] });
    for (let attempt = 0; attempt < MAX_FAILURES - 1; attempt++) {
      expect((await login(attempt % 2 ? second : first, newIp(), user.email, 'wrong password, again')).status).toBe(401);
    }
    expect((await login(second, newIp(), user.email, TEST_PASSWORD)).status).toBe(200);
    // had the counter not been reset, the limit would be reached within these
    for (let attempt = 0; attempt < MAX_FAILURES - 1; attempt++) {
      expect((await login(attempt % 2 ? first : second, newIp(), user.email, 'wrong password, again')).status).toBe(401);
    }
    expect((await login(first, newIp(), user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('engines with another QUEUE_PREFIX keep their own counters', async () => {
    const isolated = await startTestEngine({ database: first.database, env });
    try {
      const user = await createAccount(first, { roles: ['reviewer'] });
      for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
        expect((await login(first, newIp(), user.email, 'wrong password, again')).status).toBe(401);
      }
      expectRateLimited(await login(second, newIp(), user.email, TEST_PASSWORD));
      expect((await login(isolated, newIp(), user.email, TEST_PASSWORD)).status).toBe(200);
    } finally {
      await isolated.close({ dropData: false });
      await deleteQueuePrefix(isolated.config.queuePrefix);
    }
  });
});

describe('identity: the per-IP limit without a trusted proxy (e2e)', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine({ env: { LOGIN_MAX_PER_IP: '3', TRUST_PROXY: 'false' } });
  });
  afterAll(() => engine?.close());

  it('is not escaped by sending another X-Forwarded-For each time', async () => {
    const user = await createAccount(engine, { roles: ['reviewer'] });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const res = await request(engine.url).post('/api/auth/login').set('x-forwarded-for', `192.0.2.${attempt}`).send({ email: user.email, password: TEST_PASSWORD });
      expect(res.status).toBe(200);
    }
    const res = await request(engine.url).post('/api/auth/login').set('x-forwarded-for', '192.0.2.99').send({ email: user.email, password: TEST_PASSWORD });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
