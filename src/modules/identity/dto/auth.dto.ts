import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Lowercase } from '../../../platform/validation/field-transforms';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './user.dto';

export class LoginDto {
  @Lowercase()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class RefreshTokenDto {
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken: string;
}

export class PasswordResetRequestDto {
  @Lowercase()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

export class PasswordResetConfirmDto {
  @IsString()
  @MinLength(20)
  @MaxLength(300)
  token: string;

  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long` })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long` })
  password: string;
}

export class SecurityEventDto {
  id: string;
  createdAt: string;
  action: string;
  actorUserId: string | null;
  subjectUserId: string | null;
  email: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export class SecurityEventPageDto {
  items: SecurityEventDto[];
  nextCursor: string | null;
}
