import { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';

/**
 * What a fault or load run started (child processes, temporary directories, servers) and how to
 * release it: in order on a normal end, and again on SIGINT/SIGTERM or an unexpected exit, so
 * that a failed or interrupted run leaves no process and no directory behind.
 */
export class Resources {
  private readonly children = new Set<ChildProcess>();
  private readonly directories = new Set<string>();
  private readonly releases: Array<{ name: string; release: () => Promise<void> }> = [];
  private released = false;

  constructor() {
    process.once('exit', () => this.releaseNow());
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        process.stderr.write(`\n${signal}: stopping every process this run started\n`);
        void this.release().finally(() => process.exit(130));
      });
    }
  }

  child(child: ChildProcess): ChildProcess {
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  directory(path: string): string {
    this.directories.add(path);
    return path;
  }

  /** Something to stop before the processes are killed and the directories removed (last added, first run). */
  onRelease(name: string, release: () => Promise<void>): void {
    this.releases.push({ name, release });
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    for (const { name, release } of this.releases.reverse()) {
      await withTimeout(release(), 30000, `${name} did not stop in time`).catch((error: unknown) => process.stderr.write(`release of ${name}: ${(error as Error).message}\n`));
    }
    for (const child of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const directory of this.directories) await rm(directory, { recursive: true, force: true });
    this.directories.clear();
  }

  /** Last resort on process exit: nothing asynchronous can run any more. */
  private releaseNow(): void {
    for (const child of this.children) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const directory of this.directories) rmSync(directory, { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `check` until it answers true; throws after `timeoutMs` with what was last seen. */
export async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean | string>, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last: string;
    try {
      const result = await check();
      if (result === true) return;
      last = result === false ? '' : result;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not reached after ${Math.round(timeoutMs / 1000)} s${last ? ` (last: ${last})` : ''}`);
    await sleep(intervalMs);
  }
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

/** A positive integer from the environment, or the default. */
export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}
