import request from 'supertest';
import { TokenService } from '../../src/modules/identity/token.service';
import { createAccount, signIn, TEST_PASSWORD, TestAccount } from '../helpers/accounts';
import { forgeAccessToken, unsignedAccessToken } from '../helpers/identity';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

/** Access tokens, refresh-token rotation and reuse detection, sign-out, deactivation. */
describe('identity: token lifecycle (e2e)', () => {
  let engine: TestEngine;
  let admin: TestAccount;

  beforeAll(async () => {
    engine = await startTestEngine();
    admin = await createAccount(engine, { roles: ['admin', 'secretariat'] });
  });
  afterAll(() => engine?.close());

  const me = (token: string) => request(engine.url).get('/api/me').set('authorization', `Bearer ${token}`);
  const refresh = (refreshToken: string) => request(engine.url).post('/api/auth/refresh').send({ refreshToken });

  async function expectUnauthenticated(res: request.Response, code = 'UNAUTHENTICATED'): Promise<void> {
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code });
  }

  describe('access tokens', () => {
    it('a token signed like the engine does is accepted (the forgeries below differ in one thing each)', async () => {
      const user = await createAccount(engine, { roles: ['reviewer'] });
      const res = await me(forgeAccessToken(engine, { sub: user.id, roles: user.roles })).expect(200);
      expect(res.body.id).toBe(user.id);
    });

    it('an expired token is refused', async () => {
      const user = await createAccount(engine, { roles: ['reviewer'] });
      await expectUnauthenticated(await me(forgeAccessToken(engine, { sub: user.id, roles: user.roles }, { expiresIn: -10 })));
    });

    it('a token signed with another key, unsigned (alg none), or with another issuer or audience is refused', async () => {
      const user = await createAccount(engine, { roles: ['reviewer'] });
      const claims = { sub: user.id, roles: user.roles };
      await expectUnauthenticated(await me(forgeAccessToken(engine, claims, { secret: `${engine.config.jwtSecret}-but-not-quite` })));
      await expectUnauthenticated(await me(unsignedAccessToken(claims)));
      await expectUnauthenticated(await me(forgeAccessToken(engine, claims, { issuer: 'someone-else' })));
      await expectUnauthenticated(await me(forgeAccessToken(engine, claims, { audience: 'another-api' })));
      await expectUnauthenticated(await me(forgeAccessToken(engine, claims, { algorithm: 'HS512' })));
    });

    it('a genuine token whose payload was altered is refused', async () => {
      const user = await createAccount(engine, { roles: ['reviewer'] });
      await me(user.token).expect(200);
      const [header, payload, signature] = user.token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      // promote oneself, or become the admin, keeping the original signature
      for (const altered of [{ ...claims, roles: ['admin'] }, { ...claims, sub: admin.id }]) {
        const token = `${header}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`;
        await expectUnauthenticated(await request(engine.url).get('/api/users').set('authorization', `Bearer ${token}`));
      }
      await expectUnauthenticated(await me(`${header}.${payload}.${signature.slice(0, -4)}AAAA`));
    });

    it('a malformed header or token is refused', async () => {
      const user = await createAccount(engine, { roles: ['reviewer'] });
      await expectUnauthenticated(await request(engine.url).get('/api/me').set('authorization', user.token));
      await expectUnauthenticated(await request(engine.url).get('/api/me').set('authorization', `Basic ${user.token}`));
      await expectUnauthenticated(await me('not.a.jwt'));
    });

    it('roles come from the account, not from the token: a demotion applies at once', async () => {
      const staff = await createAccount(engine, { roles: ['secretariat'] });
      await request(engine.url).get('/api/users').set('authorization', staff.bearer).expect(200);
      await request(engine.url).patch(`/api/users/${staff.id}`).set('authorization', admin.bearer).send({ roles: ['reviewer'] }).expect(200);
      const res = await request(engine.url).get('/api/users').set('authorization', staff.bearer);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    });
  });

  describe('refresh tokens', () => {
    it('sign-in answers a bearer pair that works', async () => {
      const user = await createAccount(engine, { roles: ['reviewer'] });
      const res = await request(engine.url).post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: engine.config.accessTokenTtlSeconds, tokenType: 'Bearer' });
      await me(res.body.accessToken).expect(200);
      // stored as a hash, never as given
      const rows = await engine.dataSource.query('SELECT token_hash FROM refresh_token WHERE user_id = $1', [user.id]);
      expect(rows.map((row: { token_hash: Buffer }) => row.token_hash.toString('base64url'))).not.toContain(res.body.refreshToken);
      expect(rows.map((row: { token_hash: Buffer }) => row.token_hash.equals(TokenService.hashRefreshToken(res.body.refreshToken)))).toContain(true);
    });

    it('rotates: the new pair works; the old refresh token again is reuse, which revokes the newer one too', async () => {
      const user = await createAccount(engine, { roles: ['reviewer'] });
      const first = await signIn(engine, user.email, TEST_PASSWORD);
      const otherSession = await signIn(engine, user.email, TEST_PASSWORD);

      const rotated = await refresh(first.refreshToken).expect(200);
      expect(rotated.body.refreshToken).not.toBe(first.refreshToken);
      await me(rotated.body.accessToken).expect(200);

      await expectUnauthenticated(await refresh(first.refreshToken), 'REFRESH_TOKEN_REUSED');
      await expectUnauthenticated(await refresh(rotated.body.refreshToken), 'REFRESH_TOKEN_INVALID');
      // a reuse is the end of that session only: another sign-in of the same person still works
      await refresh(otherSession.refreshToken).expect(200);
    });

    it('two refreshes of the same token at once: one wins, the other is treated as reuse', async () => {
      const user = await createAccount(engine, { roles: ['reviewer'] });
      const pair = await signIn(engine, user.email, TEST_PASSWORD);
      const answers = await Promise.all([refresh(pair.refreshToken), refresh(pair.refreshToken)]);
      expect(answers.map((res) => res.status).sort()).toEqual([200, 401]);
      expect(answers.find((res) => res.status === 401)?.body.code).toBe('REFRESH_TOKEN_REUSED');
      const winner = answers.find((res) => res.status === 200)!;
      await expectUnauthenticated(await refresh(winner.body.refreshToken), 'REFRESH_TOKEN_INVALID');
    });

    it('an unknown or garbage refresh token is refused', async () => {
      await expectUnauthenticated(await refresh('x'.repeat(43)), 'REFRESH_TOKEN_INVALID');
    });

    it('an expired refresh token is refused', async () => {
      const user = await createAccount(engine, { roles: ['reviewer'] });
      const pair = await signIn(engine, user.email, TEST_PASSWORD);
      await engine.dataSource.query(`UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
        TokenService.hashRefreshToken(pair.refreshToken),
      ]);
      await expectUnauthenticated(await refresh(pair.refreshToken), 'REFRESH_TOKEN_INVALID');
    });

    it('logout revokes the session: its refresh token no longer works, other sessions do', async () => {
      const user = await createAccount(engine, { roles: ['reviewer'] });
      const session = await signIn(engine, user.email, TEST_PASSWORD);
      const rotated = (await refresh(session.refreshToken).expect(200)).body as { accessToken: string; refreshToken: string };
      await request(engine.url).post('/api/auth/logout').set('authorization', `Bearer ${rotated.accessToken}`).send({ refreshToken: rotated.refreshToken }).expect(204);
      await expectUnauthenticated(await refresh(rotated.refreshToken), 'REFRESH_TOKEN_INVALID');
      await refresh(user.refreshToken).expect(200);
    });

    it("logout with someone else's refresh token leaves that session alone", async () => {
      const victim = await createAccount(engine, { roles: ['reviewer'] });
      const attacker = await createAccount(engine, { roles: ['reviewer'] });
      await request(engine.url).post('/api/auth/logout').set('authorization', attacker.bearer).send({ refreshToken: victim.refreshToken }).expect(204);
      await refresh(victim.refreshToken).expect(200);
    });

    it('changing one’s password signs out every session', async () => {
      const user = await createAccount(engine, { roles: ['reviewer'] });
      const other = await signIn(engine, user.email, TEST_PASSWORD);
      const res = await request(engine.url).post('/api/me/password').set('authorization', user.bearer).send({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' });
      expect(res.status).toBe(204);
      await expectUnauthenticated(await refresh(other.refreshToken), 'REFRESH_TOKEN_INVALID');
      await expectUnauthenticated(await request(engine.url).post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }), 'INVALID_CREDENTIALS');
      await signIn(engine, user.email, 'a brand new passphrase');
    });

    it('a wrong current password does not change it', async () => {
      const user = await createAccount(engine, { roles: ['reviewer'] });
      const res = await request(engine.url).post('/api/me/password').set('authorization', user.bearer).send({ currentPassword: 'not my password at all', newPassword: 'a brand new passphrase' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['currentPassword']);
      await refresh(user.refreshToken).expect(200);
      await signIn(engine, user.email, TEST_PASSWORD);
    });
  });

  describe('deactivation', () => {
    it('ends access at once: access token 401, refresh 401, sign-in 401; reactivation lets the person sign in again', async () => {
      const user = await createAccount(engine, { roles: ['reviewer'] });
      const session = await signIn(engine, user.email, TEST_PASSWORD);
      await me(session.accessToken).expect(200);

      await request(engine.url).patch(`/api/users/${user.id}`).set('authorization', admin.bearer).send({ active: false, reason: 'left the programme' }).expect(200);

      await expectUnauthenticated(await me(session.accessToken));
      await expectUnauthenticated(await me(user.token));
      await expectUnauthenticated(await refresh(session.refreshToken), 'REFRESH_TOKEN_INVALID');
      await expectUnauthenticated(await refresh(user.refreshToken), 'REFRESH_TOKEN_INVALID');
      await expectUnauthenticated(await request(engine.url).post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }), 'INVALID_CREDENTIALS');
      const [{ open }] = await engine.dataSource.query('SELECT count(*)::int AS open FROM refresh_token WHERE user_id = $1 AND revoked_at IS NULL', [user.id]);
      expect(open).toBe(0);

      await request(engine.url).patch(`/api/users/${user.id}`).set('authorization', admin.bearer).send({ active: true }).expect(200);
      const again = await signIn(engine, user.email, TEST_PASSWORD);
      await me(again.accessToken).expect(200);
      // sessions revoked by the deactivation stay revoked
      await expectUnauthenticated(await refresh(session.refreshToken), 'REFRESH_TOKEN_INVALID');
    });
  });
});
