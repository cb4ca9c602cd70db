import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { QueueClients } from '../queue/queue-clients';
import { OutboxRelay } from './outbox-relay';
import { OutboxRepository } from './outbox.repository';

/** Runs the outbox relay in the worker role for the lifetime of the process. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(
    config: AppConfig,
    @InjectDataSource() dataSource: DataSource,
    repository: OutboxRepository,
    queues: QueueClients,
  ) {
    this.relay = new OutboxRelay(dataSource, repository, queues, {
      batchSize: config.outboxBatchSize,
      pollMs: config.outboxPollMs,
      maxBackoffMs: 5000,
      listenUrl: config.databaseUrl,
      lanes: 2,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
