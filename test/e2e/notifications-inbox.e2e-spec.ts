import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { NOTIFICATION_KIND_NAMES } from '../../src/modules/notifications/catalogue';
import { formatDateTime } from '../../src/modules/notifications/render';
import { WorkflowService } from '../../src/modules/workflow/workflow.service';
import { createAccount, createHolder, signIn, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { allPages } from '../helpers/identity';
import { deliverAdmitted, inboxOf, InboxItem, kindsReceivedBy, linkIn } from '../helpers/notifications';
import { authUserOf, createSubmittedProject } from '../helpers/projects';
import { TestSmtpServer } from '../helpers/smtp';
import { startTestEngine, TestEngine, waitForQueuesIdle } from '../helpers/test-engine';

const PUBLIC_URL = 'https://fasp.example.org';

/**
 * The in-app inbox (newest first, cursor pages, unread count, marking read) and the email
 * preferences, with the worker and a real SMTP server: a kind turned off by email still reaches
 * the inbox; security mail ignores preferences and never reaches the inbox.
 */
describe('notifications: inbox and preferences (e2e)', () => {
  let engine: TestEngine;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    engine = await startTestEngine({ env: { SMTP_URL: smtp.url, EMAIL_RETRY_DELAY_MS: '200', PUBLIC_URL } });
  });
  afterAll(async () => {
    await engine?.close();
    await smtp?.stop();
  });

  const me = (account: Pick<TestAccount, 'bearer'>) => ({
    read: (id: string) => request(engine.url).post(`/api/me/notifications/${id}/read`).set('authorization', account.bearer),
    readAll: () => request(engine.url).post('/api/me/notifications/read-all').set('authorization', account.bearer),
    preferences: () => request(engine.url).get('/api/me/notification-preferences').set('authorization', account.bearer),
    setPreferences: (body: unknown) => request(engine.url).put('/api/me/notification-preferences').set('authorization', account.bearer).send(body as object),
  });

  it('lists newest first in cursor pages with the unread count; marks one or all read; another person gets 404', async () => {
    const reader = await createAccount(engine, { roles: ['holder'] });
    const stranger = await createAccount(engine, { roles: ['holder'] });
    const paths: string[] = [];
    for (let i = 1; i <= 7; i++) {
      paths.push(`/projects/${randomUUID()}`);
      expect(await deliverAdmitted(engine, [reader], `FASP-2026-010${i}`, paths[i - 1])).toEqual({ inApp: 1, emails: 1 });
    }

    const pages = await allPages<InboxItem>(engine, '/api/me/notifications', reader.bearer, { limit: 3 });
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    const items = pages.flat();
    expect(items.map((item) => item.title)).toEqual([7, 6, 5, 4, 3, 2, 1].map((i) => `FASP-2026-010${i} admitted to the assessment`));
    expect(items[0]).toEqual({
      id: expect.any(String),
      kind: 'admitted',
      title: 'FASP-2026-0107 admitted to the assessment',
      body: '"Soil project FASP-2026-0107" (FASP-2026-0107) is eligible. Members of the Scientific and Technical Committee will now assess it.',
      link: `${PUBLIC_URL}${paths[6]}`,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      readAt: null,
    });
    const first = await inboxOf(engine, reader, { limit: 3 });
    expect(first.unreadCount).toBe(7);
    expect((await inboxOf(engine, stranger)).items).toEqual([]);

    // one read: the count drops, the unread filter leaves it out, reading again changes nothing
    const target = items[2];
    expect((await me(reader).read(target.id)).status).toBe(204);
    const afterRead = await inboxOf(engine, reader);
    expect(afterRead.unreadCount).toBe(6);
    const readAt = afterRead.items.find((item) => item.id === target.id)?.readAt;
    expect(readAt).toEqual(expect.any(String));
    const unread = await inboxOf(engine, reader, { unread: true });
    expect(unread.items.map((item) => item.id)).toEqual(items.filter((item) => item.id !== target.id).map((item) => item.id));
    expect((await me(reader).read(target.id)).status).toBe(204);
    expect((await inboxOf(engine, reader)).items.find((item) => item.id === target.id)?.readAt).toBe(readAt);

    // someone else's notification, an unknown one, a malformed id
    const foreign = await me(stranger).read(items[0].id);
    expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect((await inboxOf(engine, reader)).items[0].readAt).toBeNull();
    const unknown = await me(reader).read(randomUUID());
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    const malformed = await me(reader).read('not-a-uuid');
    expect({ status: malformed.status, code: malformed.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });

    // all read
    expect((await me(reader).readAll()).status).toBe(204);
    expect(await inboxOf(engine, reader, { unread: true })).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
    expect((await inboxOf(engine, reader)).items.find((item) => item.id === target.id)?.readAt).toBe(readAt);

    // signed-in only
    const anonymous = await request(engine.url).get('/api/me/notifications');
    expect({ status: anonymous.status, code: anonymous.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    const badLimit = await request(engine.url).get('/api/me/notifications').query({ limit: 0 }).set('authorization', reader.bearer);
    expect({ status: badLimit.status, code: badLimit.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('preferences: defaults, validation, and a round trip that keeps the digest choice', async () => {
    const person = await createAccount(engine, { roles: ['secretariat'] });
    const defaults = await me(person).preferences();
    expect(defaults.status).toBe(200);
    expect(defaults.body).toEqual({ emailDisabled: [], digest: true, kinds: NOTIFICATION_KIND_NAMES });

    for (const body of [{ emailDisabled: ['not_a_kind'] }, { emailDisabled: ['admitted', 'admitted'] }, { emailDisabled: 'admitted' }, {}, { emailDisabled: [], extra: true }, { emailDisabled: [], digest: 'no' }]) {
      const refused = await me(person).setPreferences(body);
      expect({ body, status: refused.status, code: refused.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }

    const saved = await me(person).setPreferences({ emailDisabled: ['admitted', 'daily_digest'], digest: false });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ emailDisabled: ['admitted', 'daily_digest'], digest: false, kinds: NOTIFICATION_KIND_NAMES });
    expect((await me(person).preferences()).body).toMatchObject({ emailDisabled: ['admitted', 'daily_digest'], digest: false });
    // the digest choice is kept when not given
    expect((await me(person).setPreferences({ emailDisabled: [] })).body).toMatchObject({ emailDisabled: [], digest: false });
  });

  it('a kind turned off by email still lands in the inbox and sends no email; other kinds still do', async () => {
    const call = await createOpenCall(engine);
    const secretariat = await createAccount(engine, { roles: ['secretariat'] });
    const holder = await createHolder(engine);
    expect((await me(holder).setPreferences({ emailDisabled: ['dossier_submitted'] })).status).toBe(200);

    const project = await createSubmittedProject(engine, holder, call.id);
    await waitForQueuesIdle(engine);
    expect((await inboxOf(engine, holder)).items.map((item) => item.kind)).toEqual(['dossier_submitted']);
    expect(kindsReceivedBy(smtp.messages, holder.email)).toEqual([]);
    const [{ n }] = await engine.dataSource.query(`SELECT count(*)::int AS n FROM email_delivery WHERE user_id = $1`, [holder.id]);
    expect(n).toBe(0);
    expect(kindsReceivedBy(smtp.messages, secretariat.email)).toEqual(['dossier_received']);

    await engine.get(WorkflowService).transition({ kind: 'user', user: await authUserOf(secretariat, engine) }, { projectId: project.id, action: 'admit', expectedVersion: project.version });
    await waitForQueuesIdle(engine);
    expect((await inboxOf(engine, holder)).items.map((item) => item.kind)).toEqual(['admitted', 'dossier_submitted']);
    expect(kindsReceivedBy(smtp.messages, holder.email)).toEqual(['admitted']);
  });

  it('a password reset ignores the preferences, never shows in the inbox, and its emailed link sets the password', async () => {
    const person = await createAccount(engine, { roles: ['reviewer'], language: 'es' });
    expect((await me(person).setPreferences({ emailDisabled: NOTIFICATION_KIND_NAMES, digest: false })).status).toBe(200);

    expect((await request(engine.url).post('/api/auth/password-reset').send({ email: person.email })).status).toBe(202);
    await waitForQueuesIdle(engine);

    const [mail, ...others] = smtp.to(person.email);
    expect(others).toEqual([]);
    expect({ kind: mail.kind, language: mail.language, subject: mail.subject }).toEqual({ kind: 'password_reset', language: 'es', subject: 'Elija una nueva contraseña' });
    expect(mail.text).toMatch(/^Estimado\/a /);
    // valid for an hour: the time it ends is given, not the date alone
    const [{ expiresAt }] = await engine.dataSource.query(`SELECT expires_at AS "expiresAt" FROM password_token WHERE user_id = $1`, [person.id]);
    expect(mail.text).toContain(`El enlace de abajo funciona una vez, hasta el ${formatDateTime(expiresAt, 'es', null)}.`);
    expect(formatDateTime(expiresAt, 'es', null)).toMatch(/ \d\d:\d\d UTC$/);
    // the link is a credential: a session (a stolen access token, say) must not be able to read it in the inbox
    expect(await inboxOf(engine, person)).toEqual({ items: [], nextCursor: null, unreadCount: 0 });

    const link = new URL(linkIn(mail));
    expect(`${link.origin}${link.pathname}`).toBe(`${PUBLIC_URL}/password-reset`);
    const token = link.searchParams.get('token') ?? '';
    // nor anyone reading the database: once sent, the stored copy no longer holds the link
    const stored: Array<{ text: string; html: string; status: string }> = await engine.dataSource.query(`SELECT text, html, status FROM email_delivery WHERE user_id = $1 AND kind = 'password_reset'`, [person.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0].status).toBe('sent');
    expect(`${stored[0].text}${stored[0].html}`).not.toContain(token);
    const confirmed = await request(engine.url).post('/api/auth/password-reset/confirm').send({ token, password: 'una frase de paso nueva y larga' });
    expect(confirmed.status).toBe(204);
    await signIn(engine, person.email, 'una frase de paso nueva y larga');
  });

  it('an account made by the secretariat is emailed, in its language, a link that chooses the password', async () => {
    const secretariat = await createAccount(engine, { roles: ['secretariat'] });
    const email = `invited-${randomUUID().slice(0, 8)}@example.org`;
    const created = await request(engine.url).post('/api/users').set('authorization', secretariat.bearer).send({ email, name: 'Awa Ndiaye', roles: ['reviewer'], language: 'fr' });
    expect(created.status).toBe(201);
    await waitForQueuesIdle(engine);

    const [mail, ...others] = smtp.to(email);
    expect(others).toEqual([]);
    expect({ kind: mail.kind, language: mail.language, subject: mail.subject }).toEqual({ kind: 'account_invitation', language: 'fr', subject: 'Votre compte FASP' });
    expect(mail.text).toContain('Bonjour Awa Ndiaye,');
    expect(mail.text).toContain("Un compte a été créé pour vous sur la plateforme FASP de l'Initiative 4 pour 1000 (reviewer).");
    const link = new URL(linkIn(mail));
    expect(`${link.origin}${link.pathname}`).toBe(`${PUBLIC_URL}/account/setup`);
    const confirmed = await request(engine.url).post('/api/auth/password-reset/confirm').send({ token: link.searchParams.get('token'), password: 'mon mot de passe de bienvenue' });
    expect(confirmed.status).toBe(204);
    await signIn(engine, email, 'mon mot de passe de bienvenue');
  });
});
