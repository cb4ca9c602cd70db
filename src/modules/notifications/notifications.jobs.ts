import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { Clock } from '../../platform/clock/clock';
import { HandlesJob } from '../../platform/queue/job-handler';
import { MicroBatcher } from '../../platform/queue/micro-batcher';
import { currentCorrelationId } from '../../platform/logging/correlation';
import { QueueClients } from '../../platform/queue/queue-clients';
import { JobData, JobName, JobPayloads, QueueName } from '../../platform/queue/queue.constants';
import { TokenService } from '../identity/token.service';
import { NotificationKind } from './catalogue';
import { EmailSender } from './email-sender.service';
import { Reminder } from './entities/reminder.entity';
import { Delivery, NotificationsService } from './notifications.service';
import { Recipient, RecipientsRepository } from './recipients';
import { RemindersService } from './reminders.service';

interface ProjectFacts {
  id: string;
  title: string;
  faspId: string | null;
  stage: string;
  round: number;
  outcome: string | null;
  stageDeadline: Date | null;
  callTitle: string;
  organization: string;
}

type Target = 'holder' | 'secretariat' | 'reviewers' | 'lead';

/** Stage-machine events of @fasp/core → who hears about them, with which kind. */
const PROJECT_EVENTS: Record<string, { kind: NotificationKind | ((project: ProjectFacts) => NotificationKind); to: Target; path: (project: ProjectFacts) => string }> = {
  'notify.holder.submitted': { kind: 'dossier_submitted', to: 'holder', path: (p) => `/projects/${p.id}` },
  'notify.secretariat.submitted': { kind: 'dossier_received', to: 'secretariat', path: (p) => `/projects/${p.id}` },
  'notify.holder.resubmitted': { kind: 'dossier_resubmitted', to: 'holder', path: (p) => `/projects/${p.id}` },
  'notify.secretariat.resubmitted': { kind: 'dossier_resubmitted_staff', to: 'secretariat', path: (p) => `/projects/${p.id}` },
  'notify.holder.info_requested': { kind: 'info_requested', to: 'holder', path: (p) => `/projects/${p.id}` },
  'notify.holder.not_admitted': { kind: 'not_admitted', to: 'holder', path: (p) => `/projects/${p.id}` },
  'notify.holder.admitted': { kind: 'admitted', to: 'holder', path: (p) => `/projects/${p.id}` },
  'notify.holder.feedback_released': { kind: (p) => (p.outcome === 'revise' ? 'revision_requested' : 'outcome'), to: 'holder', path: (p) => `/projects/${p.id}/feedback` },
  'notify.holder.published': { kind: 'published', to: 'holder', path: (p) => `/opportunities/${p.faspId}` },
  'notify.secretariat.outcome_proposed': { kind: 'outcome_proposed', to: 'secretariat', path: (p) => `/projects/${p.id}` },
  'notify.secretariat.withdrawn': { kind: 'withdrawn', to: 'secretariat', path: (p) => `/projects/${p.id}` },
  'notify.reviewers.review_started': { kind: 'review_started', to: 'reviewers', path: (p) => `/projects/${p.id}/review` },
  'notify.reviewers.revision_submitted': { kind: 'revision_submitted', to: 'reviewers', path: (p) => `/projects/${p.id}/review` },
  'notify.reviewers.withdrawn': { kind: 'project_withdrawn_reviewer', to: 'reviewers', path: (p) => `/projects/${p.id}` },
  'notify.reviewers.thanks': { kind: 'reviewer_thanks', to: 'reviewers', path: (p) => `/projects/${p.id}` },
  'notify.lead.consolidation_opened': { kind: 'reviews_complete', to: 'lead', path: (p) => `/projects/${p.id}/consolidation` },
  'notify.lead.review_reopened': { kind: 'review_reopened', to: 'lead', path: (p) => `/projects/${p.id}/consolidation` },
};

/**
 * Turns what happened into notifications: events of projects and reviewer seats, account mail,
 * due reminders and the daily digest; and sends the planned emails. Every handler re-reads the
 * facts, so a job run twice plans nothing twice (deliveries are unique per event and person).
 */
@Injectable()
export class NotificationsJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationsJobs.name);
  /** Project events arriving together share a transaction (group commit; see MicroBatcher). */
  private readonly projectEvents = new MicroBatcher((events: Array<JobPayloads[JobName.ProjectEvent] & { correlationId?: string }>) => this.projectEventBatch(events), {
    maxBatch: 128,
    lanes: 2,
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly recipients: RecipientsRepository,
    private readonly reminders: RemindersService,
    private readonly sender: EmailSender,
    private readonly tokens: TokenService,
    private readonly queues: QueueClients,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The daily digest, as a BullMQ job scheduler (upserting is idempotent). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.hasRole('worker')) return;
    const data: JobData<JobName.DailyDigest> = { payload: {} };
    await this.queues.queue(QueueName.Notifications).upsertJobScheduler('daily-digest', { pattern: this.config.digestCron, tz: 'UTC' }, { name: JobName.DailyDigest, data });
  }

  private async project(projectId: string, manager: EntityManager): Promise<ProjectFacts | null> {
    const [facts] = await this.projectsWithMoves([{ projectId, historyId: null }], manager);
    return facts?.project ?? null;
  }

  /**
   * For each (project, move): the project's facts and, in the same query, the move's own record
   * (`historyId`): its reason, the outcome it proposed or released, the deadline it set, its
   * round. Answers in order; null for a project that no longer exists; `move` is null when there
   * is no such record.
   */
  private async projectsWithMoves(
    moves: ReadonlyArray<{ projectId: string; historyId: string | null }>,
    manager: EntityManager,
  ): Promise<Array<{ project: ProjectFacts; move: { reason: string | null; outcome: string | null; deadline: Date | null; round: number } | null } | null>> {
    const rows = await manager.query<Array<ProjectFacts & { at: number; moveFound: boolean; moveReason: string | null; moveOutcome: string | null; moveDeadline: Date | null; moveRound: number }>>(
      `SELECT m.at::int AS at, p.id, p.title, p.fasp_id AS "faspId", p.stage, p.round, p.outcome, p.stage_deadline AS "stageDeadline",
              c.title AS "callTitle", o.name AS organization,
              h.id IS NOT NULL AS "moveFound", h.reason AS "moveReason", h.details ->> 'outcome' AS "moveOutcome",
              (h.details ->> 'deadline')::timestamptz AS "moveDeadline", h.round AS "moveRound"
         FROM unnest($1::uuid[], $2::bigint[]) WITH ORDINALITY AS m (project_id, history_id, at)
         JOIN project p ON p.id = m.project_id JOIN call_for_projects c ON c.id = p.call_id JOIN organization o ON o.id = p.organization_id
         LEFT JOIN project_history h ON h.id = m.history_id`,
      [moves.map((move) => move.projectId), moves.map((move) => move.historyId)],
    );
    const found = new Map(
      rows.map(({ at, moveFound, moveReason, moveOutcome, moveDeadline, moveRound, ...project }) => [
        at,
        { project, move: moveFound ? { reason: moveReason, outcome: moveOutcome, deadline: moveDeadline, round: moveRound } : null },
      ]),
    );
    return moves.map((_, index) => found.get(index + 1) ?? null);
  }

  /** The people each target means for each project, one query per target named. */
  private async audiences(wanted: ReadonlyArray<{ to: Target; projectId: string }>, manager: EntityManager): Promise<(to: Target, projectId: string) => Recipient[]> {
    const named = (to: Target) => [...new Set(wanted.filter((item) => item.to === to).map((item) => item.projectId))];
    const load = async (to: Target, query: (projectIds: string[]) => Promise<Map<string, Recipient[]>>) => {
      const projectIds = named(to);
      return projectIds.length > 0 ? query(projectIds) : new Map<string, Recipient[]>();
    };
    const holders = await load('holder', (projectIds) => this.recipients.holderSides(projectIds, manager));
    const reviewers = await load('reviewers', (projectIds) => this.recipients.reviewersOf(projectIds, false, manager));
    const leads = await load('lead', (projectIds) => this.recipients.reviewersOf(projectIds, true, manager));
    const secretariat = named('secretariat').length > 0 ? await this.recipients.secretariat(manager) : [];
    const byTarget: Record<Target, (projectId: string) => Recipient[]> = {
      holder: (projectId) => holders.get(projectId) ?? [],
      reviewers: (projectId) => reviewers.get(projectId) ?? [],
      lead: (projectId) => leads.get(projectId) ?? [],
      secretariat: () => secretariat,
    };
    return (to, projectId) => byTarget[to](projectId);
  }

  /** An event of a project's stage machine; concurrent ones are handled together (see `projectEventBatch`). */
  @HandlesJob(JobName.ProjectEvent)
  projectEvent(payload: JobPayloads[JobName.ProjectEvent]): Promise<{ inApp: number; emails: number }> {
    return this.projectEvents.submit({ ...payload, correlationId: currentCorrelationId() });
  }

  /**
   * Project events in one transaction: the facts of every project and move in one query, the
   * people of each audience in one query per audience, then every inbox row, email and send job
   * in one statement each. A job's result is its own event's counts.
   */
  private async projectEventBatch(events: ReadonlyArray<JobPayloads[JobName.ProjectEvent] & { correlationId?: string }>): Promise<Array<{ inApp: number; emails: number }>> {
    return this.dataSource.transaction(async (manager) => {
      const known = events.map((event) => ({ event, rule: PROJECT_EVENTS[event.event] })).filter((item) => item.rule !== undefined);
      const facts = await this.projectsWithMoves(
        known.map(({ event }) => event),
        manager,
      );
      const planned = known.flatMap(({ event, rule }, index) => {
        const found = facts[index];
        return found ? [{ event, rule, ...found }] : [];
      });
      const audience = await this.audiences(
        planned.map(({ rule, project }) => ({ to: rule.to, projectId: project.id })),
        manager,
      );
      const deliveries: Delivery[] = planned.map(({ event, rule, project, move }) => {
        // the move's own record: its reason, the outcome it proposed or released (the project
        // keeps only the released one), the deadline it set and its round; the project may have
        // moved on since (a holder who answers within seconds resubmits before this job runs)
        const outcome = move?.outcome ?? project.outcome;
        return {
          eventKey: `project:${event.historyId}:${event.event}`,
          kind: typeof rule.kind === 'function' ? rule.kind({ ...project, outcome }) : rule.kind,
          recipients: audience(rule.to, project.id),
          values: {
            title: project.title,
            faspId: project.faspId ?? '',
            call: project.callTitle,
            organization: project.organization,
            reason: move?.reason ?? '',
            deadline: move?.deadline ?? project.stageDeadline ?? this.clock.now(),
            outcome: { term: 'outcomes', key: outcome ?? '' },
            round: String(move?.round ?? project.round),
          },
          path: rule.path(project),
          correlationId: event.correlationId,
        };
      });
      const delivered = await this.notifications.deliverMany(deliveries, manager);
      const byEvent = new Map(planned.map(({ event }, index) => [event, delivered[index]]));
      return events.map((event) => byEvent.get(event) ?? { inApp: 0, emails: 0 });
    });
  }

  @HandlesJob(JobName.AssignmentEvent)
  async assignmentEvent(payload: JobPayloads[JobName.AssignmentEvent]): Promise<{ inApp: number; emails: number }> {
    return this.dataSource.transaction(async (manager) => {
      const [seat] = await manager.query<Array<{ id: string; projectId: string; reviewerId: string; role: string; status: string; respondBy: Date }>>(
        `SELECT id, project_id AS "projectId", reviewer_id AS "reviewerId", role, status, respond_by AS "respondBy" FROM assignment WHERE id = $1`,
        [payload.assignmentId],
      );
      if (!seat) return { inApp: 0, emails: 0 };
      const project = await this.project(seat.projectId, manager);
      if (!project) return { inApp: 0, emails: 0 };
      const [reviewer] = await this.recipients.users([seat.reviewerId], manager);
      if (payload.event === 'accepted') {
        // Entering review plans the reminders of the seats accepted by then; a seat accepted later gets its own here.
        if (seat.status === 'accepted' && project.stage === 'review' && project.stageDeadline && reviewer) {
          await this.reminders.scheduleForStage(project.id, 'review', project.stageDeadline, manager, reviewer);
        }
        return { inApp: 0, emails: 0 };
      }
      const kinds: Record<string, { kind: NotificationKind; to: 'reviewer' | 'secretariat' }> = {
        invited: { kind: 'reviewer_invited', to: 'reviewer' },
        expired: { kind: 'invitation_expired', to: 'secretariat' },
        removed: { kind: 'assignment_removed', to: 'reviewer' },
        cancelled: { kind: 'invitation_cancelled', to: 'reviewer' },
      };
      const rule = kinds[payload.event];
      if (payload.event === 'invited' && seat.status === 'invited' && reviewer) {
        await this.reminders.scheduleInvitationReminder(seat, reviewer.timeZone, manager);
      }
      const recipients = rule.to === 'reviewer' ? (reviewer ? [reviewer] : []) : await this.recipients.secretariat(manager);
      return this.notifications.deliver(
        {
          eventKey: `assignment:${seat.id}:${payload.event}`,
          kind: rule.kind,
          recipients,
          values: {
            title: project.title,
            faspId: project.faspId ?? '',
            deadline: seat.respondBy,
            role: { term: 'roles', key: seat.role },
            reviewer: reviewer?.name ?? '',
          },
          path: rule.to === 'reviewer' ? `/assignments/${seat.id}` : `/projects/${project.id}`,
        },
        manager,
      );
    });
  }

  @HandlesJob(JobName.PasswordResetEmail)
  passwordReset(payload: JobPayloads[JobName.PasswordResetEmail]): Promise<{ inApp: number; emails: number }> {
    return this.accountMail('password_reset', payload, '/password-reset');
  }

  @HandlesJob(JobName.AccountInvitationEmail)
  accountInvitation(payload: JobPayloads[JobName.AccountInvitationEmail]): Promise<{ inApp: number; emails: number }> {
    return this.accountMail('account_invitation', payload, '/account/setup');
  }

  private async accountMail(kind: 'password_reset' | 'account_invitation', payload: { userId: string; tokenId: string }, path: string): Promise<{ inApp: number; emails: number }> {
    return this.dataSource.transaction(async (manager) => {
      const [token] = await manager.query<Array<{ expiresAt: Date; usedAt: Date | null }>>(
        'SELECT expires_at AS "expiresAt", used_at AS "usedAt" FROM password_token WHERE id = $1',
        [payload.tokenId],
      );
      // a link already used or expired is not worth sending
      if (!token || token.usedAt || token.expiresAt.getTime() <= this.clock.now().getTime()) return { inApp: 0, emails: 0 };
      const recipients = await this.recipients.users([payload.userId], manager);
      const [roles] = await manager.query<Array<{ roles: string[] }>>('SELECT roles FROM user_account WHERE id = $1', [payload.userId]);
      return this.notifications.deliver(
        {
          eventKey: `${kind}:${payload.tokenId}`,
          kind,
          recipients,
          values: { expires: { dateTime: token.expiresAt }, roles: (roles?.roles ?? []).join(', ') },
          path: `${path}?token=${encodeURIComponent(this.tokens.passwordTokenString(payload.tokenId))}`,
        },
        manager,
      );
    });
  }

  /** A reminder is due: send it if its task is still open, else mark it skipped. */
  @HandlesJob(JobName.ReminderDue)
  async reminderDue(payload: JobPayloads[JobName.ReminderDue]): Promise<{ status: string }> {
    return this.dataSource.transaction(async (manager) => {
      const reminder = await manager.getRepository(Reminder).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id: payload.reminderId }).getOne();
      if (!reminder || reminder.status !== 'pending') return { status: reminder?.status ?? 'missing' };
      if (reminder.dueAt.getTime() > this.clock.now().getTime() + 1000) throw new Error(`reminder ${reminder.id} is not due before ${reminder.dueAt.toISOString()}`);
      const project = await this.project(reminder.projectId, manager);
      const open = project ? await this.stillOpen(reminder, project, manager) : false;
      reminder.firedAt = this.clock.now();
      if (!open || !project) {
        reminder.status = 'skipped';
        await manager.getRepository(Reminder).save(reminder);
        return { status: 'skipped' };
      }
      const recipients =
        reminder.userId && reminder.kind === 'review_overdue_escalation'
          ? await this.recipients.secretariat(manager)
          : reminder.userId
            ? await this.recipients.users([reminder.userId], manager)
            : reminder.audience === 'holder'
              ? await this.recipients.holderSide(project.id, manager)
              : await this.recipients.secretariat(manager);
      const [reviewer] = reminder.userId ? await this.recipients.users([reminder.userId], manager) : [];
      await this.notifications.deliver(
        {
          eventKey: `reminder:${reminder.id}`,
          kind: reminder.kind as NotificationKind,
          recipients,
          values: {
            title: project.title,
            faspId: project.faspId ?? '',
            deadline: reminder.deadline,
            stage: { term: 'stages', key: reminder.stage },
            reviewer: reviewer?.name ?? '',
          },
          path: reminder.assignmentId ? `/assignments/${reminder.assignmentId}` : `/projects/${project.id}`,
        },
        manager,
      );
      reminder.status = 'sent';
      await manager.getRepository(Reminder).save(reminder);
      return { status: 'sent' };
    });
  }

  /** Still worth saying: the project is where it was (same stage and deadline) and the person still owes the task. */
  private async stillOpen(reminder: Reminder, project: ProjectFacts, manager: EntityManager): Promise<boolean> {
    if (reminder.assignmentId) {
      const [seat] = await manager.query<Array<{ status: string; respondBy: Date }>>('SELECT status, respond_by AS "respondBy" FROM assignment WHERE id = $1', [reminder.assignmentId]);
      return seat?.status === 'invited' && seat.respondBy.getTime() === reminder.deadline.getTime();
    }
    if (project.stage !== reminder.stage || project.stageDeadline?.getTime() !== reminder.deadline.getTime()) return false;
    if (reminder.userId && reminder.stage === 'review') {
      const [pending] = await manager.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM assignment a
          WHERE a.project_id = $1 AND a.reviewer_id = $2 AND a.status = 'accepted'
            AND NOT EXISTS (SELECT 1 FROM review r WHERE r.assignment_id = a.id AND r.round = $3 AND r.status = 'submitted')`,
        [project.id, reminder.userId, project.round],
      );
      return pending.n > 0;
    }
    return true;
  }

  /** The secretariat's daily summary: new submissions, overdue items, runs needing attention. */
  @HandlesJob(JobName.DailyDigest)
  async digest(payload: JobPayloads[JobName.DailyDigest]): Promise<{ inApp: number; emails: number }> {
    const now = this.clock.now();
    const date = payload.date ?? now.toISOString().slice(0, 10);
    return this.dataSource.transaction(async (manager) => {
      const [counts] = await manager.query<Array<{ submissions: number; overdue: number }>>(
        `SELECT (SELECT count(*)::int FROM project WHERE submitted_at > $1::timestamptz - interval '1 day') AS submissions,
                (SELECT count(*)::int FROM project WHERE stage_deadline < $1::timestamptz AND stage IN ('submitted', 'info_requested', 'assignment', 'review', 'consolidation', 'revision')) AS overdue`,
        [now],
      );
      const attention = await manager.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM assignment_run WHERE created_at > $1::timestamptz - interval '1 day'
            AND (status = 'failed' OR jsonb_array_length(COALESCE(result -> 'shortfalls', '[]'::jsonb)) > 0)`,
        [now],
      );
      const wanting = await this.recipients.secretariat(manager);
      const optedOut = new Set(
        (await manager.query<Array<{ user_id: string }>>('SELECT user_id FROM notification_preference WHERE NOT digest')).map((row) => row.user_id),
      );
      const recipients = wanting.filter((recipient) => !optedOut.has(recipient.id));
      return this.notifications.deliver(
        {
          eventKey: `digest:${date}`,
          kind: 'daily_digest',
          recipients,
          values: { date, submissions: String(counts.submissions), overdue: String(counts.overdue), attention: String(attention[0].n) },
          path: '/pipeline',
        },
        manager,
      );
    });
  }

  @HandlesJob(JobName.EmailSend)
  send(payload: JobPayloads[JobName.EmailSend], job: Job): Promise<{ status: string }> {
    return this.sender.send(payload.deliveryId, job);
  }
}
