import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AppConfig } from '../../platform/config/app-config';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { FirstAdminService } from './first-admin.service';
import { MeController } from './me.controller';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsRepository } from './organizations.repository';
import { OrganizationsService } from './organizations.service';
import { PasswordHasher } from './password-hasher';
import { SecurityAudit } from './security-audit.service';
import { SecurityEventsController } from './security-events.controller';
import { SecurityEventsRepository } from './security-events.repository';
import { TokenService } from './token.service';
import { TokensRepository } from './tokens.repository';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Organisations, accounts, sign-in, and the guard that enforces roles on every route. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      // A KeyObject made once: given the secret as a string, jsonwebtoken first tries to parse it
      // as a PEM public key on every verification (and fails), which costs more than the HMAC.
      useFactory: (config: AppConfig) => {
        const key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
        return { secretOrKeyProvider: () => key };
      },
    }),
  ],
  controllers: [AuthController, MeController, UsersController, OrganizationsController, SecurityEventsController],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    AuthService,
    UsersService,
    OrganizationsService,
    OrganizationsRepository,
    UsersRepository,
    TokensRepository,
    SecurityEventsRepository,
    SecurityAudit,
    PasswordHasher,
    TokenService,
    FirstAdminService,
  ],
  exports: [UsersRepository, OrganizationsService, OrganizationsRepository, SecurityAudit, TokenService, UsersService, AuthService],
})
export class IdentityModule {}
