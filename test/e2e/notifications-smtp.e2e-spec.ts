import { Job } from 'bullmq';
import { EmailSender } from '../../src/modules/notifications/email-sender.service';
import { QueueClients } from '../../src/platform/queue/queue-clients';
import { JobName, QueueName } from '../../src/platform/queue/queue.constants';
import { createAccount, TestAccount } from '../helpers/accounts';
import { deliverAdmitted } from '../helpers/notifications';
import { TestSmtpServer } from '../helpers/smtp';
import { TcpProxy } from '../helpers/tcp-proxy';
import { startTestEngine, TestEngine, waitForQueuesIdle } from '../helpers/test-engine';
import { eventually } from '../helpers/wait';

const MAX_ATTEMPTS = 6;
const RETRY_DELAY_MS = 100;

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
}

/**
 * Sending against a mail server that goes away, refuses for a while, or refuses for good. The
 * engine reaches the server through a TCP proxy, so that an outage cuts every pooled connection
 * at once and refuses new ones on the same port, as a server that went down would.
 */
describe('notifications: sending when the mail server fails (e2e)', () => {
  let engine: TestEngine;
  let smtp: TestSmtpServer;
  let proxy: TcpProxy;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    proxy = await TcpProxy.start(smtp.url);
    engine = await startTestEngine({ env: { SMTP_URL: proxy.url(smtp.url), EMAIL_RETRY_DELAY_MS: String(RETRY_DELAY_MS), EMAIL_MAX_ATTEMPTS: String(MAX_ATTEMPTS) } });
  });
  afterEach(async () => {
    smtp.rejectRecipients = null;
    await proxy.restore();
  });
  afterAll(async () => {
    await engine?.close();
    await proxy?.stop();
    await smtp?.stop();
  });

  async function deliveryOf(person: TestAccount): Promise<DeliveryRow> {
    const rows: DeliveryRow[] = await engine.dataSource.query(
      `SELECT id, status, attempts, last_error AS "lastError", message_id AS "messageId" FROM email_delivery WHERE user_id = $1`,
      [person.id],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  /** The BullMQ job that sends a delivery (its id is the outbox row's). */
  async function sendJobOf(deliveryId: string): Promise<Job> {
    const [row] = await engine.dataSource.query(`SELECT id FROM outbox WHERE job_name = $1 AND payload->>'deliveryId' = $2`, [JobName.EmailSend, deliveryId]);
    const job = await engine.get(QueueClients).queue(QueueName.Email).getJob(row.id);
    if (!job) throw new Error(`no send job for delivery ${deliveryId}`);
    return job;
  }

  it('a server down for a while: retried with backoff, sent once when it is back', async () => {
    const person = await createAccount(engine);
    await proxy.cut();
    await deliverAdmitted(engine, [person], 'FASP-2026-0201', '/projects/0b0e3b7e-8d5c-4c8e-9a3a-1f6a0f6f2c01');

    // an attempt marks the delivery `sending` as it starts: wait for the third one to have failed
    const during = await eventually(() => deliveryOf(person), (row) => row.attempts >= 3 && row.status !== 'sending', { what: 'three failed attempts' });
    expect(during).toMatchObject({ status: 'pending', messageId: null });
    expect(during.lastError).toMatch(/ECONNREFUSED|ECONNRESET|closed|connect/i);
    expect(smtp.to(person.email)).toEqual([]);

    await proxy.restore();
    const sent = await eventually(() => deliveryOf(person), (row) => row.status === 'sent', { what: 'sent after the outage' });
    expect(sent.attempts).toBeGreaterThan(3);
    expect(sent.attempts).toBeLessThanOrEqual(MAX_ATTEMPTS);
    expect(sent).toMatchObject({ lastError: null, messageId: `<${sent.id}@fasp>` });
    await waitForQueuesIdle(engine);
    expect(smtp.to(person.email).map((message) => message.messageId)).toEqual([`<${sent.id}@fasp>`]);
    const job = await sendJobOf(sent.id);
    expect({ state: await job.getState(), attemptsMade: job.attemptsMade }).toEqual({ state: 'completed', attemptsMade: sent.attempts });
  });

  it('a permanent refusal (550) fails the delivery at once, without a retry', async () => {
    const person = await createAccount(engine);
    smtp.rejectRecipients = { code: 550, message: 'No such mailbox here' };
    await deliverAdmitted(engine, [person], 'FASP-2026-0202', '/projects/0b0e3b7e-8d5c-4c8e-9a3a-1f6a0f6f2c02');

    const failed = await eventually(() => deliveryOf(person), (row) => row.status === 'failed', { what: 'failed delivery' });
    expect(failed).toMatchObject({ attempts: 1, messageId: null });
    expect(failed.lastError).toMatch(/550 No such mailbox here/);
    await waitForQueuesIdle(engine);
    const job = await sendJobOf(failed.id);
    expect({ state: await job.getState(), attemptsMade: job.attemptsMade }).toEqual({ state: 'failed', attemptsMade: 1 });
    expect(job.failedReason).toMatch(/refused permanently/);
    expect((await deliveryOf(person)).attempts).toBe(1);
    expect(smtp.to(person.email)).toEqual([]);
  });

  it('a temporary refusal (451) is retried with exponential backoff, then failed after EMAIL_MAX_ATTEMPTS', async () => {
    const person = await createAccount(engine);
    smtp.rejectRecipients = { code: 451, message: 'Greylisted, try again later' };
    const started = Date.now();
    await deliverAdmitted(engine, [person], 'FASP-2026-0203', '/projects/0b0e3b7e-8d5c-4c8e-9a3a-1f6a0f6f2c03');

    const failed = await eventually(() => deliveryOf(person), (row) => row.status === 'failed', { what: 'failed after the last attempt' });
    const elapsed = Date.now() - started;
    expect(failed).toMatchObject({ attempts: MAX_ATTEMPTS, messageId: null });
    expect(failed.lastError).toMatch(/451 Greylisted/);
    // waits of 100, 200, 400, 800 and 1600 ms between the six attempts
    expect(elapsed).toBeGreaterThanOrEqual(RETRY_DELAY_MS * (2 ** (MAX_ATTEMPTS - 1) - 1));
    await waitForQueuesIdle(engine);
    const job = await sendJobOf(failed.id);
    expect({ state: await job.getState(), attemptsMade: job.attemptsMade, attempts: job.opts.attempts, backoff: job.opts.backoff }).toEqual({
      state: 'failed',
      attemptsMade: MAX_ATTEMPTS,
      attempts: MAX_ATTEMPTS,
      backoff: { type: 'exponential', delay: RETRY_DELAY_MS },
    });

    // the server accepts again: a failed delivery stays failed, even if its job is run again
    smtp.rejectRecipients = null;
    expect(await engine.get(EmailSender).send(failed.id)).toEqual({ status: 'failed' });
    expect(smtp.to(person.email)).toEqual([]);
  });
});
