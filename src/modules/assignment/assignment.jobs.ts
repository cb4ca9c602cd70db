import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HandlesJob } from '../../platform/queue/job-handler';
import { JobName, JobPayloads } from '../../platform/queue/queue.constants';
import { ProjectsRepository } from '../projects/projects.repository';
import { AssignmentRunsService } from './assignment-runs.service';
import { InvitationsService } from './invitations.service';

@Injectable()
export class AssignmentJobs {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runs: AssignmentRunsService,
    private readonly invitations: InvitationsService,
    private readonly projects: ProjectsRepository,
  ) {}

  /** An admitted project asks for reviewers: queue (or join) a run of its call for it. */
  @HandlesJob(JobName.AssignmentRequest)
  async request(payload: JobPayloads[JobName.AssignmentRequest]): Promise<{ runId: string | null }> {
    return this.dataSource.transaction(async (manager) => {
      const project = await this.projects.findById(payload.projectId, manager);
      if (!project || !['assignment', 'review'].includes(project.stage)) return { runId: null };
      const run = await this.runs.request(project.callId, 'admission', [project.id], null, manager);
      return { runId: run.id };
    });
  }

  @HandlesJob(JobName.AssignmentRun)
  async run(payload: JobPayloads[JobName.AssignmentRun]): Promise<{ status: string }> {
    return { status: (await this.runs.execute(payload.runId)).status };
  }

  @HandlesJob(JobName.InvitationExpire)
  async expire(payload: JobPayloads[JobName.InvitationExpire]): Promise<{ expired: boolean }> {
    return { expired: await this.invitations.expire(payload.assignmentId) };
  }
}
