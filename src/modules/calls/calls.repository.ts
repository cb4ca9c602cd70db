import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { newestFirstPage } from '../../platform/pagination/keyset';
import { Page } from '../../platform/pagination/page.dto';
import { ListCallsQueryDto } from './dto/call.dto';
import { Call } from './entities/call.entity';

@Injectable()
export class CallsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(Call);
  }

  /**
   * The call with the identity of its framework version (id, key, version, status); the tree
   * itself is read through FrameworksService.published by those who assess with it. One query:
   * a hot path (every transition reads the call of its project).
   */
  findById(id: string, manager?: EntityManager): Promise<Call | null> {
    return this.repo(manager)
      .createQueryBuilder('c')
      .leftJoin('c.framework', 'framework')
      .addSelect(['framework.id', 'framework.key', 'framework.version', 'framework.status'])
      .where('c.id = :id', { id })
      .getOne();
  }

  /** Locks the call for the rest of the transaction (transitions, edits). */
  lock(id: string, manager: EntityManager): Promise<Call | null> {
    return this.repo(manager).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
  }

  /** Locks it in shared mode: projects being created or submitted keep the call from closing under them. */
  lockShared(id: string, manager: EntityManager): Promise<Call | null> {
    return this.repo(manager).createQueryBuilder('c').setLock('pessimistic_read').where('c.id = :id', { id }).getOne();
  }

  save(call: Call, manager: EntityManager): Promise<Call> {
    return this.repo(manager).save(call);
  }

  create(row: Partial<Call>, manager: EntityManager): Promise<Call> {
    return this.repo(manager).save(this.repo(manager).create(row));
  }

  page(query: ListCallsQueryDto, scope: (qb: SelectQueryBuilder<Call>) => SelectQueryBuilder<Call>): Promise<Page<Call>> {
    const qb = scope(this.repo().createQueryBuilder('c').leftJoinAndSelect('c.framework', 'framework'));
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.year) qb.andWhere('c.year = :year', { year: query.year });
    return newestFirstPage(qb, query);
  }
}
