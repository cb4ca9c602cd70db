import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { BenchEngine, CpuUsage, withEngine } from './engine-processes';
import { BenchAccount, BenchProject, createAccounts, createSubmittedProjects, openCall } from './fixtures';
import { HttpClient } from '../scripts/reliability/http';
import { numericFlags } from './flags';
import { BenchResult, printResult } from './result';
import { formatMegabytes, formatNumber, summarise } from './stats';
import { RawTransitions, schemaStatements, WRITE_PATH_STATEMENTS } from './write-path.baseline';

// Write path: transitions per second at 32 concurrent clients through
// POST /api/projects/:id/transitions (with expectedVersion), against the same number of clients
// sending the same SQL statements in the same transactions through `pg` (write-path.baseline.ts).
// Each client owns its projects and cycles them submitted → info_requested (the secretariat's
// request_info) → submitted (the holder's resubmit), so clients never conflict. The engine runs
// as two processes (API and worker, the worker relaying and handling the outbox rows of both
// sides); the two sides alternate in rounds so that both see the same background.
//
//   npm run bench:write
//   node dist/bench/write-path.bench.js --clients 32 --seconds 8 --rounds 2

interface Options {
  clients: number;
  projectsPerClient: number;
  warmUpSeconds: number;
  seconds: number;
  rounds: number;
}

function parseArguments(argv: readonly string[]): Options {
  return numericFlags<Options>(argv, { clients: 32, projectsPerClient: 2, warmUpSeconds: 3, seconds: 8, rounds: 2 }, { '--clients': 'clients', '--projects-per-client': 'projectsPerClient', '--warm-up': 'warmUpSeconds', '--seconds': 'seconds', '--rounds': 'rounds' });
}

interface PhaseResult {
  transitions: number;
  seconds: number;
  latencies: number[];
  rows: Record<string, number>;
  /** CPU milliseconds per transition of the API, the worker and the database backends */
  cpu: CpuUsage;
}

type Mover = (project: BenchProject, client: number) => Promise<void>;

const REASON = 'Please add the soil sampling protocol and the baseline measurement report.';
const COUNTED_TABLES = ['project_history', 'stage_stay', 'project_version', 'outbox', 'reminder'] as const;

async function rowCounts(engine: BenchEngine): Promise<Record<string, number>> {
  const { rows } = await engine.pool.query<Record<string, number>>(`SELECT ${COUNTED_TABLES.map((table) => `(SELECT count(*)::int FROM ${table}) AS ${table}`).join(', ')}`);
  return rows[0];
}

async function refreshState(engine: BenchEngine, projects: readonly BenchProject[]): Promise<void> {
  const { rows } = await engine.pool.query<{ id: string; version: number; stage: string }>(`SELECT id, version, stage FROM project WHERE id = ANY($1)`, [projects.map((project) => project.id)]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const project of projects) {
    const row = byId.get(project.id)!;
    project.version = row.version;
    project.stage = row.stage;
  }
}

/** Every client moves its own projects in turn until the time is up; returns what was done in that time. */
async function runPhase(engine: BenchEngine, byClient: readonly BenchProject[][], seconds: number, move: Mover): Promise<PhaseResult> {
  await refreshState(engine, byClient.flat());
  const before = await rowCounts(engine);
  const cpuBefore = await engine.cpu();
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    byClient.map(async (projects, client) => {
      for (let turn = 0; performance.now() < deadline; turn += 1) {
        const project = projects[turn % projects.length];
        const begun = performance.now();
        await move(project, client);
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = await engine.cpu();
  const after = await rowCounts(engine);
  const n = Math.max(1, latencies.length);
  const rows = Object.fromEntries(COUNTED_TABLES.map((table) => [table, (after[table] - before[table]) / n]));
  const cpu = { api: ((cpuAfter.api - cpuBefore.api) * 1000) / n, worker: ((cpuAfter.worker - cpuBefore.worker) * 1000) / n, postgres: ((cpuAfter.postgres - cpuBefore.postgres) * 1000) / n };
  return { transitions: latencies.length, seconds: elapsed, latencies, rows, cpu };
}

function merge(phases: readonly PhaseResult[]): PhaseResult {
  const transitions = phases.reduce((sum, phase) => sum + phase.transitions, 0);
  const rows = Object.fromEntries(COUNTED_TABLES.map((table) => [table, phases.reduce((sum, phase) => sum + phase.rows[table] * phase.transitions, 0) / Math.max(1, transitions)]));
  const weighted = (key: keyof CpuUsage) => phases.reduce((sum, phase) => sum + phase.cpu[key] * phase.transitions, 0) / Math.max(1, transitions);
  const cpu = { api: weighted('api'), worker: weighted('worker'), postgres: weighted('postgres') };
  return { transitions, seconds: phases.reduce((sum, phase) => sum + phase.seconds, 0), latencies: phases.flatMap((phase) => phase.latencies), rows, cpu };
}

function httpMover(http: HttpClient, secretariat: BenchAccount): Mover {
  return async (project) => {
    const action = project.stage === 'submitted' ? 'request_info' : 'resubmit';
    const token = action === 'request_info' ? secretariat.token : project.holder.token;
    const body = { action, expectedVersion: project.version, ...(action === 'request_info' && { reason: REASON }) };
    const response = await http.send('POST', `/api/projects/${project.id}/transitions`, { token, body });
    if (response.status !== 200) throw new Error(`${action} on ${project.id} answered ${response.status}: ${response.body.slice(0, 300)}`);
    const moved = JSON.parse(response.body) as { version: number; stage: string };
    project.version = moved.version;
    project.stage = moved.stage;
  };
}

function rawMover(raw: RawTransitions[], secretariat: BenchAccount): Mover {
  return async (project, client) => {
    const action = project.stage === 'submitted' ? 'request_info' : 'resubmit';
    const actor = action === 'request_info' ? { id: secretariat.id, role: 'secretariat' as const } : { id: project.holder.id, role: 'holder' as const };
    project.version = await raw[client].transition(project.id, action, actor, project.version, action === 'request_info' ? REASON : null);
    project.stage = action === 'request_info' ? 'info_requested' : 'submitted';
  };
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const result = await withEngine({ name: 'write', env: { ACCESS_TOKEN_TTL_SECONDS: '3600' } }, async (engine) => {
    const http = new HttpClient(engine.url, options.clients);
    const clients: Client[] = [];
    try {
      const [secretariat] = await createAccounts(engine, http, 'secretariat', 1);
      const holders = await createAccounts(engine, http, 'holder', options.clients);
      const callId = await openCall(engine, http, secretariat);
      const byClient = await createSubmittedProjects(http, holders, callId, options.projectsPerClient);
      for (let i = 0; i < options.clients; i += 1) {
        const client = new Client({ connectionString: engine.databaseUrl, application_name: 'fasp-bench-baseline' });
        await client.connect();
        clients.push(client);
      }
      const statements = await schemaStatements(clients[0]);
      const raw = clients.map((client) => new RawTransitions(client, statements));
      const engineSide = httpMover(http, secretariat);
      const baselineSide = rawMover(raw, secretariat);

      await runPhase(engine, byClient, options.warmUpSeconds, engineSide);
      await runPhase(engine, byClient, options.warmUpSeconds, baselineSide);
      const engineRounds: PhaseResult[] = [];
      const baselineRounds: PhaseResult[] = [];
      for (let round = 0; round < options.rounds; round += 1) {
        engineRounds.push(await runPhase(engine, byClient, options.seconds, engineSide));
        baselineRounds.push(await runPhase(engine, byClient, options.seconds, baselineSide));
      }
      const measured = merge(engineRounds);
      const baseline = merge(baselineRounds);
      const rate = (phase: PhaseResult) => phase.transitions / phase.seconds;
      const engineLatency = summarise(measured.latencies);
      const baselineLatency = summarise(baseline.latencies);
      const rss = engine.peakRss();
      const cpuPer = (phase: PhaseResult) => `API ${phase.cpu.api.toFixed(2)}, worker ${phase.cpu.worker.toFixed(2)}, PostgreSQL backends ${phase.cpu.postgres.toFixed(2)}`;
      const rowsPer = (phase: PhaseResult) => COUNTED_TABLES.map((table) => `${table} ${phase.rows[table].toFixed(2)}`).join(', ');
      const lines = [
        `write path: ${options.clients} clients, ${options.projectsPerClient} projects each, cycling request_info (secretariat) / resubmit (holder)`,
        `machine: node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`,
        `rounds: ${options.rounds} x ${options.seconds} s per side, alternating, after ${options.warmUpSeconds} s of warm-up each`,
        `engine   HTTP POST /api/projects/:id/transitions: ${measured.transitions} transitions in ${measured.seconds.toFixed(1)} s = ${formatNumber(rate(measured))}/s; ` +
          `latency p50 ${engineLatency.p50.toFixed(1)} ms, p99 ${engineLatency.p99.toFixed(1)} ms`,
        `baseline ${options.clients} pg connections, same statements: ${baseline.transitions} transitions in ${baseline.seconds.toFixed(1)} s = ${formatNumber(rate(baseline))}/s; ` +
          `latency p50 ${baselineLatency.p50.toFixed(1)} ms, p99 ${baselineLatency.p99.toFixed(1)} ms`,
        `ratio ${(rate(measured) / rate(baseline)).toFixed(2)} (target >= 0.5)`,
        `rows written per transition, engine:   ${rowsPer(measured)}`,
        `rows written per transition, baseline: ${rowsPer(baseline)}`,
        `CPU ms per transition, engine:   ${cpuPer(measured)}`,
        `CPU ms per transition, baseline: ${cpuPer(baseline)}`,
        `peak RSS: api ${formatMegabytes(rss.api ?? 0)}, worker ${formatMegabytes(rss.worker ?? 0)}; emails accepted by the mail sink: ${engine.mail.received()}`,
        'baseline statements per transition:',
        ...Object.entries(WRITE_PATH_STATEMENTS).flatMap(([action, steps]) => [`  ${action}:`, ...steps.map((step) => `    ${step}`)]),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      const benchResult: BenchResult = {
        bench: 'write',
        figures: [
          {
            name: `transitions/s, ${options.clients} clients`,
            unit: '/s',
            value: rate(measured),
            better: 'higher',
            baseline: { name: 'raw pg, same SQL', value: rate(baseline) },
            target: { minRatio: 0.5 },
          },
        ],
        peakRss: rss,
        notes: [`engine p99 ${engineLatency.p99.toFixed(1)} ms, baseline p99 ${baselineLatency.p99.toFixed(1)} ms`],
      };
      return benchResult;
    } finally {
      http.close();
      await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    }
  });
  printResult(result);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
