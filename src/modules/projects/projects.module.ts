import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { CriteriaModule } from '../criteria/criteria.module';
import { IdentityModule } from '../identity/identity.module';
import { AttachmentsService } from './attachments.service';
import { ProjectsController } from './projects.controller';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';

/** Dossiers: fields, criterion statements, attachments, completeness, frozen versions, history. */
@Module({
  imports: [CallsModule, CriteriaModule, IdentityModule],
  controllers: [ProjectsController],
  providers: [ProjectsService, ProjectsRepository, AttachmentsService],
  exports: [ProjectsService, ProjectsRepository, AttachmentsService],
})
export class ProjectsModule {}
