import { INestApplicationContext, Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Engine, startEngine } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/platform/config/app-config';
import { createRootLogger } from '../../src/platform/logging/logger';
import { QueueClients } from '../../src/platform/queue/queue-clients';
import { CONSUMED_QUEUES } from '../../src/platform/queue/queue-workers';
import { createTestDatabase, TestDatabase } from './database';
import { deleteQueuePrefix, TEST_REDIS_URL, uniqueQueuePrefix } from './redis';

export interface TestEngine extends Engine {
  url: string;
  database: TestDatabase;
  dataSource: DataSource;
  get<T>(type: Type<T>): T;
  /** Closes the engine; `dropData` (default true) also drops the database and queue keys. */
  close(options?: { dropData?: boolean }): Promise<void>;
}

export interface TestEngineOptions {
  /** Environment on top of the test defaults (each engine gets its own database and queue prefix). */
  env?: Record<string, string>;
  /** Reuse a database (to run a second engine on the same data, e.g. two API processes). */
  database?: TestDatabase;
  /** Test-only modules (controllers exercising the platform). */
  extraModules?: Type[];
}

/** The first administrator every test engine creates (admin@fasp.local). */
export const TEST_ADMIN_PASSWORD = 'admin password for tests';

export function testConfig(env: Record<string, string | undefined>): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: uniqueQueuePrefix(),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEPENDENCY_WAIT_MS: '0',
    OUTBOX_POLL_MS: '200',
    SHUTDOWN_TIMEOUT_MS: '10000',
    FASP_ADMIN_EMAIL: 'admin@fasp.local',
    FASP_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    LOGIN_MAX_PER_IP: '1000',
    ...env,
  });
}

/**
 * Starts the engine exactly as main.ts does (dependency checks, migrations under the lock,
 * Nest on Fastify listening on a free port) against a database cloned from the template.
 */
export async function startTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const database = options.database ?? (await createTestDatabase());
  const config = testConfig({ DATABASE_URL: database.url, ...options.env });
  const logger = createRootLogger(config.logLevel, { test: expect.getState().testPath });
  const engine = await startEngine(config, logger, options.extraModules ?? []);
  const app: INestApplicationContext = engine.app;
  let closed = false;
  return {
    ...engine,
    url: engine.url ?? '',
    database,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    get: <T>(type: Type<T>) => app.get(type, { strict: false }),
    async close({ dropData = !options.database } = {}) {
      if (closed) return;
      closed = true;
      await app.close();
      if (dropData) {
        await deleteQueuePrefix(config.queuePrefix);
        await database.drop();
      }
    },
  };
}

/**
 * Waits until nothing is left to do: no outbox row due and undispatched, no job waiting or
 * running in any queue that has a consumer, twice in a row. Fails with what is still pending
 * after `timeoutMs`.
 */
export async function waitForQueuesIdle(engine: TestEngine, timeoutMs = 15000): Promise<void> {
  const queues = engine.get(QueueClients);
  const deadline = Date.now() + timeoutMs;
  let idleStreak = 0;
  let last = '';
  while (Date.now() < deadline) {
    const [{ pending }] = await engine.dataSource.query(
      `SELECT count(*)::int AS pending FROM outbox WHERE dispatched_at IS NULL AND due_at <= now()`,
    );
    const counts = await queues.counts(5000);
    const busy = CONSUMED_QUEUES.map((name) => ({ name, ...counts[name] })).filter(
      (queue) => queue.waiting + queue.active + queue.prioritized > 0,
    );
    last = JSON.stringify({ outboxPending: pending, busy });
    if (pending === 0 && busy.length === 0) {
      if (++idleStreak >= 2) return;
    } else {
      idleStreak = 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`queues still busy after ${timeoutMs} ms: ${last}`);
}
