import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../../src/platform/config/app-config';
import { runMigrationsLocked } from '../../src/platform/database/migrator';

/** The PostgreSQL server the tests use (any database on it; each test file gets its own). */
export const TEST_PG_SERVER_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(TEST_PG_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_PG_SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Template name derived from the migrations' content: a new migration gives a new template. */
export function templateName(): string {
  const dir = join(__dirname, '../../src/platform/database/migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  return `fasp_tpl_${hash.digest('hex').slice(0, 12)}`;
}

const TEMPLATE_LOCK = 4_1000_2016;

/** Creates the migrated template database once (serialised across jest projects by a lock). */
export async function ensureTemplate(): Promise<string> {
  const name = templateName();
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const { rows } = await admin.query('SELECT datname FROM pg_database WHERE datname LIKE $1', ['fasp_tpl_%']);
      for (const row of rows as Array<{ datname: string }>) {
        if (row.datname !== name) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      }
      if (rows.some((row: { datname: string }) => row.datname === name)) return;
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${building}"`);
      await runMigrationsLocked(loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl(building), LOG_LEVEL: 'silent' }));
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return name;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template, for one test file. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `fasp_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (admin) => {
    if (options.migrated === false) {
      await admin.query(`CREATE DATABASE "${name}"`);
      return;
    }
    const template = templateName();
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        // Another file cloning the same template at this very moment: try again shortly.
        if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  });
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdmin(async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
