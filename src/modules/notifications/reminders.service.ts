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

/** The calendar day and time of day an instant shows in a time zone. */
function wallClock(instant: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute };
}

/** The instant the clocks of a time zone show 09:00 on a calendar day (with that day's offset, daylight saving included). */
function nineOClock(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, 9, 0);
  let guess = wall;
  // two corrections: the offset at the first guess, then at the instant it gives (they differ on a change day)
  for (let step = 0; step < 2; step++) {
    const shown = wallClock(new Date(guess), timeZone);
    guess -= Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute) - wall;
  }
  return new Date(guess);
}

/** The next 09:00 in the person's time zone at or after `instant` (the instant itself without a zone). */
export function nextMorning(instant: Date, timeZone: string | null): Date {
  if (!timeZone) return instant;
  const today = wallClock(instant, timeZone);
  const morning = nineOClock(today.year, today.month, today.day, timeZone);
  if (morning.getTime() >= instant.getTime()) return morning;
  const tomorrow = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
  return nineOClock(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth() + 1, tomorrow.getUTCDate(), timeZone);
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

  /** The reminders of a stage's deadline; with `onlyReviewer`, just that reviewer's (a seat accepted late). */
  async scheduleForStage(projectId: string, stage: string, deadline: Date, manager: EntityManager, onlyReviewer?: { id: string; timeZone: string | null }): Promise<void> {
    for (const plan of PLANS[stage] ?? []) {
      if (onlyReviewer && plan.to !== 'reviewers') continue;
      const nominal = new Date(deadline.getTime() + plan.offsetMs);
      if (plan.to === 'reviewers') {
        // one per reviewer: each gets it at 09:00 in their own time zone
        for (const reviewer of onlyReviewer ? [onlyReviewer] : await this.recipients.reviewers(projectId, false, manager)) {
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
