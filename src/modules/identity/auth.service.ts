import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../platform/auth/auth-user';
import { AppConfig } from '../../platform/config/app-config';
import { DomainException } from '../../platform/errors/domain-exception';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { JobName } from '../../platform/queue/queue.constants';
import { RateLimiter } from '../../platform/rate-limit/rate-limiter.service';
import { LoginDto, PasswordResetConfirmDto } from './dto/auth.dto';
import { RegisterDto, TokenPairDto } from './dto/user.dto';
import { Organization } from './entities/organization.entity';
import { User } from './entities/user.entity';
import { OrganizationsService } from './organizations.service';
import { PasswordHasher } from './password-hasher';
import { SecurityAudit } from './security-audit.service';
import { TokenService } from './token.service';
import { TokensRepository } from './tokens.repository';
import { UsersRepository } from './users.repository';

const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

function fieldError(field: string, message: string): DomainException {
  return new DomainException('VALIDATION_FAILED', `Invalid input: ${field}`, { fields: [{ field, rules: ['custom'], messages: [message] }] });
}

/** Registration, sign-in, token rotation, sign-out and password reset. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly tokens: TokensRepository,
    private readonly tokenService: TokenService,
    private readonly organizations: OrganizationsService,
    private readonly hasher: PasswordHasher,
    private readonly audit: SecurityAudit,
    private readonly limiter: RateLimiter,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  /**
   * A holder registers for an organisation: a known one (membership then waits for the
   * secretariat's confirmation) or a proposed new one (unverified; its proposer is its member).
   */
  async register(dto: RegisterDto, ip: string | null): Promise<{ user: User; organization: Organization | null; tokens: TokenPairDto }> {
    const perIp = await this.limiter.hit(`register:ip:${ip ?? 'unknown'}`, 20, 3600);
    if (perIp.limited) throw new DomainException('RATE_LIMITED', 'Too many registrations from here; try again later', { retryAfterSeconds: perIp.retryAfterSeconds });
    if (!!dto.organizationId === !!dto.organization) {
      throw fieldError('organizationId', 'give either organizationId (an existing organisation) or organization (a new one to propose)');
    }
    if (dto.password.toLowerCase().includes(dto.email.split('@')[0]) && dto.email.split('@')[0].length >= 4) {
      throw fieldError('password', 'password must not contain your email name');
    }
    const passwordHash = await this.hasher.hash(dto.password);
    return this.dataSource.transaction(async (manager) => {
      let organization: Organization;
      let membershipConfirmed: boolean;
      if (dto.organizationId) {
        // Only the directory (verified organisations) can be joined by id; a proposed one is its proposer's until verified.
        const existing = await this.organizations.get(dto.organizationId, manager).catch(() => null);
        if (!existing?.verified) throw fieldError('organizationId', 'no organisation has this id');
        organization = existing;
        membershipConfirmed = false;
      } else {
        const proposal = await this.organizations.propose(dto.organization!, manager);
        organization = proposal.organization;
        membershipConfirmed = proposal.created;
      }
      const user = await this.users.insert(
        {
          email: dto.email,
          name: dto.name,
          language: dto.language ?? 'en',
          timeZone: dto.timeZone ?? null,
          roles: ['holder'],
          organizationId: organization.id,
          membershipConfirmed,
          passwordHash,
        },
        manager,
      );
      if (!user) throw new DomainException('DUPLICATE', 'An account with this email already exists', { field: 'email' });
      await this.audit.record({ action: 'user.created', actorUserId: user.id, subjectUserId: user.id, ip, details: { via: 'registration', roles: user.roles } }, manager);
      const tokens = await this.tokenService.issuePair(user, manager, ip);
      return { user, organization, tokens };
    });
  }

  async login(dto: LoginDto, ip: string | null): Promise<TokenPairDto> {
    const window = this.config.loginWindowSeconds;
    const perIp = await this.limiter.hit(`login:ip:${ip ?? 'unknown'}`, this.config.loginMaxPerIp, window);
    const perAccount = await this.limiter.peek(`login:fail:${dto.email}`, this.config.loginMaxFailuresPerAccount);
    if (perIp.limited || perAccount.limited) {
      await this.audit.record({ action: 'login.rate_limited', email: dto.email, ip, details: { by: perIp.limited ? 'ip' : 'account' } });
      const retryAfterSeconds = Math.max(perIp.limited ? perIp.retryAfterSeconds : 0, perAccount.limited ? perAccount.retryAfterSeconds : 0);
      throw new DomainException('RATE_LIMITED', 'Too many sign-in attempts; try again later', { retryAfterSeconds });
    }
    const account = await this.users.findCredentials(dto.email);
    const valid = await this.hasher.verify(account?.active ? account.passwordHash : null, dto.password);
    if (!account || !valid) {
      await this.limiter.hit(`login:fail:${dto.email}`, this.config.loginMaxFailuresPerAccount, window);
      const reason = !account ? 'unknown_account' : !account.active ? 'deactivated' : 'wrong_password';
      await this.audit.record({ action: 'login.failure', subjectUserId: account?.id ?? null, email: dto.email, ip, details: { reason } });
      throw new DomainException('INVALID_CREDENTIALS', 'Email or password is incorrect');
    }
    await this.limiter.reset(`login:fail:${dto.email}`);
    const user = await this.users.findActiveAuthUser(account.id);
    if (!user) throw new DomainException('INVALID_CREDENTIALS', 'Email or password is incorrect');
    return this.dataSource.transaction(async (manager) => {
      await this.audit.record({ action: 'login.success', actorUserId: user.id, subjectUserId: user.id, ip }, manager);
      return this.tokenService.issuePair(user, manager, ip);
    });
  }

  /**
   * Rotates a refresh token. A token presented after it was rotated has leaked (or been
   * replayed): its whole family is revoked, which signs out whoever holds the newer one too.
   */
  async refresh(refreshToken: string, ip: string | null): Promise<TokenPairDto> {
    const tokenHash = TokenService.hashRefreshToken(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager): Promise<TokenPairDto | 'invalid' | 'reused'> => {
      const row = await this.tokens.lockRefresh(tokenHash, manager);
      if (!row || row.revokedAt) return 'invalid';
      if (row.rotatedAt) {
        const revoked = await this.tokens.revokeFamily(row.familyId, manager);
        await this.audit.record({ action: 'refresh.reuse_detected', subjectUserId: row.userId, ip, details: { familyId: row.familyId, revoked } }, manager);
        return 'reused';
      }
      if (row.expiresAt.getTime() <= Date.now()) return 'invalid';
      const user = await this.users.findActiveAuthUser(row.userId);
      if (!user) {
        await this.tokens.revokeFamily(row.familyId, manager);
        return 'invalid';
      }
      await this.tokens.markRotated(row.id, manager);
      return this.tokenService.issuePair(user, manager, ip, row.familyId);
    });
    if (outcome === 'reused') throw new DomainException('REFRESH_TOKEN_REUSED', 'This refresh token was already used; every session it belonged to is now signed out');
    if (outcome === 'invalid') throw new DomainException('REFRESH_TOKEN_INVALID', 'The refresh token is invalid, expired or revoked');
    return outcome;
  }

  /** Revokes the session (token family) the refresh token belongs to, if it is the caller's. */
  async logout(user: AuthUser, refreshToken: string, ip: string | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.tokens.lockRefresh(TokenService.hashRefreshToken(refreshToken), manager);
      if (!row || row.userId !== user.id) return;
      await this.tokens.revokeFamily(row.familyId, manager);
      await this.audit.record({ action: 'logout', actorUserId: user.id, subjectUserId: user.id, ip }, manager);
    });
  }

  /**
   * Always answers the same way, whether the account exists or not. The email itself is a job
   * recorded in the outbox with the token's id; the link is rebuilt from it when sending.
   */
  async requestPasswordReset(email: string, ip: string | null): Promise<void> {
    const perIp = await this.limiter.hit(`reset:ip:${ip ?? 'unknown'}`, 20, 3600);
    if (perIp.limited) throw new DomainException('RATE_LIMITED', 'Too many requests; try again later', { retryAfterSeconds: perIp.retryAfterSeconds });
    const perEmail = await this.limiter.hit(`reset:email:${email}`, 3, 3600);
    if (perEmail.limited) return;
    const user = await this.users.findByEmail(email);
    if (!user || !user.active) return;
    await this.dataSource.transaction(async (manager) => {
      await this.tokens.expireOpenPasswordTokens(user.id, manager);
      const token = await this.tokens.insertPasswordToken(user.id, 'reset', new Date(Date.now() + PASSWORD_RESET_TTL_MS), manager);
      await this.outbox.record(manager, { name: JobName.PasswordResetEmail, payload: { userId: user.id, tokenId: token.id } });
      await this.audit.record({ action: 'password.reset_requested', subjectUserId: user.id, ip }, manager);
    });
  }

  /** Sets the password with a reset or invitation token (single use), and signs out every session. */
  async confirmPasswordReset(dto: PasswordResetConfirmDto, ip: string | null): Promise<void> {
    const tokenId = this.tokenService.passwordTokenId(dto.token);
    const invalid = () => new DomainException('PASSWORD_TOKEN_INVALID', 'This link is invalid, expired or already used; ask for a new one');
    if (!tokenId) throw invalid();
    const passwordHash = await this.hasher.hash(dto.password);
    await this.dataSource.transaction(async (manager) => {
      const token = await this.tokens.lockPasswordToken(tokenId, manager);
      if (!token || token.usedAt || token.expiresAt.getTime() <= Date.now()) throw invalid();
      const user = await this.users.findActiveAuthUser(token.userId);
      if (!user) throw invalid();
      await this.users.setPasswordHash(user.id, passwordHash, manager);
      await this.tokens.markPasswordTokenUsed(token.id, manager);
      await this.tokens.revokeAllOf(user.id, manager);
      await this.audit.record({ action: 'password.reset_completed', subjectUserId: user.id, ip, details: { purpose: token.purpose } }, manager);
    });
  }
}
