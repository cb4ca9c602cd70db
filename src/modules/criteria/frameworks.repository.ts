import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { newestFirstPage } from '../../platform/pagination/keyset';
import { Page } from '../../platform/pagination/page.dto';
import { ListFrameworksQueryDto } from './dto/framework.dto';
import { FrameworkVersion } from './entities/framework-version.entity';

@Injectable()
export class FrameworksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(FrameworkVersion);
  }

  /** The whole version, tree included, in one query. */
  findById(id: string, manager?: EntityManager): Promise<FrameworkVersion | null> {
    return this.repo(manager).findOneBy({ id });
  }

  lock(id: string, manager: EntityManager): Promise<FrameworkVersion | null> {
    return this.repo(manager).createQueryBuilder('f').setLock('pessimistic_write').where('f.id = :id', { id }).getOne();
  }

  /** Next version number of a family; the caller holds the family's lock. */
  async nextVersion(key: string, manager: EntityManager): Promise<number> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`criteria_framework:${key}`]);
    const [{ next }] = await manager.query('SELECT COALESCE(max(version), 0) + 1 AS next FROM criteria_framework WHERE key = $1', [key]);
    return Number(next);
  }

  async insert(row: Partial<FrameworkVersion>, manager: EntityManager): Promise<FrameworkVersion> {
    return this.repo(manager).save(this.repo(manager).create(row));
  }

  async save(row: FrameworkVersion, manager: EntityManager): Promise<FrameworkVersion> {
    return this.repo(manager).save(row);
  }

  async delete(id: string, manager: EntityManager): Promise<void> {
    await this.repo(manager).delete({ id });
  }

  page(query: ListFrameworksQueryDto): Promise<Page<FrameworkVersion>> {
    const qb = this.repo().createQueryBuilder('f');
    if (query.key) qb.andWhere('f.key = :key', { key: query.key });
    if (query.status) qb.andWhere('f.status = :status', { status: query.status });
    return newestFirstPage(qb, query);
  }
}
