import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/platform/config/app-config';
import { QueueName } from '../src/platform/queue/queue.constants';
import { redisOptionsFromUrl } from '../src/platform/queue/redis-options';
import { PeakRss } from './result';
import { parseVmRss } from './stats';

/**
 * The engine under test, as it runs in production: `node dist/src/main.js` with APP_ROLES=api
 * and `node dist/src/worker.js`, two child processes on a fresh database and queue prefix of
 * their own (dropped afterwards), with a mail sink that accepts and discards every email. Their
 * resident set sizes are sampled every 100 ms from /proc/<pid>/status.
 */

const DIST = join(__dirname, '..');
export const SAMPLE_RSS_EVERY_MS = 100;
const CLOCK_TICKS_PER_SECOND = 100;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function databaseUrlFor(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${encodeURIComponent(database)}`;
  return target.toString();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** User + system CPU time of a process so far, in seconds (from /proc/<pid>/stat); null when unreadable. */
export async function cpuSecondsOf(pid: number | undefined): Promise<number | null> {
  if (!pid) return null;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // the fields after the command name (which may hold spaces) start at ")"
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : null;
}

/** CPU seconds used so far by the API, the worker, and the PostgreSQL backends connected to the bench database. */
export interface CpuUsage {
  api: number;
  worker: number;
  postgres: number;
}

/** Peak RSS of some processes, sampled on a timer. */
export class RssSampler {
  private readonly peaks = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly processes: () => Array<[string, number | undefined]>) {
    this.timer = setInterval(() => void this.sample(), SAMPLE_RSS_EVERY_MS);
    this.timer.unref();
  }

  async sample(): Promise<void> {
    await Promise.all(
      this.processes().map(async ([name, pid]) => {
        if (!pid) return;
        const rss = parseVmRss(await readFile(`/proc/${pid}/status`, 'utf8').catch(() => ''));
        if (rss !== null && rss > (this.peaks.get(name) ?? 0)) this.peaks.set(name, rss);
      }),
    );
  }

  peak(name: string): number | null {
    return this.peaks.get(name) ?? null;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** An SMTP server that accepts every message and throws it away (the engine's emails go somewhere real). */
export async function startMailSink(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${port}`, received: () => received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface EngineOptions {
  /** names the database (fasp_bench_<name>) and the queue prefix */
  name: string;
  /** more environment for both processes */
  env?: Record<string, string>;
}

export interface BenchEngine {
  url: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** a pool on the engine's database, for fixtures and checks (not the engine's) */
  pool: Pool;
  mail: { received: () => number };
  peakRss(): PeakRss;
  pids(): { api?: number; worker?: number };
  /** CPU used so far; subtract two readings for a phase (backends that closed in between are not counted) */
  cpu(): Promise<CpuUsage>;
  /** stops both processes, drops the database and the queue keys */
  stop(): Promise<void>;
}

async function dropDatabase(baseUrl: string, database: string): Promise<void> {
  if (!database.startsWith('fasp_bench_')) throw new Error(`refusing to drop ${database}`);
  const admin = new Client({ connectionString: databaseUrlFor(baseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, alive: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const died = alive();
    if (died) throw new Error(`${what}: ${died}`);
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms`);
}

function launch(script: string, env: NodeJS.ProcessEnv, logFile: string): { child: ChildProcess; exited: () => string | null } {
  const log = createWriteStream(logFile);
  // e.g. BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/profiles" to profile the engine under load
  const nodeArgs = (process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg.length > 0);
  const child = spawn(process.execPath, [...nodeArgs, join(DIST, script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exit: string | null = null;
  child.once('exit', (code, signal) => {
    exit = `exited (${signal ?? code}); see ${logFile}`;
  });
  child.once('close', () => log.end());
  return { child, exited: () => exit };
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
  await exited;
  clearTimeout(timer);
}

/** Starts the API process, waits for /health/ready, then the worker process, and waits until it consumes. */
export async function startEngineProcesses(options: EngineOptions): Promise<BenchEngine> {
  const base = loadConfig();
  const database = `fasp_bench_${options.name}`;
  const queuePrefix = `fasp_bench_${options.name}`;
  const databaseUrl = databaseUrlFor(base.databaseUrl, database);
  await dropDatabase(base.databaseUrl, database);
  await deleteQueueKeys(base.redisUrl, queuePrefix);
  const uploadDir = await mkdtemp(join(tmpdir(), `fasp-bench-${options.name}-uploads-`));
  const logDir = await mkdtemp(join(tmpdir(), `fasp-bench-${options.name}-logs-`));
  const mail = await startMailSink();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: base.redisUrl,
    QUEUE_PREFIX: queuePrefix,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    SMTP_URL: mail.url,
    UPLOAD_DIR: uploadDir,
    LOG_LEVEL: process.env.BENCH_ENGINE_LOG_LEVEL ?? 'warn',
    FASP_ADMIN_EMAIL: 'bench-admin@fasp.test',
    FASP_ADMIN_PASSWORD: randomBytes(16).toString('hex'),
    // the fixtures sign every account in through the real route, from one address
    LOGIN_MAX_PER_IP: '100000',
    ...options.env,
  };
  const pool = new Pool({ connectionString: databaseUrl, max: 8, application_name: 'fasp-bench' });
  let api: ReturnType<typeof launch> | undefined;
  let worker: ReturnType<typeof launch> | undefined;
  const rss = new RssSampler(() => [
    ['api', api?.child.pid],
    ['worker', worker?.child.pid],
  ]);
  let stopped = false;
  let keepLogs = !!process.env.BENCH_KEEP_LOGS;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all([stopChild(worker?.child), stopChild(api?.child)]);
    rss.stop();
    await pool.end().catch(() => undefined);
    await mail.close().catch(() => undefined);
    await dropDatabase(base.databaseUrl, database).catch(() => undefined);
    await deleteQueueKeys(base.redisUrl, queuePrefix).catch(() => undefined);
    await rm(uploadDir, { recursive: true, force: true });
    if (!keepLogs) await rm(logDir, { recursive: true, force: true });
  };
  try {
    api = launch('src/main.js', { ...env, APP_ROLES: 'api' }, join(logDir, 'api.log'));
    await waitFor('API process', 120000, async () => (await fetch(`${url}/health/ready`)).status === 200, api.exited);
    worker = launch('src/worker.js', env, join(logDir, 'worker.log'));
    const notifications = new Queue(QueueName.Notifications, { connection: redisOptionsFromUrl(base.redisUrl), prefix: queuePrefix });
    try {
      await waitFor(
        'worker process',
        60000,
        async () => {
          const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'fasp-outbox-listener'`, [database]);
          return rows[0].n > 0 && (await notifications.getWorkersCount()) > 0;
        },
        worker.exited,
      );
    } finally {
      await notifications.close();
    }
  } catch (error) {
    keepLogs = true;
    await stop();
    throw error;
  }
  return {
    url,
    databaseUrl,
    redisUrl: base.redisUrl,
    queuePrefix,
    pool,
    mail,
    peakRss: () => ({ api: rss.peak('api'), worker: rss.peak('worker') }),
    pids: () => ({ api: api?.child.pid, worker: worker?.child.pid }),
    cpu: async () => {
      const { rows } = await pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [database]);
      const backends = await Promise.all(rows.map((row) => cpuSecondsOf(row.pid)));
      return {
        api: (await cpuSecondsOf(api?.child.pid)) ?? 0,
        worker: (await cpuSecondsOf(worker?.child.pid)) ?? 0,
        postgres: backends.reduce<number>((sum, value) => sum + (value ?? 0), 0),
      };
    },
    stop,
  };
}

/** Runs `body` against a started engine and always stops it (also on Ctrl-C). */
export async function withEngine<T>(options: EngineOptions, body: (engine: BenchEngine) => Promise<T>): Promise<T> {
  const engine = await startEngineProcesses(options);
  const interrupted = () => {
    void engine.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await body(engine);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await engine.stop();
  }
}
