import { Browser } from 'playwright-core';
import request from 'supertest';
import { createAccount, createOrganization, TEST_PASSWORD } from '../helpers/accounts';
import { createProjectInReview } from '../helpers/reviews';
import { startTestEngine, TestEngine } from '../helpers/test-engine';
import { checkPage, launchBrowser, newContext, signIn } from './harness';

describe('signing in and out in a browser', () => {
  let engine: TestEngine;
  let browser: Browser;

  beforeAll(async () => {
    [engine, browser] = await Promise.all([startTestEngine(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  it('serves the sign-in page in the browser language, light and accessible', async () => {
    const context = await newContext(browser, engine.url, { locale: 'fr-FR' });
    const page = await context.newPage();
    const weight = await checkPage(page, '/login', 'login-fr');
    expect(weight.requests).toBeGreaterThanOrEqual(2);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe('Connexion');
    await page.getByRole('link', { name: 'Español' }).click();
    expect(await page.locator('h1').textContent()).toBe('Iniciar sesión');
    await page.goto('/login');
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await context.close();
  });

  it('registers a holder without JavaScript and lands on their projects, with a secure session cookie', async () => {
    const organization = await createOrganization(engine, { name: 'Sahel Soils Cooperative' });
    const context = await newContext(browser, engine.url, { javaScriptEnabled: false });
    const page = await context.newPage();
    await checkPage(page, '/register', 'register');
    await page.getByLabel('Your name').fill('Awa Ndiaye');
    await page.getByLabel('Email').fill('awa@sahel-soils.example');
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Choose your organisation if it is listed').selectOption(organization.id);
    await page.getByRole('button', { name: 'Create my account' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('password');
    expect(await page.getByLabel('Your name').inputValue()).toBe('Awa Ndiaye');
    await page.getByLabel('Password').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.waitForURL('**/projects');
    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === 'fasp_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.waitForURL('**/login');
    expect((await context.cookies()).some((cookie) => cookie.name === 'fasp_session')).toBe(false);
    await context.close();
  });

  it('refuses a form without the session token, and a wrong password keeps the email typed', async () => {
    const account = await createAccount(engine, { roles: ['holder'] });
    const forged = await request(engine.url).post('/login').type('form').send({ email: account.email, password: TEST_PASSWORD });
    expect(forged.status).toBe(403);
    expect(forged.headers['content-type']).toContain('text/html');

    const context = await newContext(browser, engine.url);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.locator('form[action="/login"] button[type=submit]').click();
    expect(await page.getByRole('alert').textContent()).toContain('incorrect');
    expect(await page.getByLabel('Email').inputValue()).toBe(account.email);
    await signIn(page, account.email, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/projects');
    await context.close();
  });

  it('sends someone who is not signed in to the sign-in page and back where they were going', async () => {
    const account = await createAccount(engine, { roles: ['holder'] });
    const context = await newContext(browser, engine.url);
    const page = await context.newPage();
    await page.goto('/projects');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.locator('form[action="/login"] button[type=submit]').click();
    await page.waitForURL('**/projects');
    await context.close();
  });

  it('opens the link of a notification about a project on each reader\'s own page of it', async () => {
    const { project, holder, secretariat, seats } = await createProjectInReview(engine);
    const expected: Array<[string, RegExp]> = [
      [holder.email, new RegExp(`^/projects/${project.id}$`)],
      [secretariat.email, new RegExp(`^/secretariat/projects/${project.id}$`)],
      [seats[0].reviewer.email, new RegExp(`^/assignments/${seats[0].assignmentId}/review$`)],
    ];
    for (const [email, landing] of expected) {
      const context = await newContext(browser, engine.url);
      const page = await context.newPage();
      await signIn(page, email, TEST_PASSWORD);
      const response = await page.goto(`/projects/${project.id}`);
      expect({ email, status: response?.status(), path: new URL(page.url()).pathname }).toEqual({ email, status: 200, path: expect.stringMatching(landing) });
      expect(await page.locator('h1').textContent()).toContain(project.title);
      await context.close();
    }
  });
});
