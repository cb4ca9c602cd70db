import request from 'supertest';
import { createAccount, createHolder, createOrganization, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { createCompleteDraft, createSubmittedProject, EngineWithUploads, startEngineWithUploads } from '../helpers/projects';

interface Summary {
  id: string;
  faspId: string | null;
  callId: string;
  title: string;
  language: string;
  stage: string;
  region: string;
  college: string;
  organizationId: string;
  createdAt: string;
}

/**
 * GET /api/projects through real HTTP: each role sees its own scope (a holder their
 * organisation's once their membership is confirmed, else only what they created; staff all;
 * reviewers what they are assigned), filters narrow that scope and never widen it, and the
 * cursor walks it newest first without a duplicate or a gap.
 */
describe('listing projects (e2e)', () => {
  let engine: EngineWithUploads;
  let secretariat: TestAccount;
  let admin: TestAccount;
  let reviewer: TestAccount;
  let senegal: TestAccount; // africa, NGO
  let senegalColleague: TestAccount; // confirmed member of the same organisation
  let senegalNewcomer: TestAccount; // membership not confirmed yet
  let france: TestAccount; // europe, SCI
  let callA: string;
  let callB: string;
  const ids: Record<string, string> = {};
  const faspIds: Record<string, string> = {};

  beforeAll(async () => {
    engine = await startEngineWithUploads();
    const [africanNgo, europeanLab] = await Promise.all([
      createOrganization(engine, { country: 'SN', region: 'africa', college: 'NGO' }),
      createOrganization(engine, { country: 'FR', region: 'europe', college: 'SCI' }),
    ]);
    [secretariat, admin, reviewer, senegal, senegalColleague, senegalNewcomer, france] = await Promise.all([
      createAccount(engine, { roles: ['secretariat'] }),
      createAccount(engine, { roles: ['admin'] }),
      createAccount(engine, { roles: ['reviewer'] }),
      createHolder(engine, { organizationId: africanNgo.id }),
      createHolder(engine, { organizationId: africanNgo.id }),
      createAccount(engine, { roles: ['holder'], organizationId: africanNgo.id, membershipConfirmed: false }),
      createHolder(engine, { organizationId: europeanLab.id, language: 'fr' }),
    ]);
    [callA, callB] = await Promise.all([createOpenCall(engine).then((call) => call.id), createOpenCall(engine).then((call) => call.id)]);

    // Created one after the other, so that "newest first" has a single right answer.
    const parkland = await createSubmittedProject(engine, senegal, callA, { title: 'Faidherbia parklands restore soil carbon in Kaffrine' });
    ids.parkland = parkland.id;
    faspIds.parkland = parkland.faspId!;
    ids.mangrove = (await createCompleteDraft(engine, senegalColleague, callA, { title: 'Mangrove rice paddies of the Saloum delta', language: 'fr' })).id;
    ids.newcomer = (await createCompleteDraft(engine, senegalNewcomer, callB, { title: 'Compost for market gardens in Thiès' })).id;
    const vineyard = await createSubmittedProject(engine, france, callA, { title: 'Cover crops between vineyard rows in Occitanie', language: 'fr' });
    ids.vineyard = vineyard.id;
    faspIds.vineyard = vineyard.faspId!;
    ids.biochar = (await createCompleteDraft(engine, france, callB, { title: 'Biochar trials on soil carbon in Beauce', language: 'en' })).id;
  });
  afterAll(() => engine?.close());

  const byName = (found: Summary[]) => found.map((item) => Object.keys(ids).find((name) => ids[name] === item.id) ?? item.id);

  /** Every project the account can list with this query, following the cursor; checks each page. */
  async function listAll(account: TestAccount, query: Record<string, string | number> = {}, limit = 2): Promise<Summary[]> {
    const items: Summary[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res: request.Response = await request(engine.url)
        .get('/api/projects')
        .query({ ...query, limit, ...(cursor && { cursor }) })
        .set('authorization', account.bearer);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) return items;
      expect(res.body.items).toHaveLength(limit);
    }
    throw new Error('the cursor never ended');
  }

  describe('scope by role', () => {
    it('staff see every project, newest first', async () => {
      for (const account of [secretariat, admin]) {
        expect(byName(await listAll(account))).toEqual(['biochar', 'vineyard', 'newcomer', 'mangrove', 'parkland']);
      }
    });

    it("a confirmed holder sees the organisation's projects, whoever created them", async () => {
      expect(byName(await listAll(senegal))).toEqual(['newcomer', 'mangrove', 'parkland']);
      expect(byName(await listAll(senegalColleague))).toEqual(['newcomer', 'mangrove', 'parkland']);
      expect(byName(await listAll(france))).toEqual(['biochar', 'vineyard']);
    });

    it('a holder whose membership is not confirmed sees only the projects they created', async () => {
      expect(byName(await listAll(senegalNewcomer))).toEqual(['newcomer']);
      expect((await request(engine.url).get(`/api/projects/${ids.parkland}`).set('authorization', senegalNewcomer.bearer)).status).toBe(404);
      expect((await request(engine.url).get(`/api/projects/${ids.newcomer}`).set('authorization', senegalNewcomer.bearer)).status).toBe(200);
    });

    it('once the membership is confirmed, the whole organisation becomes visible; unconfirmed again, it is gone', async () => {
      const member = await createAccount(engine, { roles: ['holder'], organizationId: senegal.organizationId, membershipConfirmed: false });
      expect(await listAll(member)).toEqual([]);
      await engine.dataSource.query(`UPDATE user_account SET membership_confirmed = true WHERE id = $1`, [member.id]);
      expect(byName(await listAll(member))).toEqual(['newcomer', 'mangrove', 'parkland']);
      await engine.dataSource.query(`UPDATE user_account SET membership_confirmed = false WHERE id = $1`, [member.id]);
      expect(await listAll(member)).toEqual([]);
    });

    it('a reviewer without assignments sees nothing; nobody signed out sees anything', async () => {
      expect(await listAll(reviewer)).toEqual([]);
      expect((await request(engine.url).get('/api/projects')).status).toBe(401);
    });

    it('summaries carry the fields the pipeline filters on', async () => {
      const [parkland] = await listAll(secretariat, { q: faspIds.parkland });
      expect(parkland).toMatchObject({ id: ids.parkland, faspId: faspIds.parkland, callId: callA, stage: 'submitted', region: 'africa', college: 'NGO', language: 'en', organizationId: senegal.organizationId });
      expect(parkland).not.toHaveProperty('dossier');
      expect(parkland).not.toHaveProperty('statements');
    });
  });

  describe('filters', () => {
    it.each<[string, Record<string, string>, string[]]>([
      ['callId', { callId: 'A' }, ['vineyard', 'mangrove', 'parkland']],
      ['stage', { stage: 'submitted' }, ['vineyard', 'parkland']],
      ['stage with no project', { stage: 'published' }, []],
      ['region', { region: 'europe' }, ['biochar', 'vineyard']],
      ['college', { college: 'NGO' }, ['newcomer', 'mangrove', 'parkland']],
      ['language', { language: 'fr' }, ['vineyard', 'mangrove']],
      ['a title word, any case', { q: 'CARBON' }, ['biochar', 'parkland']],
      ['several title words (all must match)', { q: 'soil carbon Beauce' }, ['biochar']],
      ['a title word with accents', { q: 'thiès' }, ['newcomer']],
      ['a word in no title', { q: 'permafrost' }, []],
      ['only the start of a word', { q: 'vine' }, []],
      ['combined filters', { callId: 'A', language: 'fr', stage: 'draft' }, ['mangrove']],
    ])('%s', async (_what, query, expected) => {
      const resolved = { ...query, ...(query.callId && { callId: query.callId === 'A' ? callA : callB }) };
      expect(byName(await listAll(secretariat, resolved))).toEqual(expected);
    });

    it('a FASP id finds its project, whatever the case; an unknown one finds nothing', async () => {
      expect(byName(await listAll(secretariat, { q: faspIds.vineyard }))).toEqual(['vineyard']);
      expect(byName(await listAll(secretariat, { q: faspIds.parkland.toLowerCase() }))).toEqual(['parkland']);
      expect(await listAll(secretariat, { q: faspIds.parkland.replace(/\d{4}$/, '9999') })).toEqual([]);
    });

    it("filters narrow a holder's scope and never widen it", async () => {
      expect(await listAll(france, { region: 'africa' })).toEqual([]);
      expect(await listAll(france, { q: faspIds.parkland })).toEqual([]);
      expect(byName(await listAll(senegal, { q: 'carbon' }))).toEqual(['parkland']);
      expect(byName(await listAll(senegalNewcomer, { callId: callA }))).toEqual([]);
    });

    it.each([
      ['an unknown stage', { stage: 'approved' }, 'stage'],
      ['an unknown region', { region: 'oceania_and_mars' }, 'region'],
      ['an unknown college', { college: 'NONE' }, 'college'],
      ['an unknown language', { language: 'de' }, 'language'],
      ['a callId that is no UUID', { callId: 'FASP-2026' }, 'callId'],
      ['a limit of 0', { limit: '0' }, 'limit'],
      ['a limit over 100', { limit: '101' }, 'limit'],
      ['a cursor the API never gave', { cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
      ['an unknown parameter', { sort: 'title' }, 'sort'],
    ])('refuses %s with 400 on that parameter', async (_what, query, field) => {
      const res = await request(engine.url).get('/api/projects').query(query).set('authorization', secretariat.bearer);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    });
  });

  describe('cursor', () => {
    it('pages of any size give the same list, newest first, without duplicates', async () => {
      const everything = await listAll(secretariat, {}, 100);
      expect(everything).toHaveLength(5);
      const times = everything.map((item) => Date.parse(item.createdAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      for (const limit of [1, 2, 3, 4, 5]) {
        expect((await listAll(secretariat, {}, limit)).map((item) => item.id)).toEqual(everything.map((item) => item.id));
      }
      const firstPage = await request(engine.url).get('/api/projects?limit=5').set('authorization', secretariat.bearer).expect(200);
      expect(firstPage.body.nextCursor).toBeNull();
    });

    it('a cursor stays valid when projects are created meanwhile: the next page continues where the last ended', async () => {
      const first = await request(engine.url).get('/api/projects?limit=2').set('authorization', secretariat.bearer).expect(200);
      expect(byName(first.body.items)).toEqual(['biochar', 'vineyard']);
      const newer = await createCompleteDraft(engine, france, callB, { title: 'A project created between two pages' });
      const rest = await request(engine.url).get('/api/projects').query({ limit: 10, cursor: first.body.nextCursor }).set('authorization', secretariat.bearer).expect(200);
      expect(byName(rest.body.items)).toEqual(['newcomer', 'mangrove', 'parkland']);
      expect(rest.body.nextCursor).toBeNull();
      ids.newer = newer.id;
      expect(byName(await listAll(secretariat, {}, 3))).toEqual(['newer', 'biochar', 'vineyard', 'newcomer', 'mangrove', 'parkland']);
    });

    it('the cursor works with filters; without a limit, a short list comes in one page', async () => {
      expect(byName(await listAll(senegal, { callId: callA }, 1))).toEqual(['mangrove', 'parkland']);
      const res = await request(engine.url).get('/api/projects').set('authorization', secretariat.bearer).expect(200);
      expect(res.body.items.length).toBe(6);
      expect(res.body.nextCursor).toBeNull();
    });
  });
});
