import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const SECURITY_ACTIONS = [
  'login.success',
  'login.failure',
  'login.rate_limited',
  'refresh.reuse_detected',
  'logout',
  'password.changed',
  'password.reset_requested',
  'password.reset_completed',
  'user.created',
  'user.roles_changed',
  'user.deactivated',
  'user.reactivated',
  'user.membership_changed',
] as const;
export type SecurityAction = (typeof SECURITY_ACTIONS)[number];

/** Append-only record of sign-ins and account changes (the table refuses UPDATE and DELETE). */
@Entity('security_event')
@Index('security_event_created_idx', ['createdAt', 'id'])
@Index('security_event_subject_idx', ['subjectUserId', 'createdAt'])
export class SecurityEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** millisecond precision, like the cursors that page on it */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column('text')
  action: SecurityAction;

  /** who did it (null: anonymous or the system) */
  @Column('uuid', { nullable: true })
  actorUserId: string | null;

  /** whose account it concerns */
  @Column('uuid', { nullable: true })
  subjectUserId: string | null;

  /** the email given, for failed sign-ins of unknown accounts */
  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  details: Record<string, unknown>;
}
