import { activeJobs, deliveryFailures, describeDeliveries, expectedNotifications, jobTimes, outboxFailures, outboxReport, queueCounts } from '../reliability/checks';
import { mapLimit } from '../reliability/fixtures';
import { intFromEnv, sleep, waitUntil } from '../reliability/resources';
import { cycle, nextMove } from './moves';
import { FaultRun, Outcome, Stage } from './stage';

/**
 * (a) kill -9 the worker during a batch of notification jobs (1,000 by default), then start a
 * new one: every notification is delivered exactly once.
 *
 * With the worker stopped, people make the moves that call for the notifications (submissions,
 * information requests, resubmissions through the API): the outbox holds exactly JOBS
 * notification jobs. A worker process starts, relays them to BullMQ and works through them;
 * once about half of the in-app notifications exist it is killed with SIGKILL, and a new one is
 * started RESTART_AFTER_S later (as an orchestrator restarts a crashed container).
 *
 * Counted afterwards: in-app notifications and planned emails, unique per (event, person),
 * exactly the ones the history calls for; every email sent and received by the mail server
 * under its own Message-ID. SMTP is not transactional: a message the server accepted in the
 * instant before the kill, whose row still said `sending`, is sent again with the same
 * Message-ID (so that mail systems drop it). That is the one duplicate allowed, and it is
 * printed; any other duplicate or any loss fails the scenario.
 */
export async function workerKill(run: FaultRun): Promise<Outcome> {
  const jobs = intFromEnv('FAULT_NOTIFICATION_JOBS', 1000);
  const restartAfterS = intFromEnv('FAULT_RESTART_AFTER_S', 5);
  const stage = await Stage.open(run, 'worker_kill');
  const counted: string[] = [];
  const failures: string[] = [];
  try {
    const holders = Math.max(1, Math.round(jobs / 50));
    stage.log(`setting up with no worker running: ${holders} holders with 2 complete dossiers each, submitted`);
    const { secretariat, projects } = await stage.submittedProjects(holders, 2);
    const notifyJobs = () => stage.count(`SELECT count(*)::int AS n FROM outbox WHERE job_name = 'notify.project-event'`);
    let remaining = jobs - (await notifyJobs());
    if (remaining < 0) throw new Error(`the submissions alone call for more than ${jobs} notification jobs`);
    stage.log(`information requests and resubmissions until the outbox holds ${jobs} notification jobs (${remaining} to go)`);
    while (remaining > 0) {
      const batch = projects.filter((project) => {
        const { events } = nextMove(project);
        if (events > remaining) return false;
        remaining -= events;
        return true;
      });
      if (batch.length === 0) throw new Error(`cannot make exactly ${jobs} notification jobs from here (${remaining} left)`);
      await mapLimit(batch, 4, (project) => cycle(stage.http, secretariat, project));
    }
    const batch = await notifyJobs();
    const moves = await stage.count(`SELECT count(*)::int AS n FROM project_history WHERE action <> 'create'`);
    counted.push(`moves through the API: ${moves}; notification jobs waiting in the outbox: ${batch}`);
    if (batch !== jobs) failures.push(`the outbox holds ${batch} notification jobs, not ${jobs}`);

    const expectedInApp = (await expectedNotifications(stage.pool)).length;
    const first = await stage.engine.startWorker();
    stage.log(`worker ${first.pid} started; killing it once half of the ${expectedInApp} in-app notifications exist`);
    await waitUntil('half the batch handled', 300000, async () => {
      if (!first.running) throw new Error('the worker died by itself');
      return (await stage.count(`SELECT count(*)::int AS n FROM notification`)) >= expectedInApp / 2;
    }, 20);
    const exit = await first.kill();
    const killedAt = Date.now();
    const statuses = await stage.pool.query<{ id: string; status: string }>(`SELECT id, status FROM email_delivery`);
    const inFlight = new Set(statuses.rows.filter((row) => row.status === 'sending').map((row) => row.id));
    const atKill = {
      inApp: await stage.count(`SELECT count(*)::int AS n FROM notification`),
      planned: statuses.rows.length,
      sent: statuses.rows.filter((row) => row.status === 'sent').length,
      dispatched: await stage.count(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NOT NULL`),
      received: stage.sink.received.length,
    };
    const queues = await queueCounts(run.redis.url, stage.queuePrefix);
    const orphaned = await activeJobs(run.redis.url, stage.queuePrefix);
    counted.push(`at the kill (${exit.signal ?? exit.code}): in-app ${atKill.inApp}/${expectedInApp}, emails planned ${atKill.planned}, sent ${atKill.sent}, being sent ${inFlight.size}, received ${atKill.received}; outbox rows dispatched ${atKill.dispatched}; jobs active ${queues.active}, waiting ${queues.waiting}`);
    stage.log(counted[counted.length - 1]);
    if (exit.signal !== 'SIGKILL') failures.push(`the worker ended with ${exit.signal ?? exit.code}, not SIGKILL`);
    if (atKill.inApp >= expectedInApp) failures.push('the whole batch was handled before the kill: nothing was interrupted');

    await sleep(restartAfterS * 1000);
    const before = await stage.count(`SELECT count(*)::int AS n FROM notification`);
    if (before !== atKill.inApp) failures.push(`notifications appeared with no worker running (${atKill.inApp} -> ${before})`);
    const restartedAt = Date.now();
    const second = await stage.engine.startWorker();
    stage.log(`worker ${second.pid} started ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill; waiting for the rest`);
    const report = await stage.settled('every notification delivered after the restart', 420000);
    const doneAt = Date.now();
    counted.push(...describeDeliveries(report));
    const resent = report.receivedTwice.filter((item) => inFlight.has(item.deliveryId));
    counted.push(`re-sent under the same Message-ID (a send in flight at the kill): ${resent.length} of ${inFlight.size} in flight`);
    counted.push(`everything delivered ${((doneAt - killedAt) / 1000).toFixed(1)} s after the kill (${((doneAt - restartedAt) / 1000).toFixed(1)} s after the new worker was launched)`);
    // the jobs the dead worker held stay `active` under its lock until BullMQ's stall check
    // (lockDuration and stalledInterval, 30 s each by default) hands them to the new worker
    const held = await jobTimes(run.redis.url, stage.queuePrefix, orphaned);
    const retaken = held.filter((job) => job.processedOn !== undefined && job.processedOn >= killedAt);
    const finished = held.filter((job) => job.finishedOn !== undefined);
    const seconds = (at: number) => ((at - killedAt) / 1000).toFixed(1);
    const firstRetake = retaken.length ? Math.min(...retaken.map((job) => job.processedOn!)) : undefined;
    const lastFinish = finished.length ? Math.max(...finished.map((job) => job.finishedOn!)) : undefined;
    counted.push(
      `jobs held by the killed worker: ${held.length} (stalled once: ${held.filter((job) => job.stalledCounter >= 1).length}); taken again ${firstRetake !== undefined ? `${seconds(firstRetake)} s` : 'never'} after the kill, the last finished ${lastFinish !== undefined ? `${seconds(lastFinish)} s` : 'never'} after it; states now: ${summarizeStates(held)}`,
    );
    stage.headline = `${report.inApp}/${report.expected} in-app, ${report.distinctReceived}/${report.emailsPlanned} emails, ${resent.length} re-sent (same Message-ID); ${held.length} held jobs retaken after ${firstRetake !== undefined ? seconds(firstRetake) : '-'} s; all delivered ${seconds(doneAt)} s after the kill`;
    const unfinished = held.filter((job) => !['completed', 'delayed'].includes(job.state));
    if (unfinished.length > 0) failures.push(`${unfinished.length} jobs held by the killed worker did not finish: ${summarizeStates(unfinished)}`);
    failures.push(...deliveryFailures(report, inFlight));
    if (report.events !== jobs) failures.push(`${report.events} notification events in the history, not ${jobs}`);
    const outbox = await outboxReport(stage.pool, run.redis.url, stage.queuePrefix);
    counted.push(`outbox rows: ${outbox.rows}, undispatched ${outbox.undispatched}; their jobs: ${Object.entries(outbox.jobStates).map(([state, n]) => `${state} ${n}`).join(', ')}`);
    failures.push(...outboxFailures(outbox));
  } finally {
    await stage.close();
  }
  return { counted, failures, headline: stage.headline };
}

function summarizeStates(jobs: ReadonlyArray<{ state: string }>): string {
  const counts = new Map<string, number>();
  for (const job of jobs) counts.set(job.state, (counts.get(job.state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${state} ${n}`).join(', ') || 'none';
}
