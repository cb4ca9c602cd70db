import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthUser } from './auth-user';
import { USER_ROLES, UserRole } from './roles';

export const PUBLIC_ROUTE = 'fasp:public';
export const ROUTE_ROLES = 'fasp:roles';

/** Anyone may call this route, signed in or not. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Only people holding one of these roles may call this route (others: 403). Every route
 * declares either this or @Public(); the guard refuses a route that declares neither.
 */
export const Roles = (...roles: UserRole[]) =>
  applyDecorators(
    SetMetadata(ROUTE_ROLES, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'no or invalid access token' }),
    ApiForbiddenResponse({ description: `only for: ${roles.join(', ')}` }),
  );

/** Any signed-in person, whatever the role. */
export const SignedIn = () => Roles(...USER_ROLES);

/** The signed-in person (undefined on a public route called anonymously). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser | undefined => {
  return context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
});
