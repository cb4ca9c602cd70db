import request from 'supertest';
import { TokenService } from '../../src/modules/identity/token.service';
import { JobName } from '../../src/platform/queue/queue.constants';
import { createAccount, signIn, TEST_PASSWORD, TestAccount } from '../helpers/accounts';
import { outboxJobs, rowCounts } from '../helpers/identity';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

const NEW_PASSWORD = 'a fresh and longer passphrase';

/**
 * Password reset by email link, and the invitation link of an account made by the secretariat.
 * Every reset request here comes from 127.0.0.1, which may ask 20 times an hour: keep well below.
 */
describe('identity: password reset (e2e)', () => {
  let engine: TestEngine;
  let tokens: TokenService;
  let secretariat: TestAccount;

  beforeAll(async () => {
    engine = await startTestEngine();
    tokens = engine.get(TokenService);
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
  });
  afterAll(() => engine?.close());

  const requestReset = (email: string) => request(engine.url).post('/api/auth/password-reset').send({ email });
  const confirm = (token: string, password: string) => request(engine.url).post('/api/auth/password-reset/confirm').send({ token, password });
  const login = (email: string, password: string) => request(engine.url).post('/api/auth/login').send({ email, password });
  const refresh = (refreshToken: string) => request(engine.url).post('/api/auth/refresh').send({ refreshToken });

  /** The link's token, rebuilt from the one job recorded for this account since `after` rows. */
  async function emailedToken(jobName: JobName, userId: string, after = 0): Promise<string> {
    const jobs = await outboxJobs(engine, jobName, userId);
    expect(jobs).toHaveLength(after + 1);
    const { payload } = jobs[after];
    expect(payload).toEqual({ userId, tokenId: expect.any(String) });
    return tokens.passwordTokenString(payload.tokenId);
  }

  it('end to end: request, emailed link, new password; the old one fails, sessions end, the link is single-use', async () => {
    const user = await createAccount(engine, { roles: ['reviewer'] });
    const session = await signIn(engine, user.email, TEST_PASSWORD);

    const res = await requestReset(user.email.toUpperCase());
    expect(res.status).toBe(202);
    const token = await emailedToken(JobName.PasswordResetEmail, user.id);

    await confirm(token, NEW_PASSWORD).expect(204);

    expect((await login(user.email, TEST_PASSWORD)).body.code).toBe('INVALID_CREDENTIALS');
    await signIn(engine, user.email, NEW_PASSWORD);
    for (const old of [session.refreshToken, user.refreshToken]) {
      const refused = await refresh(old);
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 401, code: 'REFRESH_TOKEN_INVALID' });
    }
    const reused = await confirm(token, 'yet another long passphrase');
    expect({ status: reused.status, code: reused.body.code }).toEqual({ status: 422, code: 'PASSWORD_TOKEN_INVALID' });
    await signIn(engine, user.email, NEW_PASSWORD);

    const [event] = await engine.dataSource.query(`SELECT count(*)::int AS n FROM security_event WHERE action = 'password.reset_completed' AND subject_user_id = $1`, [user.id]);
    expect(event.n).toBe(1);
  });

  it('an unknown email gets the same 202 and nothing is recorded', async () => {
    const before = await rowCounts(engine, ['outbox', 'password_token']);
    const res = await requestReset(`nobody-${Date.now()}@example.org`);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({});
    expect(await rowCounts(engine, ['outbox', 'password_token'])).toEqual(before);
  });

  it('a deactivated account gets the same 202 and no link', async () => {
    const admin = await createAccount(engine, { roles: ['admin'] });
    const user = await createAccount(engine, { roles: ['reviewer'] });
    await request(engine.url).patch(`/api/users/${user.id}`).set('authorization', admin.bearer).send({ active: false }).expect(200);
    expect((await requestReset(user.email)).status).toBe(202);
    expect(await outboxJobs(engine, JobName.PasswordResetEmail, user.id)).toEqual([]);
  });

  it('a newer request supersedes the older link', async () => {
    const user = await createAccount(engine, { roles: ['reviewer'] });
    await requestReset(user.email).expect(202);
    const older = await emailedToken(JobName.PasswordResetEmail, user.id);
    await requestReset(user.email).expect(202);
    const newer = await emailedToken(JobName.PasswordResetEmail, user.id, 1);
    expect((await confirm(older, NEW_PASSWORD)).body.code).toBe('PASSWORD_TOKEN_INVALID');
    await confirm(newer, NEW_PASSWORD).expect(204);
  });

  it('an expired link is refused and the password stays', async () => {
    const user = await createAccount(engine, { roles: ['reviewer'] });
    await requestReset(user.email).expect(202);
    const token = await emailedToken(JobName.PasswordResetEmail, user.id);
    await engine.dataSource.query(`UPDATE password_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    const res = await confirm(token, NEW_PASSWORD);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'PASSWORD_TOKEN_INVALID' });
    await signIn(engine, user.email, TEST_PASSWORD);
  });

  it('a forged or altered link is refused', async () => {
    const user = await createAccount(engine, { roles: ['reviewer'] });
    await requestReset(user.email).expect(202);
    const token = await emailedToken(JobName.PasswordResetEmail, user.id);
    const [id, mac] = token.split('.');
    const forgeries = [
      `${id}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`, // altered signature
      `${id}.${'A'.repeat(mac.length)}`,
      `00000000-0000-4000-8000-000000000000.${mac}`, // another id with this signature
      tokens.passwordTokenString('00000000-0000-4000-8000-000000000000'), // well signed, no such token
      `${id}${mac}`,
    ];
    for (const forged of forgeries) {
      const res = await confirm(forged, NEW_PASSWORD);
      expect({ forged, status: res.status, code: res.body.code }).toEqual({ forged, status: 422, code: 'PASSWORD_TOKEN_INVALID' });
    }
    await signIn(engine, user.email, TEST_PASSWORD);
    // the genuine link still works after all that
    await confirm(token, NEW_PASSWORD).expect(204);
  });

  it('asks for at most three links per address and hour, answering 202 all the same', async () => {
    const user = await createAccount(engine, { roles: ['reviewer'] });
    for (let attempt = 0; attempt < 5; attempt++) expect((await requestReset(user.email)).status).toBe(202);
    expect(await outboxJobs(engine, JobName.PasswordResetEmail, user.id)).toHaveLength(3);
  });

  describe('invitation', () => {
    it('an account created without a password is invited by email, cannot sign in until it chooses one, then can', async () => {
      const email = `invited-${Date.now()}@example.org`;
      const created = await request(engine.url).post('/api/users').set('authorization', secretariat.bearer).send({ email, name: 'Invited Reviewer', roles: ['reviewer'] });
      expect(created.status).toBe(201);
      const token = await emailedToken(JobName.AccountInvitationEmail, created.body.id);
      expect(await outboxJobs(engine, JobName.PasswordResetEmail, created.body.id)).toEqual([]);

      // no password yet: nothing signs in, not even an empty one
      expect((await login(email, 'any password at all')).body.code).toBe('INVALID_CREDENTIALS');

      await confirm(token, NEW_PASSWORD).expect(204);
      const pair = await signIn(engine, email, NEW_PASSWORD);
      const me = await request(engine.url).get('/api/me').set('authorization', `Bearer ${pair.accessToken}`).expect(200);
      expect(me.body).toMatchObject({ email, roles: ['reviewer'] });
      expect((await confirm(token, 'yet another long passphrase')).body.code).toBe('PASSWORD_TOKEN_INVALID');
    });

    it('an account created with a password gets no invitation', async () => {
      const created = await request(engine.url)
        .post('/api/users')
        .set('authorization', secretariat.bearer)
        .send({ email: `direct-${Date.now()}@example.org`, name: 'Direct', roles: ['reviewer'], password: NEW_PASSWORD });
      expect(created.status).toBe(201);
      expect(await outboxJobs(engine, JobName.AccountInvitationEmail, created.body.id)).toEqual([]);
      await signIn(engine, created.body.email, NEW_PASSWORD);
    });
  });
});
