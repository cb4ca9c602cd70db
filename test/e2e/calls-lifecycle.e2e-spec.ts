import request from 'supertest';
import { Call } from '../../src/modules/calls/entities/call.entity';
import { Clock } from '../../src/platform/clock/clock';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { callInput, createDraftCall, createOpenCall, DAY_MS, HOUR_MS, timeTraveller } from '../helpers/calls';
import { createFramework, referenceFramework } from '../helpers/frameworks';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

interface FieldError {
  field: string;
  rules: string[];
}

/** Calls for projects through real HTTP: creation, visibility, lifecycle, optimistic concurrency, the window. */
describe('calls (e2e)', () => {
  let engine: TestEngine;
  let admin: TestAccount;
  let secretariat: TestAccount;
  let holder: TestAccount;
  let reviewer: TestAccount;
  let v1Id: string;
  const clock = timeTraveller(() => engine);

  beforeAll(async () => {
    engine = await startTestEngine();
    [admin, secretariat, holder, reviewer] = await Promise.all([
      createAccount(engine, { roles: ['admin'] }),
      createAccount(engine, { roles: ['secretariat'] }),
      createHolder(engine),
      createAccount(engine, { roles: ['reviewer'] }),
    ]);
    v1Id = (await referenceFramework(engine)).id;
  });
  afterEach(() => clock.reset());
  afterAll(() => engine?.close());

  const api = () => request(engine.url);
  const now = () => engine.get(Clock).now().getTime();
  const at = (offsetMs: number) => new Date(now() + offsetMs).toISOString();
  const countCalls = () => engine.dataSource.getRepository(Call).count();
  const fieldsOf = (body: { details: { fields: FieldError[] } }) => Object.fromEntries(body.details.fields.map((f) => [f.field, f.rules]));
  const closeJobs = (callId: string): Promise<Array<{ due_at: Date }>> =>
    engine.dataSource.query(`SELECT due_at FROM outbox WHERE job_name = 'call.close' AND payload->>'callId' = $1 ORDER BY due_at`, [callId]);

  /** Every call this account can list, following the cursor. */
  async function listAll(account: TestAccount, query = ''): Promise<Array<{ id: string; status: string }>> {
    const items: Array<{ id: string; status: string }> = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await api()
        .get(`/api/calls?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`)
        .set('authorization', account.bearer)
        .expect(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  describe('creating', () => {
    it('creates a draft with the defaults of DOMAIN.md, times in UTC', async () => {
      const res = await api()
        .post('/api/calls')
        .set('authorization', secretariat.bearer)
        .send({ title: '  FASP 2027  ', year: 2027, frameworkId: v1Id, opensAt: '2027-01-15T09:00:00+01:00', closesAt: '2027-04-30T23:59:59Z' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        title: 'FASP 2027',
        year: 2027,
        description: '',
        frameworkId: v1Id,
        framework: { id: v1Id, key: 'fasp', version: 1 },
        opensAt: '2027-01-15T08:00:00.000Z',
        closesAt: '2027-04-30T23:59:59.000Z',
        reviewersPerProject: 2,
        maxRounds: 2,
        deadlines: { eligibilityDays: 14, invitationDays: 5, reviewDays: 21, revisionDays: 30 },
        divergenceAutoInvite: false,
        languages: ['en', 'fr', 'es'],
        modalities: [1, 2],
        status: 'draft',
        acceptingSubmissions: false,
        openedAt: null,
        closedAt: null,
        version: 1,
        createdAt: expect.stringMatching(/Z$/),
      });
      const read = await api().get(`/api/calls/${res.body.id}`).set('authorization', secretariat.bearer).expect(200);
      expect(read.body).toEqual(res.body);
    });

    it('keeps every setting given', async () => {
      const body = {
        ...(await callInput(engine)),
        description: 'Soil projects of the Sahel',
        reviewersPerProject: 3,
        maxRounds: 3,
        deadlines: { eligibilityDays: 10, invitationDays: 3, reviewDays: 28, revisionDays: 45 },
        divergenceAutoInvite: true,
        languages: ['fr', 'es'],
        modalities: [2],
      };
      const res = await api().post('/api/calls').set('authorization', admin.bearer).send(body);
      expect(res.status).toBe(201);
      const { frameworkId: _f, opensAt: _o, closesAt: _c, ...settings } = body;
      expect(res.body).toMatchObject(settings);
    });

    const invalid: Array<[string, (body: Record<string, unknown>) => Record<string, unknown>, Record<string, string[]>]> = [
      ['closesAt before opensAt', (body) => ({ ...body, opensAt: '2027-03-01T00:00:00Z', closesAt: '2027-02-01T00:00:00Z' }), { closesAt: ['afterOpensAt'] }],
      ['closesAt equal to opensAt', (body) => ({ ...body, opensAt: '2027-03-01T00:00:00Z', closesAt: '2027-03-01T01:00:00+01:00' }), { closesAt: ['afterOpensAt'] }],
      ['K = 6', (body) => ({ ...body, reviewersPerProject: 6 }), { reviewersPerProject: ['max'] }],
      ['K = 0', (body) => ({ ...body, reviewersPerProject: 0 }), { reviewersPerProject: ['min'] }],
      ['K not an integer', (body) => ({ ...body, reviewersPerProject: 2.5 }), { reviewersPerProject: ['isInt'] }],
      ['maxRounds = 0', (body) => ({ ...body, maxRounds: 0 }), { maxRounds: ['min'] }],
      ['an unknown language', (body) => ({ ...body, languages: ['en', 'de'] }), { languages: ['isIn'] }],
      ['no language', (body) => ({ ...body, languages: [] }), { languages: ['arrayNotEmpty'] }],
      ['an unknown modality', (body) => ({ ...body, modalities: [3] }), { modalities: ['isIn'] }],
      ['a time in words', (body) => ({ ...body, opensAt: 'next monday' }), { opensAt: ['isInstant'] }],
      ['an impossible date', (body) => ({ ...body, closesAt: '2027-02-30T00:00:00Z' }), { closesAt: ['isInstant'] }],
      ['an ISO week date', (body) => ({ ...body, opensAt: '2027-W03-1' }), { opensAt: ['isInstant'] }],
      ['an ISO ordinal date', (body) => ({ ...body, closesAt: '2027-120' }), { closesAt: ['isInstant'] }],
      ['a date without a time', (body) => ({ ...body, opensAt: '2027-01-15' }), { opensAt: ['isInstant'] }],
      ['a time without a zone', (body) => ({ ...body, closesAt: '2027-04-30T23:59:59' }), { closesAt: ['isInstant'] }],
      ['a number for a time', (body) => ({ ...body, opensAt: 1800000000000 }), { opensAt: ['isInstant'] }],
      ['a deadline policy with a day missing', (body) => ({ ...body, deadlines: { eligibilityDays: 14, invitationDays: 5, reviewDays: 21 } }), { 'deadlines.revisionDays': ['isInt'] }],
      ['a year as text', (body) => ({ ...body, year: '2027' }), { year: ['isInt'] }],
      ['a frameworkId that is not a UUID', (body) => ({ ...body, frameworkId: 'fasp-v1' }), { frameworkId: ['isUuid'] }],
      ['no title', ({ title: _t, ...body }) => body, { title: ['isString'] }],
      ['unknown fields', (body) => ({ ...body, status: 'open', deadlines: { eligibilityDays: 14, invitationDays: 5, reviewDays: 21, revisionDays: 30, extra: 1 } }), {
        status: ['whitelistValidation'],
        'deadlines.extra': ['whitelistValidation'],
      }],
    ];

    it.each(invalid)('refuses %s with 400 and the field errors', async (_name, spoil, fields) => {
      const before = await countCalls();
      const res = await api().post('/api/calls').set('authorization', secretariat.bearer).send(spoil({ ...(await callInput(engine)) }));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(fields);
      expect(await countCalls()).toBe(before);
    });

    it('refuses a framework version that is a draft or unknown (422)', async () => {
      const draft = await createFramework(engine, admin, { cloneFromId: v1Id });
      for (const frameworkId of [draft.id, '00000000-0000-4000-8000-000000000000']) {
        const res = await api().post('/api/calls').set('authorization', secretariat.bearer).send(await callInput(engine, { frameworkId }));
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('RULE_REFUSED');
        expect(res.body.details.fields.map((f: FieldError) => f.field)).toEqual(['frameworkId']);
      }
      const published = await createFramework(engine, admin, { cloneFromId: v1Id, publish: true });
      const res = await api().post('/api/calls').set('authorization', secretariat.bearer).send(await callInput(engine, { frameworkId: published.id }));
      expect(res.status).toBe(201);
      expect(res.body.framework).toEqual({ id: published.id, key: 'fasp', version: published.version });
    });

    it('is for staff only: holder and reviewer 403, anonymous 401', async () => {
      const before = await countCalls();
      const body = await callInput(engine);
      for (const account of [holder, reviewer]) {
        const res = await api().post('/api/calls').set('authorization', account.bearer).send(body);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      const anonymous = await api().post('/api/calls').send(body);
      expect(anonymous.status).toBe(401);
      expect(await countCalls()).toBe(before);
    });
  });

  describe('who sees what', () => {
    it('holders and reviewers do not see drafts (404) but see open calls; staff see both', async () => {
      const draft = await createDraftCall(engine);
      const open = await createOpenCall(engine);
      for (const account of [holder, reviewer]) {
        const ids = (await listAll(account)).map((call) => call.id);
        expect(ids).toContain(open.id);
        expect(ids).not.toContain(draft.id);
        expect((await listAll(account)).every((call) => call.status !== 'draft')).toBe(true);
        const hidden = await api().get(`/api/calls/${draft.id}`).set('authorization', account.bearer);
        expect(hidden.status).toBe(404);
        expect(hidden.body.code).toBe('NOT_FOUND');
        await api().get(`/api/calls/${open.id}`).set('authorization', account.bearer).expect(200);
        const filtered = await api().get('/api/calls?status=draft').set('authorization', account.bearer).expect(200);
        expect(filtered.body.items).toEqual([]);
      }
      for (const account of [secretariat, admin]) {
        const ids = (await listAll(account)).map((call) => call.id);
        expect(ids).toEqual(expect.arrayContaining([draft.id, open.id]));
        await api().get(`/api/calls/${draft.id}`).set('authorization', account.bearer).expect(200);
      }

      await api().post(`/api/calls/${draft.id}/open`).set('authorization', secretariat.bearer).send({ expectedVersion: draft.version }).expect(200);
      await api().get(`/api/calls/${draft.id}`).set('authorization', holder.bearer).expect(200);
      expect((await listAll(holder)).map((call) => call.id)).toContain(draft.id);
    });

    it('pages through every call once, and filters by status and year', async () => {
      await createDraftCall(engine, { year: 2031 });
      await createOpenCall(engine, { year: 2031 });
      await createOpenCall(engine, { year: 2032 });
      const all = await listAll(secretariat);
      expect(new Set(all.map((call) => call.id)).size).toBe(all.length);
      expect(all).toHaveLength(await countCalls());
      const open2031 = await listAll(secretariat, '&status=open&year=2031');
      expect(open2031).toHaveLength(1);
      expect(open2031[0]).toMatchObject({ status: 'open', year: 2031 });
    });

    // Paged tables keep created_at to the millisecond, like the cursor: rows written within one
    // millisecond tie on created_at and are ordered by id, none skipped.
    it('pages through calls created within the same millisecond without losing any', async () => {
      const calls = [await createDraftCall(engine), await createDraftCall(engine), await createDraftCall(engine)];
      for (const [index, call] of calls.entries()) {
        await engine.dataSource.query(`UPDATE call_for_projects SET created_at = $2::timestamptz WHERE id = $1`, [call.id, `2099-01-01T00:00:00.000${index + 1}00Z`]);
      }
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await api()
          .get(`/api/calls?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .set('authorization', secretariat.bearer)
          .expect(200);
        ids.push(...res.body.items.map((item: { id: string }) => item.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect([...ids.slice(0, 3)].sort()).toEqual(calls.map((call) => call.id).sort());
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(await countCalls());
    });

    it('requires signing in (401) and a UUID (400)', async () => {
      const call = await createOpenCall(engine);
      expect((await api().get('/api/calls')).status).toBe(401);
      expect((await api().get(`/api/calls/${call.id}`)).status).toBe(401);
      const malformed = await api().get('/api/calls/2027').set('authorization', holder.bearer);
      expect(malformed.status).toBe(400);
      expect(fieldsOf(malformed.body)).toEqual({ id: ['isUuid'] });
      const missing = await api().get('/api/calls/00000000-0000-4000-8000-000000000000').set('authorization', secretariat.bearer);
      expect(missing.status).toBe(404);
    });
  });

  describe('lifecycle', () => {
    it('the secretariat opens, closes and archives a call', async () => {
      const draft = await createDraftCall(engine);
      const opened = await api().post(`/api/calls/${draft.id}/open`).set('authorization', secretariat.bearer).send({ expectedVersion: draft.version });
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ status: 'open', acceptingSubmissions: true, version: draft.version + 1, closedAt: null });
      expect(Math.abs(Date.parse(opened.body.openedAt) - now())).toBeLessThan(5000);
      expect(await closeJobs(draft.id)).toEqual([{ due_at: draft.closesAt }]);

      const closed = await api().post(`/api/calls/${draft.id}/close`).set('authorization', secretariat.bearer).send({ expectedVersion: opened.body.version });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ status: 'closed', acceptingSubmissions: false, version: opened.body.version + 1, openedAt: opened.body.openedAt });
      expect(Date.parse(closed.body.closedAt)).toBeGreaterThanOrEqual(Date.parse(opened.body.openedAt));

      const archived = await api().post(`/api/calls/${draft.id}/archive`).set('authorization', secretariat.bearer).send({ expectedVersion: closed.body.version });
      expect(archived.status).toBe(200);
      expect(archived.body).toMatchObject({ status: 'archived', acceptingSubmissions: false, version: closed.body.version + 1, closedAt: closed.body.closedAt });
      // archived calls stay visible to everyone
      await api().get(`/api/calls/${draft.id}`).set('authorization', holder.bearer).expect(200);
    });

    it('refuses every illegal transition with 409 ILLEGAL_TRANSITION', async () => {
      const refuse = async (id: string, action: string, status: string) => {
        const res = await api().post(`/api/calls/${id}/${action}`).set('authorization', secretariat.bearer).send({});
        expect([action, status, res.status, res.body.code]).toEqual([action, status, 409, 'ILLEGAL_TRANSITION']);
        const read = await api().get(`/api/calls/${id}`).set('authorization', secretariat.bearer).expect(200);
        expect(read.body.status).toBe(status);
      };
      const draft = await createDraftCall(engine);
      await refuse(draft.id, 'close', 'draft');
      await refuse(draft.id, 'archive', 'draft');
      const open = await createOpenCall(engine);
      await refuse(open.id, 'open', 'open');
      await refuse(open.id, 'archive', 'open');
      await api().post(`/api/calls/${open.id}/close`).set('authorization', secretariat.bearer).send({}).expect(200);
      await refuse(open.id, 'open', 'closed');
      await refuse(open.id, 'close', 'closed');
      await api().post(`/api/calls/${open.id}/archive`).set('authorization', secretariat.bearer).send({}).expect(200);
      for (const action of ['open', 'close', 'archive']) await refuse(open.id, action, 'archived');
    });

    it('refuses edits of a closed or archived call (409)', async () => {
      const call = await createOpenCall(engine);
      await api().post(`/api/calls/${call.id}/close`).set('authorization', secretariat.bearer).send({}).expect(200);
      const closed = await api().patch(`/api/calls/${call.id}`).set('authorization', secretariat.bearer).send({ closesAt: at(60 * DAY_MS) });
      expect(closed.status).toBe(409);
      expect(closed.body.code).toBe('ILLEGAL_TRANSITION');
      await api().post(`/api/calls/${call.id}/archive`).set('authorization', secretariat.bearer).send({}).expect(200);
      const archived = await api().patch(`/api/calls/${call.id}`).set('authorization', secretariat.bearer).send({ title: 'Reopened?' });
      expect(archived.status).toBe(409);
      expect(archived.body.code).toBe('ILLEGAL_TRANSITION');
    });

    it('refuses a stale expectedVersion with 409 VERSION_CONFLICT and changes nothing', async () => {
      const draft = await createDraftCall(engine);
      const edited = await api().patch(`/api/calls/${draft.id}`).set('authorization', secretariat.bearer).send({ title: 'FASP 2027 (edited)', expectedVersion: draft.version });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ title: 'FASP 2027 (edited)', version: draft.version + 1 });

      const stalePatch = await api().patch(`/api/calls/${draft.id}`).set('authorization', secretariat.bearer).send({ title: 'Lost update', expectedVersion: draft.version });
      expect(stalePatch.status).toBe(409);
      expect(stalePatch.body.code).toBe('VERSION_CONFLICT');
      expect(stalePatch.body.details).toEqual({ expectedVersion: draft.version, currentVersion: draft.version + 1 });
      const staleOpen = await api().post(`/api/calls/${draft.id}/open`).set('authorization', secretariat.bearer).send({ expectedVersion: draft.version });
      expect(staleOpen.status).toBe(409);
      expect(staleOpen.body.code).toBe('VERSION_CONFLICT');

      const read = await api().get(`/api/calls/${draft.id}`).set('authorization', secretariat.bearer).expect(200);
      expect(read.body).toMatchObject({ title: 'FASP 2027 (edited)', status: 'draft', version: draft.version + 1 });
      expect(await closeJobs(draft.id)).toEqual([]);
    });

    it('two secretaries opening with the same version: one wins, the other gets 409', async () => {
      const draft = await createDraftCall(engine);
      const results = await Promise.all(
        [secretariat, admin].map((account) => api().post(`/api/calls/${draft.id}/open`).set('authorization', account.bearer).send({ expectedVersion: draft.version })),
      );
      expect(results.map((res) => res.status).sort()).toEqual([200, 409]);
      expect(results.find((res) => res.status === 409)!.body.code).toBe('VERSION_CONFLICT');
      expect(await closeJobs(draft.id)).toHaveLength(1);
    });

    it('a draft can change anything, but only to a published framework', async () => {
      const draft = await createDraftCall(engine);
      const other = await createFramework(engine, admin, { cloneFromId: v1Id, publish: true });
      const unpublished = await createFramework(engine, admin, { cloneFromId: v1Id });
      const refused = await api().patch(`/api/calls/${draft.id}`).set('authorization', secretariat.bearer).send({ frameworkId: unpublished.id });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('RULE_REFUSED');
      const res = await api()
        .patch(`/api/calls/${draft.id}`)
        .set('authorization', secretariat.bearer)
        .send({ frameworkId: other.id, languages: ['es'], modalities: [1], opensAt: at(DAY_MS), year: 2030, reviewersPerProject: 4 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ frameworkId: other.id, framework: { id: other.id, version: other.version }, languages: ['es'], modalities: [1], year: 2030, reviewersPerProject: 4 });
      const badWindow = await api().patch(`/api/calls/${draft.id}`).set('authorization', secretariat.bearer).send({ closesAt: at(HOUR_MS) });
      expect(badWindow.status).toBe(400);
      expect(fieldsOf(badWindow.body)).toEqual({ closesAt: ['afterOpensAt'] });
    });

    it.each([
      ['title', null],
      ['description', null],
      ['closesAt', null],
      ['frameworkId', null],
      ['languages', null],
      ['deadlines', null],
      ['reviewersPerProject', null],
    ])('refuses %s: null on a draft with 400, never a 500', async (field, value) => {
      const draft = await createDraftCall(engine);
      const res = await api()
        .patch(`/api/calls/${draft.id}`)
        .set('authorization', secretariat.bearer)
        .send({ [field]: value });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(fieldsOf(res.body))).toEqual([field]);
    });

    it('once open: framework, languages, modalities, opening and year are frozen (409); closesAt and settings may change', async () => {
      const call = await createOpenCall(engine);
      const other = await createFramework(engine, admin, { cloneFromId: v1Id, publish: true });
      for (const change of [{ frameworkId: other.id }, { languages: ['en'] }, { modalities: [2] }, { opensAt: at(-DAY_MS) }, { year: 2040 }, { languages: ['fr'], title: 'Renamed' }]) {
        const res = await api().patch(`/api/calls/${call.id}`).set('authorization', secretariat.bearer).send(change);
        expect([change, res.status, res.body.code]).toEqual([change, 409, 'ILLEGAL_TRANSITION']);
      }
      const unchanged = await api().get(`/api/calls/${call.id}`).set('authorization', secretariat.bearer).expect(200);
      expect(unchanged.body).toMatchObject({ frameworkId: v1Id, languages: ['en', 'fr', 'es'], modalities: [1, 2], title: call.title, version: call.version });

      const extended = new Date(call.closesAt.getTime() + 15 * DAY_MS).toISOString();
      const res = await api()
        .patch(`/api/calls/${call.id}`)
        .set('authorization', secretariat.bearer)
        .send({ closesAt: extended, title: 'FASP 2027, extended', reviewersPerProject: 3, maxRounds: 3, divergenceAutoInvite: true, expectedVersion: call.version });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'open', closesAt: extended, title: 'FASP 2027, extended', reviewersPerProject: 3, maxRounds: 3, divergenceAutoInvite: true, version: call.version + 1 });
      // a close job for the new closesAt joins the one for the old
      expect((await closeJobs(call.id)).map((job) => job.due_at.toISOString())).toEqual([call.closesAt.toISOString(), extended]);

      const beforeOpening = await api().patch(`/api/calls/${call.id}`).set('authorization', secretariat.bearer).send({ closesAt: new Date(call.opensAt.getTime() - 1).toISOString() });
      expect(beforeOpening.status).toBe(400);
      expect(fieldsOf(beforeOpening.body)).toEqual({ closesAt: ['afterOpensAt'] });
    });

    it('refuses to open a call whose window is already over (422)', async () => {
      const past = await createDraftCall(engine, { opensAt: new Date(now() - 10 * DAY_MS), closesAt: new Date(now() - DAY_MS) });
      const res = await api().post(`/api/calls/${past.id}/open`).set('authorization', secretariat.bearer).send({ expectedVersion: past.version });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('RULE_REFUSED');
      expect(res.body.details.fields.map((f: FieldError) => f.field)).toEqual(['closesAt']);

      // the same by the clock: a draft left until after its closesAt
      const late = await createDraftCall(engine, { closesAt: new Date(now() + HOUR_MS) });
      clock.travel(2 * HOUR_MS);
      const lateRes = await api().post(`/api/calls/${late.id}/open`).set('authorization', secretariat.bearer).send({});
      expect(lateRes.status).toBe(422);
      expect(lateRes.body.code).toBe('RULE_REFUSED');

      for (const id of [past.id, late.id]) {
        const read = await api().get(`/api/calls/${id}`).set('authorization', secretariat.bearer).expect(200);
        expect(read.body).toMatchObject({ status: 'draft', openedAt: null });
        expect(await closeJobs(id)).toEqual([]);
      }
    });

    it('only staff act on calls: holder and reviewer 403, anonymous 401', async () => {
      const draft = await createDraftCall(engine);
      const open = await createOpenCall(engine);
      const actions = [
        () => api().patch(`/api/calls/${draft.id}`).send({ title: 'Taken over' }),
        () => api().post(`/api/calls/${draft.id}/open`).send({}),
        () => api().post(`/api/calls/${open.id}/close`).send({}),
        () => api().post(`/api/calls/${open.id}/archive`).send({}),
      ];
      for (const action of actions) {
        for (const account of [holder, reviewer]) {
          const res = await action().set('authorization', account.bearer);
          expect(res.status).toBe(403);
          expect(res.body.code).toBe('FORBIDDEN');
        }
        expect((await action()).status).toBe(401);
      }
      const reads = await Promise.all([draft.id, open.id].map((id) => api().get(`/api/calls/${id}`).set('authorization', secretariat.bearer)));
      expect(reads.map((res) => [res.body.status, res.body.version])).toEqual([
        ['draft', draft.version],
        ['open', open.version],
      ]);
    });
  });

  describe('acceptingSubmissions follows the server clock', () => {
    const read = async (id: string, account = holder) => (await api().get(`/api/calls/${id}`).set('authorization', account.bearer).expect(200)).body;

    it('an open call stops accepting once closesAt has passed, before any close job has run', async () => {
      const call = await createOpenCall(engine, { closesAt: new Date(now() + DAY_MS) });
      expect(await read(call.id)).toMatchObject({ status: 'open', acceptingSubmissions: true });
      clock.travel(DAY_MS - 60 * 1000);
      expect(await read(call.id)).toMatchObject({ status: 'open', acceptingSubmissions: true });
      clock.travel(2 * 60 * 1000);
      expect(await read(call.id)).toMatchObject({ status: 'open', acceptingSubmissions: false });
      const listed = (await api().get('/api/calls?status=open&limit=100').set('authorization', holder.bearer).expect(200)).body.items.find(
        (item: { id: string }) => item.id === call.id,
      );
      expect(listed.acceptingSubmissions).toBe(false);
    });

    it('a call opened ahead of its window accepts from opensAt on', async () => {
      const draft = await createDraftCall(engine, { opensAt: new Date(now() + 2 * DAY_MS), closesAt: new Date(now() + 30 * DAY_MS) });
      const opened = await api().post(`/api/calls/${draft.id}/open`).set('authorization', secretariat.bearer).send({ expectedVersion: draft.version });
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ status: 'open', acceptingSubmissions: false });
      expect(await read(draft.id)).toMatchObject({ status: 'open', acceptingSubmissions: false });
      clock.travel(2 * DAY_MS - 60 * 1000);
      expect(await read(draft.id)).toMatchObject({ acceptingSubmissions: false });
      clock.travel(2 * 60 * 1000);
      expect(await read(draft.id)).toMatchObject({ status: 'open', acceptingSubmissions: true });
    });

    it('a draft or a closed call never accepts, whatever the time', async () => {
      const draft = await createDraftCall(engine);
      const closed = await createOpenCall(engine);
      await api().post(`/api/calls/${closed.id}/close`).set('authorization', secretariat.bearer).send({}).expect(200);
      expect(await read(draft.id, secretariat)).toMatchObject({ status: 'draft', acceptingSubmissions: false });
      expect(await read(closed.id)).toMatchObject({ status: 'closed', acceptingSubmissions: false });
    });
  });
});
