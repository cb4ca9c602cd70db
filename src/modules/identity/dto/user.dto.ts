import { Language, LANGUAGES } from '@fasp/core';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { USER_ROLES, UserRole } from '../../../platform/auth/roles';
import { PageQueryDto } from '../../../platform/pagination/page.dto';
import { IsTimeZone, Lowercase, QueryBoolean, Trim } from '../../../platform/validation/field-transforms';
import { OrganizationDto, ProposedOrganizationDto } from './organization.dto';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
const passwordMessage = `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`;

export class RegisterDto {
  @Lowercase()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: passwordMessage })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: passwordMessage })
  password: string;

  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @IsOptional()
  @IsIn(LANGUAGES, { message: 'language must be en, fr or es' })
  language?: Language;

  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  /** an organisation already known (from GET /api/organizations) ... */
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId?: string;

  /** ... or one to propose (the secretariat verifies it) */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProposedOrganizationDto)
  organization?: ProposedOrganizationDto;
}

export class CreateUserDto {
  @Lowercase()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(4)
  @IsIn(USER_ROLES, { each: true, message: `roles must be among ${USER_ROLES.join(', ')}` })
  roles: UserRole[];

  @IsOptional()
  @IsIn(LANGUAGES, { message: 'language must be en, fr or es' })
  language?: Language;

  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId?: string;

  /** when omitted, the person receives an email to choose one */
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: passwordMessage })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: passwordMessage })
  password?: string;
}

export class UpdateUserDto {
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  name?: string;

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(USER_ROLES, { each: true, message: `roles must be among ${USER_ROLES.join(', ')}` })
  roles?: UserRole[];

  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId?: string;

  @IsOptional()
  @IsBoolean()
  membershipConfirmed?: boolean;

  @IsOptional()
  @IsIn(LANGUAGES, { message: 'language must be en, fr or es' })
  language?: Language;

  /** why (kept in the security log for role changes and deactivations) */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class UpdateMeDto {
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  name?: string;

  @IsOptional()
  @IsIn(LANGUAGES, { message: 'language must be en, fr or es' })
  language?: Language;

  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class ChangePasswordDto {
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword: string;

  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: passwordMessage })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: passwordMessage })
  newPassword: string;
}

export class ListUsersQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsUUID('all')
  organizationId?: string;

  /** part of the name or email */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class UserIdParamDto {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class UserOrganizationDto {
  id: string;
  name: string;
  country: string;
}

export class UserDto {
  id: string;
  email: string;
  name: string;
  language: string;
  timeZone: string | null;
  roles: string[];
  organizationId: string | null;
  organization: UserOrganizationDto | null;
  membershipConfirmed: boolean;
  active: boolean;
  createdAt: string;
}

export class UserPageDto {
  items: UserDto[];
  nextCursor: string | null;
}

export class RegisteredDto {
  user: UserDto;
  organization: OrganizationDto | null;
  tokens: TokenPairDto;
}

export class TokenPairDto {
  /** JWT to send as `Authorization: Bearer <token>` */
  accessToken: string;
  /** seconds until the access token expires */
  expiresIn: number;
  /** opaque; exchange it at POST /api/auth/refresh (each use rotates it) */
  refreshToken: string;
  tokenType: 'Bearer';
}
