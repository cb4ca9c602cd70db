import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, Resources, sleep, waitUntil } from './resources';

/**
 * The engine as it runs in production, as child processes of the run: `node dist/src/main.js`
 * with APP_ROLES=api, and `node dist/src/worker.js`. They run from a copy of dist/ taken when
 * the run starts (inside the project, so that node_modules resolves), so that a build started
 * meanwhile by someone else cannot pull the files from under them. Each process writes its JSON
 * logs to a file of the run's log directory.
 */

/** The project's root: the nearest directory above this file with a package.json and node_modules. */
function projectRoot(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'node_modules'))) return dir;
  }
  throw new Error(`no project root above ${__dirname}`);
}

export interface RunDirectories {
  /** the copy of dist/ the engine runs from */
  dist: string;
  logs: string;
  uploads: string;
}

/** Copies dist/ (src and libs) into var/reliability/<run>/ and makes the log and upload directories. */
export function prepareRun(resources: Resources, label: string): RunDirectories {
  const projectDir = projectRoot();
  // RELIABILITY_DIST: run another build of the engine than dist/
  const source = process.env.RELIABILITY_DIST ?? join(projectDir, 'dist');
  if (!existsSync(join(source, 'src', 'main.js'))) throw new Error(`${source}/src/main.js not found: build first (npm run build)`);
  const base = join(projectDir, 'var', 'reliability');
  mkdirSync(base, { recursive: true });
  const root = resources.directory(mkdtempSync(join(base, `${label}-`)));
  const dist = join(root, 'dist');
  cpSync(join(source, 'src'), join(dist, 'src'), { recursive: true });
  cpSync(join(source, 'libs'), join(dist, 'libs'), { recursive: true });
  const logs = mkdtempSync(join(tmpdir(), `fasp-${label}-logs-`));
  const uploads = resources.directory(join(root, 'uploads'));
  mkdirSync(uploads);
  return { dist, logs, uploads };
}

export interface EngineSettings {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  smtpUrl: string;
  /** more environment for both roles */
  env?: Record<string, string>;
}

export type Role = 'api' | 'worker';

/** One engine process (API or worker). */
export class EngineProcess {
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly tail: string[] = [];

  constructor(
    readonly role: Role,
    readonly child: ChildProcess,
    readonly logFile: string,
    log: WriteStream,
  ) {
    const keep = (chunk: Buffer) => {
      log.write(chunk);
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        this.tail.push(line);
        if (this.tail.length > 400) this.tail.shift();
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve(this.exited);
      });
    });
    child.once('close', () => log.end());
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exited === undefined;
  }

  /** The last lines the process wrote. */
  lastLines(count = 30): string[] {
    return this.tail.slice(-count);
  }

  logged(text: string): boolean {
    return this.tail.some((line) => line.includes(text));
  }

  /** kill -9: no shutdown hook runs. */
  async kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child.kill('SIGKILL');
    return this.exit;
  }

  /** SIGTERM (in-flight work finishes), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 30000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.running) return this.exit;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exit;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resident set size now, in bytes (null once the process is gone). */
  rss(): number | null {
    try {
      const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return match ? Number(match[1]) * 1024 : null;
    } catch {
      return null;
    }
  }
}

/**
 * The API and worker processes of one scenario, on its own database, queue prefix and mail
 * server. Production settings (NODE_ENV=production), a random JWT secret, a first administrator.
 */
export class Engine {
  readonly url: string;
  readonly env: NodeJS.ProcessEnv;
  api: EngineProcess | undefined;
  worker: EngineProcess | undefined;
  /** every process started, in order (restarted workers included) */
  readonly started: EngineProcess[] = [];
  private launches = 0;

  constructor(
    private readonly resources: Resources,
    private readonly dirs: RunDirectories,
    private readonly name: string,
    port: number,
    settings: EngineSettings,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: settings.databaseUrl,
      REDIS_URL: settings.redisUrl,
      QUEUE_PREFIX: settings.queuePrefix,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: this.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SMTP_URL: settings.smtpUrl,
      MAIL_FROM: 'FASP <fasp@fasp.test>',
      UPLOAD_DIR: dirs.uploads,
      LOG_LEVEL: process.env.ENGINE_LOG_LEVEL ?? 'info',
      FASP_ADMIN_EMAIL: 'admin@fasp.test',
      FASP_ADMIN_PASSWORD: randomBytes(16).toString('hex'),
      // the run signs its accounts in through the real route, all from one address
      LOGIN_MAX_PER_IP: '1000000',
      ACCESS_TOKEN_TTL_SECONDS: '7200',
      ...settings.env,
    };
  }

  static async create(resources: Resources, dirs: RunDirectories, name: string, settings: EngineSettings): Promise<Engine> {
    return new Engine(resources, dirs, name, await freePort(), settings);
  }

  get logDir(): string {
    return this.dirs.logs;
  }

  private launch(role: Role): EngineProcess {
    this.launches += 1;
    const script = role === 'api' ? join(this.dirs.dist, 'src', 'main.js') : join(this.dirs.dist, 'src', 'worker.js');
    const logFile = join(this.dirs.logs, `${this.name}-${role}-${this.launches}.log`);
    const env = role === 'api' ? { ...this.env, APP_ROLES: 'api' } : { ...this.env };
    const child = this.resources.child(spawn(process.execPath, ['--enable-source-maps', script], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    const process_ = new EngineProcess(role, child, logFile, createWriteStream(logFile));
    this.started.push(process_);
    return process_;
  }

  private async ready(process_: EngineProcess, timeoutMs: number): Promise<void> {
    try {
      await waitUntil(`${process_.role} process started`, timeoutMs, async () => {
        if (!process_.running) throw new Error(`exited; see ${process_.logFile}`);
        return process_.logged('"msg":"engine started"');
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${process_.lastLines(20).join('\n')}`, { cause: error });
    }
  }

  /** The API role: applies the migrations, seeds the reference framework, listens. */
  async startApi(timeoutMs = 240000): Promise<EngineProcess> {
    const api = this.launch('api');
    this.api = api;
    await this.ready(api, timeoutMs);
    await waitUntil('API ready', 60000, async () => (await fetch(`${this.url}/health/ready`)).status === 200);
    return api;
  }

  /** A worker process: queue consumers, the outbox relay, the start-up tasks. */
  async startWorker(timeoutMs = 180000): Promise<EngineProcess> {
    const worker = this.launch('worker');
    this.worker = worker;
    await this.ready(worker, timeoutMs);
    return worker;
  }

  async stop(): Promise<void> {
    await Promise.all([this.worker?.stop(), this.api?.stop()]);
  }

  /** Fails with the process's last lines if it died. */
  assertRunning(): void {
    for (const process_ of [this.api, this.worker]) {
      if (process_ && !process_.running) throw new Error(`the ${process_.role} process died; last lines:\n${process_.lastLines(30).join('\n')}`);
    }
  }
}

export { sleep };
