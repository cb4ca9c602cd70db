import { Module } from '@nestjs/common';
import { AssignmentModule } from '../assignment/assignment.module';
import { CallsModule } from '../calls/calls.module';
import { ProjectsModule } from '../projects/projects.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ConsolidationService } from './consolidation.service';
import { ReviewsController } from './reviews.controller';
import { ReviewsRepository } from './reviews.repository';
import { ReviewsService } from './reviews.service';

/** Reviews, consolidation, release of formative feedback. */
@Module({
  imports: [AssignmentModule, CallsModule, ProjectsModule, WorkflowModule],
  controllers: [ReviewsController],
  providers: [ReviewsRepository, ReviewsService, ConsolidationService],
  exports: [ReviewsRepository, ReviewsService, ConsolidationService],
})
export class ReviewsModule {}
