import type { Evaluation } from '@fasp/core';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export interface CriterionFeedback {
  strengths?: string | null;
  weaknesses?: string | null;
  recommendations?: string | null;
}

export interface GeneralFeedback extends CriterionFeedback {
  summary?: string | null;
}

/**
 * The lead's consolidation of a round: ratings (the medians unless the lead sets one), formative
 * feedback per criterion and overall, the proposed outcome, then what the secretariat released.
 */
@Entity('consolidation')
export class Consolidation {
  @PrimaryColumn('uuid')
  projectId: string;

  @PrimaryColumn('int')
  round: number;

  /** consolidated score/harm per criterion code, where the lead departs from the reviewers */
  @Column('jsonb', { default: () => "'{}'" })
  ratings: Record<string, { score?: number | 'n/a'; harm?: string }>;

  @Column('jsonb', { default: () => "'{}'" })
  feedback: Record<string, CriterionFeedback>;

  @Column('jsonb', { default: () => "'{}'" })
  general: GeneralFeedback;

  @Column('text', { nullable: true })
  proposedOutcome: string | null;

  @Column('uuid', { nullable: true })
  proposedById: string | null;

  @Column('timestamptz', { nullable: true })
  proposedAt: Date | null;

  @Column('text', { nullable: true })
  releasedOutcome: string | null;

  @Column('timestamptz', { nullable: true })
  releasedAt: Date | null;

  /** the evaluation as released: what the holder's feedback and the report show */
  @Column('jsonb', { nullable: true })
  releasedEvaluation: Evaluation | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
