import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/platform/config/app-config';
import { buildDataSourceOptions } from '../src/platform/database/data-source-options';
import { runMigrationsLocked } from '../src/platform/database/migrator';
import { ensurePostgres } from '../src/platform/dependencies';
import { seedReferenceFramework } from '../src/modules/criteria/reference-framework.seed';

/** `npm run seed`: database created and migrated if needed, then the reference data loaded (idempotent). */
async function main(): Promise<void> {
  const config = loadConfig();
  await ensurePostgres(config, true);
  await runMigrationsLocked(config);
  const dataSource = new DataSource(buildDataSourceOptions(config, { poolSize: 1 }));
  await dataSource.initialize();
  try {
    const inserted = await seedReferenceFramework(dataSource);
    process.stdout.write(inserted ? 'FASP reference framework loaded (fasp v1, published)\n' : 'FASP reference framework already present\n');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
