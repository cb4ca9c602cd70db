import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { QueueClients } from './queue-clients';
import { JobData, JobName, QueueName } from './queue.constants';

/**
 * Periodic housekeeping, declared with BullMQ job schedulers. Upserting at every worker start
 * is idempotent and re-creates the schedules if Redis lost them.
 */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly queues: QueueClients,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const data: JobData<JobName.OutboxPurge> = { payload: { olderThanDays: this.config.outboxRetentionDays } };
    await this.queues
      .queue(QueueName.Maintenance)
      .upsertJobScheduler('outbox-purge', { pattern: '17 3 * * *', tz: 'UTC' }, { name: JobName.OutboxPurge, data });
  }
}
