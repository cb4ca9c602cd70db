import request from 'supertest';
import { createAccount, createHolder, createOrganization, signIn, TEST_PASSWORD, TestAccount } from '../helpers/accounts';
import { allPages } from '../helpers/identity';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

interface SecurityEvent {
  id: string;
  createdAt: string;
  action: string;
  actorUserId: string | null;
  subjectUserId: string | null;
  email: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** The security log: what is recorded, with which address, who may read it, and that it cannot be rewritten. */
describe('identity: security log (e2e)', () => {
  let engine: TestEngine;
  let admin: TestAccount;

  beforeAll(async () => {
    // behind a trusted proxy, so that each step can come from its own address
    engine = await startTestEngine({ env: { TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ACCOUNT: '2' } });
    admin = await createAccount(engine, { roles: ['admin'] });
  });
  afterAll(() => engine?.close());

  async function eventsAbout(userId: string): Promise<SecurityEvent[]> {
    return (await allPages<SecurityEvent>(engine, '/api/security-events', admin.bearer, { userId, limit: 100 })).flat();
  }

  it('records sign-in failures and successes, refresh-token reuse, role changes and deactivations, each with its address', async () => {
    const user = await createAccount(engine, { roles: ['reviewer'] });
    const from = (ip: string) => ({ 'x-forwarded-for': ip });

    await request(engine.url).post('/api/auth/login').set(from('203.0.113.10')).send({ email: user.email, password: 'not the password' }).expect(401);
    const pair = await request(engine.url).post('/api/auth/login').set(from('203.0.113.11')).send({ email: user.email, password: TEST_PASSWORD }).expect(200);
    await request(engine.url).post('/api/auth/refresh').set(from('203.0.113.11')).send({ refreshToken: pair.body.refreshToken }).expect(200);
    await request(engine.url).post('/api/auth/refresh').set(from('203.0.113.12')).send({ refreshToken: pair.body.refreshToken }).expect(401);
    await request(engine.url).patch(`/api/users/${user.id}`).set(from('203.0.113.13')).set('authorization', admin.bearer).send({ roles: ['reviewer', 'secretariat'], reason: 'joins the secretariat' }).expect(200);
    await request(engine.url).patch(`/api/users/${user.id}`).set(from('203.0.113.14')).set('authorization', admin.bearer).send({ active: false, reason: 'left' }).expect(200);

    const events = await eventsAbout(user.id);
    const simplified = events.map(({ action, ip, actorUserId, subjectUserId }) => ({ action, ip, actorUserId, subjectUserId }));
    expect(simplified).toEqual([
      { action: 'user.deactivated', ip: '203.0.113.14', actorUserId: admin.id, subjectUserId: user.id },
      { action: 'user.roles_changed', ip: '203.0.113.13', actorUserId: admin.id, subjectUserId: user.id },
      { action: 'refresh.reuse_detected', ip: '203.0.113.12', actorUserId: null, subjectUserId: user.id },
      { action: 'login.success', ip: '203.0.113.11', actorUserId: user.id, subjectUserId: user.id },
      { action: 'login.failure', ip: '203.0.113.10', actorUserId: null, subjectUserId: user.id },
    ]);
    const byAction = Object.fromEntries(events.map((event) => [event.action, event]));
    expect(byAction['login.failure'].details).toEqual({ reason: 'wrong_password' });
    expect(byAction['login.failure'].email).toBe(user.email);
    expect(byAction['user.roles_changed'].details).toEqual({ from: ['reviewer'], to: ['reviewer', 'secretariat'], reason: 'joins the secretariat' });
    expect(byAction['user.deactivated'].details).toEqual({ reason: 'left' });
    // the rotated token and its successor
    expect(byAction['refresh.reuse_detected'].details).toMatchObject({ revoked: 2 });
    // newest first
    const times = events.map((event) => Date.parse(event.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('records failed sign-ins to unknown accounts and rate-limited attempts with the email given', async () => {
    const email = `ghost-${Date.now()}@example.org`;
    for (let attempt = 0; attempt < 2; attempt++) {
      await request(engine.url).post('/api/auth/login').set('x-forwarded-for', '203.0.113.20').send({ email, password: 'guessing away' }).expect(401);
    }
    await request(engine.url).post('/api/auth/login').set('x-forwarded-for', '203.0.113.21').send({ email, password: 'guessing away' }).expect(429);

    const failures = (await allPages<SecurityEvent>(engine, '/api/security-events', admin.bearer, { action: 'login.failure', limit: 100 })).flat();
    const mine = failures.filter((event) => event.email === email);
    expect(mine.map(({ ip, subjectUserId, details }) => ({ ip, subjectUserId, details }))).toEqual([
      { ip: '203.0.113.20', subjectUserId: null, details: { reason: 'unknown_account' } },
      { ip: '203.0.113.20', subjectUserId: null, details: { reason: 'unknown_account' } },
    ]);
    expect(failures.every((event) => event.action === 'login.failure')).toBe(true);
    const limited = (await allPages<SecurityEvent>(engine, '/api/security-events', admin.bearer, { action: 'login.rate_limited', limit: 100 })).flat();
    expect(limited.filter((event) => event.email === email).map(({ ip, details }) => ({ ip, details }))).toEqual([{ ip: '203.0.113.21', details: { by: 'account' } }]);
  });

  it('is readable by admins only', async () => {
    const secretariat = await createAccount(engine, { roles: ['secretariat'] });
    const holder = await createHolder(engine);
    for (const bearer of [secretariat.bearer, holder.bearer]) {
      const res = await request(engine.url).get('/api/security-events').set('authorization', bearer);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
    expect((await request(engine.url).get('/api/security-events')).status).toBe(401);
  });

  it('cannot be changed or removed, even with direct database access', async () => {
    const user = await createAccount(engine, { roles: ['reviewer'] });
    await signIn(engine, user.email, TEST_PASSWORD);
    const [{ n: before }] = await engine.dataSource.query('SELECT count(*)::int AS n FROM security_event');
    expect(before).toBeGreaterThan(0);

    /** the SQLSTATE the statement failed with (undefined if it succeeded) */
    const sqlState = (sql: string, parameters: unknown[] = []) =>
      engine.dataSource.query(sql, parameters).then(
        () => undefined,
        (error: { driverError?: { code?: string } }) => error.driverError?.code,
      );
    const INSUFFICIENT_PRIVILEGE = '42501';
    expect(await sqlState(`UPDATE security_event SET ip = '10.0.0.1' WHERE subject_user_id = $1`, [user.id])).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await sqlState(`DELETE FROM security_event WHERE subject_user_id = $1`, [user.id])).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await sqlState('TRUNCATE security_event')).toBe(INSUFFICIENT_PRIVILEGE);

    const [{ n: after }] = await engine.dataSource.query('SELECT count(*)::int AS n FROM security_event');
    expect(after).toBe(before);
    const [event] = await eventsAbout(user.id);
    expect(event).toMatchObject({ action: 'login.success', ip: '127.0.0.1' });
  });

  // Events written in one transaction share their created_at: only the id tells them apart,
  // and a page boundary falling between them must lose none.
  it('pages through events written in one transaction without losing any', async () => {
    const user = await createAccount(engine, { roles: ['reviewer'] });
    const organization = await createOrganization(engine);
    // one request, three events, one transaction
    await request(engine.url)
      .patch(`/api/users/${user.id}`)
      .set('authorization', admin.bearer)
      .send({ roles: ['holder'], active: false, organizationId: organization.id })
      .expect(200);
    const all = await eventsAbout(user.id);
    expect(all.map((event) => event.action).sort()).toEqual(['user.deactivated', 'user.membership_changed', 'user.roles_changed']);
    const paged = (await allPages<SecurityEvent>(engine, '/api/security-events', admin.bearer, { userId: user.id, limit: 1 })).flat();
    expect(paged.map((event) => event.id)).toEqual(all.map((event) => event.id));
  });
});
