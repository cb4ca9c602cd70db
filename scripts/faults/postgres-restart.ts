import { consistencyFailures, deliveryFailures, describeDeliveries, outboxFailures, outboxReport } from '../reliability/checks';
import { Account, ProjectRef } from '../reliability/fixtures';
import { HttpResult } from '../reliability/http';
import { intFromEnv, sleep, waitUntil } from '../reliability/resources';
import { PostgresStopMode } from '../reliability/services';
import { actorOf, moveBody, nextMove, statusSummary } from './moves';
import { FaultRun, Outcome, Stage } from './stage';

interface Sample {
  kind: 'transition' | 'read';
  path: string;
  status: number;
  error?: string;
  startedAt: number;
  ms: number;
}

/**
 * (c) PostgreSQL restarts while the API is under load: requests during the outage get 503
 * quickly (no hang beyond FAULT_PG_BOUND_MS, no 500, no dropped connection), the API recovers
 * without a restart, and no transition is half written.
 *
 * CLIENTS concurrent clients move their projects through request_info/resubmit cycles and read
 * (the secretariat's listing and pipeline summary, a project's history) with no pause. After
 * LEAD seconds the server is stopped (FAULT_PG_STOP_MODE: `fast`, what a service restart does,
 * or `immediate`, a crash with recovery from the write-ahead log), left down FAULT_PG_DOWN_S
 * seconds, and started again on the same port; the load goes on for RECOVER seconds after.
 * Requests are classed by when they started: before the stop, during the outage, after.
 */
export async function postgresRestart(run: FaultRun): Promise<Outcome> {
  const downS = intFromEnv('FAULT_PG_DOWN_S', 5);
  const boundMs = intFromEnv('FAULT_PG_BOUND_MS', 10000);
  const clients = intFromEnv('FAULT_PG_CLIENTS', 8);
  const mode = (process.env.FAULT_PG_STOP_MODE ?? 'fast') as PostgresStopMode;
  if (mode !== 'fast' && mode !== 'immediate') throw new Error('FAULT_PG_STOP_MODE must be fast or immediate');
  const leadS = 5;
  const recoverS = 15;
  const stage = await Stage.open(run, 'postgres_restart');
  const counted: string[] = [];
  const failures: string[] = [];
  try {
    await stage.engine.startWorker();
    stage.log('setting up: 10 holders with 2 submitted dossiers each');
    const { secretariat, projects } = await stage.submittedProjects(10, 2);
    await stage.settled('the set-up notifications delivered', 180000);
    const api = stage.engine.api!;
    const apiPid = api.pid;

    const samples: Sample[] = [];
    const confirmed: Array<{ projectId: string; version: number }> = [];
    const window = { stop: 0, down: 0, up: 0 };
    let running = true;
    const call = async (kind: Sample['kind'], method: string, path: string, token: string, body?: unknown): Promise<HttpResult> => {
      const startedAt = Date.now();
      const result = await stage.http.send(method, path, { token, body, timeoutMs: boundMs });
      samples.push({ kind, path: path.replace(/[0-9a-f-]{36}/g, ':id'), status: result.status, error: result.error, startedAt, ms: result.ms });
      return result;
    };
    const reload = async (project: ProjectRef) => {
      const answer = await call('read', 'GET', `/api/projects/${project.id}`, project.holder.token);
      if (answer.status === 200) {
        const read = JSON.parse(answer.body) as { version: number; stage: string };
        project.version = read.version;
        project.stage = read.stage;
        return true;
      }
      return false;
    };
    const client = async (mine: ProjectRef[], secretariatAccount: Account) => {
      let turn = 0;
      while (running) {
        const project = mine[turn++ % mine.length];
        const { action } = nextMove(project);
        const answer = await call('transition', 'POST', `/api/projects/${project.id}/transitions`, actorOf(project, action, secretariatAccount), moveBody(project, action));
        if (answer.status === 200) {
          const moved = JSON.parse(answer.body) as { version: number; stage: string };
          project.version = moved.version;
          project.stage = moved.stage;
          confirmed.push({ projectId: project.id, version: moved.version });
        } else {
          // did it commit before the connection broke? read the project back until it answers
          while (running && !(await reload(project))) await sleep(200);
        }
        const reads = [`/api/projects?limit=20`, `/api/pipeline/summary`, `/api/projects/${project.id}/history`];
        await call('read', 'GET', reads[turn % reads.length], secretariatAccount.token);
      }
    };
    const groups = Array.from({ length: clients }, (_, i) => projects.filter((_, j) => j % clients === i)).filter((group) => group.length > 0);
    stage.log(`${groups.length} clients under load; PostgreSQL stopped (${mode}) at ${leadS} s for ${downS} s`);
    const load = Promise.all(groups.map((group) => client(group, secretariat)));
    await sleep(leadS * 1000);
    window.stop = Date.now();
    await run.pg.stop(mode);
    window.down = Date.now();
    stage.log(`PostgreSQL stopped (${window.down - window.stop} ms to stop)`);
    await sleep(downS * 1000);
    await run.pg.startServer();
    window.up = Date.now();
    stage.log(`PostgreSQL accepting connections again after ${((window.up - window.stop) / 1000).toFixed(1)} s`);
    await sleep(recoverS * 1000);
    running = false;
    await load;

    const before = samples.filter((sample) => sample.startedAt < window.stop);
    const during = samples.filter((sample) => sample.startedAt >= window.stop && sample.startedAt < window.up);
    const after = samples.filter((sample) => sample.startedAt >= window.up);
    const firstOkAfter = after.filter((sample) => sample.status >= 200 && sample.status < 300).sort((a, b) => a.startedAt - b.startedAt)[0];
    const late503 = after.filter((sample) => sample.status === 503 && sample.startedAt > window.up + 10000);
    const maxMs = (list: Sample[]) => (list.length ? Math.max(...list.map((sample) => sample.ms)).toFixed(0) : '-');
    counted.push(`requests before the stop: ${before.length} (${statusSummary(before)}), slowest ${maxMs(before)} ms`);
    counted.push(`requests started during the outage: ${during.length} (${statusSummary(during)}), slowest ${maxMs(during)} ms (bound ${boundMs} ms)`);
    counted.push(`requests after PostgreSQL was back: ${after.length} (${statusSummary(after)}), slowest ${maxMs(after)} ms; first success ${firstOkAfter ? `${firstOkAfter.startedAt - window.up} ms` : 'never'} after`);
    counted.push(`transitions answered 200: ${confirmed.length}; API process ${api.running && api.pid === apiPid ? `still the same (pid ${apiPid})` : 'restarted or gone'}`);
    for (const line of counted) stage.log(line);

    const serverErrors = samples.filter((sample) => sample.status >= 500 && sample.status !== 503);
    if (serverErrors.length > 0) failures.push(`${serverErrors.length} answers 5xx other than 503: ${statusSummary(serverErrors)} (e.g. ${serverErrors[0].path})`);
    const unanswered = samples.filter((sample) => sample.status === 0);
    if (unanswered.length > 0) failures.push(`${unanswered.length} requests got no answer within ${boundMs} ms or lost their connection: ${statusSummary(unanswered)}`);
    if (!during.some((sample) => sample.status === 503)) failures.push('no request was answered 503 during the outage');
    if (late503.length > 0) failures.push(`${late503.length} answers 503 more than 10 s after PostgreSQL was back`);
    if (!firstOkAfter) failures.push('no request succeeded after PostgreSQL was back');
    if (!api.running || api.pid !== apiPid) failures.push('the API process did not survive');
    if (before.filter((sample) => sample.kind === 'transition' && sample.status === 200).length === 0) failures.push('no transition succeeded before the stop: there was no load');

    await waitUntil('readiness back to 200', 60000, async () => (await stage.http.send('GET', '/health/ready')).status === 200);
    const report = await stage.settled('every side effect delivered', 300000);
    counted.push(...describeDeliveries(report));
    failures.push(...deliveryFailures(report));
    const outbox = await outboxReport(stage.pool, run.redis.url, stage.queuePrefix);
    counted.push(`outbox rows: ${outbox.rows}, undispatched ${outbox.undispatched}; their jobs: ${Object.entries(outbox.jobStates).map(([state, n]) => `${state} ${n}`).join(', ')}`);
    failures.push(...outboxFailures(outbox));
    const consistency = await consistencyFailures(stage.pool);
    const { rows: recorded } = await stage.pool.query<{ key: string }>(`SELECT project_id || ':' || version AS key FROM project_history`);
    const inHistory = new Set(recorded.map((row) => row.key));
    const lost = confirmed.filter((move) => !inHistory.has(`${move.projectId}:${move.version}`));
    counted.push(`projects checked for consistency: ${consistency.projects} (${consistency.moves} history rows), inconsistent: ${consistency.failures.length}; transitions answered 200 but not in the history: ${lost.length}`);
    failures.push(...consistency.failures);
    if (lost.length > 0) failures.push(`${lost.length} transitions answered 200 are not in the history`);
    stage.headline = `outage ${((window.up - window.stop) / 1000).toFixed(1)} s: ${during.length} requests (${statusSummary(during)}), slowest ${maxMs(during)} ms, other 5xx ${serverErrors.length}, unanswered ${unanswered.length}; same API pid; ${consistency.failures.length} inconsistent, ${lost.length} lost`;
  } finally {
    await stage.close();
  }
  return { counted, failures, headline: stage.headline };
}
