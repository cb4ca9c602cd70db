import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Consolidation } from './entities/consolidation.entity';
import { Review } from './entities/review.entity';

@Injectable()
export class ReviewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  find(assignmentId: string, round: number, manager?: EntityManager): Promise<Review | null> {
    return this.manager(manager).getRepository(Review).findOneBy({ assignmentId, round });
  }

  lock(assignmentId: string, round: number, manager: EntityManager): Promise<Review | null> {
    return manager
      .getRepository(Review)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.assignmentId = :assignmentId AND r.round = :round', { assignmentId, round })
      .getOne();
  }

  async create(row: Partial<Review>, manager: EntityManager): Promise<Review> {
    await manager.getRepository(Review).createQueryBuilder().insert().values(row as QueryDeepPartialEntity<Review>).orIgnore().execute();
    return (await this.lock(row.assignmentId!, row.round!, manager))!;
  }

  save(review: Review, manager: EntityManager): Promise<Review> {
    return manager.getRepository(Review).save(review);
  }

  forRound(projectId: string, round: number, manager?: EntityManager): Promise<Review[]> {
    return this.manager(manager).getRepository(Review).find({ where: { projectId, round }, order: { reviewerId: 'ASC' } });
  }

  async reviewerNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; name: string }> = await this.dataSource.query('SELECT id, name FROM user_account WHERE id = ANY($1)', [ids]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  consolidation(projectId: string, round: number, manager?: EntityManager): Promise<Consolidation | null> {
    return this.manager(manager).getRepository(Consolidation).findOneBy({ projectId, round });
  }

  /** The round's consolidation, created empty on first use. */
  async ensureConsolidation(projectId: string, round: number, manager: EntityManager): Promise<Consolidation> {
    await manager.getRepository(Consolidation).createQueryBuilder().insert().values({ projectId, round }).orIgnore().execute();
    return (await manager
      .getRepository(Consolidation)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.projectId = :projectId AND c.round = :round', { projectId, round })
      .getOne())!;
  }

  saveConsolidation(consolidation: Consolidation, manager: EntityManager): Promise<Consolidation> {
    return manager.getRepository(Consolidation).save(consolidation);
  }

  /** The last round whose feedback was released. */
  lastReleased(projectId: string, manager?: EntityManager): Promise<Consolidation | null> {
    return this.manager(manager)
      .getRepository(Consolidation)
      .createQueryBuilder('c')
      .where('c.projectId = :projectId AND c.releasedAt IS NOT NULL', { projectId })
      .orderBy('c.round', 'DESC')
      .getOne();
  }
}
