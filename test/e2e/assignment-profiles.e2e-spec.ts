import request from 'supertest';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { invalidFields } from '../helpers/identity';
import { createReviewer } from '../helpers/reviewers';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

/**
 * Reviewer profiles through the API: a reviewer keeps their own expertise, languages and
 * conflicts; only the secretariat decides committee membership and the load cap; nobody else's
 * profile is visible to a reviewer.
 */
describe('reviewer profiles', () => {
  let engine: TestEngine;
  let secretariat: TestAccount;
  let admin: TestAccount;

  beforeAll(async () => {
    engine = await startTestEngine();
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
    admin = await createAccount(engine, { roles: ['admin'] });
  });
  afterAll(() => engine?.close());

  const getProfile = (userId: string, account: Pick<TestAccount, 'bearer'>) => request(engine.url).get(`/api/reviewers/${userId}/profile`).set('authorization', account.bearer);
  const putProfile = (userId: string, account: Pick<TestAccount, 'bearer'>, body: Record<string, unknown>) =>
    request(engine.url).put(`/api/reviewers/${userId}/profile`).set('authorization', account.bearer).send(body);

  it('a new reviewer reads an empty profile with the defaults, then writes their own', async () => {
    const reviewer = await createAccount(engine, { roles: ['reviewer'], name: 'Pete Smith' });
    const empty = await getProfile(reviewer.id, reviewer).expect(200);
    expect(empty.body).toEqual({
      userId: reviewer.id,
      name: 'Pete Smith',
      email: reviewer.email,
      stcMember: false,
      languages: [],
      practices: [],
      landUses: [],
      disciplines: [],
      criteriaFocus: [],
      regions: [],
      countries: [],
      capacityPerCall: 4,
      available: true,
      conflictOrganizationIds: [],
      conflictPersonEmails: [],
      conflictProjectIds: [],
    });

    const organizationId = (await createHolder(engine)).organization.id;
    const written = await putProfile(reviewer.id, reviewer, {
      languages: ['fr', 'en'],
      practices: ['agroforestry', 'biochar'],
      landUses: ['cropland'],
      disciplines: ['soil_science', 'mrv'],
      criteriaFocus: ['2.2', '4.2'],
      regions: ['africa', 'europe'],
      countries: [' sn', 'bf'],
      available: false,
      conflictOrganizationIds: [organizationId],
      conflictPersonEmails: [' Former.Student@Example.ORG '],
    }).expect(200);
    const expected = {
      userId: reviewer.id,
      stcMember: false,
      capacityPerCall: 4,
      languages: ['fr', 'en'],
      practices: ['agroforestry', 'biochar'],
      landUses: ['cropland'],
      disciplines: ['soil_science', 'mrv'],
      criteriaFocus: ['2.2', '4.2'],
      regions: ['africa', 'europe'],
      countries: ['SN', 'BF'],
      available: false,
      conflictOrganizationIds: [organizationId],
      conflictPersonEmails: ['former.student@example.org'],
      conflictProjectIds: [],
    };
    expect(written.body).toMatchObject(expected);
    expect((await getProfile(reviewer.id, reviewer).expect(200)).body).toMatchObject(expected);

    // A later edit changes what it names and keeps the rest.
    const edited = await putProfile(reviewer.id, reviewer, { practices: ['cover_crops'], available: true }).expect(200);
    expect(edited.body).toMatchObject({ ...expected, practices: ['cover_crops'], available: true });
  });

  it('a reviewer may not set committee membership or capacity: 403, and nothing changes', async () => {
    const reviewer = await createReviewer(engine, { languages: ['en'], capacityPerCall: 3 });

    const stc = await putProfile(reviewer.id, reviewer, { stcMember: true, languages: ['es'] });
    expect([stc.status, stc.body.code, stc.body.details]).toEqual([403, 'FORBIDDEN', { fields: ['stcMember'] }]);
    const capacity = await putProfile(reviewer.id, reviewer, { capacityPerCall: 10 });
    expect([capacity.status, capacity.body.code, capacity.body.details]).toEqual([403, 'FORBIDDEN', { fields: ['capacityPerCall'] }]);
    const both = await putProfile(reviewer.id, reviewer, { capacityPerCall: 3, stcMember: false });
    expect([both.status, both.body.details]).toEqual([403, { fields: ['stcMember', 'capacityPerCall'] }]);

    expect((await getProfile(reviewer.id, reviewer).expect(200)).body).toMatchObject({ stcMember: false, capacityPerCall: 3, languages: ['en'] });
  });

  it('another reviewer’s profile does not exist for a reviewer (404), read or write', async () => {
    const reviewer = await createReviewer(engine);
    const other = await createReviewer(engine, { languages: ['es'] });

    const read = await getProfile(other.id, reviewer);
    expect([read.status, read.body.code]).toEqual([404, 'NOT_FOUND']);
    const write = await putProfile(other.id, reviewer, { languages: ['en'] });
    expect([write.status, write.body.code]).toEqual([404, 'NOT_FOUND']);
    const stranger = await getProfile('00000000-0000-4000-8000-000000000000', reviewer);
    expect([stranger.status, stranger.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await getProfile(other.id, secretariat).expect(200)).body.languages).toEqual(['es']);
  });

  it('the secretariat and admins edit every field of any reviewer; the reviewer sees the result', async () => {
    const reviewer = await createReviewer(engine, { languages: ['en'] });

    const bySecretariat = await putProfile(reviewer.id, secretariat, { stcMember: true, capacityPerCall: 6, languages: ['en', 'es'] }).expect(200);
    expect(bySecretariat.body).toMatchObject({ stcMember: true, capacityPerCall: 6, languages: ['en', 'es'] });
    const byAdmin = await putProfile(reviewer.id, admin, { capacityPerCall: 0 }).expect(200);
    expect(byAdmin.body).toMatchObject({ stcMember: true, capacityPerCall: 0, languages: ['en', 'es'] });
    expect((await getProfile(reviewer.id, reviewer).expect(200)).body).toMatchObject({ stcMember: true, capacityPerCall: 0 });
  });

  it('only reviewers have profiles; holders, strangers and bad ids are refused', async () => {
    const holder = await createHolder(engine);
    const reviewer = await createReviewer(engine);

    const notReviewer = await getProfile(holder.id, secretariat);
    expect([notReviewer.status, notReviewer.body.code]).toEqual([404, 'NOT_FOUND']);
    const writeNotReviewer = await putProfile(secretariat.id, secretariat, { languages: ['en'] });
    expect([writeNotReviewer.status, writeNotReviewer.body.code]).toEqual([404, 'NOT_FOUND']);
    const unknown = await getProfile('00000000-0000-4000-8000-000000000000', secretariat);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    const malformed = await getProfile('42', secretariat);
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const byHolder = await getProfile(reviewer.id, holder);
    expect([byHolder.status, byHolder.body.code]).toEqual([403, 'FORBIDDEN']);
    const anonymous = await request(engine.url).get(`/api/reviewers/${reviewer.id}/profile`);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('refuses invalid values field by field', async () => {
    const reviewer = await createReviewer(engine);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ languages: ['de'] }, 'languages'],
      [{ languages: ['en', 'en'] }, 'languages'],
      [{ practices: ['ploughing'] }, 'practices'],
      [{ landUses: ['moon'] }, 'landUses'],
      [{ disciplines: ['astrology'] }, 'disciplines'],
      [{ criteriaFocus: ['2.x'] }, 'criteriaFocus'],
      [{ regions: ['antarctica'] }, 'regions'],
      [{ countries: ['XX'] }, 'countries'],
      [{ available: 'yes' }, 'available'],
      [{ conflictPersonEmails: ['not-an-email'] }, 'conflictPersonEmails'],
      [{ conflictOrganizationIds: ['org-1'] }, 'conflictOrganizationIds'],
      [{ conflictProjectIds: [42] }, 'conflictProjectIds'],
      [{ nickname: 'Pete' }, 'nickname'],
    ];
    for (const [body, field] of cases) {
      const res = await putProfile(reviewer.id, reviewer, body);
      expect([field, res.status, res.body.code]).toEqual([field, 400, 'VALIDATION_FAILED']);
      expect(invalidFields(res)).toContain(field);
    }
    for (const capacityPerCall of [-1, 51, 2.5]) {
      const res = await putProfile(reviewer.id, secretariat, { capacityPerCall });
      expect([capacityPerCall, res.status, invalidFields(res)]).toEqual([capacityPerCall, 400, ['capacityPerCall']]);
    }
    expect((await getProfile(reviewer.id, reviewer).expect(200)).body).toMatchObject({ languages: ['en'], practices: [], capacityPerCall: 4 });
  });
});
