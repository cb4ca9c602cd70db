import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Language } from '@fasp/core';
import { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, Roles, SignedIn } from '../../platform/auth/access.decorators';
import { mapPage } from '../../platform/pagination/keyset';
import {
  CreateFrameworkDto,
  FrameworkDto,
  FrameworkIdParamDto,
  FrameworkPageDto,
  FrameworkQueryDto,
  FrameworkSummaryDto,
  ListFrameworksQueryDto,
  UpdateFrameworkDto,
} from './dto/framework.dto';
import { FrameworkVersion } from './entities/framework-version.entity';
import { criteriaCount, FrameworksService } from './frameworks.service';
import { localize } from './localize';

function toSummary(framework: FrameworkVersion, lang?: Language): FrameworkSummaryDto {
  const names = framework.definition?.names ?? null;
  return {
    id: framework.id,
    key: framework.key,
    version: framework.version,
    status: framework.status,
    names: lang && names ? localize(names, lang) : names,
    criteriaCount: criteriaCount(framework),
    clonedFromId: framework.clonedFromId,
    publishedAt: framework.publishedAt?.toISOString() ?? null,
    createdAt: framework.createdAt.toISOString(),
  };
}

function toDto(framework: FrameworkVersion, lang?: Language): FrameworkDto {
  const definition = framework.definition as unknown as Record<string, unknown> | null;
  return { ...toSummary(framework, lang), definition: lang && definition ? (localize(definition, lang) as Record<string, unknown>) : definition };
}

@ApiTags('criteria')
@Controller('api/frameworks')
export class FrameworksController {
  constructor(private readonly frameworks: FrameworksService) {}

  /** Versions of the criteria frameworks, newest first. */
  @SignedIn()
  @Get()
  async list(@Query() query: ListFrameworksQueryDto): Promise<FrameworkPageDto> {
    return mapPage(await this.frameworks.list(query), (framework) => toSummary(framework));
  }

  /** The full tree: steps, criteria with guidance and indicators, scale, rules. `?lang=fr` returns labels in one language. */
  @SignedIn()
  @Get(':id')
  async get(@Param() params: FrameworkIdParamDto, @Query() query: FrameworkQueryDto): Promise<FrameworkDto> {
    return toDto(await this.frameworks.get(params.id), query.lang);
  }

  /** A new draft version, empty or cloned from another version. */
  @Roles('admin')
  @Post()
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateFrameworkDto): Promise<FrameworkDto> {
    return toDto(await this.frameworks.create(actor, dto));
  }

  /** Replaces a draft's tree (409 on a published version; 422 with the issues when inconsistent). */
  @Roles('admin')
  @Patch(':id')
  async update(@Param() params: FrameworkIdParamDto, @Body() dto: UpdateFrameworkDto): Promise<FrameworkDto> {
    return toDto(await this.frameworks.update(params.id, dto));
  }

  /** Freezes a draft: from now on it never changes and calls may use it. */
  @Roles('admin')
  @Post(':id/publish')
  @HttpCode(200)
  async publish(@Param() params: FrameworkIdParamDto): Promise<FrameworkDto> {
    return toDto(await this.frameworks.publish(params.id));
  }

  /** Deletes a version no call uses (409 otherwise). */
  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  async delete(@Param() params: FrameworkIdParamDto): Promise<void> {
    await this.frameworks.delete(params.id);
  }
}
