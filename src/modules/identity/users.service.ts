import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, hasRole } from '../../platform/auth/auth-user';
import { DomainException, NotFoundException } from '../../platform/errors/domain-exception';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { Page } from '../../platform/pagination/page.dto';
import { JobName } from '../../platform/queue/queue.constants';
import { ChangePasswordDto, CreateUserDto, ListUsersQueryDto, UpdateMeDto, UpdateUserDto } from './dto/user.dto';
import { User } from './entities/user.entity';
import { OrganizationsService } from './organizations.service';
import { PasswordHasher } from './password-hasher';
import { SecurityAudit } from './security-audit.service';
import { TokensRepository } from './tokens.repository';
import { UsersRepository } from './users.repository';

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Who may manage whom: the secretariat manages holders, reviewers and its own staff; only an
 * admin grants, removes or touches the admin role; the last active admin cannot be removed.
 */
function assertMayManage(actor: AuthUser, target: { roles: string[] } | null, newRoles?: readonly string[]): void {
  const touchesAdmin = (target?.roles.includes('admin') ?? false) || (newRoles?.includes('admin') ?? false);
  if (touchesAdmin && !hasRole(actor, 'admin')) {
    throw new DomainException('FORBIDDEN', 'Only an administrator may grant, remove or change administrator accounts');
  }
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly tokens: TokensRepository,
    private readonly organizations: OrganizationsService,
    private readonly hasher: PasswordHasher,
    private readonly audit: SecurityAudit,
    private readonly outbox: OutboxService,
  ) {}

  async get(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException('User');
    return user;
  }

  list(query: ListUsersQueryDto): Promise<Page<User>> {
    return this.users.page(query);
  }

  /** An account made by the secretariat or an admin; without a password, the person is emailed a link to choose one. */
  async create(actor: AuthUser, dto: CreateUserDto, ip: string | null): Promise<User> {
    assertMayManage(actor, null, dto.roles);
    if (dto.organizationId) await this.assertOrganizationExists(dto.organizationId);
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : null;
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.insert(
        {
          email: dto.email,
          name: dto.name,
          language: dto.language ?? 'en',
          timeZone: dto.timeZone ?? null,
          roles: dto.roles,
          organizationId: dto.organizationId ?? null,
          membershipConfirmed: !!dto.organizationId,
          passwordHash,
        },
        manager,
      );
      if (!user) throw new DomainException('DUPLICATE', 'An account with this email already exists', { field: 'email' });
      if (!passwordHash) {
        const token = await this.tokens.insertPasswordToken(user.id, 'invitation', new Date(Date.now() + INVITATION_TTL_MS), manager);
        await this.outbox.record(manager, { name: JobName.AccountInvitationEmail, payload: { userId: user.id, tokenId: token.id } });
      }
      await this.audit.record({ action: 'user.created', actorUserId: actor.id, subjectUserId: user.id, ip, details: { roles: dto.roles } }, manager);
      return user;
    });
  }

  async update(actor: AuthUser, id: string, dto: UpdateUserDto, ip: string | null): Promise<User> {
    const before = await this.get(id);
    const rolesChange = dto.roles && !sameSet(dto.roles, before.roles) ? dto.roles : undefined;
    if (rolesChange || dto.active !== undefined) assertMayManage(actor, before, rolesChange);
    if (dto.organizationId) await this.assertOrganizationExists(dto.organizationId);
    const losesAdmin =
      before.roles.includes('admin') && before.active && ((rolesChange && !rolesChange.includes('admin')) || dto.active === false);
    await this.dataSource.transaction(async (manager) => {
      if (losesAdmin) {
        // serialise admin removals so two concurrent ones cannot leave no admin at all
        await manager.query(`SELECT pg_advisory_xact_lock(4100020170)`);
        if ((await this.users.countAdmins()) <= 1) {
          throw new DomainException('CONFLICT', 'This is the last active administrator; appoint another first');
        }
      }
      await this.users.update(
        id,
        {
          name: dto.name,
          language: dto.language,
          roles: rolesChange,
          active: dto.active,
          organizationId: dto.organizationId,
          membershipConfirmed: dto.organizationId && dto.membershipConfirmed === undefined ? true : dto.membershipConfirmed,
        },
        manager,
      );
      const common = { actorUserId: actor.id, subjectUserId: id, ip };
      if (rolesChange) {
        await this.audit.record({ ...common, action: 'user.roles_changed', details: { from: before.roles, to: rolesChange, reason: dto.reason ?? null } }, manager);
      }
      if (dto.active === false && before.active) {
        await this.tokens.revokeAllOf(id, manager);
        await this.audit.record({ ...common, action: 'user.deactivated', details: { reason: dto.reason ?? null } }, manager);
      }
      if (dto.active === true && !before.active) {
        await this.audit.record({ ...common, action: 'user.reactivated', details: { reason: dto.reason ?? null } }, manager);
      }
      if (dto.organizationId !== undefined || dto.membershipConfirmed !== undefined) {
        await this.audit.record(
          { ...common, action: 'user.membership_changed', details: { organizationId: dto.organizationId ?? before.organizationId, membershipConfirmed: dto.membershipConfirmed ?? null } },
          manager,
        );
      }
    });
    return this.get(id);
  }

  async updateMe(me: AuthUser, dto: UpdateMeDto): Promise<User> {
    await this.users.update(me.id, { name: dto.name, language: dto.language, timeZone: dto.timeZone });
    return this.get(me.id);
  }

  /** Needs the current password; signs out every session (refresh tokens), the caller's included. */
  async changePassword(me: AuthUser, dto: ChangePasswordDto, ip: string | null): Promise<void> {
    const valid = await this.hasher.verify(await this.users.passwordHashOf(me.id), dto.currentPassword);
    if (!valid) {
      throw new DomainException('VALIDATION_FAILED', 'Invalid input: currentPassword', {
        fields: [{ field: 'currentPassword', rules: ['matches'], messages: ['currentPassword is not your current password'] }],
      });
    }
    const hash = await this.hasher.hash(dto.newPassword);
    await this.dataSource.transaction(async (manager) => {
      await this.users.setPasswordHash(me.id, hash, manager);
      await this.tokens.revokeAllOf(me.id, manager);
      await this.audit.record({ action: 'password.changed', actorUserId: me.id, subjectUserId: me.id, ip }, manager);
    });
  }

  /** A reference to an organisation that does not exist is bad input (400), not a missing account (404). */
  private async assertOrganizationExists(id: string): Promise<void> {
    await this.organizations.get(id).catch(() => {
      throw new DomainException('VALIDATION_FAILED', 'Invalid input: organizationId', {
        fields: [{ field: 'organizationId', rules: ['exists'], messages: ['no organisation has this id'] }],
      });
    });
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}
