import { Job, Queue, Worker } from 'bullmq';
import { DataSource, QueryFailedError } from 'typeorm';
import { loadConfig } from '../../src/platform/config/app-config';
import { buildDataSourceOptions } from '../../src/platform/database/data-source-options';
import { runWithCorrelationId } from '../../src/platform/logging/correlation';
import { OutboxRelay } from '../../src/platform/outbox/outbox-relay';
import { OUTBOX_INSERT, OutboxRepository } from '../../src/platform/outbox/outbox.repository';
import { preparedQuery } from '../../src/platform/database/prepared-query';
import { OutboxOutsideTransactionError, OutboxService } from '../../src/platform/outbox/outbox.service';
import { QueueClients } from '../../src/platform/queue/queue-clients';
import { JobData, JobName, QueueName } from '../../src/platform/queue/queue.constants';
import { redisOptionsFromUrl } from '../../src/platform/queue/redis-options';
import { createTestDatabase, TestDatabase } from '../helpers/database';
import { deleteQueuePrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../helpers/redis';
import { TcpProxy } from '../helpers/tcp-proxy';

/**
 * The outbox against the real PostgreSQL and Redis: rows exist iff their transaction commits;
 * the relay moves each row into BullMQ exactly once, even when Redis is down at commit time or
 * two relays race for the same rows.
 */
describe('transactional outbox', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: OutboxRepository;
  let outbox: OutboxService;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(buildDataSourceOptions(loadConfig({ DATABASE_URL: database.url }), { poolSize: 12 }));
    await dataSource.initialize();
    repository = new OutboxRepository(dataSource);
    outbox = new OutboxService(repository);
  });

  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
    await dataSource.query('DELETE FROM outbox');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  function clients(redisUrl = TEST_REDIS_URL, prefix = uniqueQueuePrefix()): QueueClients {
    const queues = new QueueClients(loadConfig({ REDIS_URL: redisUrl, QUEUE_PREFIX: prefix }));
    cleanups.push(async () => {
      await queues.onApplicationShutdown();
      await deleteQueuePrefix(prefix);
    });
    return queues;
  }

  function relay(producer: QueueClients, options: Partial<ConstructorParameters<typeof OutboxRelay>[3]> = {}): OutboxRelay {
    const instance = new OutboxRelay(dataSource, repository, producer, { batchSize: 50, pollMs: 100, maxBackoffMs: 200, ...options });
    cleanups.push(() => instance.stop());
    return instance;
  }

  /** A real BullMQ consumer on the prefix, recording every job it processes. */
  function consume(prefix: string): { processed: Array<Job<JobData>>; close: () => Promise<void> } {
    const processed: Array<Job<JobData>> = [];
    const worker = new Worker<JobData>(
      QueueName.Maintenance,
      async (job) => {
        processed.push(job);
      },
      { connection: { ...redisOptionsFromUrl(TEST_REDIS_URL), maxRetriesPerRequest: null }, prefix, concurrency: 20 },
    );
    const close = () => worker.close();
    cleanups.push(close);
    return { processed, close };
  }

  async function record(count: number, extra: { dueAt?: Date; dedupeKey?: string } = {}): Promise<string[]> {
    return dataSource.transaction(async (manager) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = await outbox.record(manager, { name: JobName.OutboxPurge, payload: { olderThanDays: i }, ...extra });
        if (id) ids.push(id);
      }
      return ids;
    });
  }

  async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await predicate())) {
      if (Date.now() > deadline) throw new Error('condition not reached in time');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('refuses to record outside a transaction', async () => {
    await expect(outbox.record(dataSource.manager, { name: JobName.OutboxPurge, payload: { olderThanDays: 1 } })).rejects.toBeInstanceOf(
      OutboxOutsideTransactionError,
    );
  });

  it('keeps nothing when the transaction rolls back, and the row when it commits', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.record(manager, { name: JobName.OutboxPurge, payload: { olderThanDays: 1 } });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await repository.backlog()).toMatchObject({ pending: 0 });
    const [id] = await record(1);
    const [row] = await dataSource.query('SELECT queue, job_name, payload FROM outbox WHERE id = $1', [id]);
    expect(row).toEqual({ queue: QueueName.Maintenance, job_name: JobName.OutboxPurge, payload: { olderThanDays: 0 } });
  });

  it('records a deduplication key once', async () => {
    expect(await record(1, { dedupeKey: 'purge:daily' })).toHaveLength(1);
    expect(await record(1, { dedupeKey: 'purge:daily' })).toHaveLength(0);
    expect((await repository.backlog()).pending).toBe(1);
  });

  it('carries the correlation id of the action into the job', async () => {
    const prefix = uniqueQueuePrefix();
    const { processed } = consume(prefix);
    await runWithCorrelationId('req-abc', () => record(1));
    await relay(clients(TEST_REDIS_URL, prefix)).drain();
    await until(() => processed.length === 1);
    expect(processed[0].data).toEqual({ payload: { olderThanDays: 0 }, correlationId: 'req-abc' });
  });

  it('adds a job due later as a delayed job', async () => {
    const prefix = uniqueQueuePrefix();
    const producer = clients(TEST_REDIS_URL, prefix);
    const [id] = await record(1, { dueAt: new Date(Date.now() + 60 * 60 * 1000) });
    await relay(producer).drain();
    const job = await producer.queue(QueueName.Maintenance).getJob(id);
    expect(await job?.getState()).toBe('delayed');
    expect(job?.opts.delay).toBeGreaterThan(59 * 60 * 1000);
  });

  it('delivers exactly once when Redis is down at commit time and comes back later', async () => {
    const prefix = uniqueQueuePrefix();
    const proxy = await TcpProxy.start(TEST_REDIS_URL);
    cleanups.push(() => proxy.stop());
    const { processed } = consume(prefix);
    const producer = clients(proxy.url(TEST_REDIS_URL), prefix);
    await producer.ping(2000);

    await proxy.cut(); // Redis unreachable for the relay from now on
    const ids = await record(25);
    const running = relay(producer, { pollMs: 50 });
    await running.start();

    await until(() => running.stats.failedBatches >= 3);
    const [{ pending, failing }] = [await repository.backlog()];
    expect(pending).toBe(25);
    expect(failing).toBe(25);
    expect(processed).toHaveLength(0);

    await proxy.restore(); // Redis is back
    await until(() => processed.length >= 25, 15000);
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for a duplicate to show up
    expect(processed.map((job) => job.id).sort()).toEqual([...ids].sort());
    expect(new Set(processed.map((job) => job.id)).size).toBe(25);
    expect(await repository.backlog()).toMatchObject({ pending: 0 });
    const [{ attempts }] = await dataSource.query('SELECT min(failed_attempts)::int AS attempts FROM outbox');
    expect(attempts).toBeGreaterThan(0);
  });

  it('two relays running at once never dispatch a row twice', async () => {
    const prefix = uniqueQueuePrefix();
    const ids = await record(1000);
    const dispatched: string[][] = [[], []];
    const relays = [relay(clients(TEST_REDIS_URL, prefix), { batchSize: 20 }), relay(clients(TEST_REDIS_URL, prefix), { batchSize: 20 })];
    relays.forEach((instance, index) => (instance.onDispatched = (batch) => dispatched[index].push(...batch)));
    await Promise.all(relays.map((instance) => instance.drain()));

    const all = [...dispatched[0], ...dispatched[1]];
    expect(all).toHaveLength(1000);
    expect(new Set(all).size).toBe(1000);
    expect(new Set(all)).toEqual(new Set(ids));
    // both relays did part of the work: the test really raced them
    expect(dispatched[0].length).toBeGreaterThan(0);
    expect(dispatched[1].length).toBeGreaterThan(0);
    const queue = new Queue(QueueName.Maintenance, { connection: redisOptionsFromUrl(TEST_REDIS_URL), prefix });
    cleanups.push(() => queue.close());
    expect(await queue.getWaitingCount()).toBe(1000);
  });

  it('one relay with two lanes dispatches a backlog two batches at a time, each row once', async () => {
    const prefix = uniqueQueuePrefix();
    const ids = await record(600);
    const batches: string[][] = [];
    const twoLanes = relay(clients(TEST_REDIS_URL, prefix), { batchSize: 40, lanes: 2 });
    twoLanes.onDispatched = (batch) => batches.push(batch);
    let inFlight = 0;
    let mostInFlight = 0;
    const dispatchBatch = twoLanes.dispatchBatch.bind(twoLanes);
    twoLanes.dispatchBatch = async () => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        return await dispatchBatch();
      } finally {
        inFlight -= 1;
      }
    };
    expect(await twoLanes.drain()).toBe(600);

    const all = batches.flat();
    expect(all).toHaveLength(600);
    expect(new Set(all)).toEqual(new Set(ids));
    expect(mostInFlight).toBe(2);
    expect(await repository.backlog()).toMatchObject({ pending: 0 });
    const queue = new Queue(QueueName.Maintenance, { connection: redisOptionsFromUrl(TEST_REDIS_URL), prefix });
    cleanups.push(() => queue.close());
    expect(await queue.getWaitingCount()).toBe(600);
  });

  it('records several jobs in one statement, each with its own correlation id, deduplicated like one', async () => {
    const ids = await dataSource.transaction((manager) =>
      runWithCorrelationId('request-of-the-batch', () =>
        outbox.recordMany(manager, [
          { name: JobName.OutboxPurge, payload: { olderThanDays: 1 }, correlationId: 'first-job' },
          { name: JobName.OutboxPurge, payload: { olderThanDays: 2 }, dedupeKey: 'purge-2' },
          { name: JobName.OutboxPurge, payload: { olderThanDays: 3 }, dedupeKey: 'purge-2' },
        ]),
      ),
    );
    expect(ids).toHaveLength(2);
    const rows: Array<{ id: string; payload: { olderThanDays: number }; correlationId: string }> = await dataSource.query(
      'SELECT id, payload, correlation_id AS "correlationId" FROM outbox ORDER BY payload->>\'olderThanDays\'',
    );
    expect(rows.map((row) => [row.payload.olderThanDays, row.correlationId])).toEqual([
      [1, 'first-job'],
      [2, 'request-of-the-batch'],
    ]);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(ids));
    await expect(outbox.recordMany(dataSource.manager, [{ name: JobName.OutboxPurge, payload: { olderThanDays: 4 } }])).rejects.toBeInstanceOf(OutboxOutsideTransactionError);
  });

  it('the prepared insert reports a failure as the ORM does, and leaves the connection usable', async () => {
    await dataSource.transaction(async (manager) => {
      await record(0);
      // same statement name on this connection, a row that breaks a constraint (payload NOT NULL)
      const failure = await preparedQuery(manager, OUTBOX_INSERT.name, OUTBOX_INSERT.text, ['00000000-0000-4000-8000-000000000001', 'maintenance', 'x', null, null, null, null]).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(QueryFailedError);
      expect((failure as QueryFailedError).driverError).toMatchObject({ code: '23502' });
    });
    // the next transaction on a pooled connection prepares and runs it again
    expect(await record(3)).toHaveLength(3);
  });

  it('wakes on commit through LISTEN/NOTIFY, well before the polling interval', async () => {
    const prefix = uniqueQueuePrefix();
    const { processed } = consume(prefix);
    const listening = relay(clients(TEST_REDIS_URL, prefix), { pollMs: 60000, listenUrl: database.url });
    await listening.start();
    const started = Date.now();
    await record(1);
    await until(() => processed.length === 1, 5000);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('purges dispatched rows past retention and keeps the rest', async () => {
    await record(3);
    await dataSource.query(`UPDATE outbox SET dispatched_at = now() - interval '20 days' WHERE id IN (SELECT id FROM outbox LIMIT 2)`);
    expect(await repository.purgeDispatched(14, 1)).toBe(2);
    expect((await repository.backlog()).pending).toBe(1);
  });
});
