import { NotificationPreference } from '../../src/modules/notifications/entities/notification-preference.entity';
import { NotificationsJobs } from '../../src/modules/notifications/notifications.jobs';
import { formatDate } from '../../src/modules/notifications/render';
import { runWithCorrelationId } from '../../src/platform/logging/correlation';
import { JobName, JobPayloads } from '../../src/platform/queue/queue.constants';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { createSubmittedProject, postTransition } from '../helpers/projects';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

type ProjectEvent = JobPayloads[JobName.ProjectEvent];

/**
 * Project events handled together, on the real PostgreSQL, without a worker (the jobs are called
 * as the queue calls them, many at once): events that arrive while another batch is running
 * share one transaction, each job still answers its own counts, the send jobs of its emails carry
 * its own correlation id, and an event that cannot be handled fails alone.
 */
describe('notifications: project events handled in batches', () => {
  let engine: TestEngine;
  let secretariat: TestAccount;
  const holders: Array<TestAccount & { language: 'en' | 'fr' | 'es'; wantsEmail: boolean; projectId: string; faspId: string }> = [];

  beforeAll(async () => {
    engine = await startTestEngine({ env: { APP_ROLES: 'api', PUBLIC_URL: 'https://fasp.example.org' } });
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
    const call = await createOpenCall(engine);
    const languages = ['en', 'fr', 'es', 'fr', 'en', 'es', 'en', 'fr'] as const;
    for (const [index, language] of languages.entries()) {
      const holder = await createHolder(engine, { language });
      const wantsEmail = index % 3 !== 1;
      if (!wantsEmail) await engine.dataSource.getRepository(NotificationPreference).save({ userId: holder.id, emailDisabled: ['info_requested'], digest: true });
      const project = await createSubmittedProject(engine, holder, call.id);
      holders.push({ ...holder, language, wantsEmail, projectId: project.id, faspId: project.faspId! });
    }
  });
  afterAll(() => engine?.close());

  const jobs = () => engine.get(NotificationsJobs);
  /** The ProjectEvent jobs the outbox holds for these projects and this event name, in the holders' order. */
  async function outboxEvents(event: string): Promise<ProjectEvent[]> {
    const rows: Array<{ payload: ProjectEvent }> = await engine.dataSource.query(`SELECT payload FROM outbox WHERE job_name = $1 AND payload->>'event' = $2 AND payload->>'projectId' = ANY($3)`, [
      JobName.ProjectEvent,
      event,
      holders.map((holder) => holder.projectId),
    ]);
    return holders.map((holder) => rows.find((row) => row.payload.projectId === holder.projectId)!.payload);
  }
  /** Calls every job at once, as a worker with free slots does, each under its own correlation id. */
  function runAtOnce(events: readonly ProjectEvent[]): Array<Promise<{ inApp: number; emails: number }>> {
    return events.map((event, index) => runWithCorrelationId(`batch-test-${index}`, () => jobs().projectEvent(event)));
  }

  it('events arriving together share transactions; each job answers its own counts, in its holder language, once', async () => {
    for (const holder of holders) {
      const version = (await engine.dataSource.query<Array<{ version: number }>>('SELECT version FROM project WHERE id = $1', [holder.projectId]))[0].version;
      await postTransition(engine, secretariat, holder.projectId, { action: 'request_info', expectedVersion: version, reason: `Add the sampling protocol of ${holder.faspId}.` }).expect(200);
    }
    const events = await outboxEvents('notify.holder.info_requested');
    const transaction = jest.spyOn(engine.dataSource, 'transaction');
    const results = await Promise.all(runAtOnce(events));
    const transactions = transaction.mock.calls.length;
    transaction.mockRestore();

    expect(results).toEqual(holders.map((holder) => ({ inApp: 1, emails: holder.wantsEmail ? 1 : 0 })));
    // the first events start at once, the others wait and go together
    expect(transactions).toBeGreaterThan(1);
    expect(transactions).toBeLessThan(events.length);

    const titles: Record<'en' | 'fr' | 'es', string> = { en: 'Information needed for', fr: 'Informations demandées pour', es: 'Se necesita información sobre' };
    for (const [index, holder] of holders.entries()) {
      const inbox: Array<{ title: string; body: string; link: string }> = await engine.dataSource.query('SELECT title, body, link FROM notification WHERE user_id = $1 AND kind = $2', [holder.id, 'info_requested']);
      expect(inbox).toEqual([{ title: `${titles[holder.language]} ${holder.faspId}`, body: expect.stringContaining(`Add the sampling protocol of ${holder.faspId}.`), link: `https://fasp.example.org/projects/${holder.projectId}` }]);
      const sendJobs: Array<{ correlationId: string; language: string }> = await engine.dataSource.query(
        `SELECT o.correlation_id AS "correlationId", d.language FROM email_delivery d JOIN outbox o ON o.payload->>'deliveryId' = d.id::text
          WHERE d.user_id = $1 AND d.kind = $2`,
        [holder.id, 'info_requested'],
      );
      // the email's send job belongs to the job of its own event, not to the one that ran the batch
      expect(sendJobs).toEqual(holder.wantsEmail ? [{ correlationId: `batch-test-${index}`, language: holder.language }] : []);
    }

    // the same jobs again, all at once: nothing new
    expect(await Promise.all(runAtOnce(events))).toEqual(holders.map(() => ({ inApp: 0, emails: 0 })));
    const [{ n }] = await engine.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM notification WHERE kind = 'info_requested' AND user_id = ANY($1)`, [
      holders.map((holder) => holder.id),
    ]);
    expect(n).toBe(holders.length);
  });

  it("states the deadline its move set, even when the project has moved on before the job runs", async () => {
    const holder = await createHolder(engine, { language: 'fr', timeZone: 'Europe/Paris' });
    const project = await createSubmittedProject(engine, holder, (await createOpenCall(engine)).id);
    const asked = await postTransition(engine, secretariat, project.id, { action: 'request_info', expectedVersion: project.version, reason: 'Joindre le protocole.' }).expect(200);
    const infoDeadline = new Date(asked.body.stageDeadline as string);
    // the holder answers before the worker reaches the request: the project is back at eligibility with another deadline
    const resubmitted = await postTransition(engine, holder, project.id, { action: 'resubmit', expectedVersion: asked.body.version as number }).expect(200);
    const eligibilityDeadline = new Date(resubmitted.body.stageDeadline as string);
    expect(eligibilityDeadline.getTime()).not.toBe(infoDeadline.getTime());
    expect(formatDate(eligibilityDeadline, 'fr', 'Europe/Paris')).not.toBe(formatDate(infoDeadline, 'fr', 'Europe/Paris'));

    const [{ payload }] = await engine.dataSource.query<Array<{ payload: ProjectEvent }>>(`SELECT payload FROM outbox WHERE job_name = $1 AND payload->>'event' = $2 AND payload->>'projectId' = $3`, [
      JobName.ProjectEvent,
      'notify.holder.info_requested',
      project.id,
    ]);
    expect(await jobs().projectEvent(payload)).toEqual({ inApp: 1, emails: 1 });
    const [inbox] = await engine.dataSource.query<Array<{ body: string }>>(`SELECT body FROM notification WHERE user_id = $1 AND kind = 'info_requested'`, [holder.id]);
    expect(inbox.body).toContain(`de le déposer à nouveau avant le ${formatDate(infoDeadline, 'fr', 'Europe/Paris')}.`);
  });

  it('an event that cannot be handled fails alone; events of no one or of no project plan nothing', async () => {
    const events = await outboxEvents('notify.holder.submitted');
    const broken: ProjectEvent = { ...events[0], historyId: 'not-a-history-id' };
    const unknownProject: ProjectEvent = { ...events[0], projectId: '00000000-0000-4000-8000-00000000dead' };
    const unknownEvent: ProjectEvent = { ...events[0], event: 'notify.nobody.anything' };
    // two first jobs start their own batches; the broken one then waits with the rest and shares their batch
    const all = [events[0], events[1], broken, ...events.slice(2), unknownProject, unknownEvent];
    const settled = await Promise.allSettled(runAtOnce(all));

    expect(settled[2]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringContaining('not-a-history-id') }) });
    const others = settled.filter((_, index) => index !== 2);
    expect(others.map((outcome) => outcome.status)).toEqual(others.map(() => 'fulfilled'));
    const counts = others.map((outcome) => (outcome as PromiseFulfilledResult<{ inApp: number; emails: number }>).value);
    expect(counts).toEqual([...holders.map(() => ({ inApp: 1, emails: 1 })), { inApp: 0, emails: 0 }, { inApp: 0, emails: 0 }]);
    for (const holder of holders) {
      const [{ n }] = await engine.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND kind = 'dossier_submitted'`, [holder.id]);
      expect(n).toBe(1);
    }
  });
});
