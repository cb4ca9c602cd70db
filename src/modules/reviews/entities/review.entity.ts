import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Assignment } from '../../assignment/entities/assignment.entity';

/** One reviewer's rating of one criterion, with what they write about it. */
export interface ReviewRating {
  /** 0-4, or 'n/a' where the criterion allows it; null: not rated yet */
  score?: number | 'n/a' | null;
  /** safeguard criteria only */
  harm?: string | null;
  /** for the committee */
  comment?: string | null;
  /** for the holder (shown without the reviewer's name) */
  recommendation?: string | null;
}

/** A reviewer's review of one round of a project: a draft until submitted, then frozen. */
@Entity('review')
@Index('review_assignment_round_uq', ['assignmentId', 'round'], { unique: true })
@Index('review_project_round_idx', ['projectId', 'round'])
export class Review {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  assignmentId: string;

  @ManyToOne(() => Assignment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: Relation<Assignment>;

  @Column('uuid')
  projectId: string;

  @Column('uuid')
  reviewerId: string;

  @Column('int')
  round: number;

  @Column('text', { default: 'draft' })
  status: 'draft' | 'submitted';

  @Column('jsonb', { default: () => "'{}'" })
  ratings: Record<string, ReviewRating>;

  /** positive, not_positive or revise */
  @Column('text', { nullable: true })
  overallRecommendation: string | null;

  @Column('text', { nullable: true })
  overallComment: string | null;

  /** for the secretariat only: never shown to the holder nor to other reviewers */
  @Column('text', { nullable: true })
  confidentialNotes: string | null;

  @Column('timestamptz', { nullable: true })
  submittedAt: Date | null;

  /** submitted after the review deadline */
  @Column('boolean', { default: false })
  late: boolean;

  @Column('int', { default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
