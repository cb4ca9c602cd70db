import { consistencyFailures, deliveryFailures, describeDeliveries, outboxFailures, outboxReport } from '../reliability/checks';
import { refresh } from '../reliability/fixtures';
import { intFromEnv, sleep } from '../reliability/resources';
import { pacedCycles, statusSummary } from './moves';
import { FaultRun, Outcome, Stage } from './stage';

/**
 * (b) Redis stops for 10 s (FAULT_REDIS_DOWN_S) while 200 transitions (FAULT_TRANSITIONS) are
 * made through the API: all 200 commit (a transition writes PostgreSQL only: the row, its
 * history and its outbox rows), and every side effect is delivered once Redis is back, none
 * twice.
 *
 * The moves are spread evenly over the outage and a few seconds either side; Redis is stopped
 * (SIGTERM: it writes its append-only file and exits, every client is cut off) two seconds in,
 * and started again on the same port DOWN_S later. Counted: the answers (all must be 200), how
 * many moves were made entirely while Redis was down, what readiness said meanwhile, then every
 * notification and email (exactly once), every outbox row's job, and each project's consistency.
 */
export async function redisOutage(run: FaultRun): Promise<Outcome> {
  const downS = intFromEnv('FAULT_REDIS_DOWN_S', 10);
  const total = intFromEnv('FAULT_TRANSITIONS', 200);
  const stage = await Stage.open(run, 'redis_outage');
  const counted: string[] = [];
  const failures: string[] = [];
  try {
    await stage.engine.startWorker();
    stage.log('setting up: 10 holders with 2 submitted dossiers each');
    const { secretariat, projects } = await stage.submittedProjects(10, 2);
    await stage.settled('the set-up notifications delivered', 180000);
    const historyBefore = await stage.count(`SELECT count(*)::int AS n FROM project_history`);

    const leadMs = 2000;
    const spanMs = leadMs + downS * 1000 + 4000;
    const window = { down: 0, up: 0 };
    const readiness: number[] = [];
    stage.log(`${total} transitions over ${(spanMs / 1000).toFixed(0)} s; Redis stopped at ${leadMs / 1000} s for ${downS} s`);
    const outage = (async () => {
      await sleep(leadMs);
      window.down = Date.now();
      await run.redis.stop();
      stage.log('Redis stopped');
      const probes = (async () => {
        while (!window.up) {
          readiness.push((await stage.http.send('GET', '/health/ready', { timeoutMs: 10000 })).status);
          await sleep(1000);
        }
      })();
      await sleep(Math.max(0, window.down + downS * 1000 - Date.now()));
      await run.redis.startServer();
      window.up = Date.now();
      stage.log(`Redis back after ${((window.up - window.down) / 1000).toFixed(1)} s`);
      await probes;
    })();
    const results = await pacedCycles(stage.http, secretariat, projects, total, spanMs / total, (project) => refresh(stage.pool, project));
    await outage;
    const duringOutage = results.filter((result) => result.startedAt >= window.down && result.endedAt <= window.up);
    const slowest = Math.max(...results.map((result) => result.endedAt - result.startedAt));
    counted.push(`transitions: ${results.length} (${statusSummary(results)}); ${duringOutage.length} made entirely while Redis was down (${statusSummary(duringOutage)}); slowest answer ${slowest} ms`);
    counted.push(`GET /health/ready while Redis was down: ${statusSummary(readiness.map((status) => ({ status })))}`);
    const historyAfter = await stage.count(`SELECT count(*)::int AS n FROM project_history`);
    counted.push(`history rows written: ${historyAfter - historyBefore}`);
    for (const line of counted) stage.log(line);
    if (results.length !== total) failures.push(`${results.length} transitions made, not ${total}`);
    const refused = results.filter((result) => result.status !== 200);
    if (refused.length > 0) failures.push(`${refused.length} transitions did not answer 200: ${statusSummary(refused)}`);
    if (historyAfter - historyBefore !== total) failures.push(`${historyAfter - historyBefore} history rows for ${total} transitions`);
    if (duringOutage.length === 0) failures.push('no transition was made while Redis was down');
    if (!readiness.includes(503)) failures.push('readiness never said 503 while Redis was down');

    const report = await stage.settled('every side effect delivered after Redis came back', 300000);
    counted.push(...describeDeliveries(report));
    counted.push(`last email received ${((Math.max(...stage.sink.received.map((mail) => mail.at)) - window.up) / 1000).toFixed(1)} s after Redis came back`);
    failures.push(...deliveryFailures(report));
    const outbox = await outboxReport(stage.pool, run.redis.url, stage.queuePrefix);
    counted.push(`outbox rows: ${outbox.rows}, undispatched ${outbox.undispatched}; their jobs: ${Object.entries(outbox.jobStates).map(([state, n]) => `${state} ${n}`).join(', ')}`);
    failures.push(...outboxFailures(outbox));
    const consistency = await consistencyFailures(stage.pool);
    counted.push(`projects checked for consistency: ${consistency.projects} (${consistency.moves} history rows), inconsistent: ${consistency.failures.length}`);
    failures.push(...consistency.failures);
    stage.headline = `${results.filter((result) => result.status === 200).length}/${total} transitions 200 (${duringOutage.length} while Redis was down ${((window.up - window.down) / 1000).toFixed(1)} s), ${report.inApp}/${report.expected} in-app, ${report.distinctReceived}/${report.emailsPlanned} emails, ${report.receivedTwice.length} twice, ${consistency.failures.length} inconsistent`;
  } finally {
    await stage.close();
  }
  return { counted, failures, headline: stage.headline };
}
