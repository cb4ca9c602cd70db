import request from 'supertest';
import { createHolder, TEST_PASSWORD } from '../helpers/accounts';
import { deleteQueuePrefix } from '../helpers/redis';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

const ADMIN_EMAIL = 'Chief.Operator@Example.org';
const FIRST_PASSWORD = 'the very first admin passphrase';
const SECOND_PASSWORD = 'a different admin passphrase';

/** The first administrator comes from FASP_ADMIN_EMAIL / FASP_ADMIN_PASSWORD, once, and is never overwritten. */
describe('identity: first administrator from configuration (e2e)', () => {
  let first: TestEngine;

  beforeAll(async () => {
    first = await startTestEngine({ env: { FASP_ADMIN_EMAIL: ADMIN_EMAIL, FASP_ADMIN_PASSWORD: FIRST_PASSWORD } });
  });
  afterAll(() => first?.close());

  const login = (engine: TestEngine, email: string, password: string) => request(engine.url).post('/api/auth/login').send({ email, password });

  /** Starts a second API instance on the same database, runs `body`, closes it (keeping the data). */
  async function withSecondEngine(env: Record<string, string>, body: (engine: TestEngine) => Promise<void>): Promise<void> {
    const second = await startTestEngine({ database: first.database, env });
    try {
      await body(second);
    } finally {
      await second.close({ dropData: false });
      await deleteQueuePrefix(second.config.queuePrefix);
    }
  }

  it('is created at start-up with the admin and secretariat roles and the configured password', async () => {
    const res = await login(first, ADMIN_EMAIL.toLowerCase(), FIRST_PASSWORD);
    expect(res.status).toBe(200);
    const me = await request(first.url).get('/api/me').set('authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ email: ADMIN_EMAIL.toLowerCase(), roles: ['admin', 'secretariat'], active: true });
    await request(first.url).get('/api/security-events').set('authorization', `Bearer ${res.body.accessToken}`).expect(200);
    // only the configured one: no built-in default administrator besides it
    const admins = await first.dataSource.query(`SELECT email FROM user_account WHERE 'admin' = ANY(roles)`);
    expect(admins).toEqual([{ email: ADMIN_EMAIL.toLowerCase() }]);
  });

  it('is not overwritten by another instance started with another FASP_ADMIN_PASSWORD', async () => {
    await withSecondEngine({ FASP_ADMIN_EMAIL: ADMIN_EMAIL, FASP_ADMIN_PASSWORD: SECOND_PASSWORD }, async (second) => {
      for (const engine of [first, second]) {
        expect((await login(engine, ADMIN_EMAIL, FIRST_PASSWORD)).status).toBe(200);
        const refused = await login(engine, ADMIN_EMAIL, SECOND_PASSWORD);
        expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 401, code: 'INVALID_CREDENTIALS' });
      }
    });
    const accounts = await first.dataSource.query(`SELECT id FROM user_account WHERE email = $1`, [ADMIN_EMAIL.toLowerCase()]);
    expect(accounts).toHaveLength(1);
    const created = await first.dataSource.query(`SELECT details FROM security_event WHERE action = 'user.created' AND subject_user_id = $1`, [accounts[0].id]);
    expect(created).toEqual([{ details: { via: 'configuration', roles: ['admin', 'secretariat'] } }]);
  });

  it('does not promote an existing account that has the configured email', async () => {
    const holder = await createHolder(first, { email: `early-bird-${Date.now()}@example.org` });
    await withSecondEngine({ FASP_ADMIN_EMAIL: holder.email.toUpperCase(), FASP_ADMIN_PASSWORD: SECOND_PASSWORD }, async (second) => {
      expect((await login(second, holder.email, SECOND_PASSWORD)).status).toBe(401);
      const pair = await login(second, holder.email, TEST_PASSWORD).expect(200);
      const me = await request(second.url).get('/api/me').set('authorization', `Bearer ${pair.body.accessToken}`).expect(200);
      expect(me.body.roles).toEqual(['holder']);
    });
  });
});
