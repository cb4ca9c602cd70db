import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createAccount, createHolder, createOrganization, TestAccount } from '../helpers/accounts';
import { allPages, rowCounts } from '../helpers/identity';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

interface OrganizationItem {
  id: string;
  name: string;
  country: string;
  region: string;
  college: string;
  membership: string | null;
  verified: boolean;
}

/** Organisations: uniqueness of a name within a country, regions, proposals at registration, the directory. */
describe('identity: organisations (e2e)', () => {
  let engine: TestEngine;
  let secretariat: TestAccount;

  beforeAll(async () => {
    engine = await startTestEngine();
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
  });
  afterAll(() => engine?.close());

  const unique = () => randomBytes(3).toString('hex');
  const create = (body: Record<string, unknown>) => request(engine.url).post('/api/organizations').set('authorization', secretariat.bearer).send(body);
  const patch = (id: string, body: Record<string, unknown>) => request(engine.url).patch(`/api/organizations/${id}`).set('authorization', secretariat.bearer).send(body);
  const register = (body: Record<string, unknown>) =>
    request(engine.url)
      .post('/api/auth/register')
      .send({ email: `holder-${unique()}@example.org`, password: 'regenerative agriculture', name: 'Holder', ...body });

  describe('names', () => {
    it('a name already used in the country is a 409, whatever its accents, case or spacing; another country is fine', async () => {
      const tag = unique();
      const name = `Réseau Sahélien des Sols ${tag}`;
      expect((await create({ name, country: 'SN', college: 'NGO' })).status).toBe(201);
      const before = await rowCounts(engine, ['organization']);
      for (const variant of [name, `  reseau   sahelien DES sols ${tag} `, `RÉSEAU SAHÉLIEN DES SOLS ${tag}`]) {
        const res = await create({ name: variant, country: 'sn', college: 'SCI' });
        expect({ variant, status: res.status, code: res.body.code }).toEqual({ variant, status: 409, code: 'DUPLICATE' });
      }
      expect(await rowCounts(engine, ['organization'])).toEqual(before);
      const elsewhere = await create({ name, country: 'ML', college: 'NGO' });
      expect(elsewhere.status).toBe(201);
    });

    it('renaming onto another organisation’s name in the country is a 409; a new spelling of its own name is fine', async () => {
      const tag = unique();
      const taken = await createOrganization(engine, { name: `Terres Vivantes ${tag}`, country: 'FR', region: 'europe' });
      const mine = await createOrganization(engine, { name: `Sols Vivants ${tag}`, country: 'FR', region: 'europe' });
      const clash = await patch(mine.id, { name: `terres vivantes ${tag}` });
      expect({ status: clash.status, code: clash.body.code }).toEqual({ status: 409, code: 'DUPLICATE' });
      // moving to a country where the other name is taken clashes too
      const abroad = await createOrganization(engine, { name: `Terres Vivantes ${tag}`, country: 'BE', region: 'europe' });
      expect((await patch(abroad.id, { country: 'FR' })).status).toBe(409);
      const respelled = await patch(mine.id, { name: `SOLS VIVANTS ${tag}` });
      expect(respelled.status).toBe(200);
      expect(respelled.body.name).toBe(`SOLS VIVANTS ${tag}`);
      expect((await request(engine.url).get(`/api/organizations/${taken.id}`).set('authorization', secretariat.bearer)).body.name).toBe(`Terres Vivantes ${tag}`);
    });
  });

  describe('regions', () => {
    it('derives the region from the country unless one is given', async () => {
      const cases: Array<[string, string]> = [
        ['sn', 'africa'],
        ['FR', 'europe'],
        ['BR', 'latin_america_caribbean'],
        ['IN', 'asia_pacific'],
        ['US', 'north_america'],
      ];
      for (const [country, region] of cases) {
        const res = await create({ name: `Soil Org ${unique()}`, country, college: 'SCI' });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ country: country.toUpperCase(), region, verified: true });
      }
      const given = await create({ name: `Overseas Soils ${unique()}`, country: 'FR', college: 'GOV', region: 'latin_america_caribbean' });
      expect(given.body.region).toBe('latin_america_caribbean');
    });

    it('derives it again when the country changes, unless a region is given with it', async () => {
      const organization = (await create({ name: `Moving Soils ${unique()}`, country: 'FR', college: 'BUS' })).body as OrganizationItem;
      const moved = await patch(organization.id, { country: 'mx' });
      expect(moved.body).toMatchObject({ country: 'MX', region: 'latin_america_caribbean' });
      const both = await patch(organization.id, { country: 'CA', region: 'europe' });
      expect(both.body).toMatchObject({ country: 'CA', region: 'europe' });
      const renamed = await patch(organization.id, { name: `Moved Soils ${unique()}` });
      expect(renamed.body.region).toBe('europe');
    });
  });

  describe('registration', () => {
    it('for a known organisation: the membership waits for confirmation', async () => {
      const organization = await createOrganization(engine, { verified: true });
      const res = await register({ organizationId: organization.id });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ roles: ['holder'], organizationId: organization.id, membershipConfirmed: false });
      expect(res.body.organization).toMatchObject({ id: organization.id, verified: true });
    });

    it('proposing a new organisation creates it unverified, region derived, the proposer confirmed as its member', async () => {
      const before = await rowCounts(engine, ['organization']);
      const res = await register({ organization: { name: `Ferme École ${unique()}`, country: 'bf', college: 'PROD' } });
      expect(res.status).toBe(201);
      expect(res.body.organization).toMatchObject({ country: 'BF', region: 'africa', college: 'PROD', verified: false, membership: null });
      expect(res.body.user).toMatchObject({ organizationId: res.body.organization.id, membershipConfirmed: true });
      expect(await rowCounts(engine, ['organization'])).toEqual({ organization: before.organization + 1 });
    });

    it('proposing a name that exists in the country attaches to it, unconfirmed, creating nothing', async () => {
      const tag = unique();
      const existing = await createOrganization(engine, { name: `Coopérative Agricole ${tag}`, country: 'CI', region: 'africa', verified: false });
      const before = await rowCounts(engine, ['organization']);
      const res = await register({ organization: { name: ` cooperative   AGRICOLE ${tag}`, country: 'ci', college: 'PROD' } });
      expect(res.status).toBe(201);
      expect(res.body.organization.id).toBe(existing.id);
      expect(res.body.organization.name).toBe(`Coopérative Agricole ${tag}`);
      expect(res.body.user).toMatchObject({ organizationId: existing.id, membershipConfirmed: false });
      expect(await rowCounts(engine, ['organization'])).toEqual(before);

      // the same name in another country is another organisation
      const abroad = await register({ organization: { name: `Coopérative Agricole ${tag}`, country: 'GH', college: 'PROD' } });
      expect(abroad.body.organization.id).not.toBe(existing.id);
      expect(abroad.body.user.membershipConfirmed).toBe(true);
    });
  });

  describe('directory', () => {
    it('filters by country, region, college, verification and part of the name (accents ignored)', async () => {
      const tag = unique();
      const a = await createOrganization(engine, { name: `Société des Sols ${tag}`, country: 'SN', region: 'africa', college: 'SCI' });
      const b = await createOrganization(engine, { name: `Sociedad de Suelos ${tag}`, country: 'PE', region: 'latin_america_caribbean', college: 'NGO' });
      const c = await createOrganization(engine, { name: `Soil Society ${tag}`, country: 'SN', region: 'africa', college: 'NGO', verified: false });
      const ids = async (query: Record<string, string | boolean>, bearer = secretariat.bearer) =>
        (await allPages<OrganizationItem>(engine, '/api/organizations', bearer, { limit: 100, q: tag, ...query })).flat().map((o) => o.id).sort();

      expect(await ids({})).toEqual([a.id, b.id, c.id].sort());
      expect(await ids({ country: 'sn' })).toEqual([a.id, c.id].sort());
      expect(await ids({ region: 'latin_america_caribbean' })).toEqual([b.id]);
      expect(await ids({ college: 'NGO' })).toEqual([b.id, c.id].sort());
      expect(await ids({ verified: false })).toEqual([c.id]);
      expect(await ids({ q: `SOCIETE DES SOLS ${tag}` })).toEqual([a.id]);

      // a holder's directory: verified organisations and their own
      const holder = await createHolder(engine);
      expect(await ids({}, holder.bearer)).toEqual([a.id, b.id].sort());
      expect(await ids({ verified: false }, holder.bearer)).toEqual([]);
      const member = await createHolder(engine, { organizationId: c.id });
      expect(await ids({}, member.bearer)).toEqual([a.id, b.id, c.id].sort());
    });
  });
});
