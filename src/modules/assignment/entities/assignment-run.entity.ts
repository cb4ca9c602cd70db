import type { MatchingTotals, Shortfall } from '@fasp/matching';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AssignmentRunStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface RunProjectResult {
  projectId: string;
  slots: number;
  invited: Array<{ assignmentId: string; reviewerId: string; role: 'lead' | 'member'; affinity: unknown }>;
}

export interface RunResult {
  projects: RunProjectResult[];
  shortfalls: Shortfall[];
  totals: MatchingTotals;
  solveMs: number;
  greedyObjective?: number;
}

/**
 * One solve of the assignment for a call: the whole call, or some projects (top-ups). At most
 * one run per call waits in the queue (a new request joins it), and runs of one call never
 * overlap (an advisory lock).
 */
@Entity('assignment_run')
@Index('assignment_run_queued_uq', ['callId'], { unique: true, where: `status = 'queued'` })
@Index('assignment_run_call_idx', ['callId', 'createdAt'])
export class AssignmentRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  callId: string;

  @Column('text', { default: 'queued' })
  status: AssignmentRunStatus;

  /** secretariat, admission, top_up */
  @Column('text')
  trigger: string;

  @Column('uuid', { nullable: true })
  requestedById: string | null;

  /** the projects to serve; null: every project of the call waiting for reviewers */
  @Column('uuid', { array: true, nullable: true })
  projectIds: string[] | null;

  @Column('jsonb', { nullable: true })
  result: RunResult | null;

  @Column('text', { nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
