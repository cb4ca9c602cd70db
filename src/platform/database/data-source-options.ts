import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** The one place that turns configuration into TypeORM options: the app, the CLI and tests use it. */
export function buildDataSourceOptions(config: AppConfig, overrides: Partial<{ poolSize: number }> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install (nor superuser needed).
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    // Query errors are the callers' to handle (and the error filter's to log); SQL is shown on trace only.
    logging: config.logLevel === 'trace' ? ['query', 'error'] : false,
    extra: {
      max: overrides.poolSize ?? config.databasePoolSize,
      application_name: `fasp-${config.appRoles.join('+')}`,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
    },
  };
}
