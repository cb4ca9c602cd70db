import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/platform/config/app-config';
import { buildDataSourceOptions } from '../../src/platform/database/data-source-options';
import { MIGRATIONS } from '../../src/platform/database/migrations';
import { runMigrationsLocked } from '../../src/platform/database/migrator';
import { DependencyError, ensurePostgres, ensureRedis } from '../../src/platform/dependencies';
import { createTestDatabase, databaseUrl, TEST_PG_SERVER_URL } from '../helpers/database';
import { Client } from 'pg';

describe('database schema and start-up dependencies', () => {
  it('entities and migrations agree (a forgotten migration fails here)', async () => {
    const database = await createTestDatabase();
    const dataSource = new DataSource(buildDataSourceOptions(loadConfig({ DATABASE_URL: database.url })));
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });

  it('two processes migrating an empty database at once apply each migration exactly once', async () => {
    const database = await createTestDatabase({ migrated: false });
    try {
      const config = loadConfig({ DATABASE_URL: database.url });
      const [first, second] = await Promise.all([runMigrationsLocked(config), runMigrationsLocked(config)]);
      expect([...first, ...second].sort()).toEqual(MIGRATIONS.map((migration) => migration.name).sort());
      const client = new Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query('SELECT name, count(*)::int AS n FROM schema_migrations GROUP BY name');
      await client.end();
      expect(rows).toHaveLength(MIGRATIONS.length);
      expect(rows.every((row: { n: number }) => row.n === 1)).toBe(true);
    } finally {
      await database.drop();
    }
  });

  it('creates the database when it does not exist yet (API role)', async () => {
    const name = `fasp_t_created_${Date.now()}`;
    const config = loadConfig({ DATABASE_URL: databaseUrl(name), DEPENDENCY_WAIT_MS: '0' });
    await expect(ensurePostgres(config, false)).rejects.toThrow(/does not exist yet/);
    await ensurePostgres(config, true);
    const admin = new Client({ connectionString: TEST_PG_SERVER_URL });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      expect(rowCount).toBe(1);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.end();
    }
  });

  it('says which dependency is unreachable and how to start it', async () => {
    const unreachablePg = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/fasp', DEPENDENCY_WAIT_MS: '0' });
    const pgError = await ensurePostgres(unreachablePg, true).catch((error: unknown) => error);
    expect(pgError).toBeInstanceOf(DependencyError);
    expect((pgError as Error).message).toMatch(/^PostgreSQL is unreachable at 127\.0\.0\.1:1\/fasp .*docker compose up -d postgres/);

    const unreachableRedis = loadConfig({ REDIS_URL: 'redis://127.0.0.1:1', DEPENDENCY_WAIT_MS: '0' });
    const redisError = await ensureRedis(unreachableRedis).catch((error: unknown) => error);
    expect(redisError).toBeInstanceOf(DependencyError);
    expect((redisError as Error).message).toMatch(/^Redis is unreachable at 127\.0\.0\.1:1 .*docker compose up -d redis/);
  });

  it('waits up to DEPENDENCY_WAIT_MS before giving up', async () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:1', DEPENDENCY_WAIT_MS: '1200' });
    const started = Date.now();
    await expect(ensureRedis(config)).rejects.toBeInstanceOf(DependencyError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });
});
