import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, Public, SignedIn } from '../../platform/auth/access.decorators';
import { LoginDto, PasswordResetConfirmDto, PasswordResetRequestDto, RefreshTokenDto } from './dto/auth.dto';
import { RegisterDto, RegisteredDto, TokenPairDto } from './dto/user.dto';
import { AuthService } from './auth.service';
import { toOrganizationDto, toUserDto } from './identity.mappers';

@ApiTags('identity')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** A project holder creates an account, for a known organisation or one they propose. */
  @Public()
  @Post('register')
  async register(@Body() dto: RegisterDto, @Ip() ip: string): Promise<RegisteredDto> {
    const { user, organization, tokens } = await this.auth.register(dto, ip);
    return { user: toUserDto({ ...user, organization }), organization: organization ? toOrganizationDto(organization) : null, tokens };
  }

  /** Email and password for an access token (15 minutes) and a refresh token. Rate limited per IP and per account. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiTooManyRequestsResponse({ description: 'too many attempts; see Retry-After' })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<TokenPairDto> {
    return this.auth.login(dto, ip);
  }

  /** A new pair for a refresh token; the old refresh token stops working. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() dto: RefreshTokenDto, @Ip() ip: string): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken, ip);
  }

  /** Ends the session the refresh token belongs to. */
  @SignedIn()
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentUser() user: AuthUser, @Body() dto: RefreshTokenDto, @Ip() ip: string): Promise<void> {
    await this.auth.logout(user, dto.refreshToken, ip);
  }

  /** Emails a single-use link to choose a new password (202 whether or not the account exists). */
  @Public()
  @Post('password-reset')
  @HttpCode(202)
  async requestPasswordReset(@Body() dto: PasswordResetRequestDto, @Ip() ip: string): Promise<void> {
    await this.auth.requestPasswordReset(dto.email, ip);
  }

  /** Sets the password with the emailed token; every session of the account is signed out. */
  @Public()
  @Post('password-reset/confirm')
  @HttpCode(204)
  async confirmPasswordReset(@Body() dto: PasswordResetConfirmDto, @Ip() ip: string): Promise<void> {
    await this.auth.confirmPasswordReset(dto, ip);
  }
}
