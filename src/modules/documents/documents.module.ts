import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { ProjectsModule } from '../projects/projects.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { DocumentsController } from './documents.controller';
import { DocumentsJobs } from './documents.jobs';
import { DocumentsService } from './documents.service';

/** Evaluation reports and letters of support. */
@Module({
  imports: [CallsModule, ProjectsModule, ReviewsModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, DocumentsJobs],
  exports: [DocumentsService],
})
export class DocumentsModule {}
