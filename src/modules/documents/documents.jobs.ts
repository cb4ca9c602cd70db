import { Injectable } from '@nestjs/common';
import { HandlesJob } from '../../platform/queue/job-handler';
import { JobName, JobPayloads } from '../../platform/queue/queue.constants';
import { DocumentsService } from './documents.service';

@Injectable()
export class DocumentsJobs {
  constructor(private readonly documents: DocumentsService) {}

  @HandlesJob(JobName.DocumentGenerate)
  generate(payload: JobPayloads[JobName.DocumentGenerate]): Promise<{ generated: boolean }> {
    return this.documents.generate(payload.projectId, payload.round, payload.kind);
  }
}
