import request from 'supertest';
import { createAccount, createHolder, createOrganization, TestAccount } from '../helpers/accounts';
import { createDraftCall, createOpenCall } from '../helpers/calls';
import { invalidFields } from '../helpers/identity';
import { createCompleteDraft } from '../helpers/projects';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

/**
 * Input the database cannot hold is refused by the validation, with the field named, before it
 * reaches PostgreSQL (where it would be a 500).
 *
 * Integers that reach PostgreSQL as `integer` (version numbers, rounds, years) are bounded by the
 * validation: a number beyond 2^31 - 1 is a 400 naming the field, not a database error (500).
 */
describe('integer fields beyond the database integer (e2e)', () => {
  let engine: TestEngine;
  let holder: TestAccount;
  let secretariat: TestAccount;
  let projectId: string;
  let draftCallId: string;

  const HUGE = 40008000000000000; // the value "00000000000040008000000000000000" reads as
  const JUST_BEYOND = 2147483648;

  beforeAll(async () => {
    engine = await startTestEngine();
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
    holder = await createHolder(engine);
    const call = await createOpenCall(engine);
    projectId = (await createCompleteDraft(engine, holder, call.id)).id;
    draftCallId = (await createDraftCall(engine)).id;
  });
  afterAll(() => engine?.close());

  interface Case {
    name: string;
    send: () => request.Test;
    field: string;
  }
  const cases: Case[] = [
    { name: 'version number of a project (path)', send: () => request(engine.url).get(`/api/projects/${projectId}/versions/00000000000040008000000000000000`).set('authorization', holder.bearer), field: 'n' },
    { name: 'version number of a diff (path)', send: () => request(engine.url).get(`/api/projects/${projectId}/versions/${JUST_BEYOND}/diff`).set('authorization', holder.bearer), field: 'n' },
    { name: 'year of the call list (query)', send: () => request(engine.url).get('/api/calls').query({ year: String(HUGE) }).set('authorization', secretariat.bearer), field: 'year' },
    { name: 'round of the review list (query)', send: () => request(engine.url).get(`/api/projects/${projectId}/reviews`).query({ round: String(JUST_BEYOND) }).set('authorization', secretariat.bearer), field: 'round' },
    { name: 'expectedVersion of a dossier edit', send: () => request(engine.url).patch(`/api/projects/${projectId}`).set('authorization', holder.bearer).send({ title: 'Soil carbon', expectedVersion: HUGE }), field: 'expectedVersion' },
    { name: 'expectedVersion of a statement', send: () => request(engine.url).put(`/api/projects/${projectId}/criteria/1.1`).set('authorization', holder.bearer).send({ text: 'x', expectedVersion: HUGE }), field: 'expectedVersion' },
    { name: 'expectedVersion of a transition', send: () => request(engine.url).post(`/api/projects/${projectId}/transitions`).set('authorization', holder.bearer).send({ action: 'submit', expectedVersion: JUST_BEYOND }), field: 'expectedVersion' },
    { name: 'expectedVersion of a call edit', send: () => request(engine.url).patch(`/api/calls/${draftCallId}`).set('authorization', secretariat.bearer).send({ expectedVersion: HUGE }), field: 'expectedVersion' },
    { name: 'expectedVersion of a call transition', send: () => request(engine.url).post(`/api/calls/${draftCallId}/open`).set('authorization', secretariat.bearer).send({ expectedVersion: HUGE }), field: 'expectedVersion' },
  ];

  it.each(cases)('$name: 400 naming the field', async ({ send, field }) => {
    const res = await send();
    expect({ status: res.status, code: res.body.code, fields: invalidFields(res) }).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: [field] });
  });

  it('the largest database integer is still accepted as a version number (404: no such version)', async () => {
    const res = await request(engine.url).get(`/api/projects/${projectId}/versions/2147483647`).set('authorization', holder.bearer);
    expect(res.status).toBe(404);
  });

  describe('the NUL character (PostgreSQL text and jsonb cannot hold it)', () => {
    it('in a body field: 400 naming the field, and the row unchanged', async () => {
      const organization = await createOrganization(engine);
      const res = await request(engine.url).patch(`/api/organizations/${organization.id}`).set('authorization', secretariat.bearer).send({ name: 'Soil\u0000Lab', verified: true });
      expect({ status: res.status, code: res.body.code, fields: invalidFields(res) }).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['name'] });
      const [row] = await engine.dataSource.query('SELECT name, verified FROM organization WHERE id = $1', [organization.id]);
      expect(row).toEqual({ name: organization.name, verified: organization.verified });
    });

    it('in a nested field, a query parameter and a path parameter: 400 naming each', async () => {
      const nested = await request(engine.url).patch(`/api/projects/${projectId}`).set('authorization', holder.bearer).send({ partners: [{ name: 'Fine' }, { name: 'Not\u0000fine' }] });
      expect({ status: nested.status, fields: invalidFields(nested) }).toEqual({ status: 400, fields: ['partners.1.name'] });
      const query = await request(engine.url).get('/api/projects').query({ cursor: 'abc\u0000' }).set('authorization', secretariat.bearer);
      expect({ status: query.status, fields: invalidFields(query) }).toEqual({ status: 400, fields: ['cursor'] });
      const path = await request(engine.url).put(`/api/projects/${projectId}/criteria/1.1%00`).set('authorization', holder.bearer).send({ text: 'x' });
      expect({ status: path.status, fields: invalidFields(path) }).toEqual({ status: 400, fields: ['code'] });
    });
  });
});
