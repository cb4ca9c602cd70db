import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../platform/auth/auth-user';
import { newestFirstPage } from '../../platform/pagination/keyset';
import { Page } from '../../platform/pagination/page.dto';
import { ListUsersQueryDto } from './dto/user.dto';
import { User } from './entities/user.entity';

export type NewUser = Pick<User, 'email' | 'name' | 'language' | 'roles' | 'organizationId' | 'membershipConfirmed' | 'timeZone'> & {
  passwordHash: string | null;
};

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(User);
  }

  /** What the access guard needs, for an active account only. One indexed lookup per request. */
  async findActiveAuthUser(id: string): Promise<AuthUser | null> {
    const rows: AuthUser[] = await this.dataSource.query(
      `SELECT id, email, name, roles, language, organization_id AS "organizationId", membership_confirmed AS "membershipConfirmed"
         FROM user_account WHERE id = $1 AND active`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The account with its organisation, in one query (findOne with a relation sends two). */
  findById(id: string, manager?: EntityManager): Promise<User | null> {
    return this.repo(manager).createQueryBuilder('u').leftJoinAndSelect('u.organization', 'organization').where('u.id = :id', { id }).getOne();
  }

  findByEmail(email: string, manager?: EntityManager): Promise<User | null> {
    return this.repo(manager).findOneBy({ email: email.toLowerCase() });
  }

  /** The account with its password hash (never selected otherwise). */
  async findCredentials(email: string): Promise<{ id: string; active: boolean; passwordHash: string | null } | null> {
    const rows = await this.dataSource.query(
      `SELECT id, active, password_hash AS "passwordHash" FROM user_account WHERE email = $1`,
      [email.toLowerCase()],
    );
    return rows[0] ?? null;
  }

  async passwordHashOf(id: string): Promise<string | null> {
    const rows = await this.dataSource.query(`SELECT password_hash AS "passwordHash" FROM user_account WHERE id = $1`, [id]);
    return rows[0]?.passwordHash ?? null;
  }

  /** Inserts unless the email is taken; null then. */
  async insert(user: NewUser, manager?: EntityManager): Promise<User | null> {
    const result = await this.repo(manager).createQueryBuilder().insert().values(user).orIgnore().returning('id').execute();
    const id = (result.identifiers[0] as { id?: string } | undefined)?.id;
    return id ? this.findById(id, manager) : null;
  }

  async update(id: string, changes: Partial<Pick<User, 'name' | 'language' | 'timeZone' | 'roles' | 'active' | 'organizationId' | 'membershipConfirmed'>>, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, changes);
  }

  async setPasswordHash(id: string, passwordHash: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { passwordHash });
  }

  page(query: ListUsersQueryDto): Promise<Page<User>> {
    const qb = this.repo().createQueryBuilder('u').leftJoinAndSelect('u.organization', 'organization');
    if (query.role) qb.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.active !== undefined) qb.andWhere('u.active = :active', { active: query.active });
    if (query.organizationId) qb.andWhere('u.organizationId = :organizationId', { organizationId: query.organizationId });
    if (query.q) {
      const q = `%${query.q.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`;
      qb.andWhere('(lower(u.name) LIKE :q OR u.email LIKE :q)', { q });
    }
    return newestFirstPage(qb, query);
  }

  async countAdmins(): Promise<number> {
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM user_account WHERE 'admin' = ANY(roles) AND active`);
    return n;
  }
}
