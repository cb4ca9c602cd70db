import { randomBytes } from 'node:crypto';
import { NotificationPreference } from '../../src/modules/notifications/entities/notification-preference.entity';
import { Delivery, NotificationsService } from '../../src/modules/notifications/notifications.service';
import { formatDate } from '../../src/modules/notifications/render';
import { JobName } from '../../src/platform/queue/queue.constants';
import { createAccount, TestAccount } from '../helpers/accounts';
import { recipientsOf } from '../helpers/notifications';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

/**
 * Planning on the real PostgreSQL, without a worker (so the send jobs stay in the outbox to be
 * counted): per person one in-app notification and, unless they turned the kind off, one
 * rendered email and its send job, all in the caller's transaction, unique per event and person
 * even when two plans of one event race.
 */
describe('notifications: planning deliveries', () => {
  let engine: TestEngine;
  let english: TestAccount;
  let french: TestAccount;
  let quiet: TestAccount;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { APP_ROLES: 'api', PUBLIC_URL: 'https://fasp.example.org/' } });
    english = await createAccount(engine, { name: 'Grace Hopper' });
    french = await createAccount(engine, { name: 'Marie Curie', language: 'fr', timeZone: 'Pacific/Noumea' });
    quiet = await createAccount(engine, { name: 'Quiet Person', language: 'es' });
    await engine.dataSource.getRepository(NotificationPreference).save({ userId: quiet.id, emailDisabled: ['info_requested'], digest: true });
  });
  afterAll(() => engine?.close());

  const deadline = new Date('2027-03-01T20:00:00Z');
  const delivery = async (eventKey: string): Promise<Delivery> => ({
    eventKey,
    kind: 'info_requested',
    recipients: await recipientsOf(engine, english, french, quiet),
    values: { title: 'Terraces & <living> soils', faspId: 'FASP-2027-0007', reason: 'Attach the sampling protocol.', deadline },
    path: '/projects/7d4f1c1e-2f4b-4a43-9a7e-0c8f4f3c2b11',
  });
  const rowsOf = async (eventKey: string) => ({
    notifications: await engine.dataSource.query<Array<{ userId: string; title: string; body: string; link: string }>>(
      `SELECT user_id AS "userId", title, body, link FROM notification WHERE event_key = $1`,
      [eventKey],
    ),
    deliveries: await engine.dataSource.query<Array<Record<string, string | number>>>(
      `SELECT id, user_id AS "userId", email, language, subject, text, html, status, attempts FROM email_delivery WHERE event_key = $1`,
      [eventKey],
    ),
    sendJobs: await engine.dataSource.query<Array<{ payload: { deliveryId: string } }>>(
      `SELECT o.payload FROM outbox o JOIN email_delivery d ON d.id::text = o.payload->>'deliveryId' WHERE o.job_name = $1 AND d.event_key = $2`,
      [JobName.EmailSend, eventKey],
    ),
  });

  it("plans in the caller's transaction: nothing is left when it rolls back", async () => {
    const eventKey = `test:${randomBytes(6).toString('hex')}`;
    const planned = await delivery(eventKey);
    await expect(
      engine.dataSource.transaction(async (manager) => {
        expect(await engine.get(NotificationsService).deliver(planned, manager)).toEqual({ inApp: 3, emails: 2 });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await rowsOf(eventKey)).toEqual({ notifications: [], deliveries: [], sendJobs: [] });
  });

  it('one notification per person, one rendered email and send job per person who wants it, in their language; once', async () => {
    const eventKey = `test:${randomBytes(6).toString('hex')}`;
    expect(await engine.get(NotificationsService).deliverNow(await delivery(eventKey))).toEqual({ inApp: 3, emails: 2 });
    const { notifications, deliveries, sendJobs } = await rowsOf(eventKey);

    const link = 'https://fasp.example.org/projects/7d4f1c1e-2f4b-4a43-9a7e-0c8f4f3c2b11';
    expect(notifications.map((row) => [row.userId, row.title, row.link]).sort()).toEqual(
      [
        [english.id, 'Information needed for FASP-2027-0007', link],
        [french.id, 'Informations demandées pour FASP-2027-0007', link],
        [quiet.id, 'Se necesita información sobre FASP-2027-0007', link],
      ].sort(),
    );
    // the email turned off by email still shows in the inbox
    expect(deliveries.map((row) => row.userId).sort()).toEqual([english.id, french.id].sort());
    const toFrench = deliveries.find((row) => row.userId === french.id)!;
    expect(toFrench).toMatchObject({ email: french.email, language: 'fr', subject: 'Informations demandées pour FASP-2027-0007', status: 'pending', attempts: 0 });
    // dates in the reader's time zone (already 2 March in Nouméa)
    expect(formatDate(deadline, 'fr', 'Pacific/Noumea')).toBe('2 mars 2027');
    expect(toFrench.text).toContain('Bonjour Marie Curie,');
    expect(toFrench.text).toContain('Merci de compléter votre dossier et de le déposer à nouveau avant le 2 mars 2027.');
    expect(toFrench.text).toContain(`Ouvrir dans FASP: ${link}`);
    // the HTML escapes what people typed
    expect(toFrench.html).toContain('Terraces &amp; &lt;living&gt; soils');
    expect(toFrench.html).not.toContain('<living>');
    expect(sendJobs.map((row) => row.payload.deliveryId).sort()).toEqual(deliveries.map((row) => row.id).sort());

    // the same event again, and two plans of it at once: nothing more
    expect(await engine.get(NotificationsService).deliverNow(await delivery(eventKey))).toEqual({ inApp: 0, emails: 0 });
    const raced = `test:${randomBytes(6).toString('hex')}`;
    const results = await Promise.all([1, 2, 3].map(async () => engine.get(NotificationsService).deliverNow(await delivery(raced))));
    expect(results.reduce((sum, result) => ({ inApp: sum.inApp + result.inApp, emails: sum.emails + result.emails }), { inApp: 0, emails: 0 })).toEqual({ inApp: 3, emails: 2 });
    const after = await rowsOf(raced);
    expect({ notifications: after.notifications.length, deliveries: after.deliveries.length, sendJobs: after.sendJobs.length }).toEqual({ notifications: 3, deliveries: 2, sendJobs: 2 });
  });
});
