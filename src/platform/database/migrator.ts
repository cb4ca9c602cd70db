import { DataSource } from 'typeorm';
import { Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DependencyError } from '../dependencies';
import { buildDataSourceOptions } from './data-source-options';

/** Arbitrary but fixed key of the advisory lock that serialises migration runs across processes. */
const MIGRATION_LOCK_KEY = 4_1000_2015;

const logger = new Logger('Migrations');

/**
 * Applies pending migrations once, whatever the number of API processes starting together:
 * each takes the same session-level advisory lock first, so the others wait, then find
 * nothing left to do.
 */
export async function runMigrationsLocked(config: AppConfig): Promise<string[]> {
  const dataSource = new DataSource(buildDataSourceOptions(config, { poolSize: 2 }));
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0) logger.log({ msg: 'migrations applied', migrations: applied.map((m) => m.name) });
      return applied.map((migration) => migration.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}

/** Worker-only processes wait for an API process to bring the schema up to date. */
export async function waitForSchema(config: AppConfig, waitMs = 60000): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions(config, { poolSize: 1 }));
  await dataSource.initialize();
  try {
    const deadline = Date.now() + waitMs;
    let announced = false;
    while (await dataSource.showMigrations()) {
      if (Date.now() >= deadline) {
        throw new DependencyError(
          'The database schema is behind this version of the engine. Start the API role (it applies migrations) or run `npm run migration:run`.',
        );
      }
      if (!announced) {
        logger.log('waiting for the API role to apply pending migrations');
        announced = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await dataSource.destroy();
  }
}
