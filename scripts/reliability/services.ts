import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { freePort, Resources, sleep, waitUntil } from './resources';

/**
 * Throwaway servers of the run's own, on loopback ports of their own, so that a fault can be
 * done to them (stopped, restarted) without touching the PostgreSQL and Redis that other work
 * on the machine uses: a PostgreSQL cluster in a temporary directory, a Redis server, and an
 * SMTP server that records what it accepts.
 */

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Where the PostgreSQL server binaries are (PG_BIN, or the newest under /usr/lib/postgresql). */
function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) if (existsSync(join(root, version, 'bin', 'postgres'))) return join(root, version, 'bin');
  throw new Error('no PostgreSQL server binaries found (install postgresql, or set PG_BIN to the directory holding initdb and postgres)');
}

/** PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` account. */
function runAs(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

export type PostgresStopMode = 'fast' | 'immediate';

export class TempPostgres {
  private child: ChildProcess | undefined;
  private readonly bin = postgresBin();
  private readonly owner = runAs();
  private readonly dataDir: string;
  private readonly logFile: string;

  private constructor(
    private readonly resources: Resources,
    private readonly root: string,
    readonly port: number,
  ) {
    this.dataDir = join(root, 'data');
    this.logFile = join(root, 'postgres.log');
  }

  /** initdb into a fresh temporary directory, then start the server on a free loopback port. */
  static async start(resources: Resources): Promise<TempPostgres> {
    const root = resources.directory(mkdtempSync(join(tmpdir(), 'fasp-reliability-pg-')));
    const server = new TempPostgres(resources, root, await freePort());
    if (server.owner) chownSync(root, server.owner.uid, server.owner.gid);
    const init = spawnSync(join(server.bin, 'initdb'), ['-D', server.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], {
      ...server.owner,
      encoding: 'utf8',
      timeout: 120000,
    });
    if (init.status !== 0) throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.stderr || init.stdout}`);
    await server.startServer();
    return server;
  }

  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async startServer(): Promise<void> {
    if (this.running) return;
    const log = openSync(this.logFile, 'a');
    if (this.owner) chownSync(this.logFile, this.owner.uid, this.owner.gid);
    const args = [
      '-D', this.dataDir,
      '-p', String(this.port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=128MB',
    ];
    this.child = this.resources.child(spawn(join(this.bin, 'postgres'), args, { ...this.owner, stdio: ['ignore', log, log] }));
    closeSync(log);
    await waitUntil('PostgreSQL accepting connections', 60000, async () => {
      if (!this.running) throw new Error(`postgres exited; see ${this.logFile}`);
      const client = new Client({ connectionString: this.url(), connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    }, 100);
  }

  /**
   * Stops the server: `fast` (what a service restart does: sessions are terminated, open
   * transactions rolled back, a checkpoint written) or `immediate` (a crash: no checkpoint,
   * recovery from the write-ahead log at the next start).
   */
  async stop(mode: PostgresStopMode = 'fast'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    await waitForExit(child, 60000);
  }

  async restart(mode: PostgresStopMode = 'fast'): Promise<void> {
    await this.stop(mode);
    await this.startServer();
  }

  async createDatabase(name: string): Promise<string> {
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
    const client = new Client({ connectionString: this.url() });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }
}

/**
 * A Redis server of the run's own. It keeps an append-only file (fsync on every write) in its
 * temporary directory, as a production Redis for queues does (docker-compose.yml): a stop and a
 * start is then an outage, not the loss of every queued job.
 */
export class TempRedis {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly resources: Resources,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(resources: Resources): Promise<TempRedis> {
    const dir = resources.directory(mkdtempSync(join(tmpdir(), 'fasp-reliability-redis-')));
    const server = new TempRedis(resources, dir, await freePort());
    await server.startServer();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async startServer(): Promise<void> {
    if (this.running) return;
    const log = openSync(join(this.dir, 'redis.log'), 'a');
    const args = [
      '--port', String(this.port),
      '--bind', '127.0.0.1',
      '--save', '',
      '--appendonly', 'yes',
      '--appendfsync', 'always',
      '--dir', this.dir,
      '--maxmemory-policy', 'noeviction',
      '--daemonize', 'no',
    ];
    this.child = this.resources.child(spawn('redis-server', args, { stdio: ['ignore', log, log] }));
    closeSync(log);
    await waitUntil('Redis answering PING', 30000, async () => {
      if (!this.running) throw new Error(`redis-server exited; see ${join(this.dir, 'redis.log')}`);
      const client = new Redis({ host: '127.0.0.1', port: this.port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } finally {
        client.disconnect();
      }
    }, 100);
  }

  /** SIGTERM: Redis finishes writing its append-only file and exits; clients are cut off. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGTERM');
    await waitForExit(child, 30000);
  }
}

export interface ReceivedMail {
  messageId: string;
  recipients: string[];
  kind: string;
  at: number;
}

function headerOf(head: string, name: string): string {
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  const line = unfolded.split('\r\n').find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : '';
}

/**
 * An SMTP server in the run's process that accepts every message and records its Message-ID,
 * its envelope recipients and its kind (X-FASP-Kind). `stop()` is a mail outage: new commands
 * are answered 421 (try later), connections are closed, the port refuses connections until
 * `start()` listens on it again.
 */
export class MailSink {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  static async start(): Promise<MailSink> {
    const sink = new MailSink();
    await sink.start();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get up(): boolean {
    return !!this.server;
  }

  async start(): Promise<void> {
    if (this.server) return;
    if (this.port === 0) this.port = await freePort();
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 1000,
      size: 10 * 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const end = raw.indexOf('\r\n\r\n');
          const head = end >= 0 ? raw.slice(0, end) : raw;
          this.received.push({
            messageId: headerOf(head, 'Message-ID'),
            recipients: session.envelope.rcptTo.map((address) => address.address.toLowerCase()),
            kind: headerOf(head, 'X-FASP-Kind'),
            at: Date.now(),
          });
          callback();
        });
      },
    });
    server.on('error', () => undefined);
    // the port was free a moment ago, or was this sink's own: it may take a moment to be released
    for (let attempt = 0; ; attempt += 1) {
      try {
        await new Promise<void>((resolve, reject) => {
          server.server.once('error', reject);
          server.listen(this.port, '127.0.0.1', () => {
            server.server.off('error', reject);
            resolve();
          });
        });
        break;
      } catch (error) {
        if (attempt >= 50) throw error;
        await sleep(100);
      }
    }
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
