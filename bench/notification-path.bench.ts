import { Job, Queue, Worker } from 'bullmq';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { OUTBOX_INSERT } from '../src/platform/outbox/outbox.repository';
import { NOTIFICATIONS_CONCURRENCY } from '../src/platform/queue/queue-workers';
import { QueueName } from '../src/platform/queue/queue.constants';
import { redisOptionsFromUrl } from '../src/platform/queue/redis-options';
import { DEFAULT_JOB_OPTIONS } from '../src/platform/queue/job-defaults';
import { BenchEngine, deleteQueueKeys, sleep, withEngine } from './engine-processes';
import { BenchProject, createAccounts, createSubmittedProjects, openCall } from './fixtures';
import { HttpClient } from '../scripts/reliability/http';
import { numericFlags } from './flags';
import { BenchResult, printResult } from './result';
import { formatMegabytes, formatNumber, summarise } from './stats';

// Notification path: 20,000 in-app notifications from outbox row to inbox row.
// The bench writes the outbox rows of the secretariat's request_info as the engine writes them
// (OutboxRepository.insert: the same prepared INSERT ... RETURNING with pg_notify per row,
// committed in transactions of 100 rows, from 4 connections), one per history row of the
// projects; the engine's worker relays them to BullMQ and its notifications worker renders and
// stores the holder's in-app notification, the events that arrive together in one transaction
// (the holders turned the email of that kind off, so no email is planned). Measured: from the
// first outbox row's creation to the last inbox row's, and per notification from its outbox
// row's created_at to its inbox row's created_at.
// Baseline: the same number of empty BullMQ jobs added in the same batches (addBulk of 100, 4
// producers) to a queue of the same Redis, processed by a worker process of their own with the
// same concurrency as the engine's notifications worker (NOTIFICATIONS_CONCURRENCY).
//
//   npm run bench:notifications
//   node dist/bench/notification-path.bench.js --notifications 20000

const EVENT = 'notify.holder.info_requested';
const KIND = 'info_requested';
const BATCH = 100;
const PRODUCERS = 4;

interface Options {
  notifications: number;
  warmUp: number;
  timeoutSeconds: number;
}

function parseArguments(argv: readonly string[]): Options {
  return numericFlags<Options>(argv, { notifications: 20_000, warmUp: 1_000, timeoutSeconds: 240 }, { '--notifications': 'notifications', '--warm-up': 'warmUp', '--timeout': 'timeoutSeconds' }, true);
}

interface Measured {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  /** when, in seconds from the first outbox row, the last outbox row was written and the last one relayed */
  written?: number;
  relayed?: number;
  /** CPU milliseconds per notification of the worker and of the database backends */
  cpu?: { worker: number; postgres: number };
}

/** Runs `work` over `items` in batches, `parallel` batches at a time. */
async function inBatches<T>(items: readonly T[], size: number, parallel: number, work: (batch: T[], lane: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async (_, lane) => {
      while (next < items.length) {
        const start = next;
        next += size;
        await work(items.slice(start, start + size), lane);
      }
    }),
  );
}

/** History rows of request_info moves, the events the notifications will be about (setup, not measured). */
async function historyRows(engine: BenchEngine, projects: readonly BenchProject[], secretariatId: string, count: number): Promise<Array<{ historyId: string; projectId: string }>> {
  const { rows } = await engine.pool.query<{ id: string; project_id: string }>(
    `INSERT INTO project_history (project_id, actor_id, actor_role, action, from_stage, to_stage, reason, version, round, details)
     SELECT ($1::uuid[])[1 + (i - 1) % cardinality($1::uuid[])], $2, 'secretariat', 'request_info', 'submitted', 'info_requested',
            'Please add the soil sampling protocol (' || i || ').', 1, 1, '{"events": ["${EVENT}", "deadline.set"]}'::jsonb
       FROM generate_series(1, $3::int) AS i
     RETURNING id, project_id`,
    [projects.map((project) => project.id), secretariatId, count],
  );
  return rows.map((row) => ({ historyId: String(row.id), projectId: row.project_id }));
}

async function inboxCount(engine: BenchEngine): Promise<number> {
  const { rows } = await engine.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE kind = $1`, [KIND]);
  return rows[0].n;
}

/** Writes the outbox rows as the engine does, then waits for every inbox row; returns the figures read from the two tables. */
async function engineRun(engine: BenchEngine, producers: Client[], events: ReadonlyArray<{ historyId: string; projectId: string }>, timeoutSeconds: number): Promise<Measured> {
  const before = await inboxCount(engine);
  const cpuBefore = await engine.cpu();
  await inBatches(events, BATCH, producers.length, async (batch, lane) => {
    const client = producers[lane];
    await client.query('START TRANSACTION');
    for (const { historyId, projectId } of batch) {
      await client.query({
        ...OUTBOX_INSERT,
        values: [randomUUID(), QueueName.Notifications, 'notify.project-event', JSON.stringify({ projectId, event: EVENT, historyId }), null, `project-event:${historyId}:${EVENT}`, randomUUID()],
      });
    }
    await client.query('COMMIT');
  });
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const done = (await inboxCount(engine)) - before;
    if (done >= events.length) break;
    if (Date.now() > deadline) throw new Error(`only ${done} of ${events.length} inbox rows after ${timeoutSeconds} s`);
    // the figures come from the rows' own timestamps, so looking seldom loses no precision; and
    // counting is a scan of the inbox, which would take CPU from the engine being measured
    await sleep(500);
  }
  const cpuAfter = await engine.cpu();
  const cpu = { worker: ((cpuAfter.worker - cpuBefore.worker) * 1000) / events.length, postgres: ((cpuAfter.postgres - cpuBefore.postgres) * 1000) / events.length };
  const { rows } = await engine.pool.query<{ first: Date; last: Date; written: Date; relayed: Date; p50: number; p95: number; n: number }>(
    `WITH pairs AS (
       SELECT o.created_at AS queued, o.dispatched_at AS relayed, n.created_at AS stored
         FROM outbox o JOIN notification n ON n.event_key = 'project:' || (o.payload ->> 'historyId') || ':' || (o.payload ->> 'event')
        WHERE o.dedupe_key = ANY($1))
     SELECT min(queued) AS first, max(stored) AS last, max(queued) AS written, max(relayed) AS relayed, count(*)::int AS n,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM stored - queued) * 1000) AS p50,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM stored - queued) * 1000) AS p95
       FROM pairs`,
    [events.map(({ historyId }) => `project-event:${historyId}:${EVENT}`)],
  );
  const { first, last, written, relayed, p50, p95, n } = rows[0];
  if (n !== events.length) throw new Error(`${n} notifications matched their outbox rows, expected ${events.length}`);
  const since = (instant: Date) => (instant.getTime() - first.getTime()) / 1000;
  return { count: n, seconds: since(last), perSecond: n / since(last), p50: Number(p50), p95: Number(p95), written: since(written), relayed: since(relayed), cpu };
}

/** The baseline's consumer, in a process of its own: empty jobs, the engine's concurrency; reports when they were added and done. */
async function rawWorker(redisUrl: string, prefix: string, queue: string, expected: number): Promise<void> {
  let completed = 0;
  const times: Array<[number, number]> = [];
  const worker = new Worker(queue, async () => undefined, {
    connection: { ...redisOptionsFromUrl(redisUrl), maxRetriesPerRequest: null },
    prefix,
    concurrency: NOTIFICATIONS_CONCURRENCY,
  });
  await worker.waitUntilReady();
  process.stdout.write('READY\n');
  await new Promise<void>((resolve) => {
    worker.on('completed', (job: Job) => {
      times.push([job.timestamp, job.finishedOn ?? Date.now()]);
      completed += 1;
      if (completed === expected) resolve();
    });
  });
  await worker.close();
  const latency = summarise(times.map(([added, finished]) => finished - added));
  const report = { count: times.length, first: Math.min(...times.map(([added]) => added)), last: Math.max(...times.map(([, finished]) => finished)), p50: latency.p50, p95: latency.p95 };
  await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(report)}\n`, () => resolve()));
}

/** Adds `count` empty jobs in the engine's batches and waits for the worker process to report them done. */
async function baselineRun(engine: BenchEngine, count: number, timeoutSeconds: number): Promise<Measured> {
  const prefix = `${engine.queuePrefix}_raw`;
  const queueName = 'raw-notifications';
  await deleteQueueKeys(engine.redisUrl, prefix);
  const child = spawn(process.execPath, [__filename, '--raw-worker', engine.redisUrl, prefix, queueName, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const iterator = lines[Symbol.asyncIterator]();
  const queue = new Queue(queueName, { connection: redisOptionsFromUrl(engine.redisUrl), prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
  try {
    if ((await iterator.next()).value !== 'READY') throw new Error('the baseline worker did not start');
    const jobs = Array.from({ length: count }, () => ({ name: 'notify.project-event', data: { payload: { projectId: randomUUID(), event: EVENT, historyId: randomUUID() } } }));
    await inBatches(jobs, BATCH, PRODUCERS, async (batch) => {
      await queue.addBulk(batch);
    });
    const report = await iterator.next();
    if (report.done) throw new Error('the baseline worker ended without a report');
    const done = JSON.parse(report.value) as { count: number; first: number; last: number; p50: number; p95: number };
    const seconds = (done.last - done.first) / 1000;
    return { count: done.count, seconds, perSecond: done.count / seconds, p50: done.p50, p95: done.p95 };
  } finally {
    clearTimeout(timer);
    lines.close();
    await queue.close();
    await deleteQueueKeys(engine.redisUrl, prefix);
  }
}

async function settle(engine: BenchEngine): Promise<void> {
  // the fixtures' own notifications and emails: done before measuring
  for (let quiet = 0; quiet < 3; ) {
    const { rows } = await engine.pool.query<{ pending: number }>(`SELECT count(*)::int AS pending FROM outbox WHERE dispatched_at IS NULL AND due_at <= now()`);
    const { rows: mail } = await engine.pool.query<{ pending: number }>(`SELECT count(*)::int AS pending FROM email_delivery WHERE status IN ('pending', 'sending')`);
    quiet = rows[0].pending === 0 && mail[0].pending === 0 ? quiet + 1 : 0;
    await sleep(200);
  }
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const result = await withEngine({ name: 'notifications', env: { ACCESS_TOKEN_TTL_SECONDS: '3600' } }, async (engine) => {
    const http = new HttpClient(engine.url);
    const producers: Client[] = [];
    try {
      const [secretariat] = await createAccounts(engine, http, 'secretariat', 1);
      const holders = await createAccounts(engine, http, 'holder', 20);
      const callId = await openCall(engine, http, secretariat);
      const projects = (await createSubmittedProjects(http, holders, callId, 1)).flat();
      for (const holder of holders) await http.json('PUT', '/api/me/notification-preferences', { token: holder.token, body: { emailDisabled: [KIND] } });
      const warmUp = await historyRows(engine, projects, secretariat.id, options.warmUp);
      const events = await historyRows(engine, projects, secretariat.id, options.notifications);
      for (let i = 0; i < PRODUCERS; i += 1) {
        const client = new Client({ connectionString: engine.databaseUrl, application_name: 'fasp-bench-outbox' });
        await client.connect();
        producers.push(client);
      }
      await settle(engine);

      await engineRun(engine, producers, warmUp, options.timeoutSeconds);
      await baselineRun(engine, options.warmUp, options.timeoutSeconds);
      const measured = await engineRun(engine, producers, events, options.timeoutSeconds);
      const baseline = await baselineRun(engine, options.notifications, options.timeoutSeconds);
      const { rows: emails } = await engine.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM email_delivery WHERE kind = $1`, [KIND]);
      const rss = engine.peakRss();
      const lines = [
        `notification path: ${options.notifications.toLocaleString('en')} in-app notifications (${KIND}), after ${options.warmUp.toLocaleString('en')} of warm-up each side`,
        `machine: node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`,
        `engine   outbox row -> relay -> BullMQ -> notifications worker -> inbox row: ${measured.count} in ${measured.seconds.toFixed(1)} s = ${formatNumber(measured.perSecond)}/s; ` +
          `latency p50 ${formatNumber(measured.p50)} ms, p95 ${formatNumber(measured.p95)} ms (emails planned: ${emails[0].n})`,
        `         the last outbox row was written at ${measured.written?.toFixed(1)} s, relayed to BullMQ at ${measured.relayed?.toFixed(1)} s, its inbox row stored at ${measured.seconds.toFixed(1)} s; ` +
          `CPU per notification: worker ${measured.cpu?.worker.toFixed(2)} ms, PostgreSQL backends ${measured.cpu?.postgres.toFixed(2)} ms`,
        `baseline BullMQ addBulk (${BATCH}) x ${PRODUCERS} producers + worker process (concurrency ${NOTIFICATIONS_CONCURRENCY}), empty jobs: ${baseline.count} in ${baseline.seconds.toFixed(1)} s = ` +
          `${formatNumber(baseline.perSecond)}/s; latency p50 ${formatNumber(baseline.p50)} ms, p95 ${formatNumber(baseline.p95)} ms`,
        `ratio ${(measured.perSecond / baseline.perSecond).toFixed(2)} (target >= 0.3)`,
        `peak RSS: api ${formatMegabytes(rss.api ?? 0)}, worker ${formatMegabytes(rss.worker ?? 0)}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      const benchResult: BenchResult = {
        bench: 'notifications',
        figures: [
          {
            name: `${options.notifications.toLocaleString('en')} in-app notifications/s`,
            unit: '/s',
            value: measured.perSecond,
            better: 'higher',
            baseline: { name: 'BullMQ empty jobs', value: baseline.perSecond },
            target: { minRatio: 0.3 },
          },
          { name: 'outbox row to inbox row p95', unit: 'ms', value: measured.p95, better: 'lower', baseline: { name: 'BullMQ add to done', value: baseline.p95 } },
        ],
        peakRss: rss,
      };
      return benchResult;
    } finally {
      http.close();
      await Promise.all(producers.map((client) => client.end().catch(() => undefined)));
    }
  });
  printResult(result);
}

if (process.argv[2] === '--raw-worker') {
  const [, , , redisUrl, prefix, queue, expected] = process.argv;
  rawWorker(redisUrl, prefix, queue, Number(expected)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
