import { deliveryFailures, describeDeliveries, outboxFailures, outboxReport } from '../reliability/checks';
import { refresh } from '../reliability/fixtures';
import { intFromEnv, sleep } from '../reliability/resources';
import { pacedCycles, statusSummary } from './moves';
import { FaultRun, Outcome, Stage } from './stage';

/**
 * (d) The mail server is down for a minute (FAULT_SMTP_DOWN_S, default 60) while people keep
 * working: the emails planned meanwhile are delivered once it is back, none twice.
 *
 * The server stops (new commands answered 421, connections closed, the port refusing
 * connections); FAULT_SMTP_TRANSITIONS moves are made during the first part of the outage; the
 * server listens again on the same port DOWN_S after it stopped. The engine's own settings are
 * used (EMAIL_MAX_ATTEMPTS 8, EMAIL_RETRY_DELAY_MS 5 s doubling: some ten minutes of retries).
 * Counted: the send attempts during the outage, how long after the return the last email
 * arrived, every email exactly once.
 */
export async function smtpOutage(run: FaultRun): Promise<Outcome> {
  const downS = intFromEnv('FAULT_SMTP_DOWN_S', 60);
  const total = intFromEnv('FAULT_SMTP_TRANSITIONS', 40);
  const stage = await Stage.open(run, 'smtp_outage');
  const counted: string[] = [];
  const failures: string[] = [];
  try {
    await stage.engine.startWorker();
    stage.log('setting up: 10 holders with 2 submitted dossiers each');
    const { secretariat, projects } = await stage.submittedProjects(10, 2);
    await stage.settled('the set-up notifications delivered', 180000);
    const receivedBefore = stage.sink.received.length;
    const plannedBefore = await stage.count(`SELECT count(*)::int AS n FROM email_delivery`);

    await stage.sink.stop();
    const downAt = Date.now();
    stage.log(`mail server stopped for ${downS} s; ${total} transitions during the outage`);
    const results = await pacedCycles(stage.http, secretariat, projects, total, Math.min(250, (downS * 1000) / 2 / total), (project) => refresh(stage.pool, project));
    counted.push(`transitions during the outage: ${results.length} (${statusSummary(results)})`);
    const refused = results.filter((result) => result.status !== 200);
    if (refused.length > 0) failures.push(`${refused.length} transitions did not answer 200: ${statusSummary(refused)}`);
    await sleep(Math.max(0, downAt + downS * 1000 - Date.now()));
    const { rows: atReturn } = await stage.pool.query<{ status: string; n: number; attempts: number }>(
      `SELECT status, count(*)::int AS n, sum(attempts)::int AS attempts FROM email_delivery GROUP BY status ORDER BY status`,
    );
    const receivedDuring = stage.sink.received.length - receivedBefore;
    await stage.sink.start();
    const upAt = Date.now();
    stage.log(`mail server back after ${((upAt - downAt) / 1000).toFixed(1)} s`);
    const plannedDuring = atReturn.reduce((sum, row) => sum + row.n, 0) - plannedBefore;
    counted.push(`emails planned during the outage: ${plannedDuring}; at the return: ${atReturn.map((row) => `${row.status} ${row.n} (attempts ${row.attempts})`).join(', ')}; received while down: ${receivedDuring}`);
    stage.log(counted[counted.length - 1]);
    if (receivedDuring > 0) failures.push(`${receivedDuring} messages arrived while the mail server was down`);
    if (plannedDuring === 0) failures.push('no email was planned during the outage');

    const report = await stage.settled('every email delivered after the mail server came back', (downS + 600) * 1000);
    const lastAt = Math.max(...stage.sink.received.map((mail) => mail.at));
    counted.push(...describeDeliveries(report));
    const { rows: attempts } = await stage.pool.query<{ attempts: number; n: number }>(`SELECT attempts, count(*)::int AS n FROM email_delivery GROUP BY attempts ORDER BY attempts`);
    counted.push(`send attempts per email: ${attempts.map((row) => `${row.attempts} attempt(s): ${row.n}`).join(', ')}`);
    counted.push(`last email received ${((lastAt - upAt) / 1000).toFixed(1)} s after the mail server came back`);
    failures.push(...deliveryFailures(report));
    const outbox = await outboxReport(stage.pool, run.redis.url, stage.queuePrefix);
    counted.push(`outbox rows: ${outbox.rows}, undispatched ${outbox.undispatched}; their jobs: ${Object.entries(outbox.jobStates).map(([state, n]) => `${state} ${n}`).join(', ')}`);
    failures.push(...outboxFailures(outbox));
    stage.headline = `${plannedDuring} emails planned while down ${((upAt - downAt) / 1000).toFixed(0)} s (${receivedDuring} received meanwhile); ${report.distinctReceived}/${report.emailsPlanned} emails received in all, ${report.receivedTwice.length} twice; last ${((lastAt - upAt) / 1000).toFixed(1)} s after the return`;
  } finally {
    await stage.close();
  }
  return { counted, failures, headline: stage.headline };
}
