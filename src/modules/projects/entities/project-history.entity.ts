import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JoinColumn, ManyToOne } from 'typeorm';
import type { Relation } from 'typeorm';
import { Project } from './project.entity';

/** One row per move of a project (and its creation). Append-only: the database refuses UPDATE and DELETE. */
@Entity('project_history')
@Index('project_history_project_idx', ['projectId', 'id'])
@Index('project_history_at_idx', ['at'])
export class ProjectHistory {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('uuid')
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id' })
  project?: Relation<Project>;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** null when the engine itself acted */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  /** the role the actor acted in: holder, secretariat, lead, reviewer, system */
  @Column('text')
  actorRole: string;

  @Column('text')
  action: string;

  @Column('text', { nullable: true })
  fromStage: string | null;

  @Column('text')
  toStage: string;

  @Column('text', { nullable: true })
  reason: string | null;

  /** the project's version after the move */
  @Column('int')
  version: number;

  @Column('int')
  round: number;

  @Column('jsonb', { default: () => "'{}'" })
  details: Record<string, unknown>;
}
