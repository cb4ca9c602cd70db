import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { newestFirstPage } from '../../platform/pagination/keyset';
import { Page, PageQueryDto } from '../../platform/pagination/page.dto';
import { ACTIVE_ASSIGNMENT_STATUSES, Assignment, AssignmentStatus, seatTakesCapacity } from './entities/assignment.entity';
import { ReviewerProfile } from './entities/reviewer-profile.entity';

@Injectable()
export class AssignmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findById(id: string, manager?: EntityManager): Promise<Assignment | null> {
    return this.manager(manager).getRepository(Assignment).findOneBy({ id });
  }

  lock(id: string, manager: EntityManager): Promise<Assignment | null> {
    return manager.getRepository(Assignment).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne();
  }

  forProject(projectId: string, manager?: EntityManager): Promise<Assignment[]> {
    return this.manager(manager).getRepository(Assignment).find({ where: { projectId }, order: { createdAt: 'ASC' }, relations: { reviewer: true } });
  }

  activeForProject(projectId: string, manager?: EntityManager): Promise<Assignment[]> {
    return this.manager(manager).getRepository(Assignment).find({ where: { projectId, status: In([...ACTIVE_ASSIGNMENT_STATUSES]) }, order: { createdAt: 'ASC' } });
  }

  /** A project's seats (every one ever offered) with their reviewers, newest first, a page at a time. */
  pageForProject(projectId: string, query: PageQueryDto & { status?: string }): Promise<Page<Assignment>> {
    const qb = this.dataSource.getRepository(Assignment).createQueryBuilder('a').innerJoinAndSelect('a.reviewer', 'reviewer').where('a.projectId = :projectId', { projectId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    return newestFirstPage(qb, query);
  }

  /** A reviewer's seats with their projects, newest first, a page at a time. */
  forReviewer(reviewerId: string, query: PageQueryDto & { status?: string }): Promise<Page<Assignment>> {
    const qb = this.dataSource.getRepository(Assignment).createQueryBuilder('a').innerJoinAndSelect('a.project', 'project').where('a.reviewerId = :reviewerId', { reviewerId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    return newestFirstPage(qb, query);
  }

  /** Seats held in a call by each reviewer (those that take up capacity: see seatTakesCapacity). */
  async loads(callId: string, manager?: EntityManager): Promise<Map<string, number>> {
    const rows: Array<{ reviewer_id: string; n: number }> = await this.manager(manager).query(
      `SELECT a.reviewer_id, count(*)::int AS n FROM assignment a JOIN project p ON p.id = a.project_id
        WHERE a.call_id = $1 AND ${seatTakesCapacity('a', 'p')} GROUP BY a.reviewer_id`,
      [callId],
    );
    return new Map(rows.map((row) => [row.reviewer_id, row.n]));
  }

  /** Inserts seats; a seat the reviewer already holds on the project is skipped (returns those inserted). */
  async insertMany(rows: Array<Partial<Assignment>>, manager: EntityManager): Promise<Assignment[]> {
    if (rows.length === 0) return [];
    const result = await manager.getRepository(Assignment).createQueryBuilder().insert().values(rows as QueryDeepPartialEntity<Assignment>[]).orIgnore().returning('*').execute();
    const ids = result.identifiers.map((identifier) => (identifier as { id?: string } | undefined)?.id).filter((id): id is string => !!id);
    return ids.length > 0 ? manager.getRepository(Assignment).findBy({ id: In(ids) }) : [];
  }

  async save(assignment: Assignment, manager: EntityManager): Promise<Assignment> {
    return manager.getRepository(Assignment).save(assignment);
  }

  async setStatusForProject(projectId: string, from: AssignmentStatus[], to: AssignmentStatus, manager: EntityManager): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(Assignment)
      .set({ status: to })
      .where('projectId = :projectId AND status IN (:...from)', { projectId, from })
      .execute();
    return result.affected ?? 0;
  }

  profile(userId: string, manager?: EntityManager): Promise<ReviewerProfile | null> {
    return this.manager(manager).getRepository(ReviewerProfile).findOneBy({ userId });
  }

  lockProfile(userId: string, manager: EntityManager): Promise<ReviewerProfile | null> {
    return manager.getRepository(ReviewerProfile).createQueryBuilder('r').setLock('pessimistic_write').where('r.userId = :userId', { userId }).getOne();
  }

  async saveProfile(profile: Partial<ReviewerProfile> & { userId: string }, manager?: EntityManager): Promise<ReviewerProfile> {
    const repo = this.manager(manager).getRepository(ReviewerProfile);
    await repo.upsert(profile, ['userId']);
    return (await repo.findOneBy({ userId: profile.userId }))!;
  }

  /** Reviewers who may be invited: active accounts with the reviewer role and an available profile. */
  async availableReviewers(manager?: EntityManager): Promise<Array<ReviewerProfile & { organizationId: string | null; email: string }>> {
    return this.manager(manager).query(
      `SELECT r.user_id AS "userId", r.stc_member AS "stcMember", r.languages, r.practices, r.land_uses AS "landUses",
              r.disciplines, r.criteria_focus AS "criteriaFocus", r.regions, r.countries,
              r.capacity_per_call AS "capacityPerCall", r.available,
              r.conflict_organization_ids AS "conflictOrganizationIds", r.conflict_person_emails AS "conflictPersonEmails",
              r.conflict_project_ids AS "conflictProjectIds", u.organization_id AS "organizationId", u.email
         FROM reviewer_profile r JOIN user_account u ON u.id = r.user_id
        WHERE r.available AND u.active AND 'reviewer' = ANY(u.roles)
        ORDER BY r.user_id`,
    );
  }
}
