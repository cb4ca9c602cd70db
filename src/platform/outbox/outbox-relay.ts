import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { JobData, QueueName } from '../queue/queue.constants';
import { JobToAdd } from '../queue/queue-clients';
import { OUTBOX_CHANNEL, OutboxRepository, PendingOutboxRow } from './outbox.repository';

export interface JobProducer {
  addBulk(queue: QueueName, jobs: JobToAdd[]): Promise<void>;
}

export interface OutboxRelayOptions {
  batchSize: number;
  /** Safety-net polling interval; commits also wake the relay through LISTEN/NOTIFY. */
  pollMs: number;
  /** Upper bound of the backoff after a failed dispatch (Redis down). */
  maxBackoffMs: number;
  /** Connection string for the LISTEN connection; polling alone when absent. */
  listenUrl?: string;
  /** Batches dispatched at once while there is a backlog (default 1). */
  lanes?: number;
}

export interface OutboxRelayStats {
  dispatched: number;
  failedBatches: number;
  lastError: string | null;
}

/**
 * Moves committed outbox rows into BullMQ. Each batch is one transaction: stamp rows dispatched,
 * taken with FOR UPDATE SKIP LOCKED (so several relays never take the same row), add them as
 * jobs whose id is the row id, commit. If Redis refuses, the transaction rolls back and the rows
 * wait for the next attempt, with exponential backoff: delayed, never lost.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private wakeRequested = false;
  /** Not polling (before start, after stop). */
  private stopped = true;
  /** stop() was called: a drain in progress ends after its current batch. */
  private closing = false;
  private consecutiveFailures = 0;
  private listener: Client | undefined;
  readonly stats: OutboxRelayStats = { dispatched: 0, failedBatches: 0, lastError: null };
  /** Observers of each dispatched batch (ids); used by metrics and tests. */
  onDispatched: ((ids: string[]) => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: OutboxRepository,
    private readonly producer: JobProducer,
    private readonly options: OutboxRelayOptions,
  ) {}

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.closing = false;
    await this.listen();
    this.wake();
  }

  /** Stops polling and waits for the batch in progress to commit or roll back. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.closing = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Runs a drain now (or right after the one in progress). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    clearTimeout(this.timer);
    const cycle = async (): Promise<void> => {
      try {
        await this.drain();
      } finally {
        this.running = undefined;
        this.schedule();
      }
    };
    this.running = cycle();
  }

  /**
   * Dispatches batches until none is full or one fails. Returns how many rows went out. A full
   * batch means a backlog: up to `lanes` batches then run at once (SKIP LOCKED gives each its
   * own rows), so that one claims its rows while another adds its jobs.
   */
  async drain(): Promise<number> {
    let total = 0;
    let failed = false;
    const lanes: Array<Promise<void>> = [];
    const lane = async (): Promise<void> => {
      for (;;) {
        this.wakeRequested = false;
        let count: number;
        try {
          count = await this.dispatchBatch();
          this.consecutiveFailures = 0;
        } catch (error) {
          failed = true;
          this.consecutiveFailures += 1;
          this.stats.failedBatches += 1;
          this.stats.lastError = (error as Error).message;
          if (this.consecutiveFailures === 1 || this.consecutiveFailures % 20 === 0) {
            this.logger.warn({
              msg: 'outbox dispatch failed; rows stay pending and will be retried',
              error: (error as Error).message,
              consecutiveFailures: this.consecutiveFailures,
            });
          }
          return;
        }
        total += count;
        if (failed || this.closing || (count < this.options.batchSize && !this.wakeRequested)) return;
        if (count === this.options.batchSize && lanes.length < (this.options.lanes ?? 1)) lanes.push(lane());
      }
    };
    lanes.push(lane());
    // lanes started meanwhile are awaited too
    for (let index = 0; index < lanes.length; index += 1) await lanes[index];
    return total;
  }

  /** One transaction: claim and mark the rows, add them to BullMQ, commit (or roll back if Redis refuses). */
  async dispatchBatch(): Promise<number> {
    let claimed: PendingOutboxRow[] = [];
    try {
      const ids = await this.dataSource.transaction(async (manager) => {
        // A commit lost in a crash of PostgreSQL only sends these rows again: BullMQ drops a job
        // id it still holds, and handlers re-check what they do. So the relay does not wait for
        // its commit to reach the disk. And the pending rows are read in order from their index,
        // stopping after the batch: the bitmap scan the planner picks when its statistics lag
        // behind a burst reads every pending row at each claim (20 ms a claim at 20,000 pending).
        await manager.query('SET LOCAL synchronous_commit = off; SET LOCAL enable_bitmapscan = off');
        claimed = await this.repository.claimForDispatch(manager, this.options.batchSize);
        if (claimed.length > 0) await this.addJobs(claimed);
        return claimed.map((row) => row.id);
      });
      if (ids.length > 0) {
        this.stats.dispatched += ids.length;
        this.onDispatched?.(ids);
      }
      return ids.length;
    } catch (error) {
      if (claimed.length > 0) {
        await this.repository
          .recordFailure(
            claimed.map((row) => row.id),
            (error as Error).message,
          )
          .catch(() => undefined);
      }
      throw error;
    }
  }

  private async addJobs(rows: PendingOutboxRow[]): Promise<void> {
    const now = Date.now();
    const byQueue = new Map<QueueName, JobToAdd[]>();
    for (const row of rows) {
      const data: JobData = { payload: row.payload as JobData['payload'], correlationId: row.correlationId ?? undefined };
      const delay = Math.max(0, new Date(row.dueAt).getTime() - now);
      const jobs = byQueue.get(row.queue as QueueName) ?? [];
      jobs.push({ name: row.jobName, data, opts: { jobId: row.id, delay } });
      byQueue.set(row.queue as QueueName, jobs);
    }
    for (const [queue, jobs] of byQueue) {
      await this.producer.addBulk(queue, jobs);
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.wakeRequested && this.consecutiveFailures === 0) {
      this.wake();
      return;
    }
    const delay =
      this.consecutiveFailures === 0
        ? this.options.pollMs
        : Math.min(this.options.maxBackoffMs, 250 * 2 ** Math.min(this.consecutiveFailures, 10));
    this.timer = setTimeout(() => this.wake(), delay);
  }

  private async listen(): Promise<void> {
    if (!this.options.listenUrl || this.stopped) return;
    const client = new Client({ connectionString: this.options.listenUrl, application_name: 'fasp-outbox-listener' });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.logger.warn({ msg: 'outbox LISTEN connection lost; polling until it is back', error: error.message });
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.listen(), this.options.maxBackoffMs).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.listener = client;
    } catch (error) {
      this.logger.warn({ msg: 'outbox LISTEN unavailable; polling only', error: (error as Error).message });
      await client.end().catch(() => undefined);
    }
  }
}
