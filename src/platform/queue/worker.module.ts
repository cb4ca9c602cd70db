import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { DEFAULT_JOB_OPTIONS } from './job-defaults';
import { JobHandlerRegistry } from './job-handler';
import { MaintenanceScheduler } from './maintenance.scheduler';
import { ALL_QUEUES } from './queue.constants';
import { QueueWorkers } from './queue-workers';
import { workerRedisOptions } from './redis-options';

/** The worker role: a BullMQ consumer per queue, the outbox relay and periodic schedules. */
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: workerRedisOptions(config.redisUrl),
        prefix: config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  providers: [QueueWorkers, OutboxRelayService, MaintenanceScheduler, JobHandlerRegistry],
  exports: [OutboxRelayService],
})
export class WorkerModule {}
