import { Module } from '@nestjs/common';
import { CriteriaSeedService } from './criteria-seed.service';
import { FrameworksController } from './frameworks.controller';
import { FrameworksRepository } from './frameworks.repository';
import { FrameworksService } from './frameworks.service';

/** The Committee's criteria frameworks as versioned data. */
@Module({
  controllers: [FrameworksController],
  providers: [FrameworksService, FrameworksRepository, CriteriaSeedService],
  exports: [FrameworksService],
})
export class CriteriaModule {}
