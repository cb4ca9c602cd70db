import { Injectable } from '@nestjs/common';
import { HandlesJob } from '../queue/job-handler';
import { JobName, JobPayloads } from '../queue/queue.constants';
import { OutboxRepository } from './outbox.repository';

@Injectable()
export class OutboxJobs {
  constructor(private readonly outbox: OutboxRepository) {}

  @HandlesJob(JobName.OutboxPurge)
  async purge(payload: JobPayloads[JobName.OutboxPurge]): Promise<{ deleted: number }> {
    return { deleted: await this.outbox.purgeDispatched(payload.olderThanDays) };
  }
}
