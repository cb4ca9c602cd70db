import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { FrameworkVersion } from '../../criteria/entities/framework-version.entity';

export type CallStatus = 'draft' | 'open' | 'closed' | 'archived';

/** Days allowed at each stage; they set deadlines, reminders and overdue flags. */
export interface DeadlinePolicy {
  eligibilityDays: number;
  invitationDays: number;
  reviewDays: number;
  revisionDays: number;
}

export const DEFAULT_DEADLINES: DeadlinePolicy = { eligibilityDays: 14, invitationDays: 5, reviewDays: 21, revisionDays: 30 };

/** A yearly call for projects, bound to one published version of the criteria framework. */
@Entity('call_for_projects')
@Index('call_created_idx', ['createdAt', 'id'])
@Index('call_status_idx', ['status'])
export class Call {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('int')
  year: number;

  @Column('text', { default: '' })
  description: string;

  @Column('uuid')
  frameworkId: string;

  @ManyToOne(() => FrameworkVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'framework_id' })
  framework?: Relation<FrameworkVersion>;

  @Column('timestamptz')
  opensAt: Date;

  @Column('timestamptz')
  closesAt: Date;

  /** K: reviewers per project, at least one of them an STC member (the lead) */
  @Column('int', { default: 2 })
  reviewersPerProject: number;

  @Column('int', { default: 2 })
  maxRounds: number;

  @Column('jsonb')
  deadlines: DeadlinePolicy;

  /** when reviewers diverge, automatically invite one more */
  @Column('boolean', { default: false })
  divergenceAutoInvite: boolean;

  @Column('text', { array: true })
  languages: string[];

  @Column('int', { array: true })
  modalities: number[];

  @Column('text', { default: 'draft' })
  status: CallStatus;

  @Column('timestamptz', { nullable: true })
  openedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @VersionColumn()
  version: number;

  /** millisecond precision, like the cursors that page on it */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
