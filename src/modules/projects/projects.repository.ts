import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { newestFirstPage } from '../../platform/pagination/keyset';
import { Page } from '../../platform/pagination/page.dto';
import { ListProjectsQueryDto } from './dto/project.dto';
import { ProjectAttachment } from './entities/project-attachment.entity';
import { ProjectHistory } from './entities/project-history.entity';
import { ProjectSnapshot, ProjectVersion } from './entities/project-version.entity';
import { Project } from './entities/project.entity';

export type HistoryInput = Omit<ProjectHistory, 'id' | 'at' | 'details'> & { details?: Record<string, unknown> };

const HISTORY_INSERT = `INSERT INTO project_history (project_id, actor_id, actor_role, action, from_stage, to_stage, reason, version, round, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) RETURNING id`;

/**
 * The history row, and at its instant (to the millisecond, as the stays have always been kept):
 * the open stay closed, the stay in the new stage opened, the new stage added to the reached
 * ones. The sub-statements share one snapshot, so the close never sees the stay opened beside it.
 */
export const HISTORY_INSERT_WITH_STAYS = `WITH history AS (
         ${HISTORY_INSERT.replace('RETURNING id', "RETURNING id, date_trunc('milliseconds', at) AS at")}
       ), closed AS (
         UPDATE stage_stay s SET left_at = h.at, duration_seconds = EXTRACT(EPOCH FROM h.at - s.entered_at)
           FROM history h WHERE s.project_id = $1 AND s.left_at IS NULL
       ), opened AS (
         INSERT INTO stage_stay (project_id, call_id, stage, entered_at) SELECT p.id, p.call_id, $6, h.at FROM project p, history h WHERE p.id = $1
       ), reached AS (
         UPDATE project SET reached_stages = array_append(reached_stages, $6) WHERE id = $1 AND NOT ($6 = ANY(reached_stages))
       )
       SELECT id FROM history`;

@Injectable()
export class ProjectsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findById(id: string, manager?: EntityManager): Promise<Project | null> {
    return this.manager(manager).getRepository(Project).findOneBy({ id });
  }

  /** The project, locked until the transaction ends: every change goes through this. */
  lock(id: string, manager: EntityManager): Promise<Project | null> {
    return manager.getRepository(Project).createQueryBuilder('p').setLock('pessimistic_write').where('p.id = :id', { id }).getOne();
  }

  insert(row: Partial<Project>, manager: EntityManager): Promise<Project> {
    const repo = manager.getRepository(Project);
    return repo.save(repo.create(row));
  }

  /**
   * Writes the changes and bumps the version, but only if the row still has the version the
   * caller read (compare-and-set); returns false when it did not.
   */
  async saveAt(project: Project, expectedVersion: number, manager: EntityManager): Promise<boolean> {
    // reached stages are kept by appendHistory, in SQL: never written back from a loaded entity
    const { id, createdAt: _createdAt, updatedAt: _updatedAt, version: _version, reachedStages: _reached, ...changes } = project;
    const result = await manager
      .createQueryBuilder()
      .update(Project)
      .set({ ...changes, version: () => 'version + 1' } as QueryDeepPartialEntity<Project>)
      .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
      .execute();
    if (result.affected === 1) project.version = expectedVersion + 1;
    return result.affected === 1;
  }

  page(query: ListProjectsQueryDto, scope: (qb: SelectQueryBuilder<Project>) => SelectQueryBuilder<Project>): Promise<Page<Project>> {
    const qb = scope(this.dataSource.getRepository(Project).createQueryBuilder('p'));
    if (query.callId) qb.andWhere('p.callId = :callId', { callId: query.callId });
    if (query.stage) qb.andWhere('p.stage = :stage', { stage: query.stage });
    if (query.region) qb.andWhere('p.region = :region', { region: query.region });
    if (query.college) qb.andWhere('p.college = :college', { college: query.college });
    if (query.language) qb.andWhere('p.language = :language', { language: query.language });
    if (query.q) {
      if (/^FASP-\d{4}-\d{4,}$/i.test(query.q)) {
        qb.andWhere('p.faspId = :faspId', { faspId: query.q.toUpperCase() });
      } else {
        qb.andWhere(`to_tsvector('simple', p.title) @@ plainto_tsquery('simple', :q)`, { q: query.q });
      }
    }
    return newestFirstPage(qb, query);
  }

  /** Next FASP number of the year, inside the caller's transaction (a rollback gives it back). */
  async nextFaspNumber(year: number, manager: EntityManager): Promise<number> {
    const rows: Array<{ last_value: number }> = await manager.query(
      `INSERT INTO fasp_id_counter (year, last_value) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_value = fasp_id_counter.last_value + 1
       RETURNING last_value`,
      [year],
    );
    return rows[0].last_value;
  }

  /**
   * Appends the history row; when the stage changes, also closes the stay in the old stage, opens
   * the stay in the new one and records the stage as reached (for the pipeline's funnel). One
   * statement either way: every transition runs it while holding the project's lock.
   */
  async appendHistory(entry: HistoryInput, manager: EntityManager): Promise<string> {
    const parameters = [entry.projectId, entry.actorId, entry.actorRole, entry.action, entry.fromStage, entry.toStage, entry.reason, entry.version, entry.round, JSON.stringify(entry.details ?? {})];
    const rows: Array<{ id: string }> = await manager.query(entry.fromStage === entry.toStage ? HISTORY_INSERT : HISTORY_INSERT_WITH_STAYS, parameters);
    return String(rows[0].id);
  }

  history(projectId: string): Promise<ProjectHistory[]> {
    return this.dataSource.getRepository(ProjectHistory).find({ where: { projectId }, order: { id: 'ASC' } });
  }

  async addVersion(projectId: string, round: number, action: string, createdById: string | null, snapshot: ProjectSnapshot, manager: EntityManager): Promise<number> {
    const rows: Array<{ number: number }> = await manager.query(
      `INSERT INTO project_version (project_id, number, round, action, created_by_id, snapshot)
       VALUES ($1, (SELECT COALESCE(max(number), 0) + 1 FROM project_version WHERE project_id = $1), $2, $3, $4, $5::jsonb)
       RETURNING number`,
      [projectId, round, action, createdById, JSON.stringify(snapshot)],
    );
    return rows[0].number;
  }

  versions(projectId: string): Promise<ProjectVersion[]> {
    return this.dataSource.getRepository(ProjectVersion).find({ where: { projectId }, order: { number: 'ASC' } });
  }

  version(projectId: string, number: number): Promise<ProjectVersion | null> {
    return this.dataSource.getRepository(ProjectVersion).findOneBy({ projectId, number });
  }

  attachments(projectId: string, manager?: EntityManager): Promise<ProjectAttachment[]> {
    return this.manager(manager)
      .getRepository(ProjectAttachment)
      .createQueryBuilder('a')
      .where('a.projectId = :projectId AND a.removedAt IS NULL', { projectId })
      .orderBy('a.createdAt', 'ASC')
      .getMany();
  }

  attachment(projectId: string, attachmentId: string): Promise<ProjectAttachment | null> {
    return this.dataSource.getRepository(ProjectAttachment).findOneBy({ id: attachmentId, projectId });
  }

  async insertAttachment(row: Partial<ProjectAttachment>, manager: EntityManager): Promise<ProjectAttachment> {
    const repo = manager.getRepository(ProjectAttachment);
    return repo.save(repo.create(row));
  }

  async removeAttachment(id: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(ProjectAttachment).update({ id }, { removedAt: () => 'now()' });
  }
}

