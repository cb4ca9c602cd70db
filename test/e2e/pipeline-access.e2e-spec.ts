import request from 'supertest';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

const ROUTES = ['/api/pipeline/summary', '/api/pipeline/overdue', '/api/pipeline/reviewers', '/api/pipeline/export.csv'];

/** The cookie's attributes, lower-cased, from a Set-Cookie header value. */
function cookieAttributes(setCookie: string): { name: string; value: string; attributes: Record<string, string | true> } {
  const [pair, ...rest] = setCookie.split(';').map((part) => part.trim());
  const [name, ...value] = pair.split('=');
  return {
    name,
    value: value.join('='),
    attributes: Object.fromEntries(rest.map((part) => {
      const [key, ...val] = part.split('=');
      return [key.toLowerCase(), val.length > 0 ? val.join('=').toLowerCase() : true];
    })),
  };
}

function setCookies(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as unknown;
  return Array.isArray(header) ? (header as string[]) : typeof header === 'string' ? [header] : [];
}

/**
 * Who may see the pipeline: the secretariat (and administrators), never holders or reviewers;
 * anonymous callers are asked to sign in. The queue dashboard takes a bearer token or the
 * HttpOnly, SameSite=Strict cookie set by its own sign-in form.
 */
describe('pipeline access', () => {
  let engine: TestEngine;
  let secretariat: TestAccount;
  let admin: TestAccount;
  let holder: TestAccount;
  let reviewer: TestAccount;

  beforeAll(async () => {
    engine = await startTestEngine();
    [secretariat, admin, holder, reviewer] = await Promise.all([
      createAccount(engine, { roles: ['secretariat'] }),
      createAccount(engine, { roles: ['admin'] }),
      createHolder(engine),
      createAccount(engine, { roles: ['reviewer'] }),
    ]);
  });
  afterAll(() => engine?.close());

  describe('the pipeline routes', () => {
    it.each(ROUTES)('%s: 200 for the secretariat and administrators', async (route) => {
      await request(engine.url).get(route).set('authorization', secretariat.bearer).expect(200);
      await request(engine.url).get(route).set('authorization', admin.bearer).expect(200);
    });

    it.each(ROUTES)('%s: 403 for holders and reviewers, with nothing of the pipeline in the answer', async (route) => {
      for (const account of [holder, reviewer]) {
        const res = await request(engine.url).get(route).set('authorization', account.bearer);
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(/application\/json/);
        expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      }
    });

    it.each(ROUTES)('%s: 401 without a token, with a malformed one, or with a forged one', async (route) => {
      const noToken = await request(engine.url).get(route);
      expect(noToken.status).toBe(401);
      expect(noToken.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      await request(engine.url).get(route).set('authorization', 'Bearer not-a-token').expect(401);
      const [header, payload] = secretariat.token.split('.');
      await request(engine.url).get(route).set('authorization', `Bearer ${header}.${payload}.forged-signature`).expect(401);
    });

    it('the dashboard cookie does not open the API (bearer tokens only there)', async () => {
      const login = await request(engine.url).post('/admin/login').type('form').send({ email: secretariat.email, password: secretariat.password }).expect(303);
      const cookie = setCookies(login).map((value) => value.split(';')[0]);
      for (const route of ROUTES) await request(engine.url).get(route).set('Cookie', cookie).expect(401);
    });

    it.each([
      ['summary', '/api/pipeline/summary?callId=42', 'callId'],
      ['summary', '/api/pipeline/summary?from=yesterday', 'from'],
      ['summary', '/api/pipeline/summary?to=2025-13-45T00:00:00Z', 'to'],
      ['overdue', '/api/pipeline/overdue?callId=not-a-uuid', 'callId'],
      ['reviewers', '/api/pipeline/reviewers?callId=not-a-uuid', 'callId'],
      ['overdue', '/api/pipeline/overdue?limit=5', 'limit'],
    ])('%s refuses bad input with 400 naming the field: %s', async (_route, url, field) => {
      const res = await request(engine.url).get(url).set('authorization', secretariat.bearer);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.fields.map((entry: { field: string }) => entry.field)).toEqual([field]);
    });

    it('accepts dates and instants for from and to', async () => {
      await request(engine.url).get('/api/pipeline/summary?from=2025-01-01&to=2025-02-01T00:00:00Z').set('authorization', secretariat.bearer).expect(200);
      await request(engine.url).get(`/api/pipeline/summary?from=${encodeURIComponent('2025-01-01T00:00:00+01:00')}`).set('authorization', secretariat.bearer).expect(200);
    });
  });

  describe('the queue dashboard', () => {
    it('opens with a secretariat or administrator bearer token', async () => {
      for (const account of [secretariat, admin]) {
        const res = await request(engine.url).get('/admin/queues').set('authorization', account.bearer);
        expect(res.status).toBe(200);
        expect(res.text).toMatch(/<html/i);
      }
      const api = await request(engine.url).get('/admin/queues/api/queues').set('authorization', secretariat.bearer).set('accept', 'application/json');
      expect(api.status).toBe(200);
      expect(Array.isArray(api.body.queues)).toBe(true);
      expect(api.body.queues.length).toBeGreaterThan(0);
    });

    it('is 403 for holders and reviewers, by token or by cookie', async () => {
      for (const account of [holder, reviewer]) {
        await request(engine.url).get('/admin/queues').set('authorization', account.bearer).expect(403);
        await request(engine.url).get('/admin/queues/api/queues').set('authorization', account.bearer).expect(403);
        const login = await request(engine.url).post('/admin/login').type('form').send({ email: account.email, password: account.password }).expect(303);
        const cookie = setCookies(login).map((value) => value.split(';')[0]);
        expect(cookie).toHaveLength(1);
        const res = await request(engine.url).get('/admin/queues').set('Cookie', cookie);
        expect(res.status).toBe(403);
        expect(res.text).not.toMatch(/<html/i);
      }
    });

    it('sends an anonymous browser to the sign-in page; an anonymous API client or a bad token gets 401', async () => {
      const browser = await request(engine.url).get('/admin/queues').set('accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
      expect(browser.status).toBe(303);
      expect(browser.headers.location).toBe('/admin/login');
      const deep = await request(engine.url).get('/admin/queues/queue/notifications').set('accept', 'text/html');
      expect(deep.status).toBe(303);
      expect(deep.headers.location).toBe('/admin/login');
      await request(engine.url).get('/admin/queues/api/queues').set('accept', 'application/json').expect(401);
      await request(engine.url).get('/admin/queues').set('authorization', 'Bearer not-a-token').expect(401);
      // a stale or forged cookie is no better than none
      const forged = await request(engine.url).get('/admin/queues').set('cookie', 'fasp_admin=forged').set('accept', 'text/html');
      expect(forged.status).toBe(303);
      expect(forged.headers.location).toBe('/admin/login');
    });

    it('shows the sign-in form, with an alert after a failure', async () => {
      const page = await request(engine.url).get('/admin/login').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toMatch(/<form method="post" action="\/admin\/login">/);
      expect(page.text).not.toMatch(/role="alert"/);
      const failed = await request(engine.url).get('/admin/login?error=1').expect(200);
      expect(failed.text).toMatch(/role="alert"/);
    });

    it('signs in with the form: an HttpOnly, SameSite=Strict cookie scoped to /admin, then the dashboard opens with it', async () => {
      const login = await request(engine.url).post('/admin/login').type('form').send({ email: `  ${secretariat.email.toUpperCase()} `, password: secretariat.password });
      expect(login.status).toBe(303);
      expect(login.headers.location).toBe('/admin/queues');
      const cookies = setCookies(login);
      expect(cookies).toHaveLength(1);
      const cookie = cookieAttributes(cookies[0]);
      expect(cookie.name).toBe('fasp_admin');
      expect(cookie.value.length).toBeGreaterThan(20);
      expect(cookie.attributes).toMatchObject({ httponly: true, samesite: 'strict', path: '/admin' });
      expect(Number(cookie.attributes['max-age'])).toBeGreaterThan(0);
      const board = await request(engine.url).get('/admin/queues').set('cookie', `${cookie.name}=${cookie.value}`);
      expect(board.status).toBe(200);
      expect(board.text).toMatch(/<html/i);
      // an administrator too
      const adminLogin = await request(engine.url).post('/admin/login').type('form').send({ email: admin.email, password: admin.password }).expect(303);
      await request(engine.url).get('/admin/queues').set('Cookie', setCookies(adminLogin).map((value) => value.split(';')[0])).expect(200);
    });

    it.each([
      ['a wrong password', (account: TestAccount) => ({ email: account.email, password: 'wrong password entirely' })],
      ['an unknown email', () => ({ email: 'nobody@example.org', password: 'whatever it is' })],
      ['no password', (account: TestAccount) => ({ email: account.email })],
      ['nothing', () => ({})],
    ])('refuses %s: back to the form with error=1, and no cookie', async (_what, body) => {
      const res = await request(engine.url).post('/admin/login').type('form').send(body(secretariat));
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin/login?error=1');
      expect(setCookies(res).filter((value) => value.startsWith('fasp_admin='))).toEqual([]);
    });

    it('signs out: the cookie is cleared', async () => {
      const res = await request(engine.url).post('/admin/logout');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin/login');
      const cleared = setCookies(res).map(cookieAttributes).find((cookie) => cookie.name === 'fasp_admin');
      expect(cleared).toBeDefined();
      expect(cleared!.value).toBe('');
      expect(cleared!.attributes.path).toBe('/admin');
    });
  });
});
