import { Job, Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { EmailSender } from '../../src/modules/notifications/email-sender.service';
import { JobName, QueueName } from '../../src/platform/queue/queue.constants';
import { redisOptionsFromUrl } from '../../src/platform/queue/redis-options';
import { createAccount, TestAccount } from '../helpers/accounts';
import { TestSmtpServer } from '../helpers/smtp';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

/**
 * Sending one email on the real PostgreSQL, Redis and SMTP server, with real BullMQ jobs (the
 * API role only: no worker takes them, the test runs the send itself). Once the server has
 * accepted a message the job notes it; a retry of a delivery left `sending` (the database went
 * away before the send was recorded, as in a PostgreSQL restart) records it without sending it
 * again. Without the note (the worker died in the instant after the server accepted) the retry
 * sends again, under the same Message-ID.
 */
describe('notifications: a send accepted but not recorded', () => {
  let engine: TestEngine;
  let smtp: TestSmtpServer;
  let queue: Queue;
  let person: TestAccount;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    engine = await startTestEngine({ env: { APP_ROLES: 'api', SMTP_URL: smtp.url } });
    queue = new Queue(QueueName.Email, { connection: redisOptionsFromUrl(engine.config.redisUrl), prefix: engine.config.queuePrefix });
    person = await createAccount(engine, { name: 'Wangari Maathai' });
  });
  afterAll(async () => {
    await queue?.close();
    await engine?.close();
    await smtp?.stop();
  });

  async function plannedDelivery(): Promise<string> {
    const [row] = await engine.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO email_delivery (user_id, email, kind, event_key, language, subject, text, html)
       VALUES ($1, $2, 'info_requested', $3, 'en', 'Information requested', 'Please attach the protocol.', '<p>Please attach the protocol.</p>') RETURNING id`,
      [person.id, person.email, `test:${randomBytes(6).toString('hex')}`],
    );
    return row.id;
  }

  const deliveryOf = async (id: string) =>
    (await engine.dataSource.query<Array<{ status: string; attempts: number; messageId: string | null }>>(`SELECT status, attempts, message_id AS "messageId" FROM email_delivery WHERE id = $1`, [id]))[0];
  const received = (id: string) => smtp.messages.filter((message) => message.messageId === `<${id}@fasp>`);
  const jobFor = (id: string) => queue.add(JobName.EmailSend, { payload: { deliveryId: id } }, { jobId: `recovery-${id}` });

  it('notes the acceptance in the job; the retry of a send left unrecorded records it without sending again', async () => {
    const id = await plannedDelivery();
    const job = await jobFor(id);
    expect(await engine.get(EmailSender).send(id, job)).toEqual({ status: 'sent' });
    expect(received(id)).toHaveLength(1);
    const noted = await Job.fromId(queue, job.id!);
    expect(noted?.progress).toEqual({ accepted: `<${id}@fasp>` });

    // as if the database had gone away right after the acceptance: the row still says `sending`
    await engine.dataSource.query(`UPDATE email_delivery SET status = 'sending', sent_at = NULL, message_id = NULL WHERE id = $1`, [id]);
    expect(await engine.get(EmailSender).send(id, noted)).toEqual({ status: 'sent' });
    expect(received(id)).toHaveLength(1);
    expect(await deliveryOf(id)).toEqual({ status: 'sent', attempts: 2, messageId: `<${id}@fasp>` });
  });

  it('without the note (the worker died in between) a retry sends again, under the same Message-ID', async () => {
    const id = await plannedDelivery();
    await engine.dataSource.query(`UPDATE email_delivery SET status = 'sending', attempts = 1 WHERE id = $1`, [id]);
    const job = await jobFor(id);
    expect(await engine.get(EmailSender).send(id, job)).toEqual({ status: 'sent' });
    expect(received(id)).toHaveLength(1);
    expect(await deliveryOf(id)).toEqual({ status: 'sent', attempts: 2, messageId: `<${id}@fasp>` });
  });
});
