import type { Dossier } from '@fasp/core';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Call } from '../../calls/entities/call.entity';
import { Organization } from '../../identity/entities/organization.entity';
import { User } from '../../identity/entities/user.entity';

/** Dossier fields kept in the `dossier` JSON document (the others are columns, for filtering and grouping). */
export type DossierDocument = Omit<Dossier, 'title' | 'modality' | 'countries' | 'location'> & {
  /** GeoJSON, checked on input by @fasp/core's locationProblems */
  readonly location?: Record<string, unknown> | null;
};

/**
 * A project: its dossier, and where it stands in the workflow. `version` increases with every
 * change (an edit or a transition), so clients send the version they read and a stale write is
 * refused. Region and college are copied from the organisation at creation, for the pipeline.
 */
@Entity('project')
@Index('project_call_created_idx', ['callId', 'createdAt', 'id'])
@Index('project_stage_created_idx', ['stage', 'createdAt', 'id'])
@Index('project_organization_created_idx', ['organizationId', 'createdAt', 'id'])
@Index('project_holder_idx', ['holderId'])
@Index('project_created_idx', ['createdAt', 'id'])
@Index('project_region_idx', ['region', 'stage'])
@Index('project_college_idx', ['college', 'stage'])
@Index('project_title_search_idx', { synchronize: false })
// Overdue projects in deadline order, with what the pipeline counts and filters on (stage, call,
// round of the review) in the index itself, so that those scans never visit the table.
@Index('project_deadline_idx', ['stageDeadline', 'id', 'stage', 'callId', 'round'], {
  where: `stage IN ('submitted', 'info_requested', 'assignment', 'review', 'consolidation', 'revision')`,
})
export class Project {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  callId: string;

  @ManyToOne(() => Call, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'call_id' })
  call?: Relation<Call>;

  /** FASP-<call year>-<4 digits>, given at first submission */
  @Column('text', { nullable: true, unique: true })
  faspId: string | null;

  @Column('text', { default: 'draft' })
  stage: string;

  @Column('int', { default: 1 })
  version: number;

  /** review round (1, then 2... after each revision) */
  @Column('int', { default: 1 })
  round: number;

  /** who created the dossier */
  @Column('uuid')
  holderId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'holder_id' })
  holder?: Relation<User>;

  @Column('uuid')
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<Organization>;

  @Column('text')
  region: string;

  @Column('text')
  college: string;

  @Column('text')
  title: string;

  /** language the dossier is written in */
  @Column('text')
  language: string;

  @Column('int', { nullable: true })
  modality: number | null;

  @Column('text', { array: true, default: () => "'{}'" })
  countries: string[];

  @Column('jsonb', { default: () => "'{}'" })
  dossier: DossierDocument;

  /** the holder's statement per criterion code of the call's framework */
  @Column('jsonb', { default: () => "'{}'" })
  statements: Record<string, string>;

  /** the holder agrees to publication as an investment opportunity if the outcome is positive */
  @Column('boolean', { default: false })
  consentToPublish: boolean;

  /** budget figures may appear on the public page */
  @Column('boolean', { default: false })
  publishBudget: boolean;

  @Column('timestamptz')
  stageEnteredAt: Date;

  /** when the current stage's task is due (from the call's deadline policy); null when none */
  @Column('timestamptz', { nullable: true })
  stageDeadline: Date | null;

  @Column('timestamptz', { nullable: true })
  submittedAt: Date | null;

  /** released outcome of the last round: positive, not_positive or revise */
  @Column('text', { nullable: true })
  outcome: string | null;

  /** reviewers invited beyond K after reviews diverged, over all rounds (their seats stay on the project) */
  @Column('int', { default: 0 })
  extraReviewers: number;

  /** every stage the project has been in (the pipeline's funnel counts from it) */
  @Column('text', { array: true, default: () => "'{}'" })
  reachedStages: string[];

  /** when it became a public investment opportunity */
  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;

  /** millisecond precision, like the cursors that page on it */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
