import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { criteriaOf, REFERENCE_FRAMEWORK } from '@fasp/core';
import request from 'supertest';
import { USER_ROLES, UserRole } from '../../src/platform/auth/roles';
import { DatabaseFingerprint, differences } from '../fuzz/fingerprint';
import { ACCESS, OTHER_OWNER, OtherOwnerObject, PUBLIC, STRANGERS } from '../helpers/access-matrix';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { referenceFramework } from '../helpers/frameworks';
import { createSubmittedProject, EngineWithUploads, minimalPdf, startEngineWithUploads } from '../helpers/projects';
import { completeRatings, consentAndPublish, proposeAndRelease, startReview, submitAll } from '../helpers/reviews';
import { TestSmtpServer } from '../helpers/smtp';
import { waitForQueuesIdle } from '../helpers/test-engine';

/**
 * The role × route × other-owner's-object matrix: every route of the committed openapi.json,
 * called as every role (and anonymously) on objects that belong to someone else. A role the
 * route is not for is refused (401 anonymous, 403 signed in); a holder or reviewer reaching for
 * another holder's project, another reviewer's seat or profile, another person's notification
 * or an organisation proposed by someone else is told it does not exist (404, never 403); the
 * staff reach every project. No refused call changes a row or a file.
 */
type Caller = 'anonymous' | UserRole;
const CALLERS: readonly Caller[] = ['anonymous', ...USER_ROLES];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

/** "METHOD /path/{param}" of every operation of the committed openapi.json. */
function committedRoutes(): string[] {
  const document = JSON.parse(readFileSync(join(__dirname, '../../openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const routes: string[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const method of Object.keys(operations)) if ((METHODS as readonly string[]).includes(method)) routes.push(`${method.toUpperCase()} ${path}`);
  }
  return routes.sort();
}

/** Bodies that pass validation, so that what answers is the access rule and not a field error. */
const VALID_BODIES: Record<string, object> = {
  'PUT /api/projects/{id}/criteria/{code}': { text: 'A statement' },
  'POST /api/projects/{id}/transitions': { action: 'withdraw', expectedVersion: 1 },
  'PUT /api/projects/{id}/publication-consent': { consentToPublish: true },
  'POST /api/assignments/{id}/decline': { reason: 'No time' },
};

describe('access: role × route × another owner’s object (e2e)', () => {
  let engine: EngineWithUploads;
  let smtp: TestSmtpServer;
  const callers = {} as Record<UserRole, TestAccount>;
  const params: Record<string, Record<string, string>> = {};
  let fingerprint: DatabaseFingerprint;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    engine = await startEngineWithUploads({ env: { SMTP_URL: smtp.url } });
    // The owners: a holder whose project went the whole way (reviewed, released, published), its
    // reviewers, and the secretariat; the same holder's second project, submitted, not published.
    const setup = await startReview(engine, { reviewers: 3 });
    await submitAll(engine, setup.seats, { ratings: completeRatings(3) });
    await proposeAndRelease(engine, setup, 'positive');
    await consentAndPublish(engine, setup);
    const owner = setup.holder;
    const project = setup.project;
    const unpublished = await createSubmittedProject(engine, owner, setup.call.id);
    // The callers: another holder, a reviewer with no seat on that project, the staff.
    callers.holder = await createHolder(engine);
    callers.reviewer = setup.spares[0];
    callers.secretariat = await createAccount(engine, { roles: ['secretariat'] });
    callers.admin = await createAccount(engine, { roles: ['admin'] });

    const proposed = await request(engine.url)
      .post('/api/auth/register')
      .send({ email: `proposer-${Date.now()}@example.org`, password: 'soil carbon matters a lot', name: 'Proposer', organization: { name: `Coopérative ${Date.now()}`, country: 'CI', college: 'PROD' } })
      .expect(201);
    await waitForQueuesIdle(engine);
    const one = async (sql: string, values: unknown[]): Promise<string> => (await engine.dataSource.query<Array<{ value: string }>>(sql, values))[0].value;
    const attachmentId = await one('SELECT id AS value FROM project_attachment WHERE project_id = $1 LIMIT 1', [project.id]);
    const notificationId = await one('SELECT id AS value FROM notification WHERE user_id = $1 LIMIT 1', [owner.id]);
    const faspId = await one('SELECT fasp_id AS value FROM project WHERE id = $1', [unpublished.id]);
    const runId = await one('SELECT id AS value FROM assignment_run LIMIT 1', []);

    params['/api/projects'] = { id: project.id, code: criteriaOf(REFERENCE_FRAMEWORK)[0].code, attachmentId, n: '1', assignmentId: setup.lead.assignmentId };
    params['/api/assignments'] = { id: setup.lead.assignmentId };
    params['/api/reviewers'] = { userId: setup.lead.reviewer.id };
    params['/api/organizations'] = { id: (proposed.body.organization as { id: string }).id };
    params['/api/me/notifications'] = { id: notificationId };
    params['/api/public/opportunities'] = { faspId };
    params['/api/users'] = { id: owner.id };
    params['/api/frameworks'] = { id: (await referenceFramework(engine)).id };
    params['/api/calls'] = { id: setup.call.id };
    params['/api/assignment-runs'] = { id: runId };
    await waitForQueuesIdle(engine, 30_000);
    fingerprint = new DatabaseFingerprint(engine.dataSource, engine.uploadDir);
  }, 180_000);
  afterAll(async () => {
    await engine?.close();
    await smtp?.stop();
  });

  function concrete(template: string): string {
    const resource = template.includes('/{') ? template.slice(0, template.indexOf('/{')) : template;
    return template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[resource]?.[name];
      if (!value) throw new Error(`no value for {${name}} in ${template}: add one for ${resource} to the matrix set-up`);
      return value;
    });
  }

  function expected(route: string, caller: Caller): 401 | 403 | 404 | 'reached' {
    const access = ACCESS[route];
    const allowed = access === PUBLIC || (caller !== 'anonymous' && access.includes(caller));
    const object = OTHER_OWNER[route];
    if (object && STRANGERS[object].includes(caller) && (allowed || object === 'unpublished')) return 404;
    if (!allowed) return caller === 'anonymous' ? 401 : 403;
    return 'reached';
  }

  function call(route: string, caller: Caller): request.Test {
    const [method, template] = route.split(' ');
    let test = request(engine.url)[method.toLowerCase() as Method](concrete(template));
    if (caller !== 'anonymous') test = test.set('authorization', callers[caller].bearer);
    if (route === 'POST /api/projects/{id}/attachments') return test.query({ kind: 'other' }).attach('file', minimalPdf('not yours'), { filename: 'note.pdf', contentType: 'application/pdf' });
    if (method === 'GET' || method === 'DELETE') return test;
    return test.send(VALID_BODIES[route] ?? {});
  }

  it('has an entry for every route of openapi.json, and none for a route it does not document', () => {
    const routes = committedRoutes();
    expect(routes.length).toBeGreaterThan(0);
    const missing = (table: Record<string, unknown>) => routes.filter((route) => !(route in table));
    const extra = (table: Record<string, unknown>) => Object.keys(table).filter((route) => !routes.includes(route));
    expect({ notInAccess: missing(ACCESS), notInOtherOwner: missing(OTHER_OWNER), undocumentedInAccess: extra(ACCESS), undocumentedInOtherOwner: extra(OTHER_OWNER) }).toEqual({
      notInAccess: [],
      notInOtherOwner: [],
      undocumentedInAccess: [],
      undocumentedInOtherOwner: [],
    });
  });

  it('gives every role the expected answer on every route, on objects of others, and a refusal changes nothing', async () => {
    const wrong: string[] = [];
    const calls = new Map<string, number>();
    let before = await fingerprint.take();
    for (const route of committedRoutes()) {
      for (const caller of CALLERS) {
        const want = expected(route, caller);
        const res = await call(route, caller);
        const key = want === 'reached' ? 'reached' : String(want);
        calls.set(key, (calls.get(key) ?? 0) + 1);
        const code = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' } as const;
        const ok = want === 'reached' ? ![401, 403, 404].includes(res.status) && res.status < 500 : res.status === want && res.body?.code === code[want];
        if (!ok) wrong.push(`${route} as ${caller}: expected ${want}, got ${res.status} ${res.body?.code ?? ''}`);
        if (res.status >= 400) {
          const after = await fingerprint.take();
          wrong.push(...differences(before, after).map((difference) => `${route} as ${caller} (${res.status}): ${difference}`));
          before = after;
        } else {
          await waitForQueuesIdle(engine);
          before = await fingerprint.take();
        }
      }
    }
    expect(wrong).toEqual([]);
    // every kind of answer was exercised, the 404 of other owners' objects most of all
    expect(calls.get('404')).toBeGreaterThanOrEqual(40);
    expect([...calls.keys()].sort()).toEqual(['401', '403', '404', 'reached']);
  }, 180_000);

  it.each(Object.keys(STRANGERS) as OtherOwnerObject[])('the %s object is used by at least one route', (object) => {
    expect(Object.values(OTHER_OWNER)).toContain(object);
  });

  it("does not list another holder's project to a holder, nor to a reviewer without a seat on it", async () => {
    for (const caller of ['holder', 'reviewer'] as const) {
      const res = await request(engine.url).get('/api/projects').query({ limit: 100 }).set('authorization', callers[caller].bearer).expect(200);
      expect((res.body.items as Array<{ id: string }>).map((item) => item.id)).not.toContain(params['/api/projects'].id);
    }
    const staff = await request(engine.url).get('/api/projects').query({ limit: 100 }).set('authorization', callers.secretariat.bearer).expect(200);
    expect((staff.body.items as Array<{ id: string }>).map((item) => item.id)).toContain(params['/api/projects'].id);
  });
});
