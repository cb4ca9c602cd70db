import type { Affinity } from '@fasp/matching';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { User } from '../../identity/entities/user.entity';
import { Project } from '../../projects/entities/project.entity';

export type AssignmentStatus = 'invited' | 'accepted' | 'declined' | 'expired' | 'removed' | 'cancelled' | 'completed';
export type AssignmentRole = 'lead' | 'member';
export type AssignmentSource = 'run' | 'manual';

/** Statuses in which a reviewer holds a seat on the project. */
export const ACTIVE_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['invited', 'accepted', 'completed'];

/**
 * SQL: whether seat `seat` (of project `project`) takes up its reviewer's capacity in the call.
 * A completed review always does; an invitation or an accepted seat does while its project is
 * still under way: once the holder withdraws it, the work will not be done (open invitations
 * are cancelled then; accepted seats stay, so that their reviewers are told and the record
 * keeps who was on it). `statuses` narrows the seats counted besides completed ones.
 */
export function seatTakesCapacity(seat: string, project: string, statuses: ReadonlyArray<'invited' | 'accepted'> = ['invited', 'accepted']): string {
  const open = statuses.map((status) => `'${status}'`).join(', ');
  return `(${seat}.status = 'completed' OR (${seat}.status IN (${open}) AND ${project}.stage <> 'withdrawn'))`;
}

/**
 * A reviewer's seat on a project: an invitation, then (once accepted) the assignment itself. A
 * reviewer never holds two active seats on one project (unique index); a declined, expired or
 * removed seat stays as a record and excludes the reviewer from later top-ups.
 */
@Entity('assignment')
@Index('assignment_project_idx', ['projectId', 'status'])
@Index('assignment_reviewer_idx', ['reviewerId', 'status'])
// Expired invitations in the overdue list's order (answer deadline, project, reviewer).
@Index('assignment_invited_due_idx', ['respondBy', 'projectId', 'reviewerId'], { where: `status = 'invited'` })
// The accepted seats of a project, their reviewers and the round of their latest submitted
// review, read without visiting the table (overdue reviews).
@Index('assignment_accepted_idx', ['projectId', 'id', 'reviewerId', 'reviewSubmittedRound'], { where: `status = 'accepted'` })
@Index('assignment_call_reviewer_idx', ['callId', 'reviewerId'])
@Index('assignment_active_uq', ['projectId', 'reviewerId'], { unique: true, where: `status IN ('invited', 'accepted', 'completed')` })
export class Assignment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id' })
  project?: Relation<Project>;

  @Column('uuid')
  callId: string;

  @Column('uuid')
  reviewerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer?: Relation<User>;

  @Column('text')
  role: AssignmentRole;

  @Column('text', { default: 'invited' })
  status: AssignmentStatus;

  @Column('text')
  source: AssignmentSource;

  @Column('uuid', { nullable: true })
  runId: string | null;

  /** why this reviewer: the affinity, term by term */
  @Column('jsonb')
  explanation: Affinity;

  /**
   * The latest round whose review of this seat is submitted (null: none). Kept by the database
   * (a trigger on review, PipelineScale migration), never written by the engine: the overdue
   * list tells a missing review from the seat alone.
   */
  @Column({ type: 'integer', nullable: true, insert: false, update: false })
  reviewSubmittedRound: number | null;

  /** answer the invitation before this instant */
  @Column('timestamptz')
  respondBy: Date;

  @Column('timestamptz', { nullable: true })
  respondedAt: Date | null;

  @Column('text', { nullable: true })
  declineReason: string | null;

  /** who assigned by hand (null for a run) */
  @Column('uuid', { nullable: true })
  assignedById: string | null;

  /** the secretariat's reason for a manual assignment, removal, or a conflict it overrode */
  @Column('text', { nullable: true })
  note: string | null;

  @Column('boolean', { default: false })
  conflictOverridden: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
