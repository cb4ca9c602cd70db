import { OrganizationDto } from './dto/organization.dto';
import { SecurityEventDto } from './dto/auth.dto';
import { UserDto } from './dto/user.dto';
import { Organization } from './entities/organization.entity';
import { SecurityEvent } from './entities/security-event.entity';
import { User } from './entities/user.entity';

export function toOrganizationDto(organization: Organization): OrganizationDto {
  return {
    id: organization.id,
    name: organization.name,
    country: organization.country,
    region: organization.region,
    college: organization.college,
    membership: organization.membership,
    verified: organization.verified,
    createdAt: organization.createdAt.toISOString(),
  };
}

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    language: user.language,
    timeZone: user.timeZone,
    roles: user.roles,
    organizationId: user.organizationId,
    organization: user.organization ? { id: user.organization.id, name: user.organization.name, country: user.organization.country } : null,
    membershipConfirmed: user.membershipConfirmed,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
}

export function toSecurityEventDto(event: SecurityEvent): SecurityEventDto {
  return {
    id: event.id,
    createdAt: event.createdAt.toISOString(),
    action: event.action,
    actorUserId: event.actorUserId,
    subjectUserId: event.subjectUserId,
    email: event.email,
    ip: event.ip,
    details: event.details,
  };
}
