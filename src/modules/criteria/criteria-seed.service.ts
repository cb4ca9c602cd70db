import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { seedReferenceFramework } from './reference-framework.seed';

/** API processes load the reference framework at start-up if it is not there yet. */
@Injectable()
export class CriteriaSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.hasRole('api')) return;
    if (await seedReferenceFramework(this.dataSource)) this.logger.log('FASP reference framework loaded (fasp v1, published)');
  }
}
