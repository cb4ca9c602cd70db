import { Body, Controller, Get, HttpCode, Ip, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, SignedIn } from '../../platform/auth/access.decorators';
import { ChangePasswordDto, UpdateMeDto, UserDto } from './dto/user.dto';
import { toUserDto } from './identity.mappers';
import { UsersService } from './users.service';

@ApiTags('identity')
@SignedIn()
@Controller('api/me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  /** The signed-in person: roles, language, organisation. */
  @Get()
  async me(@CurrentUser() me: AuthUser): Promise<UserDto> {
    return toUserDto(await this.users.get(me.id));
  }

  /** Name, preferred language, time zone. */
  @Patch()
  async update(@CurrentUser() me: AuthUser, @Body() dto: UpdateMeDto): Promise<UserDto> {
    return toUserDto(await this.users.updateMe(me, dto));
  }

  /** Changes the password (the current one is required); every session, this one included, is signed out: sign in again. */
  @Post('password')
  @HttpCode(204)
  async changePassword(@CurrentUser() me: AuthUser, @Body() dto: ChangePasswordDto, @Ip() ip: string): Promise<void> {
    await this.users.changePassword(me, dto, ip);
  }
}
