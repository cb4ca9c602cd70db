import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { newestFirstPage } from '../../platform/pagination/keyset';
import { Page } from '../../platform/pagination/page.dto';
import { ListOrganizationsQueryDto } from './dto/organization.dto';
import { Organization } from './entities/organization.entity';

/** Folds a name for uniqueness: "Réseau  Sahel" and "reseau sahel" are the same organisation. */
export function organizationNameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(Organization);
  }

  findById(id: string, manager?: EntityManager): Promise<Organization | null> {
    return this.repo(manager).findOneBy({ id });
  }

  findByName(name: string, country: string, manager?: EntityManager): Promise<Organization | null> {
    return this.repo(manager).findOneBy({ nameKey: organizationNameKey(name), country });
  }

  /** Inserts unless the name is taken in that country; null then. */
  async insert(data: Omit<Organization, 'id' | 'nameKey' | 'createdAt' | 'updatedAt'>, manager?: EntityManager): Promise<Organization | null> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .insert()
      .values({ ...data, nameKey: organizationNameKey(data.name) })
      .orIgnore()
      .returning('*')
      .execute();
    const id = (result.identifiers[0] as { id?: string } | undefined)?.id;
    return id ? this.findById(id, manager) : null;
  }

  async update(organization: Organization, changes: Partial<Organization>, manager?: EntityManager): Promise<Organization> {
    const next = { ...changes };
    if (changes.name) next.nameKey = organizationNameKey(changes.name);
    await this.repo(manager).update({ id: organization.id }, next);
    return (await this.findById(organization.id, manager))!;
  }

  page(query: ListOrganizationsQueryDto, scope: (qb: SelectQueryBuilder<Organization>) => SelectQueryBuilder<Organization>): Promise<Page<Organization>> {
    const qb = scope(this.repo().createQueryBuilder('org'));
    if (query.country) qb.andWhere('org.country = :country', { country: query.country });
    if (query.region) qb.andWhere('org.region = :region', { region: query.region });
    if (query.college) qb.andWhere('org.college = :college', { college: query.college });
    if (query.verified !== undefined) qb.andWhere('org.verified = :verified', { verified: query.verified });
    if (query.q) qb.andWhere('org.nameKey LIKE :q', { q: `%${organizationNameKey(query.q).replace(/[%_\\]/g, '\\$&')}%` });
    return newestFirstPage(qb, query);
  }
}
