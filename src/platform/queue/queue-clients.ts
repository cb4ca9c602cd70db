import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { ALL_QUEUES, JobData, QueueName } from './queue.constants';
import { jobOptionsFor } from './job-defaults';
import { redisOptionsFromUrl } from './redis-options';

export interface JobToAdd {
  name: string;
  data: JobData;
  opts: JobsOptions & { jobId: string };
}

export type QueueCounts = Record<'waiting' | 'active' | 'delayed' | 'failed' | 'completed' | 'prioritized', number>;

/**
 * Producer side of the queues, shared by every role: adding jobs (only the outbox relay does),
 * counting them (metrics, tests) and pinging Redis (readiness). Its one connection fails fast
 * instead of queueing commands while Redis is down, so callers see the outage at once.
 */
@Injectable()
export class QueueClients implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueClients.name);
  readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();
  private lastErrorLog = 0;

  constructor(private readonly config: AppConfig) {
    this.connection = new Redis({
      ...redisOptionsFromUrl(config.redisUrl),
      connectionName: 'fasp-producer',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 5000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    this.connection.on('error', (error: Error) => {
      const now = Date.now();
      if (now - this.lastErrorLog > 10000) {
        this.lastErrorLog = now;
        this.logger.warn({ msg: 'redis connection error (producer)', error: error.message });
      }
    });
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.config.queuePrefix,
        defaultJobOptions: jobOptionsFor(name, this.config),
      });
      queue.on('error', () => undefined); // surfaced by the connection's own handler
      this.queues.set(name, queue);
    }
    return queue;
  }

  async addBulk(name: QueueName, jobs: JobToAdd[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.whenConnected(2000);
    if (this.connection.status !== 'ready') throw new Error(`Redis is not connected (${this.connection.status})`);
    // Bounded: while Redis is away BullMQ would wait for it indefinitely, and the caller (the
    // outbox relay) holds a database transaction meanwhile. A late success after the timeout is
    // harmless: the retry re-adds the same job ids, which BullMQ ignores.
    await withTimeout(this.queue(name).addBulk(jobs), 5000, 'Redis did not accept the jobs in time');
  }

  async ping(timeoutMs = 1000): Promise<void> {
    await this.whenConnected(timeoutMs);
    await withTimeout(this.connection.ping(), timeoutMs, 'Redis did not answer PING');
  }

  /**
   * Commands fail at once while disconnected (no offline queue). Right after start-up the
   * first connection is still being made: give it a moment rather than fail spuriously.
   */
  private async whenConnected(timeoutMs: number): Promise<void> {
    if (this.connection.status !== 'connecting' && this.connection.status !== 'connect' && this.connection.status !== 'wait') return;
    await withTimeout(
      new Promise<void>((resolve) => this.connection.once('ready', () => resolve())),
      timeoutMs,
      'Redis connection not ready',
    ).catch(() => undefined);
  }

  async counts(timeoutMs = 1000): Promise<Record<QueueName, QueueCounts>> {
    const entries = await withTimeout(
      Promise.all(
        ALL_QUEUES.map(async (name) => {
          const counts = await this.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
          return [name, counts as QueueCounts] as const;
        }),
      ),
      timeoutMs,
      'Redis did not answer the queue count',
    );
    return Object.fromEntries(entries) as Record<QueueName, QueueCounts>;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    this.connection.disconnect();
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
