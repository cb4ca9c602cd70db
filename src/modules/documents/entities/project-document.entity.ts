import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A generated document of a project: the evaluation report or the letter of support, for one
 * round and outcome. Generated once per (project, kind, round, outcome): a new outcome makes a
 * new one, an unchanged outcome reuses the stored file.
 */
@Entity('project_document')
@Index('project_document_uq', ['projectId', 'kind', 'round', 'outcome'], { unique: true })
export class ProjectDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  projectId: string;

  /** report or letter */
  @Column('text')
  kind: 'report' | 'letter';

  @Column('int')
  round: number;

  @Column('text')
  outcome: string;

  @Column('text')
  language: string;

  @Column('text')
  storageKey: string;

  @Column('text')
  sha256: string;

  @Column('int')
  size: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
