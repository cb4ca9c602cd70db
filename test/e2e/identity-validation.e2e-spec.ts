import request from 'supertest';
import { createAccount, createOrganization, TestAccount } from '../helpers/accounts';
import { invalidFields, rowCounts } from '../helpers/identity';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

/**
 * Bad input is a 400 naming each wrong field (never a 500), a duplicate is a 409, and a refused
 * request leaves nothing behind in the database.
 */
describe('identity: bad input (e2e)', () => {
  let engine: TestEngine;
  let secretariat: TestAccount;
  let holder: TestAccount;
  let organizationId: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
    holder = await createAccount(engine, { roles: ['holder'] });
    organizationId = (await createOrganization(engine)).id;
  });
  afterAll(() => engine?.close());

  let sequence = 0;
  function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    sequence++;
    return {
      email: `applicant-${sequence}-${Date.now()}@example.org`,
      password: 'healthy soils feed the world',
      name: 'Applicant',
      organization: { name: `Soil Lab ${sequence} ${Date.now()}`, country: 'KE', college: 'SCI' },
      ...overrides,
    };
  }

  interface Case {
    name: string;
    method: 'get' | 'post' | 'patch';
    path: () => string;
    as?: () => TestAccount;
    body?: () => Record<string, unknown>;
    query?: Record<string, string>;
    fields: string[];
  }

  const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';
  const cases: Case[] = [
    // registration
    { name: 'register: unknown field', method: 'post', path: () => '/api/auth/register', body: () => registration({ isAdmin: true }), fields: ['isAdmin'] },
    { name: 'register: unknown nested field', method: 'post', path: () => '/api/auth/register', body: () => registration({ organization: { name: 'Soil Lab X', country: 'KE', college: 'SCI', verified: true } }), fields: ['organization.verified'] },
    { name: 'register: bad email', method: 'post', path: () => '/api/auth/register', body: () => registration({ email: 'not-an-email' }), fields: ['email'] },
    { name: 'register: email of the wrong type', method: 'post', path: () => '/api/auth/register', body: () => registration({ email: 42 }), fields: ['email'] },
    { name: 'register: password of 11 characters', method: 'post', path: () => '/api/auth/register', body: () => registration({ password: 'short pass!' }), fields: ['password'] },
    { name: 'register: password of the wrong type', method: 'post', path: () => '/api/auth/register', body: () => registration({ password: 1234567890123 }), fields: ['password'] },
    { name: 'register: password containing the email name', method: 'post', path: () => '/api/auth/register', body: () => registration({ email: 'mariama.diallo@example.org', password: 'i am Mariama.Diallo for sure' }), fields: ['password'] },
    { name: 'register: name of the wrong type', method: 'post', path: () => '/api/auth/register', body: () => registration({ name: 7 }), fields: ['name'] },
    { name: 'register: unknown language', method: 'post', path: () => '/api/auth/register', body: () => registration({ language: 'de' }), fields: ['language'] },
    { name: 'register: unknown time zone', method: 'post', path: () => '/api/auth/register', body: () => registration({ timeZone: 'Mars/Olympus_Mons' }), fields: ['timeZone'] },
    { name: 'register: unknown country code', method: 'post', path: () => '/api/auth/register', body: () => registration({ organization: { name: 'Soil Lab Y', country: 'XX', college: 'SCI' } }), fields: ['organization.country'] },
    { name: 'register: unknown college', method: 'post', path: () => '/api/auth/register', body: () => registration({ organization: { name: 'Soil Lab Z', country: 'KE', college: 'farmers' } }), fields: ['organization.college'] },
    { name: 'register: organisation of the wrong type', method: 'post', path: () => '/api/auth/register', body: () => registration({ organization: 'Soil Lab' }), fields: ['organization'] },
    { name: 'register: organizationId not a UUID', method: 'post', path: () => '/api/auth/register', body: () => registration({ organization: undefined, organizationId: 'abc' }), fields: ['organizationId'] },
    { name: 'register: organizationId of no organisation', method: 'post', path: () => '/api/auth/register', body: () => registration({ organization: undefined, organizationId: UNKNOWN_UUID }), fields: ['organizationId'] },
    { name: 'register: both organizationId and organization', method: 'post', path: () => '/api/auth/register', body: () => registration({ organizationId }), fields: ['organizationId'] },
    { name: 'register: neither organizationId nor organization', method: 'post', path: () => '/api/auth/register', body: () => registration({ organization: undefined }), fields: ['organizationId'] },
    // sign-in and password reset
    { name: 'login: bad email', method: 'post', path: () => '/api/auth/login', body: () => ({ email: 'nobody', password: 'whatever it is' }), fields: ['email'] },
    { name: 'login: no password', method: 'post', path: () => '/api/auth/login', body: () => ({ email: 'someone@example.org' }), fields: ['password'] },
    { name: 'refresh: token of the wrong type', method: 'post', path: () => '/api/auth/refresh', body: () => ({ refreshToken: 12345 }), fields: ['refreshToken'] },
    { name: 'password reset: bad email', method: 'post', path: () => '/api/auth/password-reset', body: () => ({ email: 'nobody@' }), fields: ['email'] },
    { name: 'password reset confirm: weak password', method: 'post', path: () => '/api/auth/password-reset/confirm', body: () => ({ token: 'x'.repeat(40), password: 'too short' }), fields: ['password'] },
    // own account
    { name: 'me: cannot grant oneself roles', method: 'patch', path: () => '/api/me', as: () => holder, body: () => ({ roles: ['admin'] }), fields: ['roles'] },
    { name: 'me: cannot change one’s email or activity', method: 'patch', path: () => '/api/me', as: () => holder, body: () => ({ email: 'new@example.org', active: true }), fields: ['email', 'active'] },
    { name: 'me: unknown language', method: 'patch', path: () => '/api/me', as: () => holder, body: () => ({ language: 'klingon' }), fields: ['language'] },
    { name: 'me/password: weak new password', method: 'post', path: () => '/api/me/password', as: () => holder, body: () => ({ currentPassword: 'anything at all', newPassword: 'short' }), fields: ['newPassword'] },
    // accounts made by the secretariat
    { name: 'users: unknown role', method: 'post', path: () => '/api/users', as: () => secretariat, body: () => ({ email: 'r1@example.org', name: 'R', roles: ['superuser'] }), fields: ['roles'] },
    { name: 'users: no role', method: 'post', path: () => '/api/users', as: () => secretariat, body: () => ({ email: 'r2@example.org', name: 'R', roles: [] }), fields: ['roles'] },
    { name: 'users: roles of the wrong type', method: 'post', path: () => '/api/users', as: () => secretariat, body: () => ({ email: 'r3@example.org', name: 'R', roles: 'reviewer' }), fields: ['roles'] },
    { name: 'users: bad email', method: 'post', path: () => '/api/users', as: () => secretariat, body: () => ({ email: 'r4@', name: 'R', roles: ['reviewer'] }), fields: ['email'] },
    { name: 'users: weak password', method: 'post', path: () => '/api/users', as: () => secretariat, body: () => ({ email: 'r5@example.org', name: 'R', roles: ['reviewer'], password: 'password1' }), fields: ['password'] },
    { name: 'users: unknown field', method: 'post', path: () => '/api/users', as: () => secretariat, body: () => ({ email: 'r6@example.org', name: 'R', roles: ['reviewer'], active: false }), fields: ['active'] },
    { name: 'users: organisation that does not exist', method: 'post', path: () => '/api/users', as: () => secretariat, body: () => ({ email: 'r7@example.org', name: 'R', roles: ['reviewer'], organizationId: UNKNOWN_UUID }), fields: ['organizationId'] },
    { name: 'users/:id: id not a UUID', method: 'get', path: () => '/api/users/42', as: () => secretariat, fields: ['id'] },
    { name: 'users/:id: unknown role', method: 'patch', path: () => `/api/users/${holder.id}`, as: () => secretariat, body: () => ({ roles: ['root'] }), fields: ['roles'] },
    { name: 'users/:id: active of the wrong type', method: 'patch', path: () => `/api/users/${holder.id}`, as: () => secretariat, body: () => ({ active: 'no' }), fields: ['active'] },
    { name: 'users/:id: organisation that does not exist', method: 'patch', path: () => `/api/users/${holder.id}`, as: () => secretariat, body: () => ({ organizationId: UNKNOWN_UUID }), fields: ['organizationId'] },
    { name: 'users list: limit 0', method: 'get', path: () => '/api/users', as: () => secretariat, query: { limit: '0' }, fields: ['limit'] },
    { name: 'users list: limit 101', method: 'get', path: () => '/api/users', as: () => secretariat, query: { limit: '101' }, fields: ['limit'] },
    { name: 'users list: unknown role', method: 'get', path: () => '/api/users', as: () => secretariat, query: { role: 'root' }, fields: ['role'] },
    { name: 'users list: active not a boolean', method: 'get', path: () => '/api/users', as: () => secretariat, query: { active: 'maybe' }, fields: ['active'] },
    { name: 'users list: a cursor the API never gave', method: 'get', path: () => '/api/users', as: () => secretariat, query: { cursor: 'bm90IGEgY3Vyc29y' }, fields: ['cursor'] },
    // organisations
    { name: 'organisations: unknown country code', method: 'post', path: () => '/api/organizations', as: () => secretariat, body: () => ({ name: 'Agro Institute', country: 'XX', college: 'SCI' }), fields: ['country'] },
    { name: 'organisations: country of the wrong type', method: 'post', path: () => '/api/organizations', as: () => secretariat, body: () => ({ name: 'Agro Institute', country: 33, college: 'SCI' }), fields: ['country'] },
    { name: 'organisations: unknown region', method: 'post', path: () => '/api/organizations', as: () => secretariat, body: () => ({ name: 'Agro Institute', country: 'FR', college: 'SCI', region: 'atlantis' }), fields: ['region'] },
    { name: 'organisations: name too short', method: 'post', path: () => '/api/organizations', as: () => secretariat, body: () => ({ name: ' A ', country: 'FR', college: 'SCI' }), fields: ['name'] },
    { name: 'organisations: verified not a boolean', method: 'post', path: () => '/api/organizations', as: () => secretariat, body: () => ({ name: 'Agro Institute', country: 'FR', college: 'SCI', verified: 'yes' }), fields: ['verified'] },
    { name: 'organisations/:id: unknown country code', method: 'patch', path: () => `/api/organizations/${organizationId}`, as: () => secretariat, body: () => ({ country: 'UK' }), fields: ['country'] },
    { name: 'organisations list: unknown country code', method: 'get', path: () => '/api/organizations', as: () => holder, query: { country: 'XX' }, fields: ['country'] },
  ];

  it.each(cases)('$name: 400 naming the field, nothing written', async ({ method, path, as, body, query, fields }) => {
    const before = await rowCounts(engine);
    let call = request(engine.url)[method](path());
    if (as) call = call.set('authorization', as().bearer);
    if (query) call = call.query(query);
    const res = body ? await call.send(body()) : await call;
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(invalidFields(res).sort()).toEqual([...fields].sort());
    expect(await rowCounts(engine)).toEqual(before);
  });

  it('the smallest valid password (12 characters) is accepted', async () => {
    const res = await request(engine.url).post('/api/auth/register').send(registration({ password: 'twelve chars' }));
    expect(res.status).toBe(201);
  });

  describe('duplicates', () => {
    it('registering an email already taken, in another case, is a 409 and proposes no organisation', async () => {
      const existing = await createAccount(engine, { roles: ['reviewer'] });
      const before = await rowCounts(engine);
      const res = await request(engine.url).post('/api/auth/register').send(registration({ email: existing.email.toUpperCase() }));
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'DUPLICATE' });
      // the organisation it proposed was rolled back with the account
      expect(await rowCounts(engine)).toEqual(before);
    });

    it('creating an account with an email already taken, in another case, is a 409', async () => {
      const existing = await createAccount(engine, { roles: ['holder'] });
      const before = await rowCounts(engine);
      const res = await request(engine.url)
        .post('/api/users')
        .set('authorization', secretariat.bearer)
        .send({ email: `  ${existing.email.replace(/^./, (c) => c.toUpperCase())} `, name: 'Again', roles: ['reviewer'] });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'DUPLICATE' });
      // no invitation for it either
      expect(await rowCounts(engine)).toEqual(before);
    });
  });

  it('an email is stored trimmed and in lower case, and signs in whatever its case', async () => {
    const res = await request(engine.url).post('/api/auth/register').send(registration({ email: '  Ngozi.Okafor@Example.ORG ' }));
    expect(res.status).toBe(201);
    expect(res.body.user.email).toBe('ngozi.okafor@example.org');
    const login = await request(engine.url).post('/api/auth/login').send({ email: 'NGOZI.okafor@example.org', password: 'healthy soils feed the world' });
    expect(login.status).toBe(200);
  });
});
