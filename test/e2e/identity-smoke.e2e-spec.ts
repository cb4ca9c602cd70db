import request from 'supertest';
import { createAccount, createHolder, signIn } from '../helpers/accounts';
import { startTestEngine, TEST_ADMIN_PASSWORD, TestEngine } from '../helpers/test-engine';

describe('identity smoke', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  it('admin signs in, holder registers, me works', async () => {
    const admin = await signIn(engine, 'admin@fasp.local', TEST_ADMIN_PASSWORD);
    const me = await request(engine.url).get('/api/me').set('authorization', `Bearer ${admin.accessToken}`).expect(200);
    expect(me.body.roles).toEqual(['admin', 'secretariat']);
    const reg = await request(engine.url).post('/api/auth/register').send({
      email: 'Aminata@Example.org', password: 'a long enough password', name: 'Aminata', language: 'fr',
      organization: { name: 'Réseau Sahel Sols', country: 'sn', college: 'NGO' },
    });
    expect(reg.status).toBe(201);
    expect(reg.body.organization).toMatchObject({ country: 'SN', region: 'africa', verified: false });
    expect(reg.body.user).toMatchObject({ email: 'aminata@example.org', roles: ['holder'], membershipConfirmed: true });
    const holder = await createHolder(engine);
    await request(engine.url).get('/api/users').set('authorization', holder.bearer).expect(403);
    await request(engine.url).get('/api/users').expect(401);
    const sec = await createAccount(engine, { roles: ['secretariat'] });
    const users = await request(engine.url).get('/api/users?limit=2').set('authorization', sec.bearer).expect(200);
    expect(users.body.items).toHaveLength(2);
    expect(users.body.nextCursor).toEqual(expect.any(String));
    await request(engine.url).get(`/api/organizations/${reg.body.organization.id}`).set('authorization', holder.bearer).expect(404);
    await request(engine.url).get(`/api/organizations/${reg.body.organization.id}`).set('authorization', sec.bearer).expect(200);
  });
});
