import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { ExportService } from './export.service';
import { PipelineController } from './pipeline.controller';
import { PipelineService } from './pipeline.service';
import { QueueDashboard } from './queue-dashboard';

/** The secretariat's pipeline: summary, overdue items, reviewer workload, CSV export, queue dashboard. */
@Module({
  imports: [IdentityModule],
  controllers: [PipelineController],
  providers: [PipelineService, ExportService, QueueDashboard],
  exports: [PipelineService, ExportService],
})
export class PipelineModule {}
