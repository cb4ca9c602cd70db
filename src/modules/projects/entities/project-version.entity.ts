import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { JoinColumn, ManyToOne } from 'typeorm';
import type { Relation } from 'typeorm';
import { Project } from './project.entity';

export interface ProjectSnapshot {
  dossier: Record<string, unknown>;
  statements: Record<string, string>;
  attachments: Array<{ id: string; kind: string; filename: string; mediaType: string; size: number; sha256: string }>;
}

/** A frozen submission: every submit and resubmit adds one, numbered from 1. */
@Entity('project_version')
export class ProjectVersion {
  @PrimaryColumn('uuid')
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id' })
  project?: Relation<Project>;

  @PrimaryColumn('int')
  number: number;

  @Column('int')
  round: number;

  /** submit or resubmit */
  @Column('text')
  action: string;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @Column('jsonb')
  snapshot: ProjectSnapshot;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
