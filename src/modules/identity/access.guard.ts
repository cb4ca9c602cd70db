import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { AuthUser } from '../../platform/auth/auth-user';
import { PUBLIC_ROUTE, ROUTE_ROLES } from '../../platform/auth/access.decorators';
import { UserRole } from '../../platform/auth/roles';
import { DomainException } from '../../platform/errors/domain-exception';
import { TokenService } from './token.service';
import { UsersRepository } from './users.repository';

type AuthenticatedRequest = FastifyRequest & { user?: AuthUser };

/**
 * The global guard: every route is either @Public() or declares its @Roles(); a route with
 * neither is refused (fail closed) and logged. The account is re-read on every request, so a
 * deactivation or a role change takes effect at once, not when the access token expires.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UsersRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false;
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROUTE_ROLES, targets);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request);

    if (isPublic) {
      if (token) request.user = (await this.authenticate(token)) ?? undefined;
      return true;
    }
    if (!roles) {
      this.logger.error({ msg: 'route has no access rule; refused', route: request.routeOptions.url });
      throw new DomainException('FORBIDDEN', 'This route is not open to anyone');
    }
    if (!token) throw new DomainException('UNAUTHENTICATED', 'Sign in first: send an access token as "Authorization: Bearer <token>"');
    const user = await this.authenticate(token);
    if (!user) throw new DomainException('UNAUTHENTICATED', 'The access token is invalid or expired, or the account is deactivated');
    request.user = user;
    if (!user.roles.some((role) => roles.includes(role))) {
      throw new DomainException('FORBIDDEN', `Only for: ${roles.join(', ')}`);
    }
    return true;
  }

  private async authenticate(token: string): Promise<AuthUser | null> {
    const claims = await this.tokens.verifyAccessToken(token);
    return claims ? this.users.findActiveAuthUser(claims.sub) : null;
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}
