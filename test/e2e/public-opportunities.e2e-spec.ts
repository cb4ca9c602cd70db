import request from 'supertest';
import { PublicService } from '../../src/modules/public/public.service';
import { createOrganization } from '../helpers/accounts';
import { EngineWithUploads, startEngineWithUploads } from '../helpers/projects';
import { completeRatings, consentAndPublish, createPublishedProject, proposeAndRelease, ReviewSetup, startReview, submitAll } from '../helpers/reviews';
import { waitForQueuesIdle } from '../helpers/test-engine';

interface Opportunity {
  faspId: string;
  title: string;
  region: string;
  countries: string[];
  practices: string[];
  budget?: { amount: number; currency: string } | null;
  fundingSought?: { amount: number; currency: string } | null;
  [key: string]: unknown;
}

/**
 * What anyone may read without signing in: published investment opportunities (public fields
 * only, filtered by region, practice and country, cacheable with an ETag) and the directory of
 * verified organisations.
 */
describe('public opportunities, end to end', () => {
  let engine: EngineWithUploads;
  let sahel: ReviewSetup;
  let beauce: ReviewSetup;
  let cerrado: ReviewSetup;
  let unpublished: ReviewSetup;

  beforeAll(async () => {
    engine = await startEngineWithUploads();
    sahel = await createPublishedProject(engine, {
      organization: { region: 'africa', country: 'SN', name: 'Sahel Soils Cooperative' },
      dossier: { title: 'Parklands of the Groundnut Basin', countries: ['SN'], practices: ['agroforestry', 'organic_amendments'] },
    });
    beauce = await createPublishedProject(engine, {
      organization: { region: 'europe', country: 'FR', name: 'Beauce Living Soils', college: 'PROD' },
      dossier: { title: 'Cover crops on the Beauce plateau', countries: ['FR'], practices: ['cover_crops'], budget: { amount: 420000, currency: 'EUR' }, fundingSought: { amount: 250000, currency: 'EUR' } },
      publishBudget: true,
    });
    cerrado = await createPublishedProject(engine, {
      organization: { region: 'latin_america_caribbean', country: 'BR', name: 'Cerrado Carbon Network' },
      dossier: { title: 'Integrated crop-livestock systems in the Cerrado', countries: ['BR', 'PY'], practices: ['agroforestry', 'crop_livestock_integration'] },
    });
    // positive and completed, but the holder did not consent: not public
    unpublished = await startReview(engine, { organization: { region: 'europe', country: 'DE' }, dossier: { countries: ['DE'], practices: ['cover_crops'] } });
    await submitAll(engine, unpublished.seats, { ratings: completeRatings(3) });
    await proposeAndRelease(engine, unpublished, 'positive');
    await waitForQueuesIdle(engine, 30000);
  });
  afterAll(() => engine?.close());

  const list = async (query: Record<string, string> = {}) => {
    const res = await request(engine.url).get('/api/public/opportunities').query(query).expect(200);
    return res.body as { items: Opportunity[]; nextCursor: string | null };
  };
  const ids = (items: Opportunity[]) => items.map((item) => item.faspId).sort();

  it('lists the published projects only, newest first, without signing in', async () => {
    const page = await list();
    expect(page.items.map((item) => item.faspId)).toEqual([cerrado.project.faspId, beauce.project.faspId, sahel.project.faspId]);
    expect(page.nextCursor).toBeNull();
    const missing = await request(engine.url).get(`/api/public/opportunities/${unpublished.project.faspId}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  });

  it('shows public fields only: no contacts, no internal ids, no reviews, no budget unless the holder chose to show it', async () => {
    const page = await list();
    const body = JSON.stringify(page);
    for (const setup of [sahel, beauce, cerrado]) {
      for (const secret of [setup.holder.email, setup.holder.id, setup.project.id, setup.project.callId, 'aminata.diallo@example.org', 'Aminata Diallo', ...setup.reviewers.flatMap((reviewer) => [reviewer.email, reviewer.id])]) {
        expect({ secret, leaked: body.includes(secret) }).toEqual({ secret, leaked: false });
      }
    }
    for (const item of page.items) {
      for (const key of ['id', 'holderId', 'stage', 'dossier', 'statements', 'team', 'partners', 'beneficiaries', 'monitoringPlan', 'socBaseline', 'consentToPublish', 'publishBudget', 'outcome']) {
        expect(item).not.toHaveProperty(key);
      }
    }
    const byId = new Map(page.items.map((item) => [item.faspId, item]));
    expect(byId.get(sahel.project.faspId!)).not.toHaveProperty('budget');
    expect(byId.get(sahel.project.faspId!)).not.toHaveProperty('fundingSought');
    expect(byId.get(cerrado.project.faspId!)).not.toHaveProperty('budget');
    expect(byId.get(beauce.project.faspId!)).toMatchObject({ budget: { amount: 420000, currency: 'EUR' }, fundingSought: { amount: 250000, currency: 'EUR' } });
    expect(byId.get(sahel.project.faspId!)).toMatchObject({
      title: 'Parklands of the Groundnut Basin',
      organization: { name: 'Sahel Soils Cooperative', country: 'SN' },
      region: 'africa',
      countries: ['SN'],
      practices: ['agroforestry', 'organic_amendments'],
      centroid: [-16.25, 14.15],
      areaHa: 1200,
    });

    const single = await request(engine.url).get(`/api/public/opportunities/${beauce.project.faspId}`).expect(200);
    expect(single.body).toEqual(byId.get(beauce.project.faspId!));
  });

  it('filters by region, practice and country', async () => {
    expect(ids((await list({ region: 'europe' })).items)).toEqual([beauce.project.faspId]);
    expect(ids((await list({ region: 'asia_pacific' })).items)).toEqual([]);
    expect(ids((await list({ practice: 'agroforestry' })).items)).toEqual(ids([sahel, cerrado].map((setup) => ({ faspId: setup.project.faspId! }) as Opportunity)));
    expect(ids((await list({ practice: 'cover_crops' })).items)).toEqual([beauce.project.faspId]);
    expect(ids((await list({ country: 'PY' })).items)).toEqual([cerrado.project.faspId]);
    // country codes are case-insensitive
    expect(ids((await list({ country: 'sn' })).items)).toEqual([sahel.project.faspId]);
    expect(ids((await list({ region: 'africa', practice: 'agroforestry', country: 'SN' })).items)).toEqual([sahel.project.faspId]);
    expect(ids((await list({ region: 'africa', practice: 'cover_crops' })).items)).toEqual([]);

    for (const query of [{ region: 'mars' }, { practice: 'terraforming' }, { country: 'XX' }, { limit: '0' }, { limit: '101' }, { colour: 'green' }]) {
      const res = await request(engine.url).get('/api/public/opportunities').query(query);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
    const badId = await request(engine.url).get('/api/public/opportunities/not-a-fasp-id');
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe('VALIDATION_FAILED');
  });

  it('pages with limit and cursor', async () => {
    const first = await list({ limit: '2' });
    expect(first.items.map((item) => item.faspId)).toEqual([cerrado.project.faspId, beauce.project.faspId]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list({ limit: '2', cursor: first.nextCursor! });
    expect(second.items.map((item) => item.faspId)).toEqual([sahel.project.faspId]);
    expect(second.nextCursor).toBeNull();
  });

  it('searches words in the title, summary, organisation or FASP number, filters by stakeholder group, and counts', async () => {
    expect(ids((await list({ q: 'cerrado' })).items)).toEqual([cerrado.project.faspId]);
    // every word must match, in any of the fields, whatever the case
    expect(ids((await list({ q: 'BEAUCE  cover' })).items)).toEqual([beauce.project.faspId]);
    expect(ids((await list({ q: 'sahel soils' })).items)).toEqual([sahel.project.faspId]);
    expect(ids((await list({ q: sahel.project.faspId! })).items)).toEqual([sahel.project.faspId]);
    expect(ids((await list({ q: 'faidherbia' })).items)).toEqual(ids([sahel, beauce, cerrado].map((setup) => ({ faspId: setup.project.faspId! }) as Opportunity)));
    expect(ids((await list({ q: 'groundnut beauce' })).items)).toEqual([]);
    // LIKE wildcards are plain characters
    expect(ids((await list({ q: '%' })).items)).toEqual([]);
    expect(ids((await list({ q: '_' })).items)).toEqual([]);
    expect(ids((await list({ college: 'PROD' })).items)).toEqual([beauce.project.faspId]);
    expect(ids((await list({ college: 'NGO', practice: 'agroforestry', q: 'groundnut' })).items)).toEqual([sahel.project.faspId]);
    for (const query of [{ college: 'ALIENS' }, { q: 'x'.repeat(101) }]) {
      const res = await request(engine.url).get('/api/public/opportunities').query(query);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }

    const publicService = engine.get(PublicService);
    expect(await publicService.count({})).toBe(3);
    expect(await publicService.count({ limit: 1 })).toBe(3);
    expect(await publicService.count({ practice: 'agroforestry' })).toBe(2);
    expect(await publicService.count({ q: 'cerrado', region: 'latin_america_caribbean' })).toBe(1);
    expect(await publicService.count({ q: 'cerrado', region: 'europe' })).toBe(0);
  });

  it('answers 304 to a matching If-None-Match, and a new publication changes the ETag', async () => {
    const first = await request(engine.url).get('/api/public/opportunities').expect(200);
    const etag = first.headers.etag;
    expect(etag).toEqual(expect.any(String));
    const cached = await request(engine.url).get('/api/public/opportunities').set('if-none-match', etag);
    expect(cached.status).toBe(304);
    expect(cached.text ?? '').toBe('');
    // several tags, one of them ours
    expect((await request(engine.url).get('/api/public/opportunities').set('if-none-match', `W/"other", ${etag}`)).status).toBe(304);
    // another query is another representation
    const filtered = await request(engine.url).get('/api/public/opportunities').query({ region: 'europe' }).expect(200);
    expect(filtered.headers.etag).not.toBe(etag);
    expect((await request(engine.url).get('/api/public/opportunities').query({ region: 'europe' }).set('if-none-match', etag)).status).toBe(200);

    const single = await request(engine.url).get(`/api/public/opportunities/${sahel.project.faspId}`).expect(200);
    expect((await request(engine.url).get(`/api/public/opportunities/${sahel.project.faspId}`).set('if-none-match', single.headers.etag)).status).toBe(304);

    // The unpublished project is published now: every cached representation is stale.
    await consentAndPublish(engine, unpublished);
    const fresh = await request(engine.url).get('/api/public/opportunities').set('if-none-match', etag);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.etag).not.toBe(etag);
    expect(fresh.body.items[0].faspId).toBe(unpublished.project.faspId);
    expect((await request(engine.url).get('/api/public/opportunities').set('if-none-match', fresh.headers.etag)).status).toBe(304);
    expect((await request(engine.url).get('/api/public/opportunities').query({ region: 'europe' }).set('if-none-match', filtered.headers.etag)).status).toBe(200);
  });

  it('renaming the organisation of a published project changes the ETag (the opportunity shows its name)', async () => {
    const before = await request(engine.url).get('/api/public/opportunities').expect(200);
    const single = await request(engine.url).get(`/api/public/opportunities/${cerrado.project.faspId}`).expect(200);
    await request(engine.url)
      .patch(`/api/organizations/${cerrado.holder.organization.id}`)
      .set('authorization', cerrado.secretariat.bearer)
      .send({ name: 'Cerrado Regenerative Carbon Network' })
      .expect(200);
    const after = await request(engine.url).get('/api/public/opportunities').set('if-none-match', before.headers.etag);
    expect(after.status).toBe(200);
    expect(after.body.items.find((item: Opportunity) => item.faspId === cerrado.project.faspId).organization.name).toBe('Cerrado Regenerative Carbon Network');
    const singleAfter = await request(engine.url).get(`/api/public/opportunities/${cerrado.project.faspId}`).set('if-none-match', single.headers.etag);
    expect(singleAfter.status).toBe(200);
    expect(singleAfter.body.organization.name).toBe('Cerrado Regenerative Carbon Network');
  });

  it('searches verified organisations by name, public fields only', async () => {
    await createOrganization(engine, { name: 'Sahel Seeds Unverified', country: 'ML', verified: false });
    await createOrganization(engine, { name: 'Société des Sols du Sahel', country: 'SN', college: 'SCI', verified: true });
    const res = await request(engine.url).get('/api/public/organizations').query({ q: 'sahel' }).expect(200);
    const names = (res.body as Array<{ name: string }>).map((organization) => organization.name);
    expect(names).toEqual(expect.arrayContaining(['Sahel Soils Cooperative', 'Société des Sols du Sahel']));
    expect(names).not.toContain('Sahel Seeds Unverified');
    for (const organization of res.body as Array<Record<string, unknown>>) expect(Object.keys(organization).sort()).toEqual(['college', 'country', 'id', 'name']);
    expect((await request(engine.url).get('/api/public/organizations').query({ q: 'zz-no-such-organisation' }).expect(200)).body).toEqual([]);
    for (const query of [{ q: 's' }, {}]) {
      const refused = await request(engine.url).get('/api/public/organizations').query(query);
      expect({ query, status: refused.status, code: refused.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
  });
});
