import { rmSync } from 'node:fs';
import { Pool } from 'pg';
import { queueCounts } from '../reliability/checks';
import { Engine, EngineProcess, prepareRun } from '../reliability/engine';
import {
  Account,
  admitAndSeat,
  completeRatings,
  createAccounts,
  createCompleteDraft,
  createSubmittedProjects,
  CRITERIA_CODES,
  mapLimit,
  openCall,
  ProjectRef,
  publish,
  Seat,
  setReviewerProfiles,
} from '../reliability/fixtures';
import { HttpClient, HttpOptions } from '../reliability/http';
import { intFromEnv, Resources, sleep } from '../reliability/resources';
import { MailSink, TempPostgres, TempRedis } from '../reliability/services';
import { RssSample, rssGrowth, summarize } from '../reliability/stats';

/**
 * `npm run test:load [-- --minutes N]`: N minutes (or LOAD_DURATION_S seconds; 5 minutes by
 * default) of a mixed workload on loopback against
 * the engine as real processes (`node dist/src/main.js` with APP_ROLES=api, and
 * `node dist/src/worker.js`), on a PostgreSQL cluster and a Redis server of the run's own.
 *
 * Bounded concurrency: a fixed number of virtual users, each a loop of requests separated by a
 * think time (LOAD_THINK_MS, 50 ms on average):
 * - holders (LOAD_HOLDERS, 6) edit their draft dossiers (PATCH with the version they read,
 *   a criterion statement), read them back, check completeness and read their inbox;
 * - reviewers (LOAD_REVIEWERS, 5) open review forms, save drafts of their ratings, list their
 *   assignments, and submit their reviews one by one through the run (the last ones late in it),
 *   which moves projects to consolidation and sets the worker going;
 * - the secretariat (LOAD_SECRETARIAT, 3) reads the pipeline (summary, overdue, reviewers, CSV
 *   export), the listings with filters, projects and their history;
 * - the public (LOAD_PUBLIC, 4) reads the investment opportunities and their pages.
 *
 * Reported: requests in total and by kind with their answers, p50/p95/p99 latency, the API's
 * and the worker's resident set at the first minute and at the end. The run fails on any 5xx,
 * any request left without an answer (LOAD_TIMEOUT_MS, 30 s), or a resident set that grew by
 * more than LOAD_RSS_GROWTH_MAX_PCT (15) percent between the first minute and the end.
 */

interface Sample {
  kind: string;
  status: number;
  ms: number;
  at: number;
  error?: string;
}

const rand = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(items: readonly T[]): T => items[rand(items.length)];

/** Picks one of `choices` by weight. */
function weighted<T>(choices: ReadonlyArray<[number, T]>): T {
  const total = choices.reduce((sum, [weight]) => sum + weight, 0);
  let draw = Math.random() * total;
  for (const [weight, choice] of choices) {
    draw -= weight;
    if (draw < 0) return choice;
  }
  return choices[choices.length - 1][1];
}

class Recorder {
  readonly samples: Sample[] = [];
  constructor(
    private readonly http: HttpClient,
    private readonly start: number,
    private readonly timeoutMs: number,
  ) {}

  async request(kind: string, method: string, path: string, options: HttpOptions = {}): Promise<{ status: number; body: string }> {
    const result = await this.http.send(method, path, { timeoutMs: this.timeoutMs, ...options });
    this.samples.push({ kind, status: result.status, ms: result.ms, at: (Date.now() - this.start) / 1000, error: result.error });
    return result;
  }
}

interface World {
  secretariat: Account[];
  /** each holder's draft, edited through the run */
  drafts: ProjectRef[];
  /** every project past the draft (for reads) */
  projects: ProjectRef[];
  /** seats of projects in review, with when each is to be submitted (s into the run) */
  seats: Array<Seat & { submitAt: number; submitted: boolean }>;
  published: string[];
}

async function setUp(pool: Pool, http: HttpClient, durationS: number, log: (line: string) => void): Promise<World> {
  const secretariat = await createAccounts(pool, http, 'secretariat', 2);
  const holders = await createAccounts(pool, http, 'holder', 12);
  const reviewers = await createAccounts(pool, http, 'reviewer', 10);
  await setReviewerProfiles(http, secretariat[0], reviewers, 5, 12);
  const callId = await openCall(pool, http, secretariat[0], { reviewersPerProject: 2 });
  log('12 holders: a draft each, and 2 submitted dossiers each');
  const drafts = await mapLimit(holders, 4, (holder, i) => createCompleteDraft(http, holder, callId, 1000 + i));
  const submitted = await createSubmittedProjects(http, holders, callId, 2);
  const inReview = submitted.slice(0, 20);
  log(`${inReview.length} dossiers admitted; the worker assigns 2 reviewers to each, who accept`);
  const seats = await admitAndSeat(pool, http, secretariat[0], inReview, reviewers, 2, 300000);
  const toPublish = inReview.slice(0, 3);
  log(`${toPublish.length} projects through a positive round to publication`);
  for (const project of toPublish) await publish(pool, http, secretariat[0], project, seats);
  const published = toPublish.map((project) => project.faspId!);
  const open = seats.filter((seat) => !toPublish.some((project) => project.id === seat.projectId));
  // submissions spread over the run, the last at 90 % of it
  const order = [...open].sort(() => Math.random() - 0.5);
  const timed = order.map((seat, i) => ({ ...seat, submitAt: ((i + 1) / order.length) * durationS * 0.9, submitted: false }));
  return { secretariat, drafts, projects: submitted, seats: timed, published };
}

function holderUser(recorder: Recorder, drafts: ProjectRef[]): () => Promise<void> {
  return async () => {
    const draft = pick(drafts);
    const token = draft.holder.token;
    const action = weighted<string>([
      [30, 'patch'],
      [30, 'statement'],
      [20, 'read'],
      [10, 'completeness'],
      [10, 'inbox'],
    ]);
    if (action === 'patch') {
      const answer = await recorder.request('holder PATCH /api/projects/:id', 'PATCH', `/api/projects/${draft.id}`, {
        token,
        body: { expectedVersion: draft.version, areaHa: 1000 + rand(500), monitoringPlan: `Resampling of ${40 + rand(40)} georeferenced plots every 5 years; remote sensing yearly.` },
      });
      if (answer.status === 200) draft.version = (JSON.parse(answer.body) as { version: number }).version;
    } else if (action === 'statement') {
      const code = pick(CRITERIA_CODES);
      const answer = await recorder.request('holder PUT /api/projects/:id/criteria/:code', 'PUT', `/api/projects/${draft.id}/criteria/${code}`, {
        token,
        body: { text: `How the project addresses criterion ${code}: ${'practices, indicators and monitoring. '.repeat(1 + rand(20))}` },
      });
      if (answer.status === 200) draft.version = (JSON.parse(answer.body) as { version: number }).version;
    } else if (action === 'read') {
      const answer = await recorder.request('holder GET /api/projects/:id', 'GET', `/api/projects/${draft.id}`, { token });
      if (answer.status === 200) draft.version = (JSON.parse(answer.body) as { version: number }).version;
    } else if (action === 'completeness') {
      await recorder.request('holder GET /api/projects/:id/completeness', 'GET', `/api/projects/${draft.id}/completeness`, { token });
    } else {
      await recorder.request('holder GET /api/me/notifications', 'GET', '/api/me/notifications?limit=20', { token });
    }
  };
}

function reviewerUser(recorder: Recorder, seats: World['seats'], start: number): () => Promise<void> {
  return async () => {
    const now = (Date.now() - start) / 1000;
    const due = seats.find((seat) => !seat.submitted && seat.submitAt <= now);
    if (due) {
      due.submitted = true;
      const token = due.reviewer.token;
      await recorder.request('reviewer PUT /api/assignments/:id/review', 'PUT', `/api/assignments/${due.assignmentId}/review`, {
        token,
        body: { ratings: completeRatings(2 + rand(3)), overallRecommendation: 'positive', overallComment: 'Sound project with a credible monitoring plan.' },
      });
      await recorder.request('reviewer POST /api/assignments/:id/review/submit', 'POST', `/api/assignments/${due.assignmentId}/review/submit`, { token });
      return;
    }
    const open = seats.filter((seat) => !seat.submitted);
    const seat = open.length > 0 ? pick(open) : pick(seats);
    const token = seat.reviewer.token;
    const action = open.length > 0 ? weighted<string>([[55, 'draft'], [30, 'form'], [15, 'list']]) : weighted<string>([[50, 'form'], [50, 'list']]);
    if (action === 'draft') {
      const code = pick(CRITERIA_CODES);
      await recorder.request('reviewer PUT /api/assignments/:id/review', 'PUT', `/api/assignments/${seat.assignmentId}/review`, {
        token,
        body: { ratings: { [code]: { score: rand(5), comment: `Draft note on ${code}, pass ${rand(1000)}` } }, overallComment: 'Draft in progress' },
      });
    } else if (action === 'form') {
      await recorder.request('reviewer GET /api/assignments/:id/review', 'GET', `/api/assignments/${seat.assignmentId}/review`, { token });
    } else {
      await recorder.request('reviewer GET /api/me/assignments', 'GET', '/api/me/assignments', { token });
    }
  };
}

function secretariatUser(recorder: Recorder, world: World): () => Promise<void> {
  return async () => {
    const token = pick(world.secretariat).token;
    const project = pick(world.projects);
    const action = weighted<[string, string]>([
      [20, ['secretariat GET /api/pipeline/summary', '/api/pipeline/summary']],
      [8, ['secretariat GET /api/pipeline/overdue', '/api/pipeline/overdue']],
      [8, ['secretariat GET /api/pipeline/reviewers', '/api/pipeline/reviewers']],
      [4, ['secretariat GET /api/pipeline/export.csv', '/api/pipeline/export.csv']],
      [15, ['secretariat GET /api/projects', '/api/projects?limit=50']],
      [10, ['secretariat GET /api/projects?stage=', `/api/projects?limit=50&stage=${pick(['submitted', 'review', 'consolidation', 'published'])}`]],
      [5, ['secretariat GET /api/projects?q=', `/api/projects?limit=20&q=${encodeURIComponent(pick(['soil', 'agroforestry', 'site 1', 'parklands']))}`]],
      [15, ['secretariat GET /api/projects/:id', `/api/projects/${project.id}`]],
      [15, ['secretariat GET /api/projects/:id/history', `/api/projects/${project.id}/history`]],
    ]);
    await recorder.request(action[0], 'GET', action[1], { token });
  };
}

function publicUser(recorder: Recorder, published: string[]): () => Promise<void> {
  return async () => {
    if (published.length === 0 || Math.random() < 0.6) await recorder.request('public GET /api/public/opportunities', 'GET', '/api/public/opportunities?limit=20');
    else await recorder.request('public GET /api/public/opportunities/:faspId', 'GET', `/api/public/opportunities/${pick(published)}`);
  };
}

/** `--minutes N` (N > 0, decimals allowed) on the command line, in seconds; undefined when absent. */
function durationFromArgs(args: readonly string[]): number | undefined {
  const at = args.findIndex((arg) => arg === '--minutes' || arg.startsWith('--minutes='));
  if (at < 0) return undefined;
  const raw = args[at].includes('=') ? args[at].slice('--minutes='.length) : args[at + 1];
  const minutes = Number(raw);
  if (!raw || !Number.isFinite(minutes) || minutes <= 0) throw new Error(`--minutes needs a positive number, got "${raw ?? ''}"`);
  return Math.round(minutes * 60);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => (Number.isNaN(value) ? '-' : value < 10 ? value.toFixed(1) : value.toFixed(0));

async function main(): Promise<number> {
  const durationS = durationFromArgs(process.argv.slice(2)) ?? intFromEnv('LOAD_DURATION_S', 300);
  const thinkMs = Number(process.env.LOAD_THINK_MS ?? 50);
  const timeoutMs = intFromEnv('LOAD_TIMEOUT_MS', 30000);
  const growthMaxPct = intFromEnv('LOAD_RSS_GROWTH_MAX_PCT', 15);
  const users = { holders: intFromEnv('LOAD_HOLDERS', 6), reviewers: intFromEnv('LOAD_REVIEWERS', 5), secretariat: intFromEnv('LOAD_SECRETARIAT', 3), public: intFromEnv('LOAD_PUBLIC', 4) };
  const firstCheckpoint = Math.min(60, durationS / 5);
  const halfWindow = Math.max(2, Math.min(10, durationS / 30));

  const resources = new Resources();
  const dirs = prepareRun(resources, 'load');
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${line}\n`);
  const checks: Array<{ name: string; ok: boolean }> = [];
  try {
    const pg = await TempPostgres.start(resources);
    const redis = await TempRedis.start(resources);
    const sink = await MailSink.start();
    resources.onRelease('mail server', () => sink.stop());
    const databaseUrl = await pg.createDatabase('load');
    const engine = await Engine.create(resources, dirs, 'load', { databaseUrl, redisUrl: redis.url, queuePrefix: 'load', smtpUrl: sink.url });
    resources.onRelease('engine', () => engine.stop());
    log(`own PostgreSQL on 127.0.0.1:${pg.port}, own Redis on 127.0.0.1:${redis.port}; engine from ${dirs.dist}; logs in ${dirs.logs}`);
    const api = await engine.startApi();
    const worker = await engine.startWorker();
    const pool = new Pool({ connectionString: databaseUrl, max: 4, application_name: 'fasp-load-fixtures' });
    resources.onRelease('fixture pool', () => pool.end());
    const http = new HttpClient(engine.url, 64, timeoutMs);
    resources.onRelease('client', async () => http.close());
    const world = await setUp(pool, http, durationS, log);
    log(`set up: ${world.drafts.length} drafts, ${world.projects.length} submitted projects, ${world.seats.length} open review seats, ${world.published.length} published`);

    const concurrent = users.holders + users.reviewers + users.secretariat + users.public;
    log(`load: ${concurrent} concurrent users (holders ${users.holders}, reviewers ${users.reviewers}, secretariat ${users.secretariat}, public ${users.public}), think time ~${thinkMs} ms, ${durationS} s`);
    const start = Date.now();
    const recorder = new Recorder(http, start, timeoutMs);
    const rss: Record<'api' | 'worker', RssSample[]> = { api: [], worker: [] };
    const sampleRss = (name: 'api' | 'worker', process_: EngineProcess) => {
      const bytes = process_.rss();
      if (bytes !== null) rss[name].push({ at: (Date.now() - start) / 1000, bytes });
    };
    const sampler = setInterval(() => {
      sampleRss('api', api);
      sampleRss('worker', worker);
    }, 2000);
    const progress = setInterval(() => {
      const elapsed = (Date.now() - start) / 1000;
      const recent = recorder.samples.filter((sample) => sample.at > elapsed - 30);
      const lastApi = rss.api[rss.api.length - 1];
      const lastWorker = rss.worker[rss.worker.length - 1];
      log(`${elapsed.toFixed(0)} s: ${recorder.samples.length} requests, last 30 s ${(recent.length / 30).toFixed(1)} req/s p95 ${ms(summarize(recent.map((sample) => sample.ms)).p95)} ms; RSS api ${lastApi ? mb(lastApi.bytes) : '-'}, worker ${lastWorker ? mb(lastWorker.bytes) : '-'}`);
    }, 30000);
    const deadline = start + durationS * 1000;
    const loop = async (step: () => Promise<void>) => {
      while (Date.now() < deadline) {
        engine.assertRunning();
        await step();
        await sleep(thinkMs > 0 ? Math.random() * 2 * thinkMs : 0);
      }
    };
    const steps = [
      ...Array.from({ length: users.holders }, (_, i) => holderUser(recorder, world.drafts.filter((_, j) => j % users.holders === i))),
      ...Array.from({ length: users.reviewers }, () => reviewerUser(recorder, world.seats, start)),
      ...Array.from({ length: users.secretariat }, () => secretariatUser(recorder, world)),
      ...Array.from({ length: users.public }, () => publicUser(recorder, world.published)),
    ];
    try {
      await Promise.all(steps.map((step) => loop(step)));
    } finally {
      clearInterval(sampler);
      clearInterval(progress);
    }
    sampleRss('api', api);
    sampleRss('worker', worker);
    const elapsedS = (Date.now() - start) / 1000;

    // the figures
    const samples = recorder.samples;
    const all = summarize(samples.map((sample) => sample.ms));
    const byKind = new Map<string, Sample[]>();
    for (const sample of samples) {
      const list = byKind.get(sample.kind);
      if (list) list.push(sample);
      else byKind.set(sample.kind, [sample]);
    }
    const statuses = (list: Sample[]) => {
      const counts = new Map<string, number>();
      for (const sample of list) {
        const key = sample.status === 0 ? `none(${sample.error})` : String(sample.status);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [...counts].sort().map(([key, n]) => `${key}:${n}`).join(' ');
    };
    process.stdout.write(`\nrequests: ${samples.length} in ${elapsedS.toFixed(0)} s (${(samples.length / elapsedS).toFixed(1)} req/s); answers ${statuses(samples)}\n`);
    process.stdout.write(`latency (ms): p50 ${ms(all.p50)}, p95 ${ms(all.p95)}, p99 ${ms(all.p99)}, max ${ms(all.max)}\n\n`);
    const width = Math.max(...[...byKind.keys()].map((kind) => kind.length));
    process.stdout.write(`${'kind'.padEnd(width)}  ${'count'.padStart(6)}  ${'p50'.padStart(6)}  ${'p95'.padStart(6)}  ${'p99'.padStart(6)}  ${'max'.padStart(6)}  answers\n`);
    for (const [kind, list] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
      const summary = summarize(list.map((sample) => sample.ms));
      process.stdout.write(`${kind.padEnd(width)}  ${String(list.length).padStart(6)}  ${ms(summary.p50).padStart(6)}  ${ms(summary.p95).padStart(6)}  ${ms(summary.p99).padStart(6)}  ${ms(summary.max).padStart(6)}  ${statuses(list)}\n`);
    }
    const submittedReviews = world.seats.filter((seat) => seat.submitted).length;
    const { rows: stages } = await pool.query<{ stage: string; n: number }>(`SELECT stage, count(*)::int AS n FROM project GROUP BY stage ORDER BY stage`);
    process.stdout.write(`\nreviews submitted during the run: ${submittedReviews} of ${world.seats.length}; projects by stage: ${stages.map((row) => `${row.stage} ${row.n}`).join(', ')}\n`);
    const backlog = await queueCounts(redis.url, 'load');
    const undispatched = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`)).rows[0].n;
    process.stdout.write(`worker backlog at the end: outbox undispatched ${undispatched}, jobs waiting ${backlog.waiting}, active ${backlog.active}, failed ${backlog.failed}, completed ${backlog.completed}; emails received ${sink.received.length}\n`);

    process.stdout.write(`\nresident set (median of the samples within ${halfWindow} s of ${firstCheckpoint} s, and of the last ${2 * halfWindow} s):\n`);
    for (const name of ['api', 'worker'] as const) {
      const growth = rssGrowth(rss[name], firstCheckpoint, elapsedS, halfWindow);
      const ok = growth.growthPct <= growthMaxPct;
      process.stdout.write(`  ${name.padEnd(6)} at ${firstCheckpoint} s ${mb(growth.first)}, at the end ${mb(growth.last)}: ${growth.growthPct >= 0 ? '+' : ''}${growth.growthPct.toFixed(1)}% (bound ≤ ${growthMaxPct}%) ${ok ? 'ok' : 'EXCEEDED'}; peak ${mb(Math.max(...rss[name].map((sample) => sample.bytes)))}\n`);
      checks.push({ name: `${name} resident set growth ${growth.growthPct >= 0 ? '+' : ''}${growth.growthPct.toFixed(1)}% ≤ ${growthMaxPct}%`, ok });
    }
    const serverErrors = samples.filter((sample) => sample.status >= 500);
    const unanswered = samples.filter((sample) => sample.status === 0);
    checks.push({ name: `no 5xx (${serverErrors.length})`, ok: serverErrors.length === 0 });
    checks.push({ name: `every request answered within ${timeoutMs} ms (${unanswered.length} not)`, ok: unanswered.length === 0 });
    checks.push({ name: `reviews submitted during the run (${submittedReviews})`, ok: submittedReviews > 0 });
    process.stdout.write('\nchecks:\n');
    for (const check of checks) process.stdout.write(`  ${check.ok ? 'PASS' : 'FAIL'} ${check.name}\n`);
  } catch (error) {
    checks.push({ name: `the run completed: ${(error as Error).stack ?? String(error)}`, ok: false });
    process.stdout.write(`the run could not complete: ${(error as Error).stack ?? String(error)}\n`);
  } finally {
    const keepLogs = checks.some((check) => !check.ok);
    await resources.release();
    if (keepLogs) process.stdout.write(`engine logs kept in ${dirs.logs}\n`);
    else rmSync(dirs.logs, { recursive: true, force: true });
  }
  const failed = checks.filter((check) => !check.ok).length;
  process.stdout.write(`\nload: ${checks.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

void main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
