import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';

/** Data source for the TypeORM CLI (`npm run migration:*`). */
export default new DataSource(buildDataSourceOptions(loadConfig()));
