import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createAccount, createOrganization, signIn, TEST_PASSWORD, TestAccount } from '../helpers/accounts';
import { allPages } from '../helpers/identity';
import { startTestEngine, TEST_ADMIN_PASSWORD, TestEngine } from '../helpers/test-engine';

interface UserItem {
  id: string;
  email: string;
  name: string;
  roles: string[];
  active: boolean;
  organizationId: string | null;
  createdAt: string;
}

describe('identity: user accounts (e2e)', () => {
  let engine: TestEngine;
  let secretariat: TestAccount;
  let admin: TestAccount;

  beforeAll(async () => {
    engine = await startTestEngine();
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
    admin = await createAccount(engine, { roles: ['admin'] });
  });
  afterAll(() => engine?.close());

  /** An account created through the API (so each one is its own request and transaction). */
  async function createUser(as: TestAccount, body: Record<string, unknown>): Promise<UserItem> {
    const res = await request(engine.url).post('/api/users').set('authorization', as.bearer).send({ password: TEST_PASSWORD, ...body });
    if (res.status !== 201) throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as UserItem;
  }

  describe('list', () => {
    it('pages with a cursor: no duplicates, no gaps, newest first, stable when accounts are added meanwhile', async () => {
      const marker = `pager${randomBytes(3).toString('hex')}`;
      const created: UserItem[] = [];
      for (let i = 0; i < 7; i++) created.push(await createUser(secretariat, { email: `${marker}-${i}@example.org`, name: `Reviewer ${i}`, roles: ['reviewer'] }));
      const newestFirst = created.map((user) => user.id).reverse();

      const pages = await allPages<UserItem>(engine, '/api/users', secretariat.bearer, { q: marker, limit: 3 });
      expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
      expect(pages.flat().map((user) => user.id)).toEqual(newestFirst);

      // an account created between two pages does not shift the pages after the first
      const first = await request(engine.url).get('/api/users').query({ q: marker, limit: 3 }).set('authorization', secretariat.bearer).expect(200);
      const late = await createUser(secretariat, { email: `${marker}-late@example.org`, name: 'Late Reviewer', roles: ['reviewer'] });
      const rest = await allPages<UserItem>(engine, '/api/users', secretariat.bearer, { q: marker, limit: 3, cursor: first.body.nextCursor as string });
      expect([...first.body.items, ...rest.flat()].map((user: UserItem) => user.id)).toEqual(newestFirst);
      // and it is at the top of a new listing
      const again = await request(engine.url).get('/api/users').query({ q: marker, limit: 3 }).set('authorization', secretariat.bearer).expect(200);
      expect(again.body.items[0].id).toBe(late.id);
    });

    it('filters by role, activity, organisation, and part of the name or email (case-insensitive)', async () => {
      const marker = `filter${randomBytes(3).toString('hex')}`;
      const organization = await createOrganization(engine);
      const reviewer = await createUser(secretariat, { email: `${marker}-r@example.org`, name: 'Amadou Reviewer', roles: ['reviewer'] });
      const staff = await createUser(secretariat, { email: `${marker}-s@example.org`, name: 'Inès Staff', roles: ['secretariat'] });
      const member = await createUser(secretariat, { email: `${marker}-h@example.org`, name: 'Holder Member', roles: ['holder'], organizationId: organization.id });
      const gone = await createUser(secretariat, { email: `${marker}-g@example.org`, name: 'Gone Reviewer', roles: ['reviewer'] });
      await request(engine.url).patch(`/api/users/${gone.id}`).set('authorization', secretariat.bearer).send({ active: false }).expect(200);

      const ids = async (query: Record<string, string | number | boolean>) =>
        (await allPages<UserItem>(engine, '/api/users', secretariat.bearer, { limit: 100, ...query })).flat().map((user) => user.id).sort();

      expect(await ids({ q: marker, role: 'reviewer' })).toEqual([reviewer.id, gone.id].sort());
      expect(await ids({ q: marker, role: 'reviewer', active: true })).toEqual([reviewer.id]);
      expect(await ids({ q: marker, active: false })).toEqual([gone.id]);
      expect(await ids({ organizationId: organization.id })).toEqual([member.id]);
      expect(await ids({ q: marker.toUpperCase() })).toEqual([reviewer.id, staff.id, member.id, gone.id].sort());
      expect(await ids({ q: `${marker}-S@` })).toEqual([staff.id]);
      // by name, too; and LIKE wildcards are taken literally
      expect((await ids({ q: 'amadou reviewer' })).includes(reviewer.id)).toBe(true);
      expect(await ids({ q: `${marker}%` })).toEqual([]);
      expect(await ids({ q: `${marker.slice(0, -1)}_` })).toEqual([]);
    });

    it('answers 404 for an account that does not exist', async () => {
      const res = await request(engine.url).get('/api/users/00000000-0000-4000-8000-000000000000').set('authorization', secretariat.bearer);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    });
  });

  describe('who may manage administrators', () => {
    it('the secretariat cannot create an administrator; an administrator can', async () => {
      const before = await request(engine.url).get('/api/users').query({ role: 'admin', limit: 100 }).set('authorization', admin.bearer).expect(200);
      for (const roles of [['admin'], ['secretariat', 'admin']]) {
        const res = await request(engine.url)
          .post('/api/users')
          .set('authorization', secretariat.bearer)
          .send({ email: `would-be-admin-${randomBytes(3).toString('hex')}@example.org`, name: 'Would-be', roles });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
      }
      const after = await request(engine.url).get('/api/users').query({ role: 'admin', limit: 100 }).set('authorization', admin.bearer).expect(200);
      expect(after.body.items).toHaveLength(before.body.items.length);

      const created = await createUser(admin, { email: `new-admin-${randomBytes(3).toString('hex')}@example.org`, name: 'New Admin', roles: ['admin'] });
      const pair = await signIn(engine, created.email, TEST_PASSWORD);
      await request(engine.url).get('/api/security-events').set('authorization', `Bearer ${pair.accessToken}`).expect(200);
    });

    it('the secretariat cannot grant, remove, or deactivate the admin role; it manages other accounts', async () => {
      const otherAdmin = await createAccount(engine, { roles: ['admin', 'secretariat'] });
      const reviewer = await createAccount(engine, { roles: ['reviewer'] });
      const patch = (id: string, body: Record<string, unknown>) => request(engine.url).patch(`/api/users/${id}`).set('authorization', secretariat.bearer).send(body);

      for (const [id, body] of [
        [reviewer.id, { roles: ['reviewer', 'admin'] }],
        [secretariat.id, { roles: ['secretariat', 'admin'] }],
        [otherAdmin.id, { roles: ['secretariat'] }],
        [otherAdmin.id, { active: false }],
      ] as const) {
        const res = await patch(id, body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 403, code: 'FORBIDDEN' });
      }
      const unchanged = await request(engine.url).get(`/api/users/${otherAdmin.id}`).set('authorization', secretariat.bearer).expect(200);
      expect(unchanged.body).toMatchObject({ roles: ['admin', 'secretariat'], active: true });
      expect((await request(engine.url).get(`/api/users/${reviewer.id}`).set('authorization', secretariat.bearer)).body.roles).toEqual(['reviewer']);

      const promoted = await patch(reviewer.id, { roles: ['reviewer', 'secretariat'], reason: 'joins the team' });
      expect(promoted.status).toBe(200);
      expect(promoted.body.roles).toEqual(['reviewer', 'secretariat']);
      expect((await patch(reviewer.id, { active: false })).body.active).toBe(false);
    });
  });
});

describe('identity: the last administrator (e2e)', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  const activeAdmins = () => engine.dataSource.query<Array<{ id: string }>>(`SELECT id FROM user_account WHERE 'admin' = ANY(roles) AND active`);

  it('cannot lose the admin role nor be deactivated', async () => {
    const first = await signIn(engine, 'admin@fasp.local', TEST_ADMIN_PASSWORD);
    const bearer = `Bearer ${first.accessToken}`;
    const me = (await request(engine.url).get('/api/me').set('authorization', bearer).expect(200)).body as UserItem;
    expect(await activeAdmins()).toEqual([{ id: me.id }]);

    for (const body of [{ roles: ['secretariat'] }, { active: false }, { roles: ['reviewer'], active: false }]) {
      const res = await request(engine.url).patch(`/api/users/${me.id}`).set('authorization', bearer).send(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 409, code: 'CONFLICT' });
    }
    expect((await request(engine.url).get('/api/me').set('authorization', bearer).expect(200)).body).toMatchObject({ roles: ['admin', 'secretariat'], active: true });

    // with a second administrator, the first can go; then the second is the last one
    const second = await request(engine.url)
      .post('/api/users')
      .set('authorization', bearer)
      .send({ email: 'second-admin@example.org', name: 'Second', roles: ['admin'], password: TEST_PASSWORD })
      .expect(201);
    const secondBearer = `Bearer ${(await signIn(engine, 'second-admin@example.org', TEST_PASSWORD)).accessToken}`;
    await request(engine.url).patch(`/api/users/${me.id}`).set('authorization', secondBearer).send({ active: false }).expect(200);
    const res = await request(engine.url).patch(`/api/users/${second.body.id}`).set('authorization', secondBearer).send({ roles: ['secretariat'] });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'CONFLICT' });
    expect(await activeAdmins()).toEqual([{ id: second.body.id }]);
  });

  it('two administrators removing each other at the same moment leave one administrator', async () => {
    const one = await createAccount(engine, { roles: ['admin'] });
    const two = await createAccount(engine, { roles: ['admin'] });
    // deactivate every other administrator first, so that these two are the only ones
    for (const { id } of await activeAdmins()) {
      if (id !== one.id && id !== two.id) await request(engine.url).patch(`/api/users/${id}`).set('authorization', one.bearer).send({ active: false }).expect(200);
    }
    expect((await activeAdmins()).map(({ id }) => id).sort()).toEqual([one.id, two.id].sort());

    const answers = await Promise.all([
      request(engine.url).patch(`/api/users/${two.id}`).set('authorization', one.bearer).send({ roles: ['secretariat'] }),
      request(engine.url).patch(`/api/users/${one.id}`).set('authorization', two.bearer).send({ active: false }),
    ]);
    expect(answers.filter((res) => res.status === 200)).toHaveLength(1);
    // the other was refused: as the last admin (409) or because its caller had just lost the right (401/403)
    expect([401, 403, 409]).toContain(answers.find((res) => res.status !== 200)?.status);
    expect(await activeAdmins()).toHaveLength(1);
  });
});
