import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { Clock } from '../../platform/clock/clock';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { QueueClients } from '../../platform/queue/queue-clients';
import { JobName, QueueName } from '../../platform/queue/queue.constants';
import { WorkflowService } from '../workflow/workflow.service';
import { NotificationKind } from './catalogue';
import { Reminder } from './entities/reminder.entity';
import { RecipientsRepository } from './recipients';

const DAY_MS = 24 * 3600 * 1000;

/** The next 09:00 in the person's time zone at or after `instant` (the instant itself without a zone). */
export function nextMorning(instant: Date, timeZone: string | null): Date {
  if (!timeZone) return instant;
  const parts = (date: Date) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(date)
        .map((part) => [part.type, part.value]),
    ) as Record<string, string>;
  // the offset of the zone on that day, to turn "09:00 local" into an instant
  const local = parts(instant);
  const offsetMs = Date.UTC(+local.year, +local.month - 1, +local.day, +local.hour, +local.minute) - Math.floor(instant.getTime() / 60000) * 60000;
  let candidate = new Date(Date.UTC(+local.year, +local.month - 1, +local.day, 9, 0) - offsetMs);
  if (candidate.getTime() < instant.getTime()) candidate = new Date(candidate.getTime() + DAY_MS);
  return candidate;
}

interface Plan {
  kind: NotificationKind;
  offsetMs: number;
  /** 'reviewers' (each with an accepted seat and no submitted review), 'holder' or 'secretariat' */
  to: 'reviewers' | 'holder' | 'secretariat';
}

/** What is reminded, relative to the deadline of each stage. */
const PLANS: Record<string, Plan[]> = {
  submitted: [{ kind: 'stage_overdue', offsetMs: 0, to: 'secretariat' }],
  info_requested: [
    { kind: 'revision_due_soon', offsetMs: -2 * DAY_MS, to: 'holder' },
    { kind: 'stage_overdue', offsetMs: 0, to: 'secretariat' },
  ],
  review: [
    { kind: 'review_due_soon', offsetMs: -7 * DAY_MS, to: 'reviewers' },
    { kind: 'review_due_soon', offsetMs: -1 * DAY_MS, to: 'reviewers' },
    { kind: 'review_overdue', offsetMs: 0, to: 'reviewers' },
    { kind: 'review_overdue_escalation', offsetMs: 2 * DAY_MS, to: 'reviewers' },
  ],
  consolidation: [{ kind: 'stage_overdue', offsetMs: 0, to: 'secretariat' }],
  revision: [
    { kind: 'revision_due_soon', offsetMs: -7 * DAY_MS, to: 'holder' },
    { kind: 'revision_due_soon', offsetMs: -1 * DAY_MS, to: 'holder' },
    { kind: 'stage_overdue', offsetMs: 0, to: 'secretariat' },
  ],
};

/**
 * Reminders and escalations: stored in PostgreSQL when a deadline is set, fired by delayed jobs,
 * checked again when they fire, and queued again from PostgreSQL at every worker start.
 */
@Injectable()
export class RemindersService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: WorkflowService,
    private readonly recipients: RecipientsRepository,
    private readonly outbox: OutboxService,
    private readonly queues: QueueClients,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.workflow.registerEffect('deadline.set', {
      phase: 'record',
      run: async ({ project, to, manager }) => {
        if (project.stageDeadline) await this.scheduleForStage(project.id, to, project.stageDeadline, manager);
      },
    });
  }

  /** Worker start: every pending reminder goes back to the queue (a no-op for those still there). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.hasRole('worker')) return;
    const requeued = await this.requeuePending();
    if (requeued > 0) this.logger.log({ msg: 'pending reminders queued again', count: requeued });
  }

  async requeuePending(): Promise<number> {
    const pending = await this.dataSource.getRepository(Reminder).find({ where: { status: 'pending' }, order: { dueAt: 'ASC' } });
    const now = Date.now();
    await this.queues.addBulk(
      QueueName.Notifications,
      pending.map((reminder) => ({
        name: JobName.ReminderDue,
        data: { payload: { reminderId: reminder.id } },
        opts: { jobId: `reminder-${reminder.id}`, delay: Math.max(0, reminder.dueAt.getTime() - now) },
      })),
    );
    return pending.length;
  }

  async scheduleForStage(projectId: string, stage: string, deadline: Date, manager: EntityManager): Promise<void> {
    for (const plan of PLANS[stage] ?? []) {
      const nominal = new Date(deadline.getTime() + plan.offsetMs);
      if (plan.to === 'reviewers') {
        // one per reviewer: each gets it at 09:00 in their own time zone
        for (const reviewer of await this.recipients.reviewers(projectId, false, manager)) {
          await this.insert({ kind: plan.kind, projectId, userId: reviewer.id, audience: null, stage, deadline, dueAt: nextMorning(nominal, reviewer.timeZone) }, manager);
        }
      } else {
        await this.insert({ kind: plan.kind, projectId, userId: null, audience: plan.to, stage, deadline, dueAt: nominal }, manager);
      }
    }
  }

  /** The reminder of an unanswered invitation, the day before it expires. */
  async scheduleInvitationReminder(assignment: { id: string; projectId: string; reviewerId: string; respondBy: Date }, timeZone: string | null, manager: EntityManager): Promise<void> {
    const nominal = new Date(assignment.respondBy.getTime() - DAY_MS);
    if (nominal.getTime() <= this.clock.now().getTime()) return;
    await this.insert(
      { kind: 'invitation_reminder', projectId: assignment.projectId, assignmentId: assignment.id, userId: assignment.reviewerId, audience: null, stage: 'assignment', deadline: assignment.respondBy, dueAt: nextMorning(nominal, timeZone) },
      manager,
    );
  }

  private async insert(row: Omit<Reminder, 'id' | 'key' | 'status' | 'firedAt' | 'createdAt' | 'assignmentId'> & { assignmentId?: string | null }, manager: EntityManager): Promise<void> {
    const key = [row.kind, row.projectId, row.assignmentId ?? '', row.userId ?? row.audience ?? '', row.stage, row.deadline.toISOString(), row.dueAt.toISOString()].join('|');
    const inserted = await manager.query<Array<{ id: string }>>(
      `INSERT INTO reminder (key, kind, project_id, assignment_id, user_id, audience, stage, deadline, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (key) DO NOTHING RETURNING id`,
      [key, row.kind, row.projectId, row.assignmentId ?? null, row.userId, row.audience, row.stage, row.deadline, row.dueAt],
    );
    for (const { id } of inserted) {
      await this.outbox.record(manager, { name: JobName.ReminderDue, payload: { reminderId: id }, dueAt: row.dueAt, dedupeKey: `reminder:${id}` });
    }
  }
}
