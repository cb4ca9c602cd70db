import { DynamicModule, Module, Type } from '@nestjs/common';
import { AppConfig } from './platform/config/app-config';
import { ConfigModule } from './platform/config/config.module';
import { DatabaseModule } from './platform/database/database.module';
import { HealthModule } from './platform/health/health.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { OutboxModule } from './platform/outbox/outbox.module';
import { QueueModule } from './platform/queue/queue.module';
import { WorkerModule } from './platform/queue/worker.module';
import { RateLimitModule } from './platform/rate-limit/rate-limit.module';
import { IdentityModule } from './modules/identity/identity.module';
import { CriteriaModule } from './modules/criteria/criteria.module';
import { CallsModule } from './modules/calls/calls.module';
import { ClockModule } from './platform/clock/clock';
import { FileStorageModule } from './platform/files/file-storage';
import { ProjectsModule } from './modules/projects/projects.module';
import { WorkflowModule } from './modules/workflow/workflow.module';
import { AssignmentModule } from './modules/assignment/assignment.module';
import { ReviewsModule } from './modules/reviews/reviews.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { PublicModule } from './modules/public/public.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { PipelineModule } from './modules/pipeline/pipeline.module';
import { WebModule } from './modules/web/web.module';

/** The engine for the roles in APP_ROLES: HTTP modules for `api`, consumers for `worker`. */
@Module({})
export class AppModule {
  static register(config: AppConfig, extraModules: Type[] = []): DynamicModule {
    const imports: Array<Type | DynamicModule> = [ConfigModule.forRoot(config), DatabaseModule, QueueModule, OutboxModule, MetricsModule, HealthModule, RateLimitModule, ClockModule, FileStorageModule, IdentityModule, CriteriaModule, CallsModule, ProjectsModule, WorkflowModule, AssignmentModule, ReviewsModule, DocumentsModule, PublicModule, NotificationsModule, PipelineModule, WebModule];
    if (config.hasRole('worker')) imports.push(WorkerModule);
    imports.push(...extraModules);
    return { module: AppModule, imports };
  }
}
