import { Body, Controller, Get, Ip, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../platform/auth/access.decorators';
import { mapPage } from '../../platform/pagination/keyset';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto, UserIdParamDto, UserPageDto } from './dto/user.dto';
import { toUserDto } from './identity.mappers';
import { UsersService } from './users.service';

@ApiTags('identity')
@Roles('secretariat', 'admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Accounts, newest first; filter by role, active, organisation, or part of the name or email. */
  @Get()
  async list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return mapPage(await this.users.list(query), toUserDto);
  }

  /** Creates a reviewer, secretariat (or, for admins, admin) account; without a password the person is emailed an invitation. */
  @Post()
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto, @Ip() ip: string): Promise<UserDto> {
    return toUserDto(await this.users.create(actor, dto, ip));
  }

  @Get(':id')
  async get(@Param() params: UserIdParamDto): Promise<UserDto> {
    return toUserDto(await this.users.get(params.id));
  }

  /** Roles, deactivation, organisation membership; role changes and deactivations are recorded with their reason. */
  @Patch(':id')
  async update(@CurrentUser() actor: AuthUser, @Param() params: UserIdParamDto, @Body() dto: UpdateUserDto, @Ip() ip: string): Promise<UserDto> {
    return toUserDto(await this.users.update(actor, params.id, dto, ip));
  }
}
