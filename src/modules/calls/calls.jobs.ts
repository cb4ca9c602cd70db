import { Injectable } from '@nestjs/common';
import { HandlesJob } from '../../platform/queue/job-handler';
import { JobName, JobPayloads } from '../../platform/queue/queue.constants';
import { CallsService } from './calls.service';

@Injectable()
export class CallsJobs {
  constructor(private readonly calls: CallsService) {}

  @HandlesJob(JobName.CallClose)
  async close(payload: JobPayloads[JobName.CallClose]): Promise<{ closed: boolean }> {
    return { closed: await this.calls.closeIfDue(payload.callId, payload.closesAt) };
  }
}
