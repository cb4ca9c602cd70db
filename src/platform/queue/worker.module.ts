import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { DEFAULT_JOB_OPTIONS } from './job-defaults';
import { JobHandlerRegistry } from './job-handler';
import { QUEUE_PROCESSORS } from './queue-processors';
import { MaintenanceScheduler } from './maintenance.scheduler';
import { ALL_QUEUES } from './queue.constants';
import { redisOptionsFromUrl } from './redis-options';
import { WorkerDrain } from './worker-drain';

/** The worker role: BullMQ consumers, the outbox relay and periodic schedules. */
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: {
          ...redisOptionsFromUrl(config.redisUrl),
          maxRetriesPerRequest: null,
          connectionName: 'fasp-worker',
          // Reconnect within 2 s of Redis coming back (the default backs off up to 20 s).
          retryStrategy: (times: number) => Math.min(250 * times, 2000),
        },
        prefix: config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  providers: [WorkerDrain, OutboxRelayService, MaintenanceScheduler, JobHandlerRegistry, ...QUEUE_PROCESSORS],
  exports: [OutboxRelayService],
})
export class WorkerModule {}
