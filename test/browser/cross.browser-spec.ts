import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { createAccount, TEST_PASSWORD, TestAccount } from '../helpers/accounts';
import { EngineWithUploads, startEngineWithUploads } from '../helpers/projects';
import { createPublishedProject, ReviewSetup } from '../helpers/reviews';
import { startTestEngine, TestEngine, waitForQueuesIdle } from '../helpers/test-engine';
import { launchBrowser, newContext, signIn } from './harness';

const SECURE_URL = 'https://fasp.example.org';

/** Signs in through the login form with a plain HTTP client; answers the Set-Cookie headers. */
async function formSignIn(url: string, email: string): Promise<{ form: request.Response; signedIn: request.Response; cookies: string[] }> {
  const form = await request(url).get('/login').set('accept', 'text/html').expect(200);
  const csrfCookie = (form.headers['set-cookie'] as unknown as string[]).find((cookie) => cookie.startsWith('fasp_csrf='))!.split(';')[0];
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
  const signedIn = await request(url).post('/login').type('form').set('cookie', csrfCookie).send({ _csrf: token, email, password: TEST_PASSWORD, next: '/account' });
  expect(signedIn.status).toBe(303);
  return { form, signedIn, cookies: signedIn.headers['set-cookie'] as unknown as string[] };
}

function sessionCookie(cookies: string[]): string {
  const cookie = cookies.find((candidate) => candidate.startsWith('fasp_session='));
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(cookies)}`);
  return cookie;
}

/** Marks every visible link and control with its position in document order (run in the page). */
const MARK_FOCUSABLE = `(() => {
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  const all = [...document.querySelectorAll(selector)].filter((element) => element.getClientRects().length > 0);
  all.forEach((element, index) => element.setAttribute('data-k', String(index)));
  return all.map((element) => element.getAttribute('data-k'));
})()`;

/**
 * Every interactive element in tab order: the first stop is the skip link, shown when focused,
 * which leads into the main content; Tab then visits each link and control once, in document
 * order, none left out, none trapping the focus.
 */
async function keyboardWalk(page: Page, path: string): Promise<void> {
  await page.goto(path);
  const expected = await page.evaluate<string[]>(MARK_FOCUSABLE);
  await page.keyboard.press('Tab');
  expect({ path, first: await page.evaluate<string | undefined>('document.activeElement?.className') }).toEqual({ path, first: 'skip' });
  expect(await page.evaluate<string>('getComputedStyle(document.activeElement).left')).toBe('8px');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  expect({ path, landsInMain: await page.evaluate<boolean>("document.querySelector('main').contains(document.activeElement)") }).toEqual({ path, landsInMain: true });

  await page.goto(path);
  await page.evaluate(MARK_FOCUSABLE);
  const visited: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    await page.keyboard.press('Tab');
    visited.push((await page.evaluate<string | null | undefined>("document.activeElement?.getAttribute('data-k')")) ?? 'none');
  }
  // each Tab goes one step forward in document order: nothing skipped, nothing repeated
  expect({ path, visited }).toEqual({ path, visited: expected });
}

describe('what every page guarantees', () => {
  let engine: EngineWithUploads;
  let secure: TestEngine;
  let browser: Browser;
  let published: ReviewSetup;
  let person: TestAccount;

  beforeAll(async () => {
    [engine, browser] = await Promise.all([startEngineWithUploads(), launchBrowser()]);
    // an engine of its own (its own database and worker), deployed behind https
    secure = await startTestEngine({ env: { PUBLIC_URL: SECURE_URL } });
    published = await createPublishedProject(engine, { dossier: { title: 'Keyboard-reachable parklands' } });
    await waitForQueuesIdle(engine, 30000);
    person = await createAccount(engine, { roles: ['holder'], name: 'Keyboard Person' });
  });
  afterAll(async () => {
    await browser?.close();
    await secure?.close();
    await engine?.close();
  });

  it('reaches every link and control from the keyboard, starting with the skip link', async () => {
    const context = await newContext(browser, engine.url);
    const page = await context.newPage();
    for (const path of ['/opportunities', `/opportunities/${published.project.faspId}`, '/login', '/register', '/password-reset', '/no-such-page']) await keyboardWalk(page, path);
    await signIn(page, published.holder.email, TEST_PASSWORD);
    for (const path of ['/notifications', '/account', '/opportunities']) await keyboardWalk(page, path);
    await context.close();
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, Secure when PUBLIC_URL is https, with HSTS only then', async () => {
    const securePerson = await createAccount(secure, { roles: ['holder'] });
    const overHttps = await formSignIn(secure.url, securePerson.email);
    const secureSession = sessionCookie(overHttps.cookies);
    expect(secureSession).toMatch(/;\s*HttpOnly/i);
    expect(secureSession).toMatch(/;\s*SameSite=Lax/i);
    expect(secureSession).toMatch(/;\s*Secure/i);
    expect(secureSession).toMatch(/;\s*Path=\//i);
    expect((overHttps.form.headers['set-cookie'] as unknown as string[]).find((cookie) => cookie.startsWith('fasp_csrf='))).toMatch(/;\s*Secure/i);
    expect(overHttps.form.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(overHttps.signedIn.headers.location).toBe('/account');

    const overHttp = await formSignIn(engine.url, person.email);
    const plainSession = sessionCookie(overHttp.cookies);
    expect(plainSession).toMatch(/;\s*HttpOnly/i);
    expect(plainSession).toMatch(/;\s*SameSite=Lax/i);
    expect(plainSession).not.toMatch(/;\s*Secure/i);
    // a plain-HTTP deployment has nothing to upgrade to: no Strict-Transport-Security anywhere
    for (const response of [overHttp.form, overHttp.signedIn, await request(engine.url).get('/opportunities'), await request(engine.url).get('/static/app.css'), await request(engine.url).get('/api/public/opportunities')]) {
      expect({ url: response.request.url, hsts: response.headers['strict-transport-security'] }).toEqual({ url: response.request.url, hsts: undefined });
    }
    // the session works with its cookie
    const account = await request(engine.url).get('/account').set('accept', 'text/html').set('cookie', plainSession.split(';')[0]);
    expect(account.status).toBe(200);
    expect(account.text).toContain('Keyboard Person');
  });

  it('answers a form without its token, or with a wrong one, with a 403 page and changes nothing', async () => {
    const context = await newContext(browser, engine.url);
    const page = await context.newPage();
    await signIn(page, person.email, TEST_PASSWORD);
    for (const tamper of ['remove', 'forge'] as const) {
      await page.goto('/account');
      const input = page.locator('form[action="/account"] input[name=_csrf]');
      if (tamper === 'remove') await input.evaluate((element) => (element as unknown as { remove(): void }).remove());
      else await input.evaluate((element) => ((element as unknown as { value: string }).value = 'forged-token-from-another-site'));
      await page.getByLabel('Your name').fill(`Renamed by a ${tamper}d form`);
      const [response] = await Promise.all([page.waitForResponse((candidate) => candidate.request().method() === 'POST'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
      expect({ tamper, status: response.status(), type: response.headers()['content-type'] }).toEqual({ tamper, status: 403, type: 'text/html; charset=utf-8' });
      expect(await page.locator('h1').textContent()).toBe('Not allowed');
      expect(await page.locator('main').textContent()).toContain('This form expired');
    }
    expect((await request(engine.url).get('/api/me').set('authorization', person.bearer).expect(200)).body.name).toBe('Keyboard Person');

    // the same for a hand-made request carrying the session cookie
    const cookie = (await context.cookies()).find((candidate) => candidate.name === 'fasp_session')!;
    const forged = await request(engine.url).post('/notifications/read-all').type('form').set('cookie', `fasp_session=${cookie.value}`).send({ _csrf: 'nope' });
    expect(forged.status).toBe(403);
    expect(forged.headers['content-type']).toContain('text/html');
    await context.close();
  });

  it('ends the session on the server when signing out: the old cookie opens nothing', async () => {
    const context = await newContext(browser, engine.url);
    const page = await context.newPage();
    await signIn(page, person.email, TEST_PASSWORD);
    const cookie = (await context.cookies()).find((candidate) => candidate.name === 'fasp_session')!;
    const before = await request(engine.url).get('/notifications').set('accept', 'text/html').set('cookie', `fasp_session=${cookie.value}`);
    expect(before.status).toBe(200);
    const sessions = () => engine.dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM web_session WHERE token_hash = sha256(convert_to($1, $2))', [cookie.value, 'UTF8']).then(([row]) => row.n);
    expect(await sessions()).toBe(1);
    await page.goto('/account');
    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.waitForURL('**/login');
    expect(await page.getByRole('status').textContent()).toBe('You are signed out.');
    const after = await request(engine.url).get('/notifications').set('accept', 'text/html').set('cookie', `fasp_session=${cookie.value}`);
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/login?next=%2Fnotifications');
    expect(await sessions()).toBe(0);
    await context.close();
  });

  it('never contacts another host, on any page visited', async () => {
    const context = await newContext(browser, engine.url);
    const hosts = new Set<string>();
    context.on('request', (sent) => {
      if (!sent.url().startsWith('data:')) hosts.add(new URL(sent.url()).host);
    });
    const page = await context.newPage();
    const visit = async (path: string) => {
      await page.goto(path, { waitUntil: 'networkidle' });
    };
    for (const path of ['/', '/opportunities', '/opportunities?region=africa', `/opportunities/${published.project.faspId}`, '/login', '/register', '/password-reset', '/no-such-page', '/opportunities?lang=fr']) await visit(path);
    await signIn(page, published.holder.email, TEST_PASSWORD);
    for (const path of ['/notifications', '/account', '/notifications?unread=true', '/opportunities']) await visit(path);
    await page.getByRole('button', { name: /Sign out|Se déconnecter/ }).click();
    await page.waitForURL('**/login');
    expect([...hosts]).toEqual([new URL(engine.url).host]);
    await context.close();
  });

  it('renders an unknown page as a 404 page in the reader’s language', async () => {
    const french = await newContext(browser, engine.url, { locale: 'fr-FR' });
    const visitor = await french.newPage();
    const missing = await visitor.goto('/pas-de-page-ici');
    expect(missing?.status()).toBe(404);
    expect(missing?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(await visitor.locator('html').getAttribute('lang')).toBe('fr');
    expect(await visitor.locator('h1').textContent()).toBe('Introuvable');
    expect(await visitor.getByRole('link', { name: "Retour à l'accueil" }).count()).toBe(1);
    expect((await visitor.goto(`/opportunities/${published.project.faspId}/nothing-here`))?.status()).toBe(404);
    expect(await visitor.locator('h1').textContent()).toBe('Introuvable');
    await french.close();

    const spanish = await createAccount(engine, { roles: ['reviewer'], language: 'es', name: 'Lucía Gómez' });
    const english = await newContext(browser, engine.url, { locale: 'en-GB' });
    const page = await english.newPage();
    await signIn(page, spanish.email, TEST_PASSWORD);
    const answer = await page.goto('/no-such-page');
    expect(answer?.status()).toBe(404);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.locator('h1').textContent()).toBe('No encontrado');
    expect(await page.getByRole('button', { name: /Cerrar sesión \(Lucía Gómez\)/ }).count()).toBe(1);
    await english.close();

    // the API keeps answering JSON, whatever the client accepts
    const api = await request(engine.url).get('/api/no-such-route').set('accept', 'text/html');
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toContain('application/json');
  });
});
