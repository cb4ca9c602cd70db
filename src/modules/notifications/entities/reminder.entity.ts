import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ReminderStatus = 'pending' | 'sent' | 'skipped';

/**
 * A reminder or escalation due at a time, kept in PostgreSQL (so a lost Redis loses none: at
 * worker start the pending ones are queued again). When it fires it checks the task is still
 * open (same stage and deadline, review not submitted, invitation unanswered), else it is skipped.
 */
@Entity('reminder')
@Index('reminder_key_uq', ['key'], { unique: true })
@Index('reminder_pending_idx', ['dueAt'], { where: `status = 'pending'` })
@Index('reminder_project_idx', ['projectId'])
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  key: string;

  /** a notification kind */
  @Column('text')
  kind: string;

  @Column('uuid')
  projectId: string;

  @Column('uuid', { nullable: true })
  assignmentId: string | null;

  /** one person, or null for an audience resolved when it fires (the secretariat, the holder's side) */
  @Column('uuid', { nullable: true })
  userId: string | null;

  @Column('text', { nullable: true })
  audience: string | null;

  /** the stage and deadline it was set for: a project that moved on skips it */
  @Column('text')
  stage: string;

  @Column('timestamptz')
  deadline: Date;

  @Column('timestamptz')
  dueAt: Date;

  @Column('text', { default: 'pending' })
  status: ReminderStatus;

  @Column('timestamptz', { nullable: true })
  firedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
