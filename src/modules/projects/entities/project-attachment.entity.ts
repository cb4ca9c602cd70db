import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JoinColumn, ManyToOne } from 'typeorm';
import type { Relation } from 'typeorm';
import { Project } from './project.entity';

/** A file of the dossier. Never changed; removal only hides it from the current dossier (frozen versions keep it). */
@Entity('project_attachment')
@Index('project_attachment_project_idx', ['projectId', 'createdAt'])
export class ProjectAttachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id' })
  project?: Relation<Project>;

  /** concept_note, map, budget_detail, letter, other */
  @Column('text')
  kind: string;

  /** as uploaded, cleaned of path and control characters */
  @Column('text')
  filename: string;

  /** detected from the content, not the name */
  @Column('text')
  mediaType: string;

  @Column('bigint', { transformer: { to: (value: number) => value, from: (value: string | null) => (value === null ? null : Number(value)) } })
  size: number;

  /** hex SHA-256 of the content */
  @Column('text')
  sha256: string;

  @Column('text')
  storageKey: string;

  @Column('uuid')
  uploadedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  removedAt: Date | null;
}
