import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { cpus, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { startEngine } from '../src/bootstrap';
import { loadConfig } from '../src/platform/config/app-config';
import { createRootLogger } from '../src/platform/logging/logger';
import { TokenService } from '../src/modules/identity/token.service';
import { datasetSize, describeSize, parseVolumeArguments, seedVolume } from '../scripts/seed-volume';
import { type Figure as ResultFigure, printResult } from './result';

// Pipeline benchmark: the secretariat's summary and overdue list over HTTP,
// against the volume database of `npm run seed:volume` (created and seeded first if missing).
//
//   npm run bench:pipeline                                  50 runs per figure, database fasp_volume
//   node dist/bench/pipeline.bench.js --runs 200 --database fasp_volume_other
//
// Targets, p95 over the runs on a 2-core machine: summary < 100 ms, overdue < 50 ms. Every
// figure is also given as a ratio to a baseline measured in the same run on the same stack: the
// pipeline routes against GET /api/me (same sign-in check, one trivial query), GET /api/me
// against GET /health/live (no database at all), so a slower or faster machine shows as such.

interface Figure {
  name: string;
  path?: string;
  /** measured without HTTP (a query through the engine's own pool) */
  run?: () => Promise<unknown>;
  authenticated: boolean;
  baseline?: string;
  targetMs?: number;
}

interface Measured {
  figure: Figure;
  samples: number[];
}

const WARM_UP_RUNS = 10;

/** Nearest rank: the value at rank ⌈p·n⌉ of the sorted samples, like the pipeline's own percentiles. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

function parseArguments(argv: readonly string[]): { runs: number; volume: string[] } {
  let runs = 50;
  const volume: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--runs' && argv[i + 1]) runs = Number(argv[++i]);
    else if (argv[i].startsWith('--runs=')) runs = Number(argv[i].slice('--runs='.length));
    else volume.push(argv[i]);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  return { runs, volume };
}

async function main(): Promise<void> {
  const { runs, volume } = parseArguments(process.argv.slice(2));
  const { database, fresh } = parseVolumeArguments(volume);
  Logger.overrideLogger(['error', 'warn']);
  const seeded = await seedVolume({ baseConfig: loadConfig(), database, fresh });

  const config = loadConfig({
    ...process.env,
    DATABASE_URL: seeded.databaseUrl,
    APP_ROLES: 'api',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    // its own queue keys, apart from any engine of the same machine
    QUEUE_PREFIX: `bench_${database}`,
  });
  const engine = await startEngine(config, createRootLogger('silent'));
  try {
    const dataSource = engine.app.get<DataSource>(getDataSourceToken());
    // Statistics and visibility map up to date, as autovacuum keeps them (and after a migration
    // the engine may just have applied): the figures then do not depend on when the data was loaded.
    await dataSource.query('VACUUM (ANALYZE)');
    const [secretariat] = await dataSource.query<Array<{ id: string; roles: string[] }>>(
      `INSERT INTO user_account (email, name, password_hash, language, roles, version)
       VALUES ('bench-secretariat@volume.fasp.test', 'Benchmark secretariat', NULL, 'en', '{secretariat}', 1)
       ON CONFLICT (email) DO UPDATE SET roles = '{secretariat}', active = true
       RETURNING id, roles`,
    );
    const { accessToken } = await engine.app.get(TokenService, { strict: false }).issuePair(secretariat, dataSource.manager, null);
    const [call] = await dataSource.query<Array<{ id: string; year: number; n: number }>>(
      `SELECT c.id, c.year, (SELECT count(*) FROM project p WHERE p.call_id = c.id)::int AS n FROM call_for_projects c ORDER BY c.year DESC LIMIT 1`,
    );
    const size = await datasetSize((sql) => dataSource.query(sql));
    const [{ version }] = await dataSource.query<Array<{ version: string }>>(`SELECT current_setting('server_version') AS version`);

    const figures: Figure[] = [
      { name: 'GET /health/live', path: '/health/live', authenticated: false },
      { name: 'SELECT 1 (engine pool)', run: () => dataSource.query('SELECT 1'), authenticated: false, baseline: 'GET /health/live' },
      { name: 'GET /api/me', path: '/api/me', authenticated: true, baseline: 'GET /health/live' },
      { name: 'GET /api/pipeline/summary', path: '/api/pipeline/summary', authenticated: true, baseline: 'GET /api/me', targetMs: 100 },
      { name: `GET /api/pipeline/summary?callId (${call.year})`, path: `/api/pipeline/summary?callId=${call.id}`, authenticated: true, baseline: 'GET /api/me', targetMs: 100 },
      { name: 'GET /api/pipeline/overdue', path: '/api/pipeline/overdue', authenticated: true, baseline: 'GET /api/me', targetMs: 50 },
    ];

    const once = async (figure: Figure): Promise<{ ms: number; body: unknown }> => {
      const started = process.hrtime.bigint();
      let body: unknown;
      if (figure.run) {
        body = await figure.run();
      } else {
        const response = await fetch(`${engine.url}${figure.path}`, { headers: figure.authenticated ? { authorization: `Bearer ${accessToken}` } : {} });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`${figure.name} answered ${response.status}: ${text.slice(0, 300)}`);
        body = text.length > 0 && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
      }
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, body };
    };

    const answers = new Map<string, unknown>();
    for (const figure of figures) {
      for (let i = 0; i < WARM_UP_RUNS; i += 1) answers.set(figure.name, (await once(figure)).body);
    }
    const results: Measured[] = [];
    for (const figure of figures) {
      const samples: number[] = [];
      for (let i = 0; i < runs; i += 1) samples.push((await once(figure)).ms);
      results.push({ figure, samples: samples.sort((a, b) => a - b) });
    }

    const summary = answers.get('GET /api/pipeline/summary') as { total: number; overdueTotal: number };
    const callSummary = answers.get(figures[4].name) as { total: number };
    const overdue = answers.get('GET /api/pipeline/overdue') as { total: number; items: unknown[] };
    const dataset = `${database}: ${describeSize(size)}`;
    print(results, runs, {
      date: new Date().toISOString(),
      dataset,
      seeding: seeded.seeded ? `seeded now in ${seeded.seconds.toFixed(1)} s` : 'already seeded',
      // other work on the machine slows every figure alike: the ratios stay comparable
      environment: `node ${process.version}, PostgreSQL ${version}, ${cpus().length} cores, load average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}`,
      answers:
        `summary total ${summary.total.toLocaleString('en')} (overdue ${summary.overdueTotal.toLocaleString('en')}), ` +
        `call ${call.year} total ${callSummary.total.toLocaleString('en')} of ${call.n.toLocaleString('en')}, ` +
        `overdue list ${overdue.total.toLocaleString('en')} items (${overdue.items.length} returned)`,
    });
    printResult({
      bench: 'pipeline',
      figures: resultFigures(results),
      peakRss: { process: process.resourceUsage().maxRSS * 1024 },
      notes: [`${dataset}; p95 over ${runs} runs, one request at a time`],
    });
  } finally {
    await engine.app.close();
  }
}

/** The targeted figures for `npm run bench` (bench/result.ts): p95 of each pipeline route, against GET /api/me and its budget. */
function resultFigures(results: Measured[]): ResultFigure[] {
  const byName = new Map(results.map((result) => [result.figure.name, result]));
  return results
    .filter(({ figure }) => figure.targetMs !== undefined)
    .map(({ figure, samples }) => {
      const baseline = figure.baseline ? byName.get(figure.baseline) : undefined;
      return {
        name: `${figure.name} p95`,
        unit: 'ms',
        value: percentile(samples, 0.95),
        better: 'lower' as const,
        ...(baseline && { baseline: { name: `${baseline.figure.name} p95`, value: percentile(baseline.samples, 0.95) } }),
        target: { maxValue: figure.targetMs },
      };
    });
}

function print(results: Measured[], runs: number, context: Record<string, string>): void {
  const byName = new Map(results.map((result) => [result.figure.name, result]));
  const ms = (value: number) => value.toFixed(2);
  const rows = results.map(({ figure, samples }) => {
    const p95 = percentile(samples, 0.95);
    const baseline = figure.baseline ? byName.get(figure.baseline) : undefined;
    const baselineP95 = baseline ? percentile(baseline.samples, 0.95) : undefined;
    const pass = figure.targetMs === undefined ? '' : p95 < figure.targetMs ? 'pass' : 'FAIL';
    if (pass === 'FAIL') process.exitCode = 1;
    return [
      figure.name,
      ms(percentile(samples, 0.5)),
      ms(p95),
      ms(samples[samples.length - 1]),
      figure.baseline ?? '',
      baselineP95 === undefined ? '' : ms(baselineP95),
      baselineP95 === undefined ? '' : `${(p95 / baselineP95).toFixed(1)}x`,
      figure.targetMs === undefined ? '' : `< ${figure.targetMs}`,
      pass,
    ];
  });
  const header = ['figure', 'p50 ms', 'p95 ms', 'max ms', 'baseline', 'baseline p95', 'ratio', 'target', 'result'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 || column === 4 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  const out = [
    `pipeline benchmark, ${context.date}`,
    `dataset   ${context.dataset} (${context.seeding})`,
    `machine   ${context.environment}`,
    `answers   ${context.answers}`,
    `${runs} runs per figure after ${WARM_UP_RUNS} warm-up runs, one request at a time, p50/p95 nearest rank`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
