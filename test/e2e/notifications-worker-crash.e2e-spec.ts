import { TokensRepository } from '../../src/modules/identity/tokens.repository';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import { JobName } from '../../src/platform/queue/queue.constants';
import { TestSmtpServer } from '../helpers/smtp';
import { startTestEngine, TestEngine } from '../helpers/test-engine';
import { eventually } from '../helpers/wait';
import { WorkerProcess } from '../helpers/worker-process';

const BATCH = 500;
const LOCK_MS = 5000;
const STALLED_CHECK_MS = 2500;

/**
 * The worker role as its own operating-system process, SIGKILLed in the middle of a batch of
 * 500 password-reset emails and started again, then stopped with SIGTERM in the middle of
 * another (as an orchestrator does on a deploy); the API role runs in the test process.
 *
 * What the engine guarantees: each request is one outbox row, dispatched to BullMQ under the
 * row's id; its handler plans one `email_delivery` row, unique per (event, person), and one
 * send job; the send marks the row `sent` and gives the message the Message-ID
 * `<deliveryId@fasp>`. A job the dead worker had in hand is handed out again by BullMQ and
 * re-reads its row, so nothing is planned twice and a row already `sent` is not sent again.
 * The one duplicate nothing can rule out (SMTP is not transactional) is a message the mail
 * server accepted in the instant before the kill, whose row still says `sending`: it goes out
 * again with the same Message-ID, so that mail systems can recognise it. The test counts
 * messages and distinct Message-IDs separately: every Message-ID arrives, exactly once for
 * every delivery that was not being sent at the kill; a delivery that was may arrive twice,
 * no more, under the same Message-ID. (Observed in about one run out of five: the kill lands
 * between the server's acceptance and the row's update of one of the few sends in flight.)
 *
 * Timing: BullMQ hands a dead worker's jobs out again once their lock has expired and two of
 * its stalled-job checks (one per queue for all workers) have seen them. Both are settings
 * (QUEUE_LOCK_MS, QUEUE_STALLED_CHECK_MS; 30 s each by default, a minute's wait): here 5 s and
 * 2.5 s, and the whole batch is out well within the default lock alone. The second worker is
 * started once the first one's check window is over, so that its own first check counts.
 *
 * A SIGTERM closes every queue's consumer: the jobs it is running finish (no send is left
 * `sending`), the ones it has not started stay in Redis for the next worker.
 */
describe('notifications: a worker process killed or stopped mid-batch', () => {
  let engine: TestEngine;
  let smtp: TestSmtpServer;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    engine = await startTestEngine({
      env: {
        APP_ROLES: 'api',
        SMTP_URL: smtp.url,
        EMAIL_RETRY_DELAY_MS: '200',
        PUBLIC_URL: 'https://fasp.example.org',
        // given to the worker processes with the rest of the configuration
        QUEUE_LOCK_MS: String(LOCK_MS),
        QUEUE_STALLED_CHECK_MS: String(STALLED_CHECK_MS),
      },
    });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await engine?.close();
    await smtp?.stop();
  });

  async function startWorker(): Promise<WorkerProcess> {
    const worker = await WorkerProcess.start(engine.config);
    workers.push(worker);
    return worker;
  }

  const deliveryStatuses = async (): Promise<Record<string, number>> => {
    const rows: Array<{ status: string; n: number }> = await engine.dataSource.query(`SELECT status, count(*)::int AS n FROM email_delivery GROUP BY status`);
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  };

  /** `count` people asking for a password reset: a token and an outbox row each, as AuthService records them. */
  async function passwordResets(prefix: string, count: number): Promise<Array<{ id: string; email: string }>> {
    const users: Array<{ id: string; email: string }> = await engine.dataSource.query(
      `INSERT INTO user_account (email, name, language, roles, version)
       SELECT $2 || '-' || i || '@example.org', 'Person ' || i, (ARRAY['en', 'fr', 'es'])[1 + i % 3], ARRAY['holder'], 1
         FROM generate_series(1, $1::int) AS i
       RETURNING id, email`,
      [count, prefix],
    );
    await engine.dataSource.transaction(async (manager) => {
      for (const user of users) {
        const token = await engine.get(TokensRepository).insertPasswordToken(user.id, 'reset', new Date(Date.now() + 3600_000), manager);
        await engine.get(OutboxService).record(manager, { name: JobName.PasswordResetEmail, payload: { userId: user.id, tokenId: token.id } });
      }
    });
    return users;
  }

  it('killed half-way and restarted: every one of 500 emails is sent, each Message-ID once (a send cut short by the kill: twice at most)', async () => {
    const users = await passwordResets('crash', BATCH);

    const first = await startWorker();
    const firstStartedAt = Date.now();
    await eventually(deliveryStatuses, (statuses) => (statuses.sent ?? 0) >= BATCH / 2, { timeoutMs: 60000, intervalMs: 10, what: 'half the batch sent' });
    expect(await first.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    const killedAt = Date.now();

    const atKill: Array<{ id: string; status: string }> = await engine.dataSource.query(`SELECT id, status FROM email_delivery`);
    const inFlight = new Set(atKill.filter((row) => row.status === 'sending').map((row) => row.id));
    const sentAtKill = atKill.filter((row) => row.status === 'sent').length;
    expect(sentAtKill).toBeGreaterThanOrEqual(BATCH / 2);
    expect(sentAtKill).toBeLessThan(BATCH); // killed mid-batch

    const restartAt = firstStartedAt + STALLED_CHECK_MS;
    await eventually(() => Date.now(), (now) => now >= restartAt, { timeoutMs: STALLED_CHECK_MS + 1000, intervalMs: 50, what: "the first worker's stalled-check window" });
    // with no worker, nothing moved on
    expect((await deliveryStatuses()).sent).toBe(sentAtKill);
    await startWorker();

    await eventually(deliveryStatuses, (statuses) => statuses.sent === BATCH, { timeoutMs: 60_000, intervalMs: 100, what: 'every delivery sent' });
    // the jobs the dead worker held came back after the configured lock, not BullMQ's default 30 s
    expect(Date.now() - killedAt).toBeLessThan(25_000);

    const deliveries: Array<{ id: string; email: string; status: string; attempts: number; messageId: string }> = await engine.dataSource.query(
      `SELECT id, email, status, attempts, message_id AS "messageId" FROM email_delivery WHERE kind = 'password_reset'`,
    );
    // one delivery per person, each sent under its own Message-ID
    expect(deliveries).toHaveLength(BATCH);
    expect(new Set(deliveries.map((delivery) => delivery.email))).toEqual(new Set(users.map((user) => user.email)));
    for (const delivery of deliveries) expect(delivery).toMatchObject({ status: 'sent', messageId: `<${delivery.id}@fasp>` });
    // the sends cut short by the kill were attempted twice, every other once
    for (const delivery of deliveries) expect({ id: delivery.id, attempts: delivery.attempts }).toEqual({ id: delivery.id, attempts: inFlight.has(delivery.id) ? 2 : 1 });

    // what the mail server received: every Message-ID; twice at most, and only for a send in flight at the kill
    const deliveryIdOf = (messageId: string) => messageId.slice(1, -'@fasp>'.length);
    const received = new Map<string, number>();
    for (const message of smtp.messages) received.set(message.messageId, (received.get(message.messageId) ?? 0) + 1);
    expect([...received.keys()].sort()).toEqual(deliveries.map((delivery) => `<${delivery.id}@fasp>`).sort());
    const duplicates = [...received].filter(([, count]) => count > 1).map(([messageId, count]) => ({ messageId, count, inFlightAtKill: inFlight.has(deliveryIdOf(messageId)) }));
    expect(duplicates.filter((duplicate) => !duplicate.inFlightAtKill || duplicate.count > 2)).toEqual([]);
    expect(smtp.messages).toHaveLength(BATCH + duplicates.length);
    for (const user of users) {
      const [first, ...again] = smtp.to(user.email);
      expect(again.every((message) => message.messageId === first.messageId && inFlight.has(deliveryIdOf(first.messageId)))).toBe(true);
    }

    // security mail never reaches the inbox (its link is a credential); every outbox row went out
    const [{ notifications }] = await engine.dataSource.query(`SELECT count(*)::int AS notifications FROM notification`);
    expect(notifications).toBe(0);
    const [{ undispatched }] = await engine.dataSource.query(`SELECT count(*)::int AS undispatched FROM outbox WHERE dispatched_at IS NULL`);
    expect(undispatched).toBe(0);
  }, 120_000);

  it('stopped with SIGTERM mid-batch: the jobs it was running finish, the rest wait for the next worker; nothing is sent twice', async () => {
    for (const worker of workers) await worker.stop();
    const count = 200;
    const users = await passwordResets('drain', count);
    const firstMessage = smtp.messages.length;
    const statuses = async (): Promise<Record<string, number>> => {
      const rows: Array<{ status: string; n: number }> = await engine.dataSource.query(
        `SELECT d.status, count(*)::int AS n FROM email_delivery d WHERE d.user_id = ANY($1) GROUP BY d.status`,
        [users.map((user) => user.id)],
      );
      return Object.fromEntries(rows.map((row) => [row.status, row.n]));
    };

    const first = await startWorker();
    await eventually(statuses, (now) => (now.sent ?? 0) >= 20, { timeoutMs: 30_000, intervalMs: 10, what: 'some of the batch sent' });
    expect(await first.stop()).toEqual({ code: 0, signal: null });
    const closed = first.output.filter((line) => line.includes('"msg":"queue workers closed"')).map((line) => JSON.parse(line) as { workers: number; forced: number });
    // one consumer per queue, each closed after its running jobs finished (none cut off at the grace period)
    expect(closed).toEqual([expect.objectContaining({ workers: 6, forced: 0 })]);
    const atStop = await statuses();
    expect(atStop.sending).toBeUndefined(); // no send was left half-way
    expect(atStop.sent).toBeLessThan(count); // stopped mid-batch

    await startWorker();
    await eventually(statuses, (now) => now.sent === count, { timeoutMs: 30_000, intervalMs: 100, what: 'every delivery sent' });
    const attempts: Array<{ attempts: number; n: number }> = await engine.dataSource.query(
      `SELECT attempts, count(*)::int AS n FROM email_delivery WHERE user_id = ANY($1) GROUP BY attempts`,
      [users.map((user) => user.id)],
    );
    expect(attempts).toEqual([{ attempts: 1, n: count }]);
    const received = smtp.messages.slice(firstMessage);
    expect(received).toHaveLength(count);
    expect(new Set(received.map((message) => message.messageId)).size).toBe(count);
  }, 60_000);
});
