import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { ProjectsModule } from '../projects/projects.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { AssignmentRunsService } from './assignment-runs.service';
import { AssignmentController } from './assignment.controller';
import { AssignmentJobs } from './assignment.jobs';
import { AssignmentsRepository } from './assignments.repository';
import { InvitationsService } from './invitations.service';
import { MatchingInputBuilder } from './matching-input.builder';
import { ReviewerProfilesService } from './reviewer-profiles.service';
import { SolverRunner } from './solver-runner';

/** Reviewer pool and automatic assignment: profiles, runs of the optimal matcher, invitations, top-ups, overrides. */
@Module({
  imports: [CallsModule, ProjectsModule, WorkflowModule],
  controllers: [AssignmentController],
  providers: [AssignmentsRepository, AssignmentRunsService, InvitationsService, MatchingInputBuilder, ReviewerProfilesService, SolverRunner, AssignmentJobs],
  exports: [AssignmentsRepository, InvitationsService, AssignmentRunsService, ReviewerProfilesService],
})
export class AssignmentModule {}
