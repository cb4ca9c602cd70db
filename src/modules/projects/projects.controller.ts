import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiPayloadTooLargeResponse, ApiProduces, ApiTags, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, Roles, SignedIn } from '../../platform/auth/access.decorators';
import { mapPage } from '../../platform/pagination/keyset';
import { AttachmentsService } from './attachments.service';
import { AttachmentQueryDto, CreateProjectDto, PublicationConsentDto, StatementDto, UpdateProjectDto } from './dto/dossier.dto';
import {
  AttachmentDto,
  AttachmentParamDto,
  CompletenessDto,
  CriterionParamDto,
  HistoryEntryDto,
  LanguageQueryDto,
  ListProjectsQueryDto,
  ProjectDto,
  ProjectIdParamDto,
  ProjectPageDto,
  VersionDiffDto,
  VersionDto,
  VersionParamDto,
  VersionSummaryDto,
} from './dto/project.dto';
import { toAttachmentDto, toHistoryEntry, toProjectDto, toProjectSummary, toVersionSummary } from './projects.mappers';
import { ProjectsService } from './projects.service';

@ApiTags('projects')
@Controller('api/projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly attachments: AttachmentsService,
  ) {}

  /** A new draft dossier in an open call, for the holder's organisation. */
  @Roles('holder')
  @Post()
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateProjectDto): Promise<ProjectDto> {
    return toProjectDto(await this.projects.create(user, dto), user);
  }

  /** Projects the caller may see (holders: their organisation's; reviewers: assigned; staff: all), newest first. */
  @SignedIn()
  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() query: ListProjectsQueryDto): Promise<ProjectPageDto> {
    return mapPage(await this.projects.list(user, query), toProjectSummary);
  }

  @SignedIn()
  @Get(':id')
  async get(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto): Promise<ProjectDto> {
    return toProjectDto(await this.projects.getFor(user, params.id), user);
  }

  /** Edits dossier fields (holder's side; draft, info_requested or revision). */
  @Roles('holder')
  @Patch(':id')
  async update(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto, @Body() dto: UpdateProjectDto): Promise<ProjectDto> {
    return toProjectDto(await this.projects.update(user, params.id, dto), user);
  }

  /** The holder's consent to publication as an investment opportunity (until published). */
  @Roles('holder')
  @Put(':id/publication-consent')
  async publicationConsent(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto, @Body() dto: PublicationConsentDto): Promise<ProjectDto> {
    return toProjectDto(await this.projects.setPublicationConsent(user, params.id, dto.consentToPublish, dto.publishBudget), user);
  }

  /** The holder's statement for one criterion of the call's framework. */
  @Roles('holder')
  @Put(':id/criteria/:code')
  async putStatement(@CurrentUser() user: AuthUser, @Param() params: CriterionParamDto, @Body() dto: StatementDto): Promise<ProjectDto> {
    return toProjectDto(await this.projects.putStatement(user, params.id, params.code, dto), user);
  }

  /** What is still missing before the dossier can be submitted, in the caller's language (or `lang`). */
  @Roles('holder', 'secretariat', 'admin')
  @Get(':id/completeness')
  async completeness(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto, @Query() query: LanguageQueryDto): Promise<CompletenessDto> {
    const project = await this.projects.getFor(user, params.id);
    return this.projects.completeness(project, query.lang ?? user.language);
  }

  /** Uploads one file as multipart/form-data (field `file`); `kind` says what it is. Accepted types are judged by content. */
  @Roles('holder')
  @Post(':id/attachments')
  @ApiConsumes('multipart/form-data')
  @ApiPayloadTooLargeResponse({ description: 'larger than ATTACHMENT_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'not a PDF, DOCX, XLSX, ODT, PNG or JPEG by content' })
  async upload(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto, @Query() query: AttachmentQueryDto, @Req() request: FastifyRequest): Promise<AttachmentDto> {
    return toAttachmentDto(await this.attachments.upload(user, params.id, query.kind, request));
  }

  @SignedIn()
  @Get(':id/attachments')
  async listAttachments(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto): Promise<AttachmentDto[]> {
    return (await this.attachments.list(user, params.id)).map(toAttachmentDto);
  }

  /** The file, to whoever may see the project. */
  @SignedIn()
  @Get(':id/attachments/:attachmentId')
  @ApiProduces('application/octet-stream')
  async download(@CurrentUser() user: AuthUser, @Param() params: AttachmentParamDto, @Res() reply: FastifyReply): Promise<void> {
    const { attachment, stream } = await this.attachments.open(user, params.id, params.attachmentId);
    const asciiName = attachment.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    await reply
      .header('content-type', attachment.mediaType)
      .header('content-length', String(attachment.size))
      .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('etag', `"${attachment.sha256}"`)
      .send(stream);
  }

  /** Removes a file from the current dossier (frozen versions keep it). */
  @Roles('holder')
  @Delete(':id/attachments/:attachmentId')
  @HttpCode(204)
  async removeAttachment(@CurrentUser() user: AuthUser, @Param() params: AttachmentParamDto): Promise<void> {
    await this.attachments.remove(user, params.id, params.attachmentId);
  }

  /** The audit trail of every move. */
  @SignedIn()
  @Get(':id/history')
  async history(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto): Promise<HistoryEntryDto[]> {
    const { project, entries } = await this.projects.history(user, params.id);
    return entries.map((entry) => toHistoryEntry(entry, user, project));
  }

  /** Frozen submissions, oldest first. */
  @SignedIn()
  @Get(':id/versions')
  async versions(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto): Promise<VersionSummaryDto[]> {
    return (await this.projects.versions(user, params.id)).map(toVersionSummary);
  }

  @SignedIn()
  @Get(':id/versions/:n')
  async version(@CurrentUser() user: AuthUser, @Param() params: VersionParamDto): Promise<VersionDto> {
    const version = await this.projects.version(user, params.id, params.n);
    return { ...toVersionSummary(version), snapshot: version.snapshot as unknown as Record<string, unknown> };
  }

  /** What changed, field by field, in version n since version n-1. */
  @SignedIn()
  @Get(':id/versions/:n/diff')
  async diff(@CurrentUser() user: AuthUser, @Param() params: VersionParamDto): Promise<VersionDiffDto> {
    return this.projects.diff(user, params.id, params.n);
  }
}
