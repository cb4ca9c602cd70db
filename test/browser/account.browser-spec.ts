import { randomBytes } from 'node:crypto';
import { Browser } from 'playwright-core';
import request from 'supertest';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { RecipientsRepository } from '../../src/modules/notifications/recipients';
import { createAccount, createHolder, TEST_PASSWORD, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { createSubmittedProject, EngineWithUploads, startEngineWithUploads } from '../helpers/projects';
import { waitForQueuesIdle } from '../helpers/test-engine';
import { checkPage, launchBrowser, newContext, signIn } from './harness';

/**
 * A signed-in person's own pages: the inbox (newest first, unread marked, times in their time
 * zone, marking read) and the account settings (name, language, time zone, email choices,
 * password), checked against what the API then answers.
 */
describe('inbox and account settings in a browser', () => {
  let engine: EngineWithUploads;
  let browser: Browser;

  beforeAll(async () => {
    [engine, browser] = await Promise.all([startEngineWithUploads(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  /** An `admitted` notification for the account, as the worker would plan it. */
  async function notify(account: Pick<TestAccount, 'id'>, faspId: string): Promise<void> {
    await engine.get(NotificationsService).deliverNow({
      eventKey: `browser:${randomBytes(6).toString('hex')}`,
      kind: 'admitted',
      recipients: await engine.get(RecipientsRepository).users([account.id]),
      values: { title: `Soil project ${faspId}`, faspId },
      path: `/projects/${faspId}`,
    });
  }

  it('switches the pages to French and the times to Bogota, and shows a notification of a real submission, marked read in one click', async () => {
    const holder = await createHolder(engine, { name: 'Awa Ndiaye', language: 'en' });
    const call = await createOpenCall(engine);
    const context = await newContext(browser, engine.url, { locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, holder.email, TEST_PASSWORD);
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.waitForURL('**/account');
    await checkPage(page, '/account', 'account');
    expect(await page.locator('h1').textContent()).toBe('Your account');

    // a zone that does not exist is refused on the field, and nothing typed is lost
    await page.getByLabel('Your name').fill('Awa N. Ndiaye');
    await page.getByLabel('Preferred language').selectOption('fr');
    await page.getByLabel('Time zone', { exact: true }).fill('Mars/Olympus_Mons');
    const [refused] = await Promise.all([page.waitForResponse((response) => response.url().endsWith('/account') && response.request().method() === 'POST'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
    expect(refused.status()).toBe(400);
    expect(await page.locator('#f-timeZone-error').textContent()).toContain('IANA time zone');
    expect(await page.getByLabel('Time zone', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Your name').inputValue()).toBe('Awa N. Ndiaye');
    expect(await page.getByLabel('Preferred language').inputValue()).toBe('fr');
    expect((await request(engine.url).get('/api/me').set('authorization', holder.bearer).expect(200)).body).toMatchObject({ name: 'Awa Ndiaye', language: 'en' });

    await page.getByLabel('Time zone', { exact: true }).fill('America/Bogota');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL('**/account');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe('Votre compte');
    expect(await page.getByRole('status').textContent()).toBe('Vos réglages sont enregistrés.');
    expect((await request(engine.url).get('/api/me').set('authorization', holder.bearer).expect(200)).body).toMatchObject({ name: 'Awa N. Ndiaye', language: 'fr', timeZone: 'America/Bogota' });
    // the language follows the person to every page, whatever the browser says
    await page.goto('/opportunities');
    expect(await page.locator('h1').textContent()).toBe("Opportunités d'investissement");

    // a real event: the holder submits a dossier, the worker plans the notification in French
    const project = await createSubmittedProject(engine, holder, call.id);
    await waitForQueuesIdle(engine);
    await page.goto('/notifications');
    expect(await page.getByRole('link', { name: 'Notifications (1)' }).count()).toBe(1);
    const note = page.locator('.note').first();
    expect(await note.locator('h2').textContent()).toBe(`Non lue Dossier ${project.faspId} reçu`);
    expect(await note.textContent()).toContain('Le Secrétariat exécutif va maintenant vérifier son éligibilité.');
    // the time shown is the instant in Bogota (UTC-5 all year), not in UTC
    const time = note.locator('time');
    const instant = new Date((await time.getAttribute('datetime')) ?? '');
    const bogota = new Date(instant.getTime() - 5 * 3600 * 1000);
    const hhmm = `${String(bogota.getUTCHours()).padStart(2, '0')}:${String(bogota.getUTCMinutes()).padStart(2, '0')}`;
    const utc = `${String(instant.getUTCHours()).padStart(2, '0')}:${String(instant.getUTCMinutes()).padStart(2, '0')}`;
    const shown = (await time.textContent()) ?? '';
    expect({ shown, bogota: shown.includes(hhmm), utc: shown.includes(utc) }).toEqual({ shown, bogota: true, utc: false });
    expect(shown).toContain(String(bogota.getUTCDate()));
    await checkPage(page, '/notifications', 'notifications');

    // "Open" marks it read and leads to the project's page
    const href = await note.getByRole('link', { name: /^Ouvrir/ }).getAttribute('href');
    expect(href).toMatch(/^\/notifications\/[0-9a-f-]{36}\/open$/);
    const open = await page.request.get(href ?? '', { maxRedirects: 0 });
    expect(open.status()).toBe(303);
    expect(open.headers().location).toBe(`/projects/${project.id}`);
    await page.goto('/notifications');
    expect(await page.getByRole('link', { name: 'Notifications (0)' }).count()).toBe(1);
    expect(await page.locator('.note.unread').count()).toBe(0);
    await context.close();
  });

  it('marks one or all read, pages older notifications, and shows the unread ones only on request', async () => {
    const reader = await createAccount(engine, { roles: ['holder'], language: 'en' });
    for (let i = 1; i <= 22; i++) await notify(reader, `FASP-2026-${String(9000 + i)}`);
    const context = await newContext(browser, engine.url, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, reader.email, TEST_PASSWORD);
    await page.goto('/notifications');
    expect(await page.locator('main > p').first().textContent()).toBe('22 unread notifications');
    expect(await page.getByRole('link', { name: 'Notifications (22)' }).count()).toBe(1);
    const titles = () => page.locator('.note h2').allTextContents();
    const first = await titles();
    expect(first).toHaveLength(20);
    expect(first[0]).toBe('Unread FASP-2026-9022 admitted to the assessment');
    expect(first[19]).toBe('Unread FASP-2026-9003 admitted to the assessment');

    await page.getByRole('button', { name: 'Mark as read: FASP-2026-9021 admitted to the assessment' }).click();
    await page.waitForURL('**/notifications');
    expect(await page.getByRole('link', { name: 'Notifications (21)' }).count()).toBe(1);
    expect(await page.locator('.note', { hasText: 'FASP-2026-9021' }).getAttribute('class')).toBe('note');
    expect((await request(engine.url).get('/api/me/notifications').set('authorization', reader.bearer).expect(200)).body.unreadCount).toBe(21);

    await page.getByRole('link', { name: 'Older notifications' }).click();
    expect(await titles()).toEqual(['Unread FASP-2026-9002 admitted to the assessment', 'Unread FASP-2026-9001 admitted to the assessment']);
    // marking read on a later page comes back to that page
    const back = page.url();
    await page.getByRole('button', { name: 'Mark as read: FASP-2026-9001 admitted to the assessment' }).click();
    expect(page.url()).toBe(back);
    expect(await page.locator('.note.unread').count()).toBe(1);

    await page.getByRole('link', { name: 'Newest' }).click();
    await page.getByRole('link', { name: 'Show unread only' }).click();
    expect(await page.locator('.note').count()).toBe(20);
    expect(await page.locator('.note', { hasText: 'FASP-2026-9021' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Mark all as read' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Every notification is marked as read.');
    expect(await page.getByRole('link', { name: 'Notifications (0)' }).count()).toBe(1);
    expect(await page.locator('.note.unread').count()).toBe(0);
    await page.getByRole('link', { name: 'Show unread only' }).click();
    expect(await page.locator('main').textContent()).toContain('No unread notification.');

    // someone else's notification, or a made-up one, is not found
    const other = await createAccount(engine, { roles: ['holder'] });
    await notify(other, 'FASP-2026-9999');
    const [theirs] = (await request(engine.url).get('/api/me/notifications').set('authorization', other.bearer).expect(200)).body.items as Array<{ id: string }>;
    expect((await page.goto(`/notifications/${theirs.id}/open`))?.status()).toBe(404);
    expect((await page.goto('/notifications/not-a-uuid/open'))?.status()).toBe(404);
    expect((await request(engine.url).get('/api/me/notifications').set('authorization', other.bearer).expect(200)).body.unreadCount).toBe(1);
    await context.close();
  });

  it('sends a visitor to sign in first', async () => {
    const context = await newContext(browser, engine.url);
    const page = await context.newPage();
    await page.goto('/notifications');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/notifications');
    await page.goto('/account');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/account');
    await context.close();
  });

  it('saves email choices through the same preferences as the API, by role', async () => {
    const staff = await createAccount(engine, { roles: ['secretariat'] });
    const context = await newContext(browser, engine.url);
    const page = await context.newPage();
    await signIn(page, staff.email, TEST_PASSWORD);
    await page.goto('/account');
    const choice = (label: string) => page.getByRole('checkbox', { name: label, exact: true });
    expect(await choice('a new dossier is submitted').isChecked()).toBe(true);
    expect(await choice('Send me the daily summary of the secretariat').isChecked()).toBe(true);
    // a holder's or a reviewer's kinds are not offered to the secretariat
    expect(await choice('my dossier is received').count()).toBe(0);
    expect(await choice('I am invited to review a project').count()).toBe(0);
    await choice('a new dossier is submitted').uncheck();
    await choice('Send me the daily summary of the secretariat').uncheck();
    await page.getByRole('button', { name: 'Save my email choices' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Your email choices are saved.');
    expect(await choice('a new dossier is submitted').isChecked()).toBe(false);
    expect(await choice('a review is overdue').isChecked()).toBe(true);
    const saved = (await request(engine.url).get('/api/me/notification-preferences').set('authorization', staff.bearer).expect(200)).body;
    expect(saved).toMatchObject({ emailDisabled: ['dossier_received'], digest: false });

    // a kind set by the API and not shown on this page keeps its setting
    await request(engine.url).put('/api/me/notification-preferences').set('authorization', staff.bearer).send({ emailDisabled: ['dossier_received', 'reviewer_invited'], digest: false }).expect(200);
    await page.reload();
    await choice('a new dossier is submitted').check();
    await page.getByRole('button', { name: 'Save my email choices' }).click();
    expect((await request(engine.url).get('/api/me/notification-preferences').set('authorization', staff.bearer).expect(200)).body).toMatchObject({ emailDisabled: ['reviewer_invited'], digest: false });
    await context.close();

    const reviewer = await createAccount(engine, { roles: ['reviewer'], language: 'es' });
    const spanish = await newContext(browser, engine.url);
    const reviewerPage = await spanish.newPage();
    await signIn(reviewerPage, reviewer.email, TEST_PASSWORD);
    await reviewerPage.goto('/account');
    expect(await reviewerPage.getByRole('checkbox', { name: 'me invitan a evaluar un proyecto' }).isChecked()).toBe(true);
    expect(await reviewerPage.getByRole('checkbox', { name: 'todas las evaluaciones están entregadas (evaluador principal)' }).count()).toBe(1);
    expect(await reviewerPage.getByRole('checkbox', { name: 'Recibir el resumen diario de la secretaría' }).count()).toBe(0);
    await spanish.close();
  });

  it('changes the password with the current one; every other session ends, this one goes on', async () => {
    const holder = await createHolder(engine);
    const elsewhere = await newContext(browser, engine.url);
    const other = await elsewhere.newPage();
    await signIn(other, holder.email, TEST_PASSWORD);
    const context = await newContext(browser, engine.url, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, holder.email, TEST_PASSWORD);
    await page.goto('/account');

    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password').fill('a brand new soil passphrase');
    await page.getByRole('button', { name: 'Change my password' }).click();
    expect(await page.locator('#f-currentPassword-error').textContent()).toContain('not your current password');
    await page.getByLabel('Current password').fill(TEST_PASSWORD);
    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Change my password' }).click();
    expect(await page.locator('#f-newPassword-error').textContent()).toContain('12');

    await page.getByLabel('Current password').fill(TEST_PASSWORD);
    await page.getByLabel('New password').fill('a brand new soil passphrase');
    await page.getByRole('button', { name: 'Change my password' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Your password is changed. Your other sessions are signed out.');
    expect(new URL(page.url()).pathname).toBe('/account');
    await page.goto('/notifications');
    expect(new URL(page.url()).pathname).toBe('/notifications');

    await other.goto('/notifications');
    expect(new URL(other.url()).pathname).toBe('/login');
    await signIn(other, holder.email, 'a brand new soil passphrase');
    expect(new URL(other.url()).pathname).not.toBe('/login');
    await elsewhere.close();
    await context.close();
  });
});
