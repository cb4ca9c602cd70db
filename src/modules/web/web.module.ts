import { Module } from '@nestjs/common';
import { AssignmentModule } from '../assignment/assignment.module';
import { CallsModule } from '../calls/calls.module';
import { CriteriaModule } from '../criteria/criteria.module';
import { DocumentsModule } from '../documents/documents.module';
import { IdentityModule } from '../identity/identity.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { ProjectsModule } from '../projects/projects.module';
import { PublicModule } from '../public/public.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { AuthPagesController } from './auth-pages.controller';
import { HolderPagesController } from './holder-pages.controller';
import { PublicPagesController } from './public-pages.controller';
import { ReviewerPagesController } from './reviewer-pages.controller';
import { SecretariatPagesController } from './secretariat-pages.controller';
import { StaticController } from './static.controller';
import { WebExceptionFilter } from './web-exception.filter';
import { WebService } from './web.service';

/**
 * Server-rendered pages for holders, reviewers, the secretariat and the public. The pages call
 * the same services as the API, with the signed-in person, so every rule and every visibility
 * check is the API's own.
 */
@Module({
  imports: [IdentityModule, CallsModule, CriteriaModule, ProjectsModule, WorkflowModule, AssignmentModule, ReviewsModule, DocumentsModule, PublicModule, NotificationsModule, PipelineModule],
  controllers: [StaticController, AuthPagesController, PublicPagesController, HolderPagesController, ReviewerPagesController, SecretariatPagesController],
  providers: [WebService, WebExceptionFilter],
  exports: [WebService, WebExceptionFilter],
})
export class WebModule {}
