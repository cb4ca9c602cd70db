import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';

/**
 * Closes every BullMQ worker before the database and Redis connections go away: active jobs
 * finish; jobs not started stay in Redis for another worker. A job cut short by a hard kill is
 * detected as stalled when its lock expires and handed to another worker.
 */
@Injectable()
export class WorkerDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerDrain.name);

  constructor(private readonly discovery: DiscoveryService) {}

  async beforeApplicationShutdown(): Promise<void> {
    const hosts = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
    const started = Date.now();
    await Promise.all(hosts.map((host) => host.worker?.close()));
    this.logger.log({ msg: 'queue workers closed', workers: hosts.length, waitedMs: Date.now() - started });
  }
}
