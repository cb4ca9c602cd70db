import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { VOLUME_DATABASE, VOLUME_PROJECTS } from '../scripts/seed-volume';
import { loadConfig } from '../src/platform/config/app-config';
import { databaseUrlFor } from './engine-processes';
import { BenchResult, parseResults, RESULT_PREFIX } from './result';
import { allPassed, formatMarkdownTable, formatTable, MissingBench } from './table';

// `npm run bench`: every benchmark, one after the other, each as a child process of its own
// (its compiled JS), then one table of all their figures. Each bench prints its own details as it
// goes (shown here indented) and ends with a BENCH_RESULT line (bench/result.ts); a bench that
// fails, runs out of time or prints no such line shows as n/a.
//
//   npm run bench                         all of them
//   node dist/bench/all.bench.js write read --markdown     some, and the table in Markdown too
//
// The benches run from a copy of dist/ taken at the start, so that a rebuild meanwhile (another
// terminal, a watcher) cannot pull files from under a running bench.
//
// The pipeline bench needs the volume database of `npm run seed:volume` (100,000 projects, about
// a million history rows: minutes of PostgreSQL work, too long to do on the way); without it the
// table shows the bench as skipped, with the command that seeds it.

/**
 * Lets the database finish the previous bench's aftermath before the next one measures: a
 * checkpoint, then no autovacuum worker at work (at most a minute). Without it the pipeline bench,
 * reading after the write and notification benches, measured their vacuum and checkpoint too.
 * Returns the seconds it took (null when the server refused the checkpoint: not a superuser).
 */
async function settleDatabase(): Promise<number | null> {
  const started = Date.now();
  const admin = new Client({ connectionString: databaseUrlFor(loadConfig().databaseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query('CHECKPOINT');
    while (Date.now() - started < 60_000) {
      const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`);
      if (rows[0].n === 0) break;
      await new Promise((done) => setTimeout(done, 500));
    }
    return (Date.now() - started) / 1000;
  } catch {
    return null;
  } finally {
    await admin.end();
  }
}

interface BenchSpec {
  name: string;
  script: string;
  args: string[];
  timeoutSeconds: number;
  /** why the bench cannot run now and what to do about it; null when it can */
  skipUnless?: () => Promise<string | null>;
}

/** Null when the volume database holds its projects, else what to run first. */
async function volumeDatabaseMissing(): Promise<string | null> {
  const advice = `volume database ${VOLUME_DATABASE} not seeded: run \`npm run seed:volume\`, then \`npm run bench:pipeline\``;
  const base = loadConfig().databaseUrl;
  const admin = new Client({ connectionString: databaseUrlFor(base, 'postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [VOLUME_DATABASE]);
    if (rows.length === 0) return advice;
  } finally {
    await admin.end();
  }
  const volume = new Client({ connectionString: databaseUrlFor(base, VOLUME_DATABASE) });
  await volume.connect();
  try {
    const { rows } = await volume.query<{ n: number }>(`SELECT count(*)::int AS n FROM project`);
    return rows[0].n >= VOLUME_PROJECTS ? null : advice;
  } catch {
    return advice;
  } finally {
    await volume.end();
  }
}

const BENCHES: readonly BenchSpec[] = [
  { name: 'write', script: 'write-path.bench.js', args: [], timeoutSeconds: 180 },
  { name: 'read', script: 'read-path.bench.js', args: [], timeoutSeconds: 120 },
  { name: 'notifications', script: 'notification-path.bench.js', args: [], timeoutSeconds: 360 },
  { name: 'matching', script: 'matching.bench.js', args: [], timeoutSeconds: 240 },
  { name: 'pipeline', script: 'pipeline.bench.js', args: [], timeoutSeconds: 300, skipUnless: volumeDatabaseMissing },
];

interface Outcome {
  results: BenchResult[];
  missing?: MissingBench;
  seconds: number;
}

async function runBench(spec: BenchSpec, benchDir: string): Promise<Outcome> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(benchDir, spec.script), ...spec.args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const show = (stream: NodeJS.ReadableStream, into: NodeJS.WriteStream) => {
    const lines = createInterface({ input: stream });
    lines.on('line', (line) => {
      output += `${line}\n`;
      if (!line.startsWith(RESULT_PREFIX.trim())) into.write(`  ${line}\n`);
    });
    return new Promise<void>((done) => lines.once('close', () => done()));
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 20000).unref();
  }, spec.timeoutSeconds * 1000);
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  await Promise.all([show(child.stdout, process.stdout), show(child.stderr, process.stderr)]);
  const code = await exit;
  clearTimeout(timer);
  const seconds = (Date.now() - started) / 1000;
  const { results, invalid } = parseResults(output);
  if (results.length > 0) return { results, seconds };
  const reason = timedOut
    ? `timed out after ${spec.timeoutSeconds} s`
    : code !== 0
      ? `exited with code ${code}`
      : invalid.length > 0
        ? 'unreadable BENCH_RESULT line'
        : 'printed no BENCH_RESULT line';
  return { results: [], missing: { bench: spec.name, reason }, seconds };
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: resolve(__dirname, '..', '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function describeMachine(): string {
  const commit = gitCommit();
  return `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), commit ${commit}`;
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const markdown = argv.includes('--markdown');
  const chosen = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = chosen.filter((name) => !BENCHES.some((spec) => spec.name === name));
  if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(', ')} (there are ${BENCHES.map((spec) => spec.name).join(', ')})`);
  const specs = chosen.length > 0 ? BENCHES.filter((spec) => chosen.includes(spec.name)) : BENCHES;

  const dist = resolve(__dirname, '..');
  const snapshot = await mkdtemp(join(tmpdir(), 'fasp-bench-'));
  await cp(dist, join(snapshot, 'dist'), { recursive: true });
  await symlink(resolve(dist, '..', 'node_modules'), join(snapshot, 'node_modules'), 'dir');
  const started = new Date();
  const loadAtStart = load();
  process.stdout.write(`fasp benchmarks, ${started.toISOString()}\n${describeMachine()}\nload average at start ${loadAtStart}\n\n`);

  const results: BenchResult[] = [];
  const missing: MissingBench[] = [];
  try {
    for (const spec of specs) {
      const skip = spec.skipUnless ? await spec.skipUnless() : null;
      if (skip) {
        missing.push({ bench: spec.name, reason: skip, skipped: true });
        process.stdout.write(`== ${spec.name}: skipped (${skip})\n\n`);
        continue;
      }
      const settled = await settleDatabase();
      process.stdout.write(`== ${spec.name} (${spec.script})${settled === null ? '' : `, database settled in ${settled.toFixed(1)} s`}\n`);
      const outcome = await runBench(spec, join(snapshot, 'dist', 'bench'));
      results.push(...outcome.results);
      if (outcome.missing) missing.push(outcome.missing);
      process.stdout.write(`== ${spec.name}: ${outcome.missing ? `n/a (${outcome.missing.reason})` : 'done'} in ${outcome.seconds.toFixed(0)} s\n\n`);
    }
  } finally {
    await rm(snapshot, { recursive: true, force: true });
  }

  const minutes = (Date.now() - started.getTime()) / 60000;
  process.stdout.write(
    [
      `fasp benchmarks, ${started.toISOString()} (${minutes.toFixed(1)} min), ${describeMachine()}`,
      `load average at start ${loadAtStart}, at end ${load()}`,
      'ratio: 1 = as good as the baseline (value / baseline for rates, baseline / value for times); peak RSS of the API and worker processes',
      '',
      formatTable(results, missing),
      '',
    ].join('\n'),
  );
  if (markdown) process.stdout.write(`\n${formatMarkdownTable(results, missing)}\n`);
  if (!allPassed(results, missing)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
