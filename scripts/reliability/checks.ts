import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { ALL_QUEUES } from '../../src/platform/queue/queue.constants';
import { redisOptionsFromUrl } from '../../src/platform/queue/redis-options';
import { MailSink } from './services';

/**
 * What a run verifies once the dust has settled, read from the engine's own tables, its queues
 * and the mail server: every notification the history calls for exists once (in-app and
 * email), every email was received under its own Message-ID, every side effect left the outbox,
 * and every project's stage, version, history and frozen versions agree.
 */

/** One notification the history calls for: the event key the engine derives and the person. */
interface Expected {
  eventKey: string;
  userId: string;
}

/**
 * The notifications called for by the project moves recorded so far. Only the holder's and the
 * secretariat's events are derived here (the fault scenarios move projects through submit,
 * request_info and resubmit, which notify no one else).
 */
export async function expectedNotifications(pool: Pool): Promise<Expected[]> {
  const { rows: moves } = await pool.query<{ id: string; project_id: string; events: string[] }>(
    `SELECT id::text, project_id, ARRAY(SELECT jsonb_array_elements_text(details -> 'events')) AS events FROM project_history h ORDER BY h.id`,
  );
  const { rows: secretariat } = await pool.query<{ id: string }>(`SELECT id FROM user_account WHERE active AND 'secretariat' = ANY(roles)`);
  const { rows: holderSides } = await pool.query<{ project_id: string; user_id: string }>(
    `SELECT p.id AS project_id, u.id AS user_id FROM project p JOIN user_account u
        ON u.active AND (u.id = p.holder_id OR (u.organization_id = p.organization_id AND u.membership_confirmed AND 'holder' = ANY(u.roles)))`,
  );
  const holdersOf = new Map<string, string[]>();
  for (const row of holderSides) holdersOf.set(row.project_id, [...(holdersOf.get(row.project_id) ?? []), row.user_id]);
  const expected: Expected[] = [];
  for (const move of moves) {
    for (const event of move.events.filter((name) => name.startsWith('notify.'))) {
      const eventKey = `project:${move.id}:${event}`;
      const audience = event.startsWith('notify.holder.') ? (holdersOf.get(move.project_id) ?? []) : event.startsWith('notify.secretariat.') ? secretariat.map((row) => row.id) : null;
      if (!audience) throw new Error(`this check does not derive the audience of ${event}`);
      for (const userId of audience) expected.push({ eventKey, userId });
    }
  }
  return expected;
}

export interface DeliveryReport {
  /** notifications the history calls for */
  expected: number;
  inApp: number;
  inAppMissing: number;
  inAppUnexpected: number;
  emailsPlanned: number;
  emailsMissing: number;
  emailsUnexpected: number;
  byStatus: Record<string, number>;
  /** messages the mail server accepted */
  received: number;
  /** distinct (Message-ID, recipient) pairs among them */
  distinctReceived: number;
  /** planned emails whose Message-ID never arrived */
  notReceived: string[];
  /** Message-IDs received more than once: id and count */
  receivedTwice: Array<{ deliveryId: string; count: number }>;
  /** messages that match no planned email (wrong Message-ID or recipient) */
  strangers: number;
  /** notification events (jobs) the history calls for */
  events: number;
}

export async function deliveryReport(pool: Pool, sink: MailSink): Promise<DeliveryReport> {
  const expected = await expectedNotifications(pool);
  const key = (row: { eventKey: string; userId: string }) => `${row.eventKey}|${row.userId}`;
  const wanted = new Set(expected.map(key));
  const { rows: inApp } = await pool.query<{ eventKey: string; userId: string }>(`SELECT event_key AS "eventKey", user_id AS "userId" FROM notification WHERE event_key LIKE 'project:%'`);
  const { rows: emails } = await pool.query<{ id: string; eventKey: string; userId: string; email: string; status: string }>(
    `SELECT id, event_key AS "eventKey", user_id AS "userId", lower(email) AS email, status FROM email_delivery WHERE event_key LIKE 'project:%'`,
  );
  const inAppKeys = new Set(inApp.map(key));
  const emailKeys = new Set(emails.map(key));
  const byStatus: Record<string, number> = {};
  for (const email of emails) byStatus[email.status] = (byStatus[email.status] ?? 0) + 1;

  const messageIdOf = (id: string) => `<${id}@fasp>`;
  const planned = new Map(emails.map((email) => [messageIdOf(email.id), email]));
  const counts = new Map<string, number>();
  const pairs = new Set<string>();
  let strangers = 0;
  for (const message of sink.received) {
    const delivery = planned.get(message.messageId);
    if (!delivery || !message.recipients.includes(delivery.email)) {
      strangers += 1;
      continue;
    }
    counts.set(delivery.id, (counts.get(delivery.id) ?? 0) + 1);
    pairs.add(`${message.messageId}|${delivery.email}`);
  }
  return {
    expected: expected.length,
    events: new Set(expected.map((row) => row.eventKey)).size,
    inApp: inApp.length,
    inAppMissing: [...wanted].filter((wantedKey) => !inAppKeys.has(wantedKey)).length,
    inAppUnexpected: inApp.filter((row) => !wanted.has(key(row))).length,
    emailsPlanned: emails.length,
    emailsMissing: [...wanted].filter((wantedKey) => !emailKeys.has(wantedKey)).length,
    emailsUnexpected: emails.filter((row) => !wanted.has(key(row))).length,
    byStatus,
    received: sink.received.length,
    distinctReceived: pairs.size,
    notReceived: emails.filter((email) => !counts.has(email.id)).map((email) => email.id),
    receivedTwice: [...counts].filter(([, count]) => count > 1).map(([deliveryId, count]) => ({ deliveryId, count })),
    strangers,
  };
}

/** Every planned notification is there exactly once, every email sent and received exactly once. */
export function deliveryFailures(report: DeliveryReport, allowedTwice: ReadonlySet<string> = new Set()): string[] {
  const failures: string[] = [];
  if (report.expected === 0) failures.push('the history calls for no notification at all');
  if (report.inAppMissing > 0) failures.push(`${report.inAppMissing} in-app notifications missing`);
  if (report.inAppUnexpected > 0) failures.push(`${report.inAppUnexpected} in-app notifications nobody called for`);
  if (report.inApp !== report.expected) failures.push(`${report.inApp} in-app notifications for ${report.expected} expected`);
  if (report.emailsMissing > 0) failures.push(`${report.emailsMissing} emails never planned`);
  if (report.emailsUnexpected > 0) failures.push(`${report.emailsUnexpected} emails nobody called for`);
  if (report.emailsPlanned !== report.expected) failures.push(`${report.emailsPlanned} emails planned for ${report.expected} expected`);
  const notSent = Object.entries(report.byStatus).filter(([status]) => status !== 'sent');
  if (notSent.length > 0) failures.push(`emails not sent: ${notSent.map(([status, n]) => `${n} ${status}`).join(', ')}`);
  if (report.notReceived.length > 0) failures.push(`${report.notReceived.length} emails never reached the mail server (e.g. ${report.notReceived[0]})`);
  const twice = report.receivedTwice.filter((item) => !allowedTwice.has(item.deliveryId) || item.count > 2);
  if (twice.length > 0) failures.push(`${twice.length} emails received more than once (e.g. ${twice[0].deliveryId} x${twice[0].count})`);
  if (report.strangers > 0) failures.push(`${report.strangers} messages matching no planned email`);
  return failures;
}

export function describeDeliveries(report: DeliveryReport): string[] {
  return [
    `notification events (jobs) in the history: ${report.events}; notifications called for (event x person): ${report.expected}`,
    `in-app notifications: ${report.inApp} (missing ${report.inAppMissing}, unexpected ${report.inAppUnexpected})`,
    `emails planned: ${report.emailsPlanned} (${Object.entries(report.byStatus).map(([status, n]) => `${status} ${n}`).join(', ') || 'none'})`,
    `messages received by the mail server: ${report.received}; distinct Message-ID/recipient: ${report.distinctReceived}; never received: ${report.notReceived.length}; received twice: ${report.receivedTwice.length}; matching nothing: ${report.strangers}`,
  ];
}

export interface OutboxReport {
  rows: number;
  undispatched: number;
  /** rows whose job BullMQ does not know (never added, or lost) */
  jobsUnknown: number;
  jobStates: Record<string, number>;
}

/** Every outbox row was dispatched, and its job (id = row id) is known to BullMQ: done, or waiting for its due time. */
export async function outboxReport(pool: Pool, redisUrl: string, prefix: string): Promise<OutboxReport> {
  const { rows } = await pool.query<{ id: string; queue: string; dispatched: boolean }>(`SELECT id, queue, dispatched_at IS NOT NULL AS dispatched FROM outbox`);
  const queues = new Map(ALL_QUEUES.map((name) => [name as string, new Queue(name, { connection: redisOptionsFromUrl(redisUrl), prefix })]));
  const jobStates: Record<string, number> = {};
  try {
    for (const row of rows) {
      const queue = queues.get(row.queue);
      const state = queue ? await queue.getJobState(row.id) : 'no such queue';
      jobStates[state] = (jobStates[state] ?? 0) + 1;
    }
  } finally {
    await Promise.all([...queues.values()].map((queue) => queue.close()));
  }
  return { rows: rows.length, undispatched: rows.filter((row) => !row.dispatched).length, jobsUnknown: jobStates.unknown ?? 0, jobStates };
}

export function outboxFailures(report: OutboxReport): string[] {
  const failures: string[] = [];
  if (report.undispatched > 0) failures.push(`${report.undispatched} outbox rows never dispatched`);
  if (report.jobsUnknown > 0) failures.push(`${report.jobsUnknown} dispatched outbox rows have no job in BullMQ`);
  const stuck = Object.entries(report.jobStates).filter(([state]) => !['completed', 'delayed', 'unknown'].includes(state));
  if (stuck.length > 0) failures.push(`jobs not finished: ${stuck.map(([state, n]) => `${n} ${state}`).join(', ')}`);
  return failures;
}

/** Counts of jobs per state over every queue. */
export async function queueCounts(redisUrl: string, prefix: string): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const name of ALL_QUEUES) {
    const queue = new Queue(name, { connection: redisOptionsFromUrl(redisUrl), prefix });
    try {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children');
      for (const [state, n] of Object.entries(counts)) totals[state] = (totals[state] ?? 0) + n;
    } finally {
      await queue.close();
    }
  }
  return totals;
}

/**
 * Each project agrees with itself: its stage and version are those of its last history row,
 * its history versions follow each other without a gap from the submission on (the scenarios
 * edit no dossier after it), it has one frozen version per
 * submission, one open stage stay in its stage, and one outbox row per notification event of
 * each move (a transition is all or nothing).
 */
export async function consistencyFailures(pool: Pool): Promise<{ projects: number; moves: number; failures: string[] }> {
  const failures: string[] = [];
  const { rows: projects } = await pool.query<{ id: string; stage: string; version: number }>(`SELECT id, stage, version FROM project`);
  const { rows: history } = await pool.query<{ id: string; project_id: string; to_stage: string; version: number; action: string; events: string[] }>(
    `SELECT id::text, project_id, to_stage, version, action, ARRAY(SELECT jsonb_array_elements_text(details -> 'events')) AS events FROM project_history h ORDER BY h.id`,
  );
  const { rows: frozen } = await pool.query<{ project_id: string; n: number }>(`SELECT project_id, count(*)::int AS n FROM project_version GROUP BY project_id`);
  const { rows: stays } = await pool.query<{ project_id: string; stage: string }>(`SELECT project_id, stage FROM stage_stay WHERE left_at IS NULL`);
  const { rows: outbox } = await pool.query<{ history_id: string; n: number }>(
    `SELECT payload ->> 'historyId' AS history_id, count(*)::int AS n FROM outbox WHERE job_name = 'notify.project-event' GROUP BY 1`,
  );
  const movesOf = new Map<string, typeof history>();
  for (const row of history) movesOf.set(row.project_id, [...(movesOf.get(row.project_id) ?? []), row]);
  const frozenOf = new Map(frozen.map((row) => [row.project_id, row.n]));
  const staysOf = new Map<string, string[]>();
  for (const row of stays) staysOf.set(row.project_id, [...(staysOf.get(row.project_id) ?? []), row.stage]);
  const outboxOf = new Map(outbox.map((row) => [row.history_id, row.n]));
  for (const project of projects) {
    const moves = movesOf.get(project.id) ?? [];
    const problems: string[] = [];
    if (moves.length > 0) {
      const last = moves[moves.length - 1];
      if (last.to_stage !== project.stage) problems.push(`stage ${project.stage} but last move to ${last.to_stage}`);
      // a draft's version counts its edits; from the submission on, only moves change a project here
      if (last.action !== 'create' && last.version !== project.version) problems.push(`version ${project.version} but last move at ${last.version}`);
      for (let i = 1; i < moves.length; i += 1) {
        if (moves[i - 1].action === 'create') continue;
        if (moves[i].version !== moves[i - 1].version + 1) problems.push(`history versions ${moves[i - 1].version} then ${moves[i].version}`);
      }
      const submissions = moves.filter((move) => move.action === 'submit' || move.action === 'resubmit').length;
      if ((frozenOf.get(project.id) ?? 0) !== submissions) problems.push(`${frozenOf.get(project.id) ?? 0} frozen versions for ${submissions} submissions`);
      for (const move of moves) {
        const notify = move.events.filter((event) => event.startsWith('notify.')).length;
        if ((outboxOf.get(move.id) ?? 0) !== notify) problems.push(`move ${move.id} (${move.action}) has ${outboxOf.get(move.id) ?? 0} notification jobs for ${notify} events`);
      }
    }
    const open = staysOf.get(project.id) ?? [];
    if (open.length !== 1 || open[0] !== project.stage) problems.push(`open stage stays [${open.join(', ')}] in stage ${project.stage}`);
    if (problems.length > 0) failures.push(`project ${project.id}: ${problems.join('; ')}`);
  }
  return { projects: projects.length, moves: history.length, failures };
}

/** A job by its queue and id. */
export interface JobRef {
  queue: string;
  id: string;
}

/** The jobs active now (taken by a worker, whose lock may belong to a dead process), over every queue. */
export async function activeJobs(redisUrl: string, prefix: string): Promise<JobRef[]> {
  const jobs: JobRef[] = [];
  for (const name of ALL_QUEUES) {
    const queue = new Queue(name, { connection: redisOptionsFromUrl(redisUrl), prefix });
    try {
      for (const job of await queue.getActive()) if (job?.id) jobs.push({ queue: name, id: job.id });
    } finally {
      await queue.close();
    }
  }
  return jobs;
}

export interface JobTimes extends JobRef {
  state: string;
  /** when a worker last took it (ms since the epoch) */
  processedOn?: number;
  finishedOn?: number;
  /** how many times BullMQ found it stalled (its worker's lock expired) */
  stalledCounter: number;
}

/** What became of `jobs`: their state, when they were last taken and finished, their stall count. */
export async function jobTimes(redisUrl: string, prefix: string, jobs: readonly JobRef[]): Promise<JobTimes[]> {
  const queues = new Map<string, Queue>();
  const queueOf = (name: string) => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: redisOptionsFromUrl(redisUrl), prefix });
      queues.set(name, queue);
    }
    return queue;
  };
  try {
    const times: JobTimes[] = [];
    for (const ref of jobs) {
      const queue = queueOf(ref.queue);
      const job = await queue.getJob(ref.id);
      times.push({
        ...ref,
        state: job ? await job.getState() : 'unknown',
        processedOn: job?.processedOn,
        finishedOn: job?.finishedOn,
        stalledCounter: job?.stalledCounter ?? 0,
      });
    }
    return times;
  } finally {
    await Promise.all([...queues.values()].map((queue) => queue.close()));
  }
}
