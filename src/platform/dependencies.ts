import Redis from 'ioredis';
import { Client } from 'pg';
import { AppConfig } from './config/app-config';
import { describeRedis, redisOptionsFromUrl } from './queue/redis-options';

/** A dependency the engine cannot start without is missing; the message says which and what to do. */
export class DependencyError extends Error {
  override readonly name = 'DependencyError';
}

export function describePostgres(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function retrying<T>(waitMs: number, attempt: () => Promise<T>, fatal: (error: unknown) => boolean): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (fatal(error) || Date.now() >= deadline) throw error;
      await sleep(Math.min(500, Math.max(0, deadline - Date.now())));
    }
  }
}

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: Array<{ message?: string }> };
  if (e?.errors?.length) return e.errors.map((inner) => inner.message).join(', ');
  return e?.message || e?.code || String(error);
}

/**
 * Waits up to DEPENDENCY_WAIT_MS for PostgreSQL. When the database itself does not exist and
 * `createDatabase` is set (API role), creates it, so a fresh machine needs no setup.
 */
export async function ensurePostgres(config: AppConfig, createDatabase: boolean): Promise<void> {
  const where = describePostgres(config.databaseUrl);
  const connect = async () => {
    const client = new Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const missingDatabase = (error: unknown) => (error as { code?: string })?.code === '3D000';
  const badCredentials = (error: unknown) => ['28P01', '28000'].includes((error as { code?: string })?.code ?? '');
  try {
    await retrying(config.dependencyWaitMs, connect, (error) => missingDatabase(error) || badCredentials(error));
  } catch (error) {
    if (missingDatabase(error) && createDatabase) {
      await createMissingDatabase(config.databaseUrl);
      return;
    }
    if (missingDatabase(error)) {
      throw new DependencyError(
        `PostgreSQL database ${where} does not exist yet. Start the API role first (it creates the database and applies migrations) or run \`npm run migration:run\`.`,
      );
    }
    if (badCredentials(error)) {
      throw new DependencyError(`PostgreSQL at ${where} refused the credentials of DATABASE_URL (${reason(error)}).`);
    }
    throw new DependencyError(
      `PostgreSQL is unreachable at ${where} (${reason(error)}). Start it, e.g. \`docker compose up -d postgres\`, or point DATABASE_URL at a running server.`,
    );
  }
}

async function createMissingDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (error) {
    if ((error as { code?: string })?.code !== '42P04') {
      throw new DependencyError(`PostgreSQL database "${name}" is missing and could not be created (${reason(error)}). Create it, or fix DATABASE_URL.`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Waits up to DEPENDENCY_WAIT_MS for Redis to answer PING. */
export async function ensureRedis(config: AppConfig): Promise<void> {
  const where = describeRedis(config.redisUrl);
  const ping = async () => {
    const client = new Redis({
      ...redisOptionsFromUrl(config.redisUrl),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  };
  try {
    await retrying(config.dependencyWaitMs, ping, (error) => /NOAUTH|WRONGPASS/.test(reason(error)));
  } catch (error) {
    throw new DependencyError(
      `Redis is unreachable at ${where} (${reason(error)}). Start it, e.g. \`docker compose up -d redis\`, or point REDIS_URL at a running server.`,
    );
  }
}
