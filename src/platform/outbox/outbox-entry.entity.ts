import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One side effect recorded in the same transaction as the state change that caused it. The
 * relay turns it into a BullMQ job whose id is this row's id, then stamps `dispatchedAt`.
 */
@Entity('outbox')
@Index('outbox_pending_idx', ['createdAt'], { where: 'dispatched_at IS NULL' })
@Index('outbox_dispatched_idx', ['dispatchedAt'], { where: 'dispatched_at IS NOT NULL' })
export class OutboxEntry {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  queue: string;

  @Column('text')
  jobName: string;

  @Column('jsonb')
  payload: unknown;

  /** When the job should run; the relay adds it to BullMQ as a delayed job until then. */
  @Column('timestamptz', { default: () => 'now()' })
  dueAt: Date;

  /** Recording the same key twice keeps the first row only. */
  @Column('text', { nullable: true, unique: true })
  dedupeKey: string | null;

  @Column('text', { nullable: true })
  correlationId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  dispatchedAt: Date | null;

  /** Failed dispatch attempts (Redis unreachable, for instance). */
  @Column('int', { default: 0 })
  failedAttempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;
}
