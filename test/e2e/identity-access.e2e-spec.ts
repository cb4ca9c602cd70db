import { randomUUID } from 'node:crypto';
import { Controller, Get, INestApplicationContext, Module, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { criteriaOf, REFERENCE_FRAMEWORK } from '@fasp/core';
import request from 'supertest';
import { PUBLIC_ROUTE, ROUTE_ROLES } from '../../src/platform/auth/access.decorators';
import { USER_ROLES, UserRole } from '../../src/platform/auth/roles';
import { ACCESS, PUBLIC } from '../helpers/access-matrix';
import { createAccount, createHolder, createOrganization, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { referenceFramework } from '../helpers/frameworks';
import { createSubmittedProject } from '../helpers/projects';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];
type Caller = 'anonymous' | UserRole;
const CALLERS: readonly Caller[] = ['anonymous', ...USER_ROLES];

/** "METHOD /path/{param}" of every operation the running engine documents. */
async function documentedRoutes(engine: TestEngine): Promise<string[]> {
  const res = await request(engine.url).get('/api/docs-json').expect(200);
  const routes: string[] = [];
  for (const [path, operations] of Object.entries(res.body.paths as Record<string, Record<string, unknown>>)) {
    for (const method of Object.keys(operations)) {
      if ((HTTP_METHODS as readonly string[]).includes(method)) routes.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return routes.sort();
}

interface HandlerAccess {
  route: string;
  handler: string;
  isPublic: boolean;
  roles: unknown;
}

/** A controller's or handler's path metadata: one path or several. */
function pathsOf(metadata: unknown): string[] {
  if (metadata === undefined) return [''];
  return (Array.isArray(metadata) ? metadata : [metadata]).map((path) => (typeof path === 'string' ? path : ''));
}

/** Every route handler of every controller of the app, with its access metadata as the guard reads it. */
const EXCLUDED_FROM_API_DOCUMENT = 'swagger/apiExcludeController';

function routeHandlers(app: INestApplicationContext): HandlerAccess[] {
  const discovery = app.get(DiscoveryService, { strict: false });
  const scanner = app.get(MetadataScanner, { strict: false });
  const reflector = app.get(Reflector, { strict: false });
  const found: HandlerAccess[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    // The web pages (left out of the API document) sign people in by cookie; test/browser covers them.
    if (Reflect.getMetadata(EXCLUDED_FROM_API_DOCUMENT, metatype)?.[0] === true) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    const bases = pathsOf(Reflect.getMetadata(PATH_METADATA, metatype));
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const paths: unknown = Reflect.getMetadata(PATH_METADATA, handler);
      if (paths === undefined) continue; // a helper method, not a route
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const access = {
        handler: `${metatype.name}.${name}`,
        isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [handler, metatype]) === true,
        roles: reflector.getAllAndOverride<unknown>(ROUTE_ROLES, [handler, metatype]),
      };
      for (const base of bases) {
        for (const path of pathsOf(paths)) {
          const full = `/${[base, path].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
          found.push({ route: `${method} ${full.replace(/:(\w+)/g, '{$1}')}`, ...access });
        }
      }
    }
  }
  return found;
}

/** Handlers that do not declare exactly one of @Public() or a non-empty @Roles(...) of known roles. */
function handlersWithoutAccessRule(handlers: HandlerAccess[]): string[] {
  return handlers
    .filter(({ isPublic, roles }) => {
      const validRoles = Array.isArray(roles) && roles.length > 0 && roles.every((role) => (USER_ROLES as readonly unknown[]).includes(role));
      return isPublic ? roles !== undefined : !validRoles;
    })
    .map(({ handler }) => handler);
}

describe('identity: who may call what (e2e)', () => {
  let engine: TestEngine;
  const callers = {} as Record<Exclude<Caller, 'anonymous'>, TestAccount>;
  /** real values for the path parameters, per resource (the path up to its first parameter) */
  const params: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    engine = await startTestEngine();
    const organization = await createOrganization(engine, { verified: true });
    callers.holder = await createHolder(engine, { organizationId: organization.id });
    callers.reviewer = await createAccount(engine, { roles: ['reviewer'] });
    callers.secretariat = await createAccount(engine, { roles: ['secretariat'] });
    callers.admin = await createAccount(engine, { roles: ['admin'] });
    const target = await createAccount(engine, { roles: ['reviewer'] });
    params['/api/users'] = { id: target.id };
    params['/api/organizations'] = { id: organization.id };
    // the seeded reference framework, an open call on it, and the holder's submitted project in it
    // (submitted, so that the holder's empty-bodied edits in the matrix change nothing)
    params['/api/frameworks'] = { id: (await referenceFramework(engine)).id };
    const call = await createOpenCall(engine);
    params['/api/calls'] = { id: call.id };
    const project = await createSubmittedProject(engine, callers.holder, call.id);
    const [attachment] = await engine.dataSource.query<Array<{ id: string }>>('SELECT id FROM project_attachment WHERE project_id = $1', [project.id]);
    params['/api/projects'] = { id: project.id, code: criteriaOf(REFERENCE_FRAMEWORK)[0].code, attachmentId: attachment.id, n: '1', assignmentId: randomUUID() };
    params['/api/reviewers'] = { userId: callers.reviewer.id };
    // no seat or run exists with these ids: allowed callers get 404, the others 401/403
    params['/api/assignments'] = { id: randomUUID() };
    params['/api/assignment-runs'] = { id: randomUUID() };
    params['/api/public/opportunities'] = { faspId: 'FASP-2026-9999' };
    params['/api/me/notifications'] = { id: randomUUID() };
  });
  afterAll(() => engine?.close());

  function concrete(template: string): string {
    if (!template.includes('{')) return template;
    const resource = template.slice(0, template.indexOf('/{'));
    return template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[resource]?.[name];
      if (!value) throw new Error(`no value for {${name}} in ${template}: add one for ${resource} to the matrix set-up`);
      return value;
    });
  }

  it('lists exactly the routes the engine documents', async () => {
    const documented = await documentedRoutes(engine);
    const listed = Object.keys(ACCESS).sort();
    expect({ notInMatrix: documented.filter((route) => !listed.includes(route)), notDocumented: listed.filter((route) => !documented.includes(route)) }).toEqual({
      notInMatrix: [],
      notDocumented: [],
    });
  });

  it('gives each caller the expected answer on every route', async () => {
    const wrong: string[] = [];
    for (const route of Object.keys(ACCESS).sort()) {
      const [method, template] = route.split(' ');
      const access = ACCESS[route];
      const path = concrete(template);
      for (const caller of CALLERS) {
        let call = request(engine.url)[method.toLowerCase() as HttpMethod](path);
        if (caller !== 'anonymous') call = call.set('authorization', callers[caller].bearer);
        const res = method === 'GET' || method === 'DELETE' ? await call : await call.send({});
        const allowed = access === PUBLIC || (caller !== 'anonymous' && access.includes(caller));
        const expected = allowed ? 'allowed' : caller === 'anonymous' ? 401 : 403;
        let ok: boolean;
        if (expected === 'allowed') ok = res.status !== 401 && res.status !== 403 && res.status < 500;
        else ok = res.status === expected && res.body.code === (expected === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        if (!ok) wrong.push(`${route} as ${caller}: expected ${expected}, got ${res.status} ${res.body?.code ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('declares @Public() or @Roles(...) on every route handler, and documents every handler', async () => {
    const handlers = routeHandlers(engine.app);
    expect(handlers.length).toBeGreaterThanOrEqual(Object.keys(ACCESS).length);
    expect(handlersWithoutAccessRule(handlers)).toEqual([]);
    expect(handlers.map((h) => h.route).sort()).toEqual(await documentedRoutes(engine));
  });
  it("answers 404 to a holder or reviewer asking for another holder's unverified organisation", async () => {
    const registered = await request(engine.url)
      .post('/api/auth/register')
      .send({ email: `proposer-${Date.now()}@example.org`, password: 'soil carbon matters a lot', name: 'Proposer', organization: { name: `Coopérative ${Date.now()}`, country: 'CI', college: 'PROD' } });
    expect(registered.status).toBe(201);
    const proposed = registered.body.organization as { id: string; verified: boolean };
    expect(proposed.verified).toBe(false);
    const proposer = `Bearer ${registered.body.tokens.accessToken}`;
    const other = await createHolder(engine);
    const reviewer = await createAccount(engine, { roles: ['reviewer'] });
    const secretariat = await createAccount(engine, { roles: ['secretariat'] });

    for (const stranger of [other.bearer, reviewer.bearer]) {
      const res = await request(engine.url).get(`/api/organizations/${proposed.id}`).set('authorization', stranger);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      const list = await request(engine.url).get('/api/organizations').query({ limit: 100 }).set('authorization', stranger).expect(200);
      expect(list.body.items.map((o: { id: string }) => o.id)).not.toContain(proposed.id);
    }
    // the same answer as for an organisation that does not exist at all
    const missing = await request(engine.url).get('/api/organizations/00000000-0000-4000-8000-000000000000').set('authorization', other.bearer);
    expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });

    await request(engine.url).get(`/api/organizations/${proposed.id}`).set('authorization', proposer).expect(200);
    await request(engine.url).get(`/api/organizations/${proposed.id}`).set('authorization', secretariat.bearer).expect(200);

    // once the secretariat verifies it, it is in everyone's directory
    await request(engine.url).patch(`/api/organizations/${proposed.id}`).set('authorization', secretariat.bearer).send({ verified: true }).expect(200);
    await request(engine.url).get(`/api/organizations/${proposed.id}`).set('authorization', other.bearer).expect(200);
  });
});

@Controller('test/no-access-rule')
class NoAccessRuleController {
  static reached = 0;

  @Get()
  get(): { reached: boolean } {
    NoAccessRuleController.reached++;
    return { reached: true };
  }
}

@Module({ controllers: [NoAccessRuleController] })
class NoAccessRuleModule {}

describe('identity: a route without an access rule (e2e)', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine({ extraModules: [NoAccessRuleModule] });
  });
  afterAll(() => engine?.close());

  it('is found by the metadata check', () => {
    expect(handlersWithoutAccessRule(routeHandlers(engine.app))).toEqual(['NoAccessRuleController.get']);
  });

  it('is refused to everyone, an admin included, and its handler never runs', async () => {
    const admin = await createAccount(engine, { roles: ['admin', 'secretariat'] });
    const asAdmin = await request(engine.url).get('/test/no-access-rule').set('authorization', admin.bearer);
    expect({ status: asAdmin.status, code: asAdmin.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    const anonymous = await request(engine.url).get('/test/no-access-rule');
    expect(anonymous.status).toBe(403);
    expect(NoAccessRuleController.reached).toBe(0);
  });
});
