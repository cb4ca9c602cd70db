import { criteriaOf, REFERENCE_FRAMEWORK } from '@fasp/core';
import request from 'supertest';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { createAccount, createHolder, createOrganization, TestAccount } from '../helpers/accounts';
import { createDraftCall, createOpenCall } from '../helpers/calls';
import { completeDossier, createCompleteDraft, createReadyDraft, createSubmittedProject, EngineWithUploads, postTransition, startEngineWithUploads } from '../helpers/projects';

interface FieldError {
  field: string;
  rules: string[];
  messages: string[];
}

const square = (west: number, south: number, size: number) => [
  [west, south],
  [west + size, south],
  [west + size, south + size],
  [west, south + size],
  [west, south],
];

/**
 * The dossier through real HTTP: every field validated (400 with the field errors, nothing
 * changed), edited only by the holder's side in the stages that allow it, and checked for
 * completeness in the reader's language before submission.
 */
describe('dossiers (e2e)', () => {
  let engine: EngineWithUploads;
  let holder: TestAccount;
  let colleague: TestAccount;
  let unconfirmed: TestAccount;
  let stranger: TestAccount;
  let secretariat: TestAccount;
  let admin: TestAccount;
  let reviewer: TestAccount;
  let callId: string;

  beforeAll(async () => {
    engine = await startEngineWithUploads();
    holder = await createHolder(engine);
    [colleague, unconfirmed, stranger, secretariat, admin, reviewer] = await Promise.all([
      createAccount(engine, { roles: ['holder'], organizationId: holder.organizationId, membershipConfirmed: true }),
      createAccount(engine, { roles: ['holder'], organizationId: holder.organizationId, membershipConfirmed: false }),
      createHolder(engine),
      createAccount(engine, { roles: ['secretariat'] }),
      createAccount(engine, { roles: ['admin'] }),
      createAccount(engine, { roles: ['reviewer'] }),
    ]);
    callId = (await createOpenCall(engine, { languages: ['en', 'fr'], modalities: [1] })).id;
  });
  afterAll(() => engine?.close());

  const api = () => request(engine.url);
  const fieldsOf = (body: { details: { fields: FieldError[] } }) => body.details.fields.map((f) => f.field);
  const projectCount = () => engine.dataSource.getRepository(Project).count();
  const read = async (id: string) => (await api().get(`/api/projects/${id}`).set('authorization', secretariat.bearer).expect(200)).body;
  const historyLength = async (id: string) => (await engine.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM project_history WHERE project_id = $1`, [id]))[0].n;

  describe('creating', () => {
    it('normalises what it accepts: trimmed title, upper-case codes, lower-case emails', async () => {
      const dossier = completeDossier();
      const res = await api()
        .post('/api/projects')
        .set('authorization', holder.bearer)
        .send({
          callId,
          ...dossier,
          title: `  ${dossier.title}  `,
          countries: ['sn', ' ml '],
          budget: { amount: 850000, currency: 'eur' },
          team: [{ name: 'Aminata Diallo', email: ' Aminata.Diallo@Example.ORG ' }],
        });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ title: dossier.title, countries: ['SN', 'ML'], language: 'en', modality: 1, stage: 'draft' });
      expect(res.body.dossier).toMatchObject({ budget: { amount: 850000, currency: 'EUR' }, team: [{ name: 'Aminata Diallo', email: 'aminata.diallo@example.org' }], location: dossier.location });
      expect(res.body.statements).toEqual({});
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['a polygon whose ring is not closed', { location: { type: 'Polygon', coordinates: [square(-16, 14, 0.1).slice(0, 4)] } }, ['location']],
      [
        'a bow-tie polygon (self-intersecting)',
        {
          location: {
            type: 'Polygon',
            coordinates: [
              [
                [-16, 14],
                [-15.9, 14.1],
                [-15.9, 14],
                [-16, 14.1],
                [-16, 14],
              ],
            ],
          },
        },
        ['location'],
      ],
      ['a latitude out of range', { location: { type: 'Point', coordinates: [14.15, 95] } }, ['location']],
      ['a longitude out of range', { location: { type: 'Point', coordinates: [-196.25, 14.15] } }, ['location']],
      ['an unknown geometry type', { location: { type: 'Circle', coordinates: [-16.25, 14.15], radius: 1000 } }, ['location']],
      ['a feature instead of a geometry', { location: { type: 'Feature', geometry: { type: 'Point', coordinates: [-16.25, 14.15] }, properties: {} } }, ['location']],
      ['a location that is no object', { location: 'Groundnut Basin' }, ['location']],
      ['an area of zero', { areaHa: 0 }, ['areaHa']],
      ['a negative area', { areaHa: -12 }, ['areaHa']],
      ['an area given as text', { areaHa: '1200' }, ['areaHa']],
      ['an end date before the start date', { startDate: '2027-03-01', endDate: '2026-12-31' }, ['endDate']],
      ['an end date equal to the start date', { startDate: '2027-03-01', endDate: '2027-03-01' }, ['endDate']],
      ['a date that does not exist', { startDate: '2027-02-30' }, ['startDate']],
      ['a date in another format', { endDate: '31/12/2031' }, ['endDate']],
      ['an unknown currency', { budget: { amount: 850000, currency: 'EURO' } }, ['budget.currency']],
      ['a negative amount', { fundingSought: { amount: -1, currency: 'EUR' } }, ['fundingSought.amount']],
      ['a budget that is no object', { budget: 'a lot' }, ['budget']],
      ['an unknown practice', { practices: ['agroforestry', 'slash_and_burn'] }, ['practices']],
      ['an unknown land use', { landUses: ['moon_dust'] }, ['landUses']],
      ['an unknown objective', { objectives: ['profit'] }, ['objectives']],
      ['objectives that are no list', { objectives: 'mitigation' }, ['objectives']],
      ['a repeated practice', { practices: ['agroforestry', 'agroforestry'] }, ['practices']],
      ['an unknown country', { countries: ['XX'] }, ['countries']],
      ['an unknown project type', { projectType: 'lobbying' }, ['projectType']],
      ['a language the call does not accept', { language: 'es' }, ['language']],
      ['a language that does not exist', { language: 'de' }, ['language']],
      ['a modality the call does not accept', { modality: 2 }, ['modality']],
      ['an unknown field', { fundingAgency: 'World Bank' }, ['fundingAgency']],
      ['an unknown field inside a nested object', { socBaseline: { ...completeDossier().socBaseline, unit: 'Mg' } }, ['socBaseline.unit']],
      ['a partner without a name', { partners: [{ country: 'SN' }] }, ['partners.0.name']],
      ['a team member with a bad email', { team: [{ name: 'A. Diallo', email: 'not-an-email' }] }, ['team.0.email']],
      ['a title too short', { title: 'ab' }, ['title']],
    ])('refuses %s: 400 on that field, no project created', async (_what, change, fields) => {
      const before = await projectCount();
      const res = await api().post('/api/projects').set('authorization', holder.bearer).send({ callId, ...completeDossier(), ...change });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(fields);
      expect(await projectCount()).toBe(before);
    });

    it('an unknown field is reported as such', async () => {
      const res = await api().post('/api/projects').set('authorization', holder.bearer).send({ callId, ...completeDossier(), stage: 'published' });
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual([{ field: 'stage', rules: ['whitelistValidation'], messages: [expect.any(String)] }]);
    });

    it('needs a holder with an organisation, in a call that accepts projects', async () => {
      const before = await projectCount();
      const loner = await createAccount(engine, { roles: ['holder'] });
      const body = { callId, ...completeDossier() };
      const send = (account: TestAccount, extra: Record<string, unknown> = {}) => api().post('/api/projects').set('authorization', account.bearer).send({ ...body, ...extra });

      expect(await send(loner).then((res) => [res.status, res.body.code])).toEqual([422, 'RULE_REFUSED']);
      expect(await send(secretariat).then((res) => [res.status, res.body.code])).toEqual([403, 'FORBIDDEN']);
      expect(await send(reviewer).then((res) => [res.status, res.body.code])).toEqual([403, 'FORBIDDEN']);
      const draftCall = await createDraftCall(engine);
      expect(await send(holder, { callId: draftCall.id }).then((res) => [res.status, res.body.code])).toEqual([422, 'CALL_NOT_ACCEPTING']);
      expect(await send(holder, { callId: '5b0c3a57-6a2f-4a5c-9d36-0f4f2b0c9a11' }).then((res) => [res.status, res.body.code])).toEqual([404, 'NOT_FOUND']);
      expect(await send(holder, { callId: 'call-2027' }).then((res) => [res.status, fieldsOf(res.body)])).toEqual([400, ['callId']]);
      expect((await api().post('/api/projects').send(body)).status).toBe(401);
      expect(await projectCount()).toBe(before);
    });
  });

  describe('editing', () => {
    let draft: Project;
    beforeAll(async () => {
      draft = await createCompleteDraft(engine, holder, callId);
    });

    const patch = (account: TestAccount, id: string, body: Record<string, unknown>) => api().patch(`/api/projects/${id}`).set('authorization', account.bearer).send(body);

    it.each<[string, Record<string, unknown>, string[]]>([
      ['an unclosed ring', { location: { type: 'Polygon', coordinates: [square(-16, 14, 0.1).slice(0, 4)] } }, ['location']],
      ['a latitude out of range', { location: { type: 'Point', coordinates: [-16.25, -91] } }, ['location']],
      ['a zero area', { areaHa: 0 }, ['areaHa']],
      ['an end date before the stored start date', { endDate: '2027-02-28' }, ['endDate']],
      ['a start date after the stored end date', { startDate: '2032-01-01' }, ['endDate']],
      ['a bad currency', { fundingSought: { amount: 1000, currency: 'ABC' } }, ['fundingSought.currency']],
      ['an unknown practice', { practices: ['terraforming'] }, ['practices']],
      ['a language the call does not accept', { language: 'es' }, ['language']],
      ['a language cleared', { language: null }, ['language']],
      ['a title cleared', { title: null }, ['title']],
      ['an unknown field', { callId: '5b0c3a57-6a2f-4a5c-9d36-0f4f2b0c9a11' }, ['callId']],
      ['a version that is no number', { expectedVersion: 'latest' }, ['expectedVersion']],
    ])('refuses %s: 400 on that field, nothing changed', async (_what, change, fields) => {
      const before = await read(draft.id);
      const res = await patch(holder, draft.id, change);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(fields);
      expect(await read(draft.id)).toEqual(before);
    });

    it('changes only the fields sent; null clears a field; the version goes up by one', async () => {
      const before = await read(draft.id);
      const res = await patch(holder, draft.id, { expectedVersion: before.version, areaHa: 1350.5, summary: null, partners: null });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(before.version + 1);
      const { summary: _summary, partners: _partners, ...kept } = before.dossier;
      expect(res.body.dossier).toEqual({ ...kept, areaHa: 1350.5, partners: [] });
      expect(res.body.title).toBe(before.title);
      expect(await historyLength(draft.id)).toBe(1);
    });

    it('refuses a stale expectedVersion with 409 VERSION_CONFLICT', async () => {
      const before = await read(draft.id);
      const res = await patch(holder, draft.id, { expectedVersion: before.version - 1, areaHa: 999 });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { expectedVersion: before.version - 1, currentVersion: before.version } });
      expect(await read(draft.id)).toEqual(before);
    });

    it("only the holder's side edits: a confirmed colleague may, others get 404, staff and reviewers 403", async () => {
      expect((await patch(colleague, draft.id, { monitoringPlan: 'Yearly resampling of 20 plots.' })).status).toBe(200);
      const before = await read(draft.id);
      for (const account of [stranger, unconfirmed]) {
        const res = await patch(account, draft.id, { areaHa: 1 });
        expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
        expect((await api().get(`/api/projects/${draft.id}`).set('authorization', account.bearer)).status).toBe(404);
      }
      for (const account of [secretariat, admin, reviewer]) {
        const res = await patch(account, draft.id, { areaHa: 1 });
        expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
      }
      expect(await read(draft.id)).toEqual(before);
    });

    it('edits in draft, info_requested and revision only (409 ILLEGAL_TRANSITION elsewhere)', async () => {
      const submitted = await createSubmittedProject(engine, holder, callId);
      const blocked = await patch(holder, submitted.id, { areaHa: 10 });
      expect([blocked.status, blocked.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
      const statementBlocked = await api().put(`/api/projects/${submitted.id}/criteria/2.2`).set('authorization', holder.bearer).send({ text: 'Changed' });
      expect([statementBlocked.status, statementBlocked.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);

      const asked = await postTransition(engine, secretariat, submitted.id, { action: 'request_info', expectedVersion: submitted.version, reason: 'Give the area under agroforestry' });
      expect(asked.status).toBe(200);
      expect((await patch(holder, submitted.id, { areaHa: 10 })).status).toBe(200);

      await engine.dataSource.query(`UPDATE project SET stage = 'revision' WHERE id = $1`, [submitted.id]);
      expect((await patch(holder, submitted.id, { areaHa: 11 })).status).toBe(200);

      for (const stage of ['assignment', 'review', 'consolidation', 'completed', 'published', 'not_admitted', 'withdrawn']) {
        await engine.dataSource.query(`UPDATE project SET stage = $2 WHERE id = $1`, [submitted.id, stage]);
        const res = await patch(holder, submitted.id, { areaHa: 12 });
        expect([stage, res.status, res.body.code]).toEqual([stage, 409, 'ILLEGAL_TRANSITION']);
      }
      expect((await read(submitted.id)).dossier.areaHa).toBe(11);
    });
  });

  describe('criterion statements', () => {
    let draft: Project;
    beforeAll(async () => {
      draft = await createCompleteDraft(engine, holder, callId);
    });
    const put = (account: TestAccount, code: string, body: Record<string, unknown>) => api().put(`/api/projects/${draft.id}/criteria/${code}`).set('authorization', account.bearer).send(body);

    it('writes, replaces and removes (empty text) the statement of a criterion of the call', async () => {
      const written = await put(holder, '4.2', { text: 'Resampling every five years with an uncertainty budget.' });
      expect(written.status).toBe(200);
      expect(written.body.statements['4.2']).toBe('Resampling every five years with an uncertainty budget.');
      const removed = await put(holder, '4.2', { text: '   ' });
      expect(removed.status).toBe(200);
      expect(removed.body.statements).not.toHaveProperty('4.2');
      expect(Object.keys(removed.body.statements).sort()).toEqual(
        criteriaOf(REFERENCE_FRAMEWORK)
          .map((criterion) => criterion.code)
          .filter((code) => code !== '4.2')
          .sort(),
      );
    });

    it('refuses a criterion outside the framework (404), a malformed code or body (400), other people (404/403), a stale version (409)', async () => {
      const before = await read(draft.id);
      expect(await put(holder, '9.9', { text: 'x' }).then((res) => [res.status, res.body.code])).toEqual([404, 'NOT_FOUND']);
      expect(await put(holder, 'safeguards', { text: 'x' }).then((res) => [res.status, fieldsOf(res.body)])).toEqual([400, ['code']]);
      expect(await put(holder, '2.2', {}).then((res) => [res.status, fieldsOf(res.body)])).toEqual([400, ['text']]);
      expect(await put(holder, '2.2', { text: 42 }).then((res) => [res.status, fieldsOf(res.body)])).toEqual([400, ['text']]);
      expect(await put(stranger, '2.2', { text: 'x' }).then((res) => res.status)).toBe(404);
      expect(await put(secretariat, '2.2', { text: 'x' }).then((res) => res.status)).toBe(403);
      expect(await put(holder, '2.2', { text: 'x', expectedVersion: before.version - 1 }).then((res) => [res.status, res.body.code])).toEqual([409, 'VERSION_CONFLICT']);
      expect(await read(draft.id)).toEqual(before);
    });
  });

  describe('completeness', () => {
    const frName = criteriaOf(REFERENCE_FRAMEWORK).find((criterion) => criterion.code === '2.2')!.names.fr;

    it("lists what is missing, in a stable order, labelled in the caller's language (or ?lang)", async () => {
      const created = await api().post('/api/projects').set('authorization', holder.bearer).send({ callId, title: 'Rangeland restoration', language: 'en', modality: 1 });
      expect(created.status).toBe(201);
      const res = await api().get(`/api/projects/${created.body.id}/completeness`).set('authorization', holder.bearer).expect(200);
      expect(res.body.complete).toBe(false);
      const items = res.body.missing.map((m: { item: string }) => m.item);
      expect(items.slice(0, 3)).toEqual(['summary', 'projectType', 'objectives']);
      expect(items).toContain('fundingSought'); // modality 1 seeks funds
      expect(items).not.toContain('title');
      expect(items).not.toContain('modality');
      expect(items.filter((item: string) => item.startsWith('statement:'))).toEqual(criteriaOf(REFERENCE_FRAMEWORK).map((criterion) => `statement:${criterion.code}`));
      expect(items.at(-1)).toBe('attachment:concept_note');
      expect(res.body.missing[0]).toEqual({ item: 'summary', label: 'Summary' });

      const spanish = await api().get(`/api/projects/${created.body.id}/completeness?lang=es`).set('authorization', holder.bearer).expect(200);
      expect(spanish.body.missing.map((m: { item: string }) => m.item)).toEqual(items);
      expect(spanish.body.missing[0]).toEqual({ item: 'summary', label: 'Resumen' });
      expect((await api().get(`/api/projects/${created.body.id}/completeness?lang=de`).set('authorization', holder.bearer)).status).toBe(400);
      expect((await api().get(`/api/projects/${created.body.id}/completeness`).set('authorization', secretariat.bearer)).status).toBe(200);
      expect((await api().get(`/api/projects/${created.body.id}/completeness`).set('authorization', reviewer.bearer)).status).toBe(403);
      expect((await api().get(`/api/projects/${created.body.id}/completeness`).set('authorization', stranger.bearer)).status).toBe(404);
    });

    it('a French holder submitting an incomplete dossier: 422 DOSSIER_INCOMPLETE listing what is missing in French, nothing changed', async () => {
      const organization = await createOrganization(engine, { country: 'FR', region: 'europe', college: 'SCI' });
      const french = await createAccount(engine, { roles: ['holder'], language: 'fr', organizationId: organization.id });
      const draft = await createCompleteDraft(engine, french, callId, { language: 'fr', summary: null });
      const before = await read(draft.id);

      const res = await postTransition(engine, french, draft.id, { action: 'submit', expectedVersion: draft.version });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('DOSSIER_INCOMPLETE');
      expect(res.body.details.failedGuards).toEqual(['dossierComplete']);
      expect(res.body.details.missing).toEqual([
        { item: 'summary', label: 'Résumé' },
        { item: 'attachment:concept_note', label: 'Note conceptuelle (pièce jointe)' },
      ]);
      const completeness = await api().get(`/api/projects/${draft.id}/completeness`).set('authorization', french.bearer).expect(200);
      expect(completeness.body.missing).toEqual(res.body.details.missing);

      // A missing statement is named with the criterion's French name.
      await api().put(`/api/projects/${draft.id}/criteria/2.2`).set('authorization', french.bearer).send({ text: '' }).expect(200);
      const again = await postTransition(engine, french, draft.id, { action: 'submit', expectedVersion: before.version + 1 });
      expect(again.body.details.missing).toContainEqual({ item: 'statement:2.2', label: `Votre présentation pour le critère 2.2 (${frName})` });

      const after = await read(draft.id);
      expect(after).toMatchObject({ stage: 'draft', faspId: null, submittedAt: null, version: before.version + 1 });
      expect(await historyLength(draft.id)).toBe(1);
      expect(await engine.dataSource.query(`SELECT 1 FROM outbox WHERE payload->>'projectId' = $1`, [draft.id])).toEqual([]);
      expect(await engine.dataSource.query(`SELECT 1 FROM project_version WHERE project_id = $1`, [draft.id])).toEqual([]);
    });

    it('is complete once everything is there, and the dossier can then be submitted', async () => {
      const ready = await createReadyDraft(engine, holder, callId);
      const res = await api().get(`/api/projects/${ready.id}/completeness`).set('authorization', holder.bearer).expect(200);
      expect(res.body).toEqual({ complete: true, missing: [] });
      expect((await postTransition(engine, holder, ready.id, { action: 'submit', expectedVersion: ready.version })).status).toBe(200);
    });
  });
});
