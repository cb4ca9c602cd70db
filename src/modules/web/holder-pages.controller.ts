import type { MultipartFile } from '@fastify/multipart';
import { ACTIONS, availableActions, criteriaOf, CriteriaFramework, isProjectLocation, Stage } from '@fasp/core';
import { Body, Controller, Get, Param, Post, Query, Req, Res, Type, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser } from '../../platform/auth/auth-user';
import { Public } from '../../platform/auth/access.decorators';
import { AppConfig } from '../../platform/config/app-config';
import { DomainException } from '../../platform/errors/domain-exception';
import { createValidationPipe } from '../../platform/errors/validation';
import { CallsService } from '../calls/calls.service';
import { DocumentsService } from '../documents/documents.service';
import { AttachmentsService } from '../projects/attachments.service';
import { AttachmentQueryDto, CreateProjectDto, StatementDto, UpdateProjectDto } from '../projects/dto/dossier.dto';
import { ListProjectsQueryDto, TransitionDto } from '../projects/dto/project.dto';
import { Project } from '../projects/entities/project.entity';
import { ProjectPolicy, EDITABLE_STAGES } from '../projects/project.policy';
import { machineRolesOf } from '../projects/projects.mappers';
import { dossierOf, ProjectsService } from '../projects/projects.service';
import { ConsolidationService } from '../reviews/consolidation.service';
import { WorkflowService } from '../workflow/workflow.service';
import { FieldErrors } from './views/forms';
import { attachmentsView } from './views/holder/attachments';
import { ProjectHead } from './views/holder/common';
import {
  criterionAnchor,
  formValuesOf,
  FormValues,
  geometryOfGeoJson,
  localizedFieldErrors,
  one,
  parseSection,
  placeOfItem,
  pointOf,
  renameErrors,
  sectionByKey,
  SectionKey,
  SECTIONS,
  valuesOfDossier,
} from './views/holder/dossier-form';
import { FeedbackData, feedbackView, reviseView } from './views/holder/feedback';
import { overviewView, OverviewPage, staleView, withdrawView } from './views/holder/overview';
import { newProjectView, OpenCall, projectsView } from './views/holder/projects';
import { SectionPage, sectionView } from './views/holder/sections';
import { statementsView } from './views/holder/statements';
import { WebContext, WebError, WebRedirect } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebService } from './web.service';

/** The actions a holder starts from these pages. */
const HOLDER_ACTIONS = ['submit', 'resubmit', 'withdraw'];
const FINAL_FOR_CONSENT = ['published', 'withdrawn', 'not_admitted'];
/** A GeoJSON file larger than this is not a parcel outline (the API takes at most 10 000 positions). */
const GEOJSON_MAX_BYTES = 2 * 1024 * 1024;

const validation = createValidationPipe();

/** The API's own validation (the same pipe, the same DTO), for a body built from a form. */
async function validated<T>(metatype: Type<T>, value: Record<string, unknown>): Promise<T> {
  return (await validation.transform(value, { type: 'body', metatype })) as T;
}

function code(error: unknown): string | null {
  return error instanceof DomainException ? error.code : null;
}

function uuidOr404(...ids: string[]): void {
  if (ids.some((id) => !isUUID(id, 'all'))) throw new WebError(404);
}

function multipartValue(part: MultipartFile, name: string): string {
  const field = part.fields[name];
  const value = Array.isArray(field) ? field[0] : field;
  return value && value.type === 'field' && typeof value.value === 'string' ? value.value : '';
}

/** Lets the rest of an unread upload go, so that the answer is not cut short. */
function drain(part: MultipartFile | undefined): void {
  if (part && !part.file.destroyed) part.file.resume();
}

/**
 * The holder's pages: their projects, the dossier section by section, location, statements,
 * attachments, submission and answers, feedback, revision, documents. Every read and write
 * goes through the API's services with the signed-in person, so the rules and the visibility
 * (another holder's project is a 404) are the API's own.
 */
@ApiExcludeController()
@Public()
@UseFilters(WebExceptionFilter)
@Controller()
export class HolderPagesController {
  constructor(
    private readonly web: WebService,
    private readonly projects: ProjectsService,
    private readonly workflow: WorkflowService,
    private readonly attachments: AttachmentsService,
    private readonly calls: CallsService,
    private readonly consolidation: ConsolidationService,
    private readonly documents: DocumentsService,
    private readonly config: AppConfig,
  ) {}

  /* ------------------------------------------------------------------------------------- */
  /* Projects and new projects                                                             */
  /* ------------------------------------------------------------------------------------- */

  @Get('projects')
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('cursor') cursor?: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'holder');
    const query = await validated(ListProjectsQueryDto, { limit: 20, ...(cursor && { cursor }) }).catch(() => ({ limit: 20 }));
    const found = await this.projects.list(user, query).catch((error: unknown) => {
      // a cursor this engine did not write: start from the first page
      if (code(error) === 'VALIDATION_FAILED') return this.projects.list(user, { limit: 20 });
      throw error;
    });
    const titles = new Map<string, string>();
    const rows = [];
    for (const project of found.items) {
      if (!titles.has(project.callId)) titles.set(project.callId, (await this.calls.get(project.callId)).title);
      const missing = EDITABLE_STAGES.includes(project.stage) ? (await this.projects.completeness(project, context.lang)).missing.length : null;
      rows.push({ id: project.id, faspId: project.faspId, title: project.title, callTitle: titles.get(project.callId) ?? '', stage: project.stage, missing, outcome: project.outcome, updatedAt: project.updatedAt });
    }
    await this.web.send(reply, projectsView(context, rows, await this.openCalls(user), found.nextCursor));
  }

  @Get('projects/new')
  async newPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'holder');
    await this.web.send(reply, newProjectView(context, await this.openCalls(user), {}, null));
  }

  @Post('projects')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'holder');
    this.web.checkCsrf(context, body);
    const values = formValuesOf(body);
    try {
      const dto = await validated(CreateProjectDto, { callId: one(values, 'callId'), title: one(values, 'title'), language: one(values, 'language') });
      const project = await this.projects.create(user, dto);
      throw new WebRedirect(`/projects/${project.id}`, 'holder.flash.created');
    } catch (error) {
      if (error instanceof WebRedirect) throw error;
      let errors = localizedFieldErrors(error, context.t, context.lang);
      let refusal: string | null = null;
      if (code(error) === 'CALL_NOT_ACCEPTING' || code(error) === 'NOT_FOUND') errors = { callId: [context.t('holder.error.callClosed')] };
      else if (code(error) === 'RULE_REFUSED') refusal = context.t('holder.error.noOrganization');
      else if (!errors) throw error;
      await this.web.send(reply, newProjectView(context, await this.openCalls(user), values, errors, refusal), refusal ? 422 : 400);
    }
  }

  /* ------------------------------------------------------------------------------------- */
  /* Overview, transitions, consent                                                        */
  /* ------------------------------------------------------------------------------------- */

  @Get('projects/:id')
  async overview(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    // Notifications link every reader to /projects/:id; staff and reviewers have their own page of it.
    const roles = context.user?.roles ?? [];
    if (!roles.includes('holder')) {
      if (roles.includes('secretariat') || roles.includes('admin')) throw new WebRedirect(`/secretariat/projects/${encodeURIComponent(id)}`);
      if (roles.includes('reviewer')) throw new WebRedirect(`/projects/${encodeURIComponent(id)}/review`);
    }
    const { user, project } = await this.load(context, id);
    await this.web.send(reply, overviewView(context, await this.overviewData(context, user, project, null)));
  }

  @Post('projects/:id/transitions')
  async transition(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const { user, project } = await this.load(context, id);
    this.web.checkCsrf(context, body);
    const values = formValuesOf(body);
    const action = one(values, 'action');
    const expectedVersion = Number(one(values, 'expectedVersion'));
    if (!HOLDER_ACTIONS.includes(action) || !(ACTIONS as readonly string[]).includes(action)) throw new WebError(403);
    if (!Number.isInteger(expectedVersion)) throw new WebError(409);
    try {
      const dto = await validated(TransitionDto, { action, expectedVersion, ...(one(values, 'reason').trim() && { reason: one(values, 'reason') }) });
      await this.workflow.transition({ kind: 'user', user }, { projectId: project.id, action: dto.action, expectedVersion: dto.expectedVersion, reason: dto.reason });
    } catch (error) {
      const current = await this.projects.getFor(user, project.id);
      if (code(error) === 'VERSION_CONFLICT' || code(error) === 'ILLEGAL_TRANSITION') {
        await this.web.send(reply, staleView(context, await this.head(current)), 409);
        return;
      }
      const fields = localizedFieldErrors(error, context.t, context.lang);
      if (fields && action === 'withdraw') {
        await this.web.send(reply, withdrawView(context, await this.head(current), current.version, one(values, 'reason'), fields), 400);
        return;
      }
      if (code(error) === 'DOSSIER_INCOMPLETE' || code(error) === 'RULE_REFUSED') {
        const completeness = await this.projects.completeness(current, context.lang);
        const failed = ((error as DomainException).details as { failedGuards?: string[] } | undefined)?.failedGuards ?? [];
        const message = code(error) === 'DOSSIER_INCOMPLETE' ? null : failed.includes('callOpen') ? context.t('holder.refused.callOpen') : context.t('holder.refused.other');
        await this.web.send(reply, overviewView(context, await this.overviewData(context, user, current, { missing: completeness.missing, message })), 422);
        return;
      }
      throw error;
    }
    throw new WebRedirect(`/projects/${project.id}`, `holder.flash.${action}`);
  }

  @Get('projects/:id/withdraw')
  async withdrawPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const { user, project } = await this.load(context, id);
    if (!this.holderActions(user, project).includes('withdraw')) throw new WebError(409);
    await this.web.send(reply, withdrawView(context, await this.head(project), project.version));
  }

  @Post('projects/:id/consent')
  async consent(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const { user, project } = await this.load(context, id);
    this.web.checkCsrf(context, body);
    const values = formValuesOf(body);
    await this.projects.setPublicationConsent(user, project.id, one(values, 'consentToPublish') === 'true', one(values, 'publishBudget') === 'true');
    throw new WebRedirect(`/projects/${project.id}`, 'holder.flash.consent');
  }

  /* ------------------------------------------------------------------------------------- */
  /* The dossier, section by section                                                       */
  /* ------------------------------------------------------------------------------------- */

  @Get('projects/:id/edit/:section')
  async sectionPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Param('section') key: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const { user, project } = await this.load(context, id);
    const section = sectionByKey(key);
    if (!section) throw new WebError(404);
    await this.web.send(reply, sectionView(context, await this.sectionData(context, user, project, section.key, valuesOfDossier(dossierOf(project), context.lang), null)));
  }

  @Post('projects/:id/edit/:section')
  async saveSection(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Param('section') key: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const { user, project } = await this.load(context, id);
    const section = sectionByKey(key);
    if (!section) throw new WebError(404);
    this.web.checkCsrf(context, body);
    const values = formValuesOf(body);
    const { patch, renamed } = parseSection(section, values, context.lang);
    let locationInput: 'geojson' | 'coordinates' | null = null;
    if (section.key === 'location') {
      const geojson = one(values, 'geojson').trim();
      const point = pointOf(values, context.lang);
      if (geojson !== '') {
        const parsed = geometryOfGeoJson(geojson);
        if (!parsed) {
          await this.sendSection(reply, context, user, project, section.key, values, { geojson: [context.t('holder.error.json')] }, 400);
          return;
        }
        patch.location = parsed.geometry;
        locationInput = 'geojson';
      } else if (one(values, 'clearLocation')) {
        patch.location = null;
      } else if (point) {
        patch.location = point;
        locationInput = 'coordinates';
      }
    }
    const saved = await this.update(context, user, project, patch, one(values, 'expectedVersion'), (errors) => {
      const renamedErrors = renameErrors(errors, renamed);
      return locationInput ? this.placeLocationErrors(renamedErrors, locationInput) : renamedErrors;
    });
    if (!saved.ok) {
      await this.sendSection(reply, context, user, saved.project, section.key, values, saved.errors, saved.status);
      return;
    }
    const next = SECTIONS[SECTIONS.findIndex((candidate) => candidate.key === section.key) + 1];
    throw new WebRedirect(one(values, 'then') === 'next' && next ? `/projects/${project.id}/edit/${next.key}` : `/projects/${project.id}/edit/${section.key}`, 'holder.flash.saved');
  }

  /** A GeoJSON file for the location (multipart: the form token and version come before the file). */
  @Post('projects/:id/edit/location/file')
  async locationFile(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const { user, project } = await this.load(context, id);
    const fail = async (errors: FieldErrors, status = 400) => this.sendSection(reply, context, user, project, 'location', valuesOfDossier(dossierOf(project), context.lang), errors, status);
    if (!request.isMultipart()) throw new WebError(403, 'error.csrf');
    let part: MultipartFile | undefined;
    let text: string;
    try {
      part = await request.file();
      if (!part) throw new WebError(403, 'error.csrf');
      this.web.checkCsrf(context, { _csrf: multipartValue(part, '_csrf') });
      if (!part.filename) {
        drain(part);
        await fail({ file: [context.t('holder.error.fileRequired')] });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      // read to the end (the request must be consumed to answer it), keeping at most the limit
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size <= GEOJSON_MAX_BYTES) chunks.push(chunk);
      }
      if (size > GEOJSON_MAX_BYTES) {
        await fail({ file: [context.t('holder.error.geojsonTooLarge')] }, 413);
        return;
      }
      text = Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      drain(part);
      if ((error as { statusCode?: number }).statusCode === 413) {
        await fail({ file: [context.t('holder.error.geojsonTooLarge')] }, 413);
        return;
      }
      throw error;
    }
    const parsed = geometryOfGeoJson(text);
    if (!parsed) {
      await fail({ file: [context.t('holder.error.json')] });
      return;
    }
    const saved = await this.update(context, user, project, { location: parsed.geometry }, multipartValue(part, 'expectedVersion'), (errors) => this.placeLocationErrors(errors, 'file'));
    if (!saved.ok) {
      await this.sendSection(reply, context, user, saved.project, 'location', valuesOfDossier(dossierOf(saved.project), context.lang), saved.errors, saved.status);
      return;
    }
    throw new WebRedirect(`/projects/${project.id}/edit/location`, 'holder.flash.locationSaved');
  }

  /* ------------------------------------------------------------------------------------- */
  /* Statements per criterion                                                              */
  /* ------------------------------------------------------------------------------------- */

  @Get('projects/:id/statements')
  async statementsPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const { user, project } = await this.load(context, id);
    await this.sendStatements(reply, context, user, project, this.statementValues(project), null, false, 200);
  }

  @Post('projects/:id/statements')
  async saveStatements(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const { user, project } = await this.load(context, id);
    this.web.checkCsrf(context, body);
    const values = formValuesOf(body);
    const framework = await this.projects.frameworkOf(project);
    const changed = criteriaOf(framework)
      .map((criterion) => criterion.code)
      .filter((code) => values[`statements.${code}`] !== undefined && one(values, `statements.${code}`) !== (project.statements[code] ?? ''));
    const errors: FieldErrors = {};
    for (const criterion of changed) {
      await validated(StatementDto, { text: one(values, `statements.${criterion}`) }).catch((error: unknown) => {
        const fields = localizedFieldErrors(error, context.t, context.lang);
        if (!fields) throw error;
        errors[`statements.${criterion}`] = Object.values(fields).flatMap((messages) => messages ?? []);
      });
    }
    if (Object.keys(errors).length > 0) {
      await this.sendStatements(reply, context, user, project, values, errors, false, 400);
      return;
    }
    let version = Number(one(values, 'expectedVersion'));
    for (const criterion of changed) {
      try {
        version = (await this.projects.putStatement(user, project.id, criterion, { text: one(values, `statements.${criterion}`), expectedVersion: Number.isInteger(version) ? version : -1 })).version;
      } catch (error) {
        // only the first save can meet a change made elsewhere; the next ones follow it
        if (criterion !== changed[0] || code(error) !== 'VERSION_CONFLICT') throw error;
        const current = await this.projects.getFor(user, project.id);
        await this.sendStatements(reply, context, user, current, values, null, true, 409);
        return;
      }
    }
    const anchor = one(values, 'save') ? `#${criterionAnchor(one(values, 'save'))}` : '';
    throw new WebRedirect(`/projects/${project.id}/statements${anchor}`, changed.length > 0 ? 'holder.flash.statementsSaved' : 'holder.flash.nothingChanged');
  }

  /* ------------------------------------------------------------------------------------- */
  /* Attachments                                                                           */
  /* ------------------------------------------------------------------------------------- */

  @Get('projects/:id/attachments')
  async attachmentsPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const { user, project } = await this.load(context, id);
    await this.sendAttachments(reply, context, user, project, null, 'concept_note', 200);
  }

  /**
   * The upload, streamed through the API's service. The form sends its token and the kind of
   * file before the file itself, so both are read (and the token checked) before any byte of
   * the file is stored.
   */
  @Post('projects/:id/attachments')
  async upload(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const { user, project } = await this.load(context, id);
    if (!request.isMultipart()) throw new WebError(403, 'error.csrf');
    let part: MultipartFile | undefined;
    let kind = 'concept_note';
    try {
      part = await request.file();
      if (!part) throw new WebError(403, 'error.csrf');
      this.web.checkCsrf(context, { _csrf: multipartValue(part, '_csrf') });
      kind = multipartValue(part, 'kind');
      await validated(AttachmentQueryDto, { kind });
      if (!part.filename) {
        drain(part);
        await this.sendAttachments(reply, context, user, project, { file: [context.t('holder.error.fileRequired')] }, kind, 400);
        return;
      }
      const chosen = part;
      // the service reads the request's file: it gets the part already opened here
      const forward = Object.assign(Object.create(request) as FastifyRequest, { isMultipart: () => true, file: async () => chosen });
      await this.attachments.upload(user, project.id, kind, forward);
    } catch (error) {
      drain(part);
      const status = error instanceof DomainException ? error.status : (error as { statusCode?: number }).statusCode;
      let errors: FieldErrors | null;
      if (status === 413) errors = { file: [context.t('holder.error.tooLarge', { size: Math.round(this.config.attachmentMaxBytes / (1024 * 1024)) })] };
      else if (status === 415) errors = { file: [context.t('holder.error.fileType')] };
      else errors = localizedFieldErrors(error, context.t, context.lang);
      if (!errors || !status) throw error;
      await this.sendAttachments(reply, context, user, await this.projects.getFor(user, project.id), errors, kind, status);
      return;
    }
    throw new WebRedirect(`/projects/${project.id}/attachments`, 'holder.flash.uploaded');
  }

  /** A file of the dossier, to whoever may see the project (as the API's download). */
  @Get('projects/:id/attachments/:attachmentId')
  async download(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Param('attachmentId') attachmentId: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context);
    uuidOr404(id, attachmentId);
    const { attachment, stream } = await this.attachments.open(user, id, attachmentId);
    const asciiName = attachment.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    await reply
      .header('content-type', attachment.mediaType)
      .header('content-length', String(attachment.size))
      .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('etag', `"${attachment.sha256}"`)
      .send(stream);
  }

  @Post('projects/:id/attachments/:attachmentId/delete')
  async removeAttachment(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Param('attachmentId') attachmentId: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const { user, project } = await this.load(context, id);
    uuidOr404(attachmentId);
    this.web.checkCsrf(context, body);
    await this.attachments.remove(user, project.id, attachmentId);
    throw new WebRedirect(`/projects/${project.id}/attachments`, 'holder.flash.removed');
  }

  /* ------------------------------------------------------------------------------------- */
  /* Feedback, revision, documents                                                         */
  /* ------------------------------------------------------------------------------------- */

  @Get('projects/:id/feedback')
  async feedbackPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const { user, project } = await this.load(context, id);
    const feedback = (await this.consolidation.feedback(user, project.id, context.lang));
    const framework = await this.projects.frameworkOf(project);
    await this.web.send(reply, feedbackView(context, await this.head(project), framework, feedback, { revision: project.stage === 'revision' }));
  }

  @Get('projects/:id/revise')
  async revisePage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const { user, project } = await this.load(context, id);
    if (project.stage !== 'revision') throw new WebRedirect(`/projects/${project.id}`);
    const feedback = (await this.consolidation.feedback(user, project.id, context.lang));
    const completeness = await this.projects.completeness(project, context.lang);
    await this.web.send(reply, reviseView(context, { head: await this.head(project), feedback, version: project.version, missing: completeness.missing }));
  }

  @Get('projects/:id/report.pdf')
  async report(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    await this.sendDocument(request, reply, id, 'report');
  }

  @Get('projects/:id/letter.pdf')
  async letter(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    await this.sendDocument(request, reply, id, 'letter');
  }

  /* ------------------------------------------------------------------------------------- */

  private async sendDocument(request: FastifyRequest, reply: FastifyReply, id: string, kind: 'report' | 'letter'): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'holder', 'secretariat', 'admin');
    uuidOr404(id);
    const { document, stream } = await this.documents.open(user, id, kind);
    await reply
      .header('content-type', 'application/pdf')
      .header('content-length', String(document.size))
      .header('content-disposition', `inline; filename="${document.kind}-round${document.round}.pdf"`)
      .header('cache-control', 'private, no-store')
      .header('etag', `"${document.sha256}"`)
      .send(stream);
  }

  /** The project, if it is one of the signed-in holder's (else a 404 page, as the API answers). */
  private async load(context: WebContext, id: string): Promise<{ user: AuthUser; project: Project }> {
    const user = this.web.requireUser(context, 'holder');
    uuidOr404(id);
    const project = await this.projects.getFor(user, id);
    if (!ProjectPolicy.isHolderSide(user, project)) throw new WebError(404);
    return { user, project };
  }

  private async head(project: Project): Promise<ProjectHead> {
    const call = await this.calls.get(project.callId);
    return { id: project.id, title: project.title, faspId: project.faspId, stage: project.stage, round: project.round, callTitle: call.title };
  }

  private holderActions(user: AuthUser, project: Project): string[] {
    return availableActions(project.stage as Stage, machineRolesOf(user, project)).filter((action) => HOLDER_ACTIONS.includes(action));
  }

  private async openCalls(user: AuthUser): Promise<OpenCall[]> {
    const page = await this.calls.list(user, { status: 'open', limit: 100 });
    return page.items
      .filter((call) => this.calls.isAcceptingSubmissions(call))
      .map((call) => ({ id: call.id, title: call.title, closesAt: call.closesAt, languages: call.languages }));
  }

  /** The released feedback, or null before any release. */
  private async releasedFeedback(context: WebContext, user: AuthUser, project: Project): Promise<FeedbackData | null> {
    if (!project.outcome) return null;
    try {
      return (await this.consolidation.feedback(user, project.id, context.lang));
    } catch (error) {
      if (code(error) === 'NOT_FOUND') return null;
      throw error;
    }
  }

  /** Where the holder says it: the location's API errors go to the input they used. */
  private placeLocationErrors(errors: FieldErrors, input: 'geojson' | 'coordinates' | 'file'): FieldErrors {
    const messages = errors.location;
    if (!messages) return errors;
    const { location: _location, ...rest } = errors;
    if (input !== 'coordinates') return { ...rest, [input]: messages };
    const placed: FieldErrors = { ...rest };
    for (const message of messages) {
      const target = /latitude/i.test(message) ? 'latitude' : /longitude/i.test(message) ? 'longitude' : 'location';
      placed[target] = [...(placed[target] ?? []), message];
    }
    return placed;
  }

  /**
   * Sends a dossier change through the API's validation and service. A refusal comes back as
   * field errors (400) or, when the project changed since the page was read, as a stale form
   * (409) that keeps what was typed.
   */
  private async update(
    context: WebContext,
    user: AuthUser,
    project: Project,
    patch: Record<string, unknown>,
    expectedVersion: string,
    place: (errors: FieldErrors) => FieldErrors,
  ): Promise<{ ok: true } | { ok: false; errors: FieldErrors | null; status: number; project: Project }> {
    const version = Number(expectedVersion);
    try {
      const dto = await validated(UpdateProjectDto, { ...patch, expectedVersion: Number.isInteger(version) ? version : -1 });
      await this.projects.update(user, project.id, dto);
      return { ok: true };
    } catch (error) {
      if (code(error) === 'VERSION_CONFLICT') return { ok: false, errors: null, status: 409, project: await this.projects.getFor(user, project.id) };
      const errors = localizedFieldErrors(error, context.t, context.lang);
      if (!errors) throw error;
      return { ok: false, errors: place(errors), status: 400, project };
    }
  }

  private async sendSection(reply: FastifyReply, context: WebContext, user: AuthUser, project: Project, key: SectionKey, values: FormValues, errors: FieldErrors | null, status: number): Promise<void> {
    const data = await this.sectionData(context, user, project, key, values, errors);
    await this.web.send(reply, sectionView(context, { ...data, stale: status === 409 }), status);
  }

  private async sectionData(context: WebContext, user: AuthUser, project: Project, key: SectionKey, values: FormValues, errors: FieldErrors | null): Promise<SectionPage> {
    const call = await this.calls.get(project.callId);
    const editable = EDITABLE_STAGES.includes(project.stage);
    const missing = editable ? (await this.projects.completeness(project, context.lang)).missing : [];
    const missingBySection: Partial<Record<SectionKey, number>> = {};
    for (const entry of missing) {
      const place = placeOfItem(entry.item).section;
      if (place !== 'statements' && place !== 'attachments') missingBySection[place] = (missingBySection[place] ?? 0) + 1;
    }
    const feedback = project.stage === 'revision' ? await this.releasedFeedback(context, user, project) : null;
    const location = project.dossier.location;
    return {
      head: await this.head(project),
      section: sectionByKey(key) ?? SECTIONS[0],
      values,
      errors,
      version: project.version,
      editable,
      callLanguages: call.languages,
      callModalities: call.modalities,
      missingBySection,
      location: isProjectLocation(location) ? location : null,
      feedback: feedback && { round: feedback.round, general: feedback.general, criteria: feedback.criteria },
      stale: false,
      showFeedbackTab: project.outcome !== null,
    };
  }

  private statementValues(project: Project): FormValues {
    return Object.fromEntries(Object.entries(project.statements).map(([code, text]) => [`statements.${code}`, text]));
  }

  private async sendStatements(reply: FastifyReply, context: WebContext, user: AuthUser, project: Project, values: FormValues, errors: FieldErrors | null, stale: boolean, status: number): Promise<void> {
    const framework: CriteriaFramework = await this.projects.frameworkOf(project);
    const feedback = project.stage === 'revision' ? await this.releasedFeedback(context, user, project) : null;
    await this.web.send(
      reply,
      statementsView(context, {
        head: await this.head(project),
        framework,
        values,
        errors,
        version: project.version,
        editable: EDITABLE_STAGES.includes(project.stage),
        stale,
        feedback: feedback && { round: feedback.round, criteria: feedback.criteria },
        showFeedbackTab: project.outcome !== null,
      }),
      status,
    );
  }

  private async sendAttachments(reply: FastifyReply, context: WebContext, user: AuthUser, project: Project, errors: FieldErrors | null, kind: string, status: number): Promise<void> {
    const rows = await this.attachments.list(user, project.id);
    await this.web.send(
      reply,
      attachmentsView(context, {
        head: await this.head(project),
        rows,
        editable: EDITABLE_STAGES.includes(project.stage),
        errors,
        kind,
        maxBytes: this.config.attachmentMaxBytes,
        showFeedbackTab: project.outcome !== null,
        showReviseTab: project.stage === 'revision',
      }),
      status,
    );
  }

  private async overviewData(context: WebContext, user: AuthUser, project: Project, problems: OverviewPage['problems']): Promise<OverviewPage> {
    const editable = EDITABLE_STAGES.includes(project.stage);
    const [framework, attachments, { entries }, feedback] = await Promise.all([
      this.projects.frameworkOf(project),
      this.attachments.list(user, project.id),
      this.projects.history(user, project.id),
      this.releasedFeedback(context, user, project),
    ]);
    const codes = criteriaOf(framework).map((criterion) => criterion.code);
    const lastReason = (action: string) => [...entries].reverse().find((entry) => entry.action === action)?.reason ?? '';
    const location = project.dossier.location;
    return {
      head: await this.head(project),
      stage: project.stage,
      version: project.version,
      outcome: project.outcome,
      stageDeadline: project.stageDeadline,
      submittedAt: project.submittedAt,
      editable,
      missing: editable ? (await this.projects.completeness(project, context.lang)).missing : null,
      statements: { written: codes.filter((code) => (project.statements[code] ?? '').trim() !== '').length, total: codes.length },
      attachments,
      history: entries.map((entry) => ({ at: entry.at, action: entry.action, fromStage: entry.fromStage, toStage: entry.toStage, actorRole: entry.actorRole, reason: entry.reason, round: entry.round })),
      actions: this.holderActions(user, project),
      infoRequest: project.stage === 'info_requested' ? lastReason('request_info') : null,
      refusal: project.stage === 'not_admitted' ? lastReason('refuse') : null,
      feedbackReleased: feedback !== null,
      documents: { report: !!feedback?.documents.report, letter: !!feedback?.documents.letter },
      consent: { given: project.consentToPublish, budget: project.publishBudget, changeable: !FINAL_FOR_CONSENT.includes(project.stage) },
      location: isProjectLocation(location) ? (location) : null,
      areaHa: typeof project.dossier.areaHa === 'number' ? project.dossier.areaHa : null,
      problems,
    };
  }
}
