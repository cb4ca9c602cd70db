import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { JobHandlerRegistry } from './job-handler';
import { JobData, QueueName } from './queue.constants';
import { workerRedisOptions } from './redis-options';

/**
 * Notification jobs are short and mostly wait on PostgreSQL; many at a time let the project
 * events that arrive together share one transaction (see NotificationsJobs.projectEvent).
 */
export const NOTIFICATIONS_CONCURRENCY = 256;

/**
 * An assignment run solves a whole call in a worker thread: its jobs keep a lock of 2 minutes
 * at least, so that a short QUEUE_LOCK_MS never hands a long solve to a second worker.
 */
const ASSIGNMENT_MIN_LOCK_MS = 120_000;

/**
 * How the worker role consumes each queue: jobs at a time per process, and the shortest lock a
 * job of the queue keeps (QUEUE_LOCK_MS when longer).
 */
export const QUEUE_CONSUMERS: Readonly<Record<QueueName, { concurrency: number; minLockMs?: number }>> = {
  [QueueName.Maintenance]: { concurrency: 2 },
  [QueueName.Workflow]: { concurrency: 8 },
  // solves run in a worker thread; two at a time per process is plenty
  [QueueName.Assignment]: { concurrency: 2, minLockMs: ASSIGNMENT_MIN_LOCK_MS },
  [QueueName.Documents]: { concurrency: 2 },
  [QueueName.Notifications]: { concurrency: NOTIFICATIONS_CONCURRENCY },
  // sending waits on the mail server: a few at a time (the transport pools connections)
  [QueueName.Email]: { concurrency: 4 },
};

/** Queues that have a consumer in the worker role (all of them). */
export const CONSUMED_QUEUES = Object.keys(QUEUE_CONSUMERS) as QueueName[];

/**
 * One BullMQ worker per queue, each handing its jobs to the @HandlesJob method of their name.
 *
 * A job's lock (QUEUE_LOCK_MS) is renewed while it runs; when its process dies, the lock
 * expires and the stalled-job checks that follow (every QUEUE_STALLED_CHECK_MS, by any live
 * worker) hand the job out again. Those two settings bound how long the jobs of a killed worker
 * wait: about the lock plus two checks.
 *
 * On shutdown every worker is closed before the database and Redis connections go away:
 * active jobs finish; jobs not started stay in Redis for another worker. The wait is bounded
 * (a worker closing while its Redis connection is re-establishing can wait indefinitely): past
 * the grace period its connections are dropped, and a job cut short that way is handed to
 * another worker once its lock expires.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: Worker[] = [];

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    for (const queue of CONSUMED_QUEUES) {
      const { concurrency, minLockMs = 0 } = QUEUE_CONSUMERS[queue];
      const worker = new Worker<JobData>(queue, (job: Job<JobData>) => this.registry.handle(job), {
        connection: workerRedisOptions(this.config.redisUrl),
        prefix: this.config.queuePrefix,
        concurrency,
        lockDuration: Math.max(this.config.queueLockMs, minLockMs),
        stalledInterval: this.config.queueStalledCheckMs,
      });
      // a lost Redis connection is retried by ioredis and shown by /health/ready; each error is logged
      worker.on('error', (error) => this.logger.warn({ msg: 'queue worker error', queue, error: error.message }));
      this.workers.push(worker);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const graceMs = Math.max(1000, this.config.shutdownTimeoutMs - 3000);
    const started = Date.now();
    const outcomes = await Promise.all(
      this.workers.map(async (worker) => {
        let timer: NodeJS.Timeout | undefined;
        const closed = await Promise.race([
          worker.close().then(() => true),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
        ]).finally(() => clearTimeout(timer));
        if (!closed) {
          // disconnect() can itself wait on the stuck connection: give it a second, no more.
          await Promise.race([worker.disconnect().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
        }
        return closed;
      }),
    );
    const forced = outcomes.filter((closed) => !closed).length;
    this.logger.log({ msg: 'queue workers closed', workers: this.workers.length, forced, waitedMs: Date.now() - started });
  }
}
