import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../platform/config/app-config';
import { PasswordHasher } from './password-hasher';
import { SecurityAudit } from './security-audit.service';
import { UsersRepository } from './users.repository';

/**
 * The first administrator comes from configuration (FASP_ADMIN_EMAIL, FASP_ADMIN_PASSWORD) at
 * start-up of an API process. An existing account with that email is never modified. Without
 * FASP_ADMIN_PASSWORD, a generated password is printed once, when the account is created.
 * The account holds the admin and secretariat roles, so one operator can set everything up.
 */
@Injectable()
export class FirstAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: SecurityAudit,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.hasRole('api')) return;
    await this.ensure();
  }

  /** Returns the generated password when it created the account with one, else null. */
  async ensure(): Promise<{ created: boolean; generatedPassword: string | null }> {
    const email = this.config.adminEmail?.toLowerCase();
    if (!email) {
      if ((await this.users.countAdmins()) === 0) {
        this.logger.warn('No administrator exists: set FASP_ADMIN_EMAIL (and FASP_ADMIN_PASSWORD) and restart to create one');
      }
      return { created: false, generatedPassword: null };
    }
    if (await this.users.findByEmail(email)) return { created: false, generatedPassword: null };
    const generatedPassword = this.config.adminPassword ? null : randomBytes(18).toString('base64url');
    const password = this.config.adminPassword ?? generatedPassword!;
    const user = await this.users.insert({
      email,
      name: 'Administrator',
      language: 'en',
      timeZone: null,
      roles: ['admin', 'secretariat'],
      organizationId: null,
      membershipConfirmed: false,
      passwordHash: await this.hasher.hash(password),
    });
    if (!user) return { created: false, generatedPassword: null }; // another process created it meanwhile
    await this.audit.record({ action: 'user.created', subjectUserId: user.id, details: { via: 'configuration', roles: user.roles } });
    if (generatedPassword) {
      this.logger.warn({
        msg: `First administrator created: ${email} with password ${generatedPassword} (shown this once; change it after signing in)`,
      });
    } else {
      this.logger.log({ msg: `First administrator created: ${email} (password from FASP_ADMIN_PASSWORD)` });
    }
    return { created: true, generatedPassword };
  }
}
