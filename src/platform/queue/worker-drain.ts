import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { AppConfig } from '../config/app-config';

/**
 * Closes every BullMQ worker before the database and Redis connections go away: active jobs
 * finish; jobs not started stay in Redis for another worker. The wait is bounded (a worker
 * closing while its Redis connection is re-establishing can wait indefinitely): past the
 * grace period its connections are dropped, and a job cut short that way is detected as
 * stalled when its lock expires and handed to another worker.
 */
@Injectable()
export class WorkerDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerDrain.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly config: AppConfig,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const workers = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map((host) => host.worker)
      .filter((worker) => worker !== undefined);
    const graceMs = Math.max(1000, this.config.shutdownTimeoutMs - 3000);
    const started = Date.now();
    const outcomes = await Promise.all(
      workers.map(async (worker) => {
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
    this.logger.log({ msg: 'queue workers closed', workers: workers.length, forced, waitedMs: Date.now() - started });
  }
}
