import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Call } from '../../src/modules/calls/entities/call.entity';
import { NotificationKind } from '../../src/modules/notifications/catalogue';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { Recipient, RecipientsRepository } from '../../src/modules/notifications/recipients';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { WorkflowService } from '../../src/modules/workflow/workflow.service';
import { AccountOptions, createAccount, createHolder, TestAccount } from './accounts';
import { createOpenCall } from './calls';
import { authUserOf, createSubmittedProject } from './projects';
import { acceptAs, createReviewer, retireReviewers, TestHolder } from './reviewers';
import { ReceivedMail } from './smtp';
import { TestEngine, waitForQueuesIdle } from './test-engine';

/** Helpers for the notification suites: inbox reads, deliveries, links found in emails. */

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  unreadCount: number;
}

/** GET /api/me/notifications as `account` (expects 200). */
export async function inboxOf(engine: TestEngine, account: Pick<TestAccount, 'bearer'>, query: Record<string, string | number | boolean> = {}): Promise<InboxPage> {
  const res = await request(engine.url).get('/api/me/notifications').query(query).set('authorization', account.bearer);
  if (res.status !== 200) throw new Error(`inbox answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as InboxPage;
}

/** The people as the planner sees them (name, email, language, time zone). */
export async function recipientsOf(engine: TestEngine, ...accounts: Array<Pick<TestAccount, 'id'>>): Promise<Recipient[]> {
  const found = await engine.get(RecipientsRepository).users(accounts.map((account) => account.id));
  return accounts.map((account) => {
    const recipient = found.find((candidate) => candidate.id === account.id);
    if (!recipient) throw new Error(`no active account ${account.id}`);
    return recipient;
  });
}

/** Plans one `admitted` notification for each account, in its own transaction (a fresh event each call). */
export async function deliverAdmitted(engine: TestEngine, accounts: Array<Pick<TestAccount, 'id'>>, faspId: string, path: string): Promise<{ inApp: number; emails: number }> {
  return engine.get(NotificationsService).deliverNow({
    eventKey: `test:${randomBytes(6).toString('hex')}`,
    kind: 'admitted' satisfies NotificationKind,
    recipients: await recipientsOf(engine, ...accounts),
    values: { title: `Soil project ${faspId}`, faspId },
    path,
  });
}

/** The "Open in FASP" link of an email (plain-text part), checked against the HTML button. */
export function linkIn(mail: ReceivedMail): string {
  const links = [...mail.text.matchAll(/: (https?:\/\/\S+)/g)].map((match) => match[1]);
  if (links.length !== 1) throw new Error(`expected one link in "${mail.subject}", found ${links.length}: ${mail.text}`);
  const href = /<a href="([^"]+)"/.exec(mail.html)?.[1]?.replace(/&amp;/g, '&');
  if (href !== links[0]) throw new Error(`the HTML button (${href}) and the text link (${links[0]}) differ`);
  return links[0];
}

/** The kinds each address received, sorted, for multiset comparisons. */
export function kindsReceivedBy(messages: ReceivedMail[], email: string): string[] {
  return messages
    .filter((message) => message.to.includes(email))
    .map((message) => message.kind ?? '?')
    .sort();
}

export interface Seat {
  reviewer: TestAccount;
  assignmentId: string;
  role: 'lead' | 'member';
  respondBy: Date;
}

export interface InvitedReviewers {
  call: Call;
  project: Project;
  holder: TestHolder;
  secretariat: TestAccount;
  /** in the order of `reviewers` given (the first is the STC member, hence the lead) */
  seats: Seat[];
}

/**
 * A dossier submitted, admitted and assigned by a real run to exactly the reviewers described
 * (their language and time zone chosen here, before any notification or reminder is planned);
 * with `accept`, every seat is accepted and the project is in review. Reviewers created before
 * are made unavailable, so the seats go to these ones.
 */
export async function inviteReviewers(engine: TestEngine, reviewers: AccountOptions[], options: { accept?: boolean; holder?: AccountOptions } = {}): Promise<InvitedReviewers> {
  await retireReviewers(engine);
  const call = await createOpenCall(engine, { reviewersPerProject: reviewers.length, maxRounds: 2, divergenceAutoInvite: false });
  const secretariat = await createAccount(engine, { roles: ['secretariat'] });
  const accounts: TestAccount[] = [];
  for (const [index, account] of reviewers.entries()) {
    accounts.push(await createReviewer(engine, { stcMember: index === 0, languages: ['en', 'fr', 'es'], practices: ['agroforestry'], capacityPerCall: 5 }, account));
  }
  const holder = await createHolder(engine, options.holder);
  const submitted = await createSubmittedProject(engine, holder, call.id);
  await engine.get(WorkflowService).transition({ kind: 'user', user: await authUserOf(secretariat, engine) }, { projectId: submitted.id, action: 'admit', expectedVersion: submitted.version });
  await waitForQueuesIdle(engine);
  const rows: Array<{ id: string; reviewerId: string; role: 'lead' | 'member'; respondBy: Date }> = await engine.dataSource.query(
    `SELECT id, reviewer_id AS "reviewerId", role, respond_by AS "respondBy" FROM assignment WHERE project_id = $1 AND status = 'invited'`,
    [submitted.id],
  );
  const seats = accounts.map((reviewer) => {
    const row = rows.find((candidate) => candidate.reviewerId === reviewer.id);
    if (!row) throw new Error(`reviewer ${reviewer.email} was not invited`);
    return { reviewer, assignmentId: row.id, role: row.role, respondBy: row.respondBy };
  });
  if (options.accept) {
    for (const seat of seats) await acceptAs(engine, seat.reviewer, seat.assignmentId).expect(200);
    await waitForQueuesIdle(engine);
  }
  const project = await engine.dataSource.getRepository(Project).findOneByOrFail({ id: submitted.id });
  if (options.accept && project.stage !== 'review') throw new Error(`expected review, got ${project.stage}`);
  return { call, project, holder, secretariat, seats };
}

/** The time of day (HH:MM) of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}
