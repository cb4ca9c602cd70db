import type { CriteriaFramework } from '@fasp/core';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type FrameworkStatus = 'draft' | 'published';

/**
 * One version of a criteria framework. The tree (steps, criteria, indicators, scale, rules) is
 * one JSON document in the shape of @fasp/core's CriteriaFramework: read whole in one query,
 * validated whole by the pure validator, and frozen whole on publication (a trigger refuses any
 * change to a published row).
 */
@Entity('criteria_framework')
@Index('criteria_framework_key_version_uq', ['key', 'version'], { unique: true })
@Index('criteria_framework_created_idx', ['createdAt', 'id'])
export class FrameworkVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  key: string;

  @Column('int')
  version: number;

  @Column('text', { default: 'draft' })
  status: FrameworkStatus;

  /** null for an empty draft */
  @Column('jsonb', { nullable: true })
  definition: CriteriaFramework | null;

  @Column('uuid', { nullable: true })
  clonedFromId: string | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;

  /** millisecond precision, like the cursors that page on it */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
