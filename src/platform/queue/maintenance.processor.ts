import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { OutboxRepository } from '../outbox/outbox.repository';
import { isJob, runInJobContext } from './job-context';
import { JobData, JobName, QueueName } from './queue.constants';

@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  constructor(private readonly outbox: OutboxRepository) {
    super();
  }

  async process(job: Job<JobData>): Promise<unknown> {
    return runInJobContext(job, async () => {
      if (isJob(job, JobName.OutboxPurge)) {
        return { deleted: await this.outbox.purgeDispatched(job.data.payload.olderThanDays) };
      }
      throw new UnrecoverableError(`No handler for job ${(job as Job).name} on queue ${QueueName.Maintenance}`);
    });
  }
}
