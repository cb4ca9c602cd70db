import Redis from 'ioredis';
import { Client } from 'pg';
import { Reminder } from '../../src/modules/notifications/entities/reminder.entity';
import { RemindersService } from '../../src/modules/notifications/reminders.service';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { QueueClients } from '../../src/platform/queue/queue-clients';
import { JobName, QueueName } from '../../src/platform/queue/queue.constants';
import { createAccount, createHolder } from '../helpers/accounts';
import { createOpenCall, DAY_MS } from '../helpers/calls';
import { TestDatabase } from '../helpers/database';
import { createSubmittedProject } from '../helpers/projects';
import { deleteQueuePrefix, TEST_REDIS_URL } from '../helpers/redis';
import { TestSmtpServer } from '../helpers/smtp';
import { startTestEngine, TestEngine } from '../helpers/test-engine';
import { eventually } from '../helpers/wait';

async function keysUnder(prefix: string): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    return (await redis.keys(`${prefix}:*`)).length;
  } finally {
    redis.disconnect();
  }
}

/**
 * Due times live in PostgreSQL: Redis losing the engine's keys while no worker runs loses no
 * reminder. The next worker to start queues every pending reminder again (one whose time
 * passed meanwhile fires at once, the others wait for theirs) and sets the daily digest's
 * scheduler again. Two engines in turn on one database and one queue prefix, as a worker
 * process restarted after the Redis keys were flushed.
 */
describe('notifications: reminders survive a flush of Redis and a worker restart', () => {
  let smtp: TestSmtpServer;
  let first: TestEngine | undefined;
  let second: TestEngine | undefined;
  let database: TestDatabase | undefined;
  let prefix = '';

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
  });
  afterAll(async () => {
    await first?.close({ dropData: false });
    await second?.close({ dropData: false });
    if (prefix) await deleteQueuePrefix(prefix);
    await database?.drop();
    await smtp?.stop();
  });

  it('queues the pending reminders again at start: the overdue one fires, the others wait; the digest scheduler is back', async () => {
    first = await startTestEngine({ env: { SMTP_URL: smtp.url, EMAIL_RETRY_DELAY_MS: '200' } });
    database = first.database;
    prefix = first.config.queuePrefix;
    const secretariat = await createAccount(first, { roles: ['secretariat'] });
    const project = await createSubmittedProject(first, await createHolder(first), (await createOpenCall(first)).id);
    const [later] = await first.dataSource.getRepository(Reminder).findBy({ projectId: project.id });
    expect(later).toMatchObject({ kind: 'stage_overdue', status: 'pending' });
    expect(later.dueAt.getTime()).toBeGreaterThan(Date.now() + 13 * DAY_MS);

    // an eligibility deadline two seconds away, and its reminder, in the queue as a delayed job
    const deadline = new Date(Date.now() + 2000);
    await first.dataSource.transaction(async (manager) => {
      await manager.getRepository(Project).update({ id: project.id }, { stageDeadline: deadline });
      await first!.get(RemindersService).scheduleForStage(project.id, 'submitted', deadline, manager);
    });
    const [soon] = await first.dataSource.getRepository(Reminder).findBy({ projectId: project.id, dueAt: deadline });
    const queues = first.get(QueueClients);
    const [{ id: outboxId }] = await eventually(
      (): Promise<Array<{ id: string }>> =>
        first!.dataSource.query(`SELECT id FROM outbox WHERE job_name = $1 AND payload->>'reminderId' = $2 AND dispatched_at IS NOT NULL`, [JobName.ReminderDue, soon.id]),
      (rows) => rows.length === 1,
      { what: 'the reminder dispatched to the queue' },
    );
    expect(await (await queues.queue(QueueName.Notifications).getJob(outboxId))?.getState()).toBe('delayed');

    // the worker stops, Redis loses every key of the engine, the deadline passes
    await first.close({ dropData: false });
    first = undefined;
    await deleteQueuePrefix(prefix);
    expect(await keysUnder(prefix)).toBe(0);
    await eventually(() => Date.now(), (now) => now > deadline.getTime() + 500, { what: 'the deadline passed' });
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT status FROM reminder WHERE id = $1`, [soon.id]);
      expect(rows).toEqual([{ status: 'pending' }]);
    } finally {
      await client.end();
    }

    // a worker starts again on the same data: the overdue reminder fires, once
    second = await startTestEngine({ database, env: { SMTP_URL: smtp.url, EMAIL_RETRY_DELAY_MS: '200', QUEUE_PREFIX: prefix, DIGEST_CRON: '* * * * * *' } });
    const fired = await eventually(() => second!.dataSource.getRepository(Reminder).findOneByOrFail({ id: soon.id }), (row) => row.status !== 'pending', { what: 'the overdue reminder fired' });
    expect(fired.status).toBe('sent');
    const overdue = await eventually(() => smtp.to(secretariat.email).filter((message) => message.kind === 'stage_overdue'), (found) => found.length > 0, { what: 'the overdue email' });
    expect(overdue.map((message) => message.subject)).toEqual([`${project.faspId} is overdue (eligibility check)`]);

    // the one due in two weeks is queued again, for its time, and stays pending
    const notifications = second.get(QueueClients).queue(QueueName.Notifications);
    const requeued = await notifications.getJob(`reminder-${later.id}`);
    expect(await requeued?.getState()).toBe('delayed');
    expect(requeued?.data).toMatchObject({ payload: { reminderId: later.id } });
    expect(requeued!.timestamp + requeued!.delay).toBeGreaterThanOrEqual(later.dueAt.getTime() - 5000);
    expect((await second.dataSource.getRepository(Reminder).findOneByOrFail({ id: later.id })).status).toBe('pending');

    // the digest's scheduler is set again (here every second): fired twice or more, one digest a day per person
    expect(await notifications.getJobScheduler('daily-digest')).toMatchObject({ name: JobName.DailyDigest, pattern: '* * * * * *' });
    await eventually(
      async () => (await notifications.getJobs(['completed'])).filter((job) => job.name === (JobName.DailyDigest as string)).length,
      (count) => count >= 2,
      { what: 'two digest runs' },
    );
    const digests = await eventually(() => smtp.to(secretariat.email).filter((message) => message.kind === 'daily_digest'), (found) => found.length > 0, { what: 'the digest email' });
    const perDay = new Map<string, number>();
    for (const digest of digests) perDay.set(digest.subject, (perDay.get(digest.subject) ?? 0) + 1);
    expect([...perDay.values()].every((count) => count === 1)).toBe(true);
    expect(smtp.to(secretariat.email).filter((message) => message.kind === 'stage_overdue')).toHaveLength(1);
  });
});
