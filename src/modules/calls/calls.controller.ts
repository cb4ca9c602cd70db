import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, Roles, SignedIn } from '../../platform/auth/access.decorators';
import { mapPage } from '../../platform/pagination/keyset';
import { Clock } from '../../platform/clock/clock';
import { isAcceptingSubmissions } from './call.policy';
import { CallsService } from './calls.service';
import { CallDto, CallIdParamDto, CallPageDto, CallTransitionDto, CreateCallDto, ListCallsQueryDto, UpdateCallDto } from './dto/call.dto';
import { Call } from './entities/call.entity';

@ApiTags('calls')
@Controller('api/calls')
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly clock: Clock,
  ) {}

  private toDto = (call: Call): CallDto => ({
    id: call.id,
    title: call.title,
    year: call.year,
    description: call.description,
    frameworkId: call.frameworkId,
    framework: call.framework ? { id: call.framework.id, key: call.framework.key, version: call.framework.version } : null,
    opensAt: call.opensAt.toISOString(),
    closesAt: call.closesAt.toISOString(),
    reviewersPerProject: call.reviewersPerProject,
    maxRounds: call.maxRounds,
    deadlines: call.deadlines,
    divergenceAutoInvite: call.divergenceAutoInvite,
    languages: call.languages,
    modalities: call.modalities,
    status: call.status,
    acceptingSubmissions: isAcceptingSubmissions(call, this.clock.now()),
    openedAt: call.openedAt?.toISOString() ?? null,
    closedAt: call.closedAt?.toISOString() ?? null,
    version: call.version,
    createdAt: call.createdAt.toISOString(),
  });

  /** Calls with their window, framework version, K, maxRounds and deadlines. Drafts are shown to staff only. */
  @SignedIn()
  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() query: ListCallsQueryDto): Promise<CallPageDto> {
    return mapPage(await this.calls.list(user, query), this.toDto);
  }

  /** A new call, in draft. */
  @Roles('secretariat', 'admin')
  @Post()
  async create(@Body() dto: CreateCallDto): Promise<CallDto> {
    return this.toDto(await this.calls.create(dto));
  }

  @SignedIn()
  @Get(':id')
  async get(@CurrentUser() user: AuthUser, @Param() params: CallIdParamDto): Promise<CallDto> {
    return this.toDto(await this.calls.getFor(user, params.id));
  }

  /** Edits a draft; once open, only title, description, closesAt, deadlines, K, maxRounds and the divergence setting. */
  @Roles('secretariat', 'admin')
  @Patch(':id')
  async update(@Param() params: CallIdParamDto, @Body() dto: UpdateCallDto): Promise<CallDto> {
    return this.toDto(await this.calls.update(params.id, dto));
  }

  /** draft → open (framework published, window not over). */
  @Roles('secretariat', 'admin')
  @Post(':id/open')
  @HttpCode(200)
  async open(@Param() params: CallIdParamDto, @Body() dto: CallTransitionDto): Promise<CallDto> {
    return this.toDto(await this.calls.open(params.id, dto.expectedVersion));
  }

  /** open → closed (also happens by itself when closesAt passes). */
  @Roles('secretariat', 'admin')
  @Post(':id/close')
  @HttpCode(200)
  async close(@Param() params: CallIdParamDto, @Body() dto: CallTransitionDto): Promise<CallDto> {
    return this.toDto(await this.calls.close(params.id, dto.expectedVersion));
  }

  /** closed → archived. */
  @Roles('secretariat', 'admin')
  @Post(':id/archive')
  @HttpCode(200)
  async archive(@Param() params: CallIdParamDto, @Body() dto: CallTransitionDto): Promise<CallDto> {
    return this.toDto(await this.calls.archive(params.id, dto.expectedVersion));
  }
}
