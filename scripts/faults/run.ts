import { rmSync } from 'node:fs';
import { prepareRun } from '../reliability/engine';
import { intFromEnv, Resources, withTimeout } from '../reliability/resources';
import { TempPostgres, TempRedis } from '../reliability/services';
import { postgresRestart } from './postgres-restart';
import { redisOutage } from './redis-outage';
import { smtpOutage } from './smtp-outage';
import { FaultRun, Outcome } from './stage';
import { workerKill } from './worker-kill';

/**
 * `npm run test:faults [-- <scenario>...]`: the fault scenarios against the engine as real
 * processes, on a PostgreSQL cluster and a Redis server of the run's own (temporary, on free
 * loopback ports, removed afterwards), so that stopping them touches nothing else on the
 * machine. Each scenario prints what it counted and fails on any loss or duplicate; the run
 * ends with "N passed, N failed" and exits non-zero if any failed.
 *
 * Settings (environment): FAULT_NOTIFICATION_JOBS (1000), FAULT_RESTART_AFTER_S (5),
 * FAULT_REDIS_DOWN_S (10), FAULT_TRANSITIONS (200), FAULT_PG_DOWN_S (5), FAULT_PG_STOP_MODE
 * (fast | immediate), FAULT_PG_BOUND_MS (10000), FAULT_PG_CLIENTS (8), FAULT_SMTP_DOWN_S (60),
 * FAULT_SMTP_TRANSITIONS (40); FAULT_SCENARIO_LIMIT_S (240): a scenario still running after
 * that long fails and its engine is stopped; ENGINE_LOG_LEVEL (info) for the engine's logs,
 * which are kept when a scenario fails.
 */

const SCENARIOS: Array<{ name: string; title: string; run: (run: FaultRun) => Promise<Outcome> }> = [
  { name: 'worker-kill', title: '(a) kill -9 the worker during a batch of notification jobs, restart it', run: workerKill },
  { name: 'redis-outage', title: '(b) Redis down while transitions are made through the API', run: redisOutage },
  { name: 'postgres-restart', title: '(c) PostgreSQL restarted while the API is under load', run: postgresRestart },
  { name: 'smtp-outage', title: '(d) the mail server down for a while', run: smtpOutage },
];

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((scenario) => scenario.name).join(', ')}\n`);
    return 2;
  }
  const selected = wanted.length > 0 ? SCENARIOS.filter((scenario) => wanted.includes(scenario.name)) : SCENARIOS;
  const limitS = intFromEnv('FAULT_SCENARIO_LIMIT_S', 240);
  const resources = new Resources();
  let passed = 0;
  let failed = 0;
  let keepLogs = false;
  const table: Array<{ name: string; result: string; seconds: string; headline: string }> = [];
  const dirs = prepareRun(resources, 'faults');
  try {
    process.stdout.write(`fault run: the engine from a copy of dist/ in ${dirs.dist}; logs in ${dirs.logs}\n`);
    const pg = await TempPostgres.start(resources);
    const redis = await TempRedis.start(resources);
    process.stdout.write(`own PostgreSQL on 127.0.0.1:${pg.port}, own Redis on 127.0.0.1:${redis.port}\n`);
    for (const scenario of selected) {
      process.stdout.write(`\n== ${scenario.name}: ${scenario.title}\n`);
      const started = Date.now();
      let outcome: Outcome;
      const faultRun: FaultRun = { resources, pg, redis, dirs };
      const running = scenario.run(faultRun);
      try {
        outcome = await withTimeout(running, limitS * 1000, `overran its time limit of ${limitS} s (FAULT_SCENARIO_LIMIT_S)`);
      } catch (error) {
        outcome = { counted: [], failures: [`did not complete: ${(error as Error).stack ?? String(error)}`] };
        // an overrun scenario is stopped: its engine processes go, so that its waits fail fast
        await faultRun.current?.close().catch(() => undefined);
        await withTimeout(running, 60000, 'still running').catch(() => undefined);
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      table.push({ name: scenario.name, result: outcome.failures.length === 0 ? 'PASS' : `FAIL (${outcome.failures.length})`, seconds, headline: outcome.headline ?? outcome.failures[0]?.split('\n')[0] ?? '' });
      process.stdout.write('counted:\n');
      for (const line of outcome.counted) process.stdout.write(`  ${line}\n`);
      if (outcome.failures.length === 0) {
        passed += 1;
        process.stdout.write(`PASS ${scenario.name} (${seconds} s)\n`);
      } else {
        failed += 1;
        keepLogs = true;
        process.stdout.write(`FAIL ${scenario.name} (${seconds} s)\n`);
        for (const failure of outcome.failures.slice(0, 20)) process.stdout.write(`  - ${failure}\n`);
        if (outcome.failures.length > 20) process.stdout.write(`  - ... and ${outcome.failures.length - 20} more\n`);
      }
      // a scenario that restarted a server leaves it running for the next one
      if (!pg.running) await pg.startServer();
      if (!redis.running) await redis.startServer();
    }
  } catch (error) {
    keepLogs = true;
    failed += 1;
    process.stdout.write(`the run could not complete: ${(error as Error).stack ?? String(error)}\n`);
  } finally {
    await resources.release();
    if (keepLogs) process.stdout.write(`engine logs kept in ${dirs.logs}\n`);
    else rmSync(dirs.logs, { recursive: true, force: true });
  }
  process.stdout.write(`\n${summaryTable(table)}`);
  process.stdout.write(`\nfaults: ${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

/** scenario | result | seconds | key figures, as aligned columns. */
function summaryTable(rows: ReadonlyArray<{ name: string; result: string; seconds: string; headline: string }>): string {
  const header = { name: 'scenario', result: 'result', seconds: 'time (s)', headline: 'counted' };
  const all = [header, ...rows];
  const width = (key: 'name' | 'result' | 'seconds') => Math.max(...all.map((row) => row[key].length));
  return all.map((row) => `${row.name.padEnd(width('name'))}  ${row.result.padEnd(width('result'))}  ${row.seconds.padStart(width('seconds'))}  ${row.headline}`).join('\n') + '\n';
}

void main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
