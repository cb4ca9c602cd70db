import { Module } from '@nestjs/common';
import { CriteriaModule } from '../criteria/criteria.module';
import { CallsController } from './calls.controller';
import { CallsJobs } from './calls.jobs';
import { CallsRepository } from './calls.repository';
import { CallsService } from './calls.service';

@Module({
  imports: [CriteriaModule],
  controllers: [CallsController],
  providers: [CallsService, CallsRepository, CallsJobs],
  exports: [CallsService],
})
export class CallsModule {}
