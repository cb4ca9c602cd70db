import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, Roles, SignedIn } from '../../platform/auth/access.decorators';
import { mapPage } from '../../platform/pagination/keyset';
import {
  CreateOrganizationDto,
  ListOrganizationsQueryDto,
  OrganizationDto,
  OrganizationIdParamDto,
  OrganizationPageDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { toOrganizationDto } from './identity.mappers';
import { OrganizationsService } from './organizations.service';

@ApiTags('identity')
@Controller('api/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  /** Organisations with region, college, country and membership; filterable. Holders and reviewers see verified ones and their own. */
  @SignedIn()
  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() query: ListOrganizationsQueryDto): Promise<OrganizationPageDto> {
    return mapPage(await this.organizations.list(user, query), toOrganizationDto);
  }

  /** A name already used in the same country is refused (409). */
  @Roles('secretariat', 'admin')
  @Post()
  async create(@Body() dto: CreateOrganizationDto): Promise<OrganizationDto> {
    return toOrganizationDto(await this.organizations.create(dto));
  }

  @SignedIn()
  @Get(':id')
  async get(@CurrentUser() user: AuthUser, @Param() params: OrganizationIdParamDto): Promise<OrganizationDto> {
    return toOrganizationDto(await this.organizations.getFor(user, params.id));
  }

  /** Edit, or mark as verified. */
  @Roles('secretariat', 'admin')
  @Patch(':id')
  async update(@Param() params: OrganizationIdParamDto, @Body() dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    return toOrganizationDto(await this.organizations.update(params.id, dto));
  }
}
