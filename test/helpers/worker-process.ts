import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { AppConfig, CONFIG_VARIABLES } from '../../src/platform/config/app-config';

/**
 * The worker role as a real operating-system process, started from the TypeScript sources (no
 * build step): a require hook compiles each `.ts` file with swc (legacy decorators and their
 * metadata, as the build does) and maps the `@fasp/*` path aliases; Nest 12's ES modules load
 * natively through require(esm). A test can SIGKILL it mid-job and start another on the same
 * database, Redis prefix and mail server, as an orchestrator restarting a crashed container.
 */

const ROOT = join(__dirname, '../..');

/** Runs in the child (`node -e`): the require hook, the aliases, then src/worker.ts. */
const BOOTSTRAP = `
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');
const root = process.env.FASP_SOURCE_ROOT;
const aliases = { '@fasp/core': path.join(root, 'libs/fasp/src'), '@fasp/matching': path.join(root, 'libs/matching/src') };
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  for (const [alias, dir] of Object.entries(aliases)) {
    if (request === alias) return path.join(dir, 'index.ts');
    if (request.startsWith(alias + '/')) request = path.join(dir, request.slice(alias.length + 1));
  }
  return resolveFilename.call(this, request, ...rest);
};
const options = {
  jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022', keepClassNames: true },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
require.extensions['.ts'] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
require(path.join(root, 'src/worker.ts'));
`;

/** The engine's configuration as environment variables (what a deployment would give both roles). */
export function environmentOf(config: AppConfig): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [property, variable] of Object.entries(CONFIG_VARIABLES)) {
    const value = (config as unknown as Record<string, string | number | boolean | string[] | null | undefined>)[property];
    if (value === undefined || value === null) continue;
    env[variable.env] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return env;
}

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class WorkerProcess {
  /** the last lines the process wrote (JSON logs, errors), for failure messages */
  readonly output: string[] = [];
  readonly exited: Promise<WorkerExit>;
  private exit: WorkerExit | undefined;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        this.output.push(line);
        if (this.output.length > 200) this.output.shift();
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /**
   * Starts `src/worker.ts` with the engine's configuration (same database, Redis and prefix,
   * mail server...) plus `env`, and resolves once it logged that it started (queue consumers,
   * outbox relay and start-up tasks running).
   */
  static async start(config: AppConfig, env: Record<string, string> = {}, timeoutMs = 30000): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['--enable-source-maps', '-e', BOOTSTRAP], {
      cwd: ROOT,
      env: { ...process.env, ...environmentOf(config), LOG_LEVEL: 'info', ...env, FASP_SOURCE_ROOT: ROOT },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child);
    const deadline = Date.now() + timeoutMs;
    while (!worker.output.some((line) => line.includes('"msg":"engine started"'))) {
      if (!worker.running || Date.now() > deadline) {
        if (worker.running) await worker.kill();
        throw new Error(`worker did not start (exit ${JSON.stringify(worker.exit)}):\n${worker.output.slice(-30).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return worker;
  }

  /** A crash: SIGKILL (no shutdown hook runs), resolved once the process is gone. */
  async kill(): Promise<WorkerExit> {
    if (this.running) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** A clean stop: SIGTERM (jobs in progress finish), SIGKILL if it takes longer than `timeoutMs`. */
  async stop(timeoutMs = 15000): Promise<WorkerExit> {
    if (!this.running) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
