import type { Conflict } from '@fasp/matching';
import { ArgumentMetadata, Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../../platform/auth/access.decorators';
import { AuthUser } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainException } from '../../platform/errors/domain-exception';
import { createValidationPipe } from '../../platform/errors/validation';
import { AssignmentRunsService } from '../assignment/assignment-runs.service';
import { AssignmentsRepository } from '../assignment/assignments.repository';
import { ManualAssignDto, RemoveAssignmentDto } from '../assignment/dto/assignment.dto';
import { AssignmentRun } from '../assignment/entities/assignment-run.entity';
import { InvitationsService } from '../assignment/invitations.service';
import { CallsService } from '../calls/calls.service';
import { CreateCallDto, ListCallsQueryDto, UpdateCallDto } from '../calls/dto/call.dto';
import { Call, DEFAULT_DEADLINES } from '../calls/entities/call.entity';
import { FrameworksService } from '../criteria/frameworks.service';
import { OrganizationsRepository } from '../identity/organizations.repository';
import { UsersRepository } from '../identity/users.repository';
import { ExportService } from '../pipeline/export.service';
import { PipelineService } from '../pipeline/pipeline.service';
import { ListProjectsQueryDto, TransitionDto } from '../projects/dto/project.dto';
import { ProjectsService } from '../projects/projects.service';
import { ConsolidationService } from '../reviews/consolidation.service';
import { outcomeReasonSentences } from '../reviews/outcome-reasons';
import { WorkflowService } from '../workflow/workflow.service';
import { SafeHtml } from './html';
import { FieldErrors, list, text } from './views/forms';
import { fieldProblems } from './views/secretariat/common';
import { callFormValues, CallFormValues, callPage, callsPage, EDITABLE_WHEN_OPEN, newCallPage } from './views/secretariat/calls';
import { dashboardPage, DASHBOARD_LIST_LIMIT } from './views/secretariat/dashboard';
import { ProjectFilters, projectPage, projectsPage, RefusedForm, ReviewerChoice, stalePage } from './views/secretariat/projects';
import { runPage } from './views/secretariat/runs';
import { instantFromLocal } from './views/secretariat/time';
import { WebContext, WebError, WebRedirect } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebService } from './web.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id in a path: anything but a UUID names nothing (and must not reach SQL). */
function idOf(value: string): string {
  if (!UUID.test(value)) throw new WebError(404);
  return value;
}

/** A whole number typed in a form; other text stays text, so that the validator names the field. */
function integer(value: unknown): number | string | undefined {
  const typed = (text(value) ?? '').trim();
  if (typed === '') return undefined;
  return /^-?\d{1,9}$/.test(typed) ? Number(typed) : typed;
}

/** The typed values of a form, as strings (lists kept), to show again when refused. */
function typed(body: Record<string, unknown>): Record<string, string | string[] | undefined> {
  const values: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === '_csrf') continue;
    values[name] = Array.isArray(value) ? list(value) : text(value);
  }
  return values;
}

function isDomain(error: unknown, ...codes: string[]): error is DomainException {
  return error instanceof DomainException && (codes.length === 0 || codes.includes(error.code));
}

/** The form field that carries the `reason` of each action on a project page. */
const REASON_FIELDS: Record<string, string> = { request_info: 'infoMessage', refuse: 'refusalReasons', release_feedback: 'releaseNote' };
const PROJECT_ACTIONS = ['admit', 'request_info', 'refuse', 'release_feedback', 'publish'] as const;
type ProjectAction = (typeof PROJECT_ACTIONS)[number];

/**
 * Pages of the Executive Secretariat: the pipeline dashboard and its export, calls, all projects
 * with eligibility decisions, reviewer assignment (runs, manual seats), release of feedback and
 * publication. Every page calls the API's own services with the signed-in member, so the rules
 * (and their refusals) are the API's.
 */
@ApiExcludeController()
@Public()
@UseFilters(WebExceptionFilter)
@Controller()
export class SecretariatPagesController {
  private readonly validation = createValidationPipe();

  constructor(
    private readonly web: WebService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pipeline: PipelineService,
    private readonly exports: ExportService,
    private readonly calls: CallsService,
    private readonly frameworks: FrameworksService,
    private readonly projects: ProjectsService,
    private readonly workflow: WorkflowService,
    private readonly invitations: InvitationsService,
    private readonly runs: AssignmentRunsService,
    private readonly assignments: AssignmentsRepository,
    private readonly consolidation: ConsolidationService,
    private readonly organizations: OrganizationsRepository,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
  ) {}

  /** The request through the API's validation of `metatype` (400 with field errors). */
  private async validate<T>(metatype: new () => T, value: Record<string, unknown>, type: ArgumentMetadata['type'] = 'body'): Promise<T> {
    return (await this.validation.transform(value, { type, metatype })) as T;
  }

  private staff(context: WebContext): AuthUser {
    return this.web.requireUser(context, 'secretariat', 'admin');
  }

  private async callChoices(user: AuthUser): Promise<Array<{ id: string; title: string }>> {
    return (await this.calls.list(user, { limit: 100 })).items.map((call) => ({ id: call.id, title: `${call.title} (${call.year})` }));
  }

  private async names(ids: Iterable<string>): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows: Array<{ id: string; name: string }> = await this.dataSource.query('SELECT id, name FROM user_account WHERE id = ANY($1)', [unique]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  // ------------------------------------------------------------------------------------------
  // Pipeline

  @Get('pipeline')
  async dashboard(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('callId') callId?: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.staff(context);
    const call = callId && UUID.test(callId) ? callId : undefined;
    const [summary, overdue, reviewers, calls] = await Promise.all([
      this.pipeline.summary({ callId: call }),
      this.pipeline.overdue({ callId: call, limit: DASHBOARD_LIST_LIMIT }),
      this.pipeline.reviewers({ callId: call }),
      this.callChoices(user),
    ]);
    await this.web.send(reply, dashboardPage(context, { summary, overdue, reviewers, calls, callId: call ?? null }));
  }

  /** The API's export (one row per project), for a signed-in member of the secretariat. */
  @Get('pipeline/export.csv')
  async export(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('callId') callId?: string): Promise<void> {
    const context = await this.web.context(request, reply);
    this.staff(context);
    const call = callId && UUID.test(callId) ? callId : undefined;
    const stream = await this.exports.projectsCsv(call);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="fasp-pipeline${call ? `-${call}` : ''}.csv"`)
      .header('cache-control', 'no-store')
      .send(stream);
  }

  // ------------------------------------------------------------------------------------------
  // Calls

  @Get('calls')
  async callList(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('cursor') cursor?: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.staff(context);
    try {
      const listed = await this.calls.list(user, await this.validate(ListCallsQueryDto, { ...(cursor && { cursor }) }, 'query'));
      await this.web.send(reply, callsPage(context, listed.items, listed.nextCursor, (call) => this.calls.isAcceptingSubmissions(call), cursor ?? null));
    } catch (error) {
      // a cursor this site did not give: start again from the first page
      if (isDomain(error, 'VALIDATION_FAILED')) throw new WebRedirect('/calls');
      throw error;
    }
  }

  private async frameworkChoices(context: WebContext): Promise<Array<{ id: string; label: string }>> {
    const published = await this.frameworks.list({ status: 'published', limit: 100 });
    return published.items.map((framework) => ({
      id: framework.id,
      label: `${framework.definition?.names[context.lang] ?? framework.key} (${framework.key} v${framework.version})`,
    }));
  }

  @Get('calls/new')
  async newCall(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.web.context(request, reply);
    this.staff(context);
    const frameworks = await this.frameworkChoices(context);
    const year = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: context.timeZone }).format(this.clock.now());
    const values: CallFormValues = {
      year,
      frameworkId: frameworks[0]?.id ?? '',
      reviewersPerProject: '2',
      maxRounds: '2',
      'deadlines.eligibilityDays': String(DEFAULT_DEADLINES.eligibilityDays),
      'deadlines.invitationDays': String(DEFAULT_DEADLINES.invitationDays),
      'deadlines.reviewDays': String(DEFAULT_DEADLINES.reviewDays),
      'deadlines.revisionDays': String(DEFAULT_DEADLINES.revisionDays),
      languages: ['en', 'fr', 'es'],
      modalities: ['1', '2'],
    };
    await this.web.send(reply, newCallPage(context, values, null, frameworks));
  }

  /** The call's fields from the form; instants typed in the member's time zone become UTC instants. */
  private callInput(context: WebContext, body: Record<string, unknown>, fields: readonly string[] | null): Record<string, unknown> {
    const wanted = (name: string) => fields === null || fields.includes(name);
    const instant = (name: string) => {
      const local = (text(body[name]) ?? '').trim();
      return instantFromLocal(local, context.timeZone) ?? local;
    };
    const input: Record<string, unknown> = {
      title: (text(body.title) ?? '').trim(),
      year: integer(body.year),
      description: text(body.description) ?? '',
      frameworkId: text(body.frameworkId) ?? '',
      opensAt: instant('opensAt'),
      closesAt: instant('closesAt'),
      reviewersPerProject: integer(body.reviewersPerProject),
      maxRounds: integer(body.maxRounds),
      deadlines: {
        eligibilityDays: integer(body['deadlines.eligibilityDays']),
        invitationDays: integer(body['deadlines.invitationDays']),
        reviewDays: integer(body['deadlines.reviewDays']),
        revisionDays: integer(body['deadlines.revisionDays']),
      },
      divergenceAutoInvite: text(body.divergenceAutoInvite) === 'true',
      languages: list(body.languages),
      modalities: list(body.modalities).map((value) => integer(value)),
    };
    return Object.fromEntries(Object.entries(input).filter(([name, value]) => wanted(name) && value !== undefined));
  }

  @Post('calls/new')
  async createCall(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    this.staff(context);
    this.web.checkCsrf(context, body);
    let call: Call;
    try {
      call = await this.calls.create(await this.validate(CreateCallDto, this.callInput(context, body, null)));
    } catch (error) {
      const errors = fieldProblems(context, error);
      if (!errors || !isDomain(error)) throw error;
      await this.web.send(reply, newCallPage(context, typed(body), errors, await this.frameworkChoices(context)), error.status);
      return;
    }
    throw new WebRedirect(`/calls/${call.id}`, 'sec.flash.callCreated');
  }

  private async showCall(context: WebContext, reply: FastifyReply, call: Call, values: CallFormValues | null, errors: FieldErrors | null, problem: string | null, status = 200): Promise<void> {
    const runs = await this.dataSource.getRepository(AssignmentRun).find({ where: { callId: call.id }, order: { createdAt: 'DESC' }, take: 10 });
    const view = {
      call,
      accepting: this.calls.isAcceptingSubmissions(call),
      values: values ?? callFormValues(context, call),
      errors,
      problem,
      frameworks: await this.frameworkChoices(context),
      runs,
    };
    await this.web.send(reply, callPage(context, view), status);
  }

  @Get('calls/:id')
  async call(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.staff(context);
    await this.showCall(context, reply, await this.calls.getFor(user, idOf(id)), null, null, null);
  }

  /** A call changed meanwhile (another member, or the clock closed it): say so, with the way back. */
  private async stale(context: WebContext, reply: FastifyReply, href: string): Promise<void> {
    await this.web.send(reply, stalePage(context, href), 409);
  }

  @Post('calls/:id')
  async updateCall(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.staff(context);
    this.web.checkCsrf(context, body);
    const call = await this.calls.getFor(user, idOf(id));
    const fields = call.status === 'draft' ? null : EDITABLE_WHEN_OPEN;
    try {
      const input = { ...this.callInput(context, body, fields), expectedVersion: integer(body.expectedVersion) };
      await this.calls.update(call.id, await this.validate(UpdateCallDto, input));
    } catch (error) {
      if (isDomain(error, 'VERSION_CONFLICT', 'ILLEGAL_TRANSITION')) return this.stale(context, reply, `/calls/${call.id}`);
      const errors = fieldProblems(context, error);
      if (!errors || !isDomain(error)) throw error;
      // what was typed, over the stored values of the fields the form did not carry; an
      // unticked box is absent from a form, so the boxes come from the form alone
      const values: CallFormValues = { ...callFormValues(context, call), ...typed(body), divergenceAutoInvite: text(body.divergenceAutoInvite) };
      if (call.status === 'draft') Object.assign(values, { languages: list(body.languages), modalities: list(body.modalities) });
      await this.showCall(context, reply, call, values, errors, null, error.status);
      return;
    }
    throw new WebRedirect(`/calls/${call.id}`, 'sec.flash.callSaved');
  }

  @Post('calls/:id/open')
  async openCall(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    await this.moveCall(request, reply, id, body, 'open');
  }

  @Post('calls/:id/close')
  async closeCall(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    await this.moveCall(request, reply, id, body, 'close');
  }

  private async moveCall(request: FastifyRequest, reply: FastifyReply, id: string, body: Record<string, unknown>, move: 'open' | 'close'): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.staff(context);
    this.web.checkCsrf(context, body);
    const call = await this.calls.getFor(user, idOf(id));
    const version = integer(body.expectedVersion);
    try {
      const expected = typeof version === 'number' ? version : undefined;
      await (move === 'open' ? this.calls.open(call.id, expected) : this.calls.close(call.id, expected));
    } catch (error) {
      if (isDomain(error, 'VERSION_CONFLICT', 'ILLEGAL_TRANSITION')) return this.stale(context, reply, `/calls/${call.id}`);
      if (!isDomain(error, 'RULE_REFUSED')) throw error;
      const errors = fieldProblems(context, error);
      const problem = error.message.startsWith('frameworkId') ? context.t('sec.call.frameworkUnpublished') : context.t('sec.call.openRefused');
      await this.showCall(context, reply, call, null, errors, problem, error.status);
      return;
    }
    throw new WebRedirect(`/calls/${call.id}`, move === 'open' ? 'sec.flash.callOpened' : 'sec.flash.callClosed');
  }

  // ------------------------------------------------------------------------------------------
  // Assignment runs

  @Post('calls/:id/assignment-runs')
  async startRun(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.staff(context);
    this.web.checkCsrf(context, body);
    const call = await this.calls.getFor(user, idOf(id));
    const run = await this.dataSource.transaction((manager) => this.runs.request(call.id, 'secretariat', null, user.id, manager));
    throw new WebRedirect(`/assignment-runs/${run.id}`, 'sec.flash.runStarted');
  }

  @Get('assignment-runs/:id')
  async run(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Query('from') from?: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.staff(context);
    const run = await this.runs.get(idOf(id));
    const call = await this.calls.getFor(user, run.callId);
    const result = run.result;
    const projectIds = result ? [...result.projects.map((project) => project.projectId), ...result.shortfalls.map((shortfall) => shortfall.projectId)] : [];
    const rows: Array<{ id: string; fasp_id: string | null; title: string }> =
      projectIds.length > 0 ? await this.dataSource.query('SELECT id, fasp_id, title FROM project WHERE id = ANY($1)', [[...new Set(projectIds)]]) : [];
    const names = await this.names(result ? result.projects.flatMap((project) => project.invited.map((seat) => seat.reviewerId)) : []);
    const start = typeof integer(from) === 'number' ? Math.max(0, integer(from) as number) : 0;
    const view = {
      run,
      call: { id: call.id, title: call.title },
      projects: new Map(rows.map((row) => [row.id, { faspId: row.fasp_id, title: row.title }])),
      names,
      from: start,
    };
    await this.web.send(reply, runPage(context, view));
  }

  // ------------------------------------------------------------------------------------------
  // Projects

  @Get('secretariat/projects')
  async projectList(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.staff(context);
    const filters: ProjectFilters = {};
    for (const name of ['callId', 'stage', 'region', 'college', 'q'] as const) {
      const value = (text(query[name]) ?? '').trim();
      if (value) filters[name] = value;
    }
    const cursor = (text(query.cursor) ?? '').trim() || null;
    if (text(query.limit)) filters.limit = text(query.limit);
    const calls = await this.callChoices(user);
    try {
      const listed = await this.projects.list(user, await this.validate(ListProjectsQueryDto, { ...filters, ...(cursor && { cursor }), limit: integer(filters.limit) ?? 25 }, 'query'));
      await this.web.send(reply, projectsPage(context, { projects: listed.items, nextCursor: listed.nextCursor, cursor, filters, errors: null, calls, now: this.clock.now() }));
    } catch (error) {
      const errors = fieldProblems(context, error);
      if (!errors || !isDomain(error)) throw error;
      await this.web.send(reply, projectsPage(context, { projects: [], nextCursor: null, cursor: null, filters, errors, calls, now: this.clock.now() }), 400);
    }
  }

  @Get('secretariat/projects/:id')
  async project(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.staff(context);
    await this.web.send(reply, await this.projectView(context, user, idOf(id), null));
  }

  private async projectView(context: WebContext, user: AuthUser, id: string, refused: RefusedForm | null): Promise<SafeHtml> {
    const project = await this.projects.getFor(user, id);
    const [call, organization, holder, completeness, { entries }, seats] = await Promise.all([
      this.calls.get(project.callId),
      this.organizations.findById(project.organizationId),
      this.users.findById(project.holderId),
      this.projects.completeness(project, context.lang),
      this.projects.history(user, id),
      this.invitations.forProject(user, id),
    ]);
    let reviewers: ReviewerChoice[] = [];
    if (project.stage === 'assignment' || project.stage === 'review') {
      const [available, loads] = await Promise.all([this.assignments.availableReviewers(), this.assignments.loads(call.id)]);
      const names = await this.names(available.map((profile) => profile.userId));
      reviewers = available
        .map((profile) => ({
          id: profile.userId,
          name: names.get(profile.userId) ?? profile.email,
          stcMember: profile.stcMember,
          languages: profile.languages,
          load: loads.get(profile.userId) ?? 0,
          capacity: profile.capacityPerCall,
        }))
        .sort((a, b) => a.name.localeCompare(b.name, context.lang));
    }
    let consolidation = null;
    if (project.stage === 'consolidation') {
      const state = await this.consolidation.view(user, id);
      const evaluation = state.evaluation as { allowedOutcomes?: string[]; reasons?: Parameters<typeof outcomeReasonSentences>[0] };
      consolidation = {
        proposedOutcome: state.proposedOutcome,
        proposedAt: state.proposedAt,
        reviewsSubmitted: state.reviewsSubmitted,
        allowedOutcomes: evaluation.allowedOutcomes ?? [],
        reasons: outcomeReasonSentences(evaluation.reasons ?? [], context.lang),
      };
    }
    const names = await this.names(entries.map((entry) => entry.actorId).filter((actor): actor is string => !!actor));
    return projectPage(context, {
      project,
      call,
      organization: organization ? { name: organization.name, country: organization.country, verified: organization.verified } : null,
      holder: holder ? { name: holder.name, email: holder.email } : null,
      completeness,
      history: entries,
      names,
      assignments: seats,
      reviewers,
      consolidation,
      refused,
      now: this.clock.now(),
    });
  }

  /** Shows the project again with the refused form, what was typed, and why (status of the refusal). */
  private async refuse(context: WebContext, reply: FastifyReply, user: AuthUser, id: string, refused: RefusedForm, status: number): Promise<void> {
    await this.web.send(reply, await this.projectView(context, user, id, refused), status);
  }

  /** Errors of the API's `reason` (and other fields) under the names the page gives them. */
  private renamed(errors: FieldErrors | null, names: Record<string, string>): FieldErrors | null {
    if (!errors) return null;
    return Object.fromEntries(Object.entries(errors).map(([name, messages]) => [names[name] ?? name, messages]));
  }

  /** Why a rule refused a move, in words. */
  private refusal(context: WebContext, error: DomainException): string {
    const details = (error.details ?? {}) as { failedGuards?: string[]; guards?: Record<string, { explanation?: string[] }>; missing?: Array<{ label: string }> };
    if (error.code === 'DOSSIER_INCOMPLETE') return context.t('sec.refused.dossierComplete', { missing: (details.missing ?? []).map((item) => item.label).join(', ') });
    const sentences = (details.failedGuards ?? []).map((guard) =>
      guard === 'outcomeAllowed' && details.guards?.outcomeAllowed?.explanation?.length
        ? `${context.t('sec.refused.outcomeAllowed')} ${details.guards.outcomeAllowed.explanation.join(' ')}`
        : context.t(`sec.refused.${guard}`),
    );
    return sentences.length > 0 ? sentences.join(' ') : context.t('sec.refused.other');
  }

  @Post('secretariat/projects/:id/transitions')
  async transition(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.staff(context);
    this.web.checkCsrf(context, body);
    const projectId = idOf(id);
    const action = text(body.action) as ProjectAction;
    if (!PROJECT_ACTIONS.includes(action)) throw new WebError(409);
    const reasonField = REASON_FIELDS[action];
    const reason = reasonField ? (text(body[reasonField]) ?? '').trim() : '';
    const outcome = action === 'release_feedback' ? text(body.outcome) : undefined;
    const values: Record<string, string> = { ...(reasonField && { [reasonField]: reason }), ...(outcome && { outcome }) };
    try {
      const dto = await this.validate(TransitionDto, { action, expectedVersion: integer(body.expectedVersion), ...(reason && { reason }), ...(outcome && { outcome }) });
      await this.workflow.transition({ kind: 'user', user }, { projectId, ...dto });
    } catch (error) {
      if (isDomain(error, 'VERSION_CONFLICT', 'ILLEGAL_TRANSITION')) return this.stale(context, reply, `/secretariat/projects/${projectId}`);
      if (isDomain(error, 'VALIDATION_FAILED')) {
        const errors = this.renamed(fieldProblems(context, error), { reason: reasonField ?? 'reason' });
        const problem = errors?.expectedVersion ? context.t('sec.refused.other') : null;
        return this.refuse(context, reply, user, projectId, { form: action, values, errors, problem }, 400);
      }
      if (isDomain(error, 'RULE_REFUSED', 'DOSSIER_INCOMPLETE')) {
        return this.refuse(context, reply, user, projectId, { form: action, values, errors: null, problem: this.refusal(context, error) }, error.status);
      }
      throw error;
    }
    throw new WebRedirect(`/secretariat/projects/${projectId}`, `sec.flash.${action}`);
  }

  /** The conflicts of interest the API reported, in words (organisations by name). */
  private async conflictSentences(context: WebContext, conflicts: Conflict[]): Promise<string[]> {
    return Promise.all(
      conflicts.map(async (conflict) => {
        const organization = conflict.kind.endsWith('ORGANISATION') ? await this.organizations.findById(conflict.ref) : null;
        return context.t(`sec.conflict.${conflict.kind}`, { organization: organization?.name ?? conflict.ref });
      }),
    );
  }

  @Post('secretariat/projects/:id/assignments')
  async assign(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.staff(context);
    this.web.checkCsrf(context, body);
    const projectId = idOf(id);
    const values = {
      reviewerId: text(body.reviewerId) ?? '',
      role: text(body.role) ?? '',
      assignReason: (text(body.assignReason) ?? '').trim(),
    };
    const override = text(body.overrideConflict) === 'true';
    try {
      const dto = await this.validate(ManualAssignDto, { reviewerId: values.reviewerId, role: values.role, reason: values.assignReason, ...(override && { overrideConflict: true }) });
      await this.invitations.assignManually(user, projectId, dto);
    } catch (error) {
      if (!isDomain(error)) throw error;
      const refused = (problem: string | null, errors: FieldErrors | null = null, conflicts?: string[]): RefusedForm => ({ form: 'assign', values, errors, problem, conflicts });
      switch (error.code) {
        case 'VALIDATION_FAILED':
          return this.refuse(context, reply, user, projectId, refused(null, this.renamed(fieldProblems(context, error), { reason: 'assignReason' })), 400);
        case 'CONFLICT_OF_INTEREST': {
          const conflicts = await this.conflictSentences(context, ((error.details ?? {}) as { conflicts?: Conflict[] }).conflicts ?? []);
          return this.refuse(context, reply, user, projectId, refused(context.t('sec.assign.conflictProblem'), { overrideConflict: [context.t('sec.assign.acknowledgeRequired')] }, conflicts), 422);
        }
        case 'CAPACITY_EXCEEDED':
        case 'DUPLICATE':
        case 'CONFLICT':
        case 'RULE_REFUSED':
        case 'ILLEGAL_TRANSITION':
          return this.refuse(context, reply, user, projectId, refused(context.t(`sec.assign.refused.${error.code}`, { message: error.message })), error.status);
        default:
          throw error;
      }
    }
    throw new WebRedirect(`/secretariat/projects/${projectId}#assignments`, 'sec.flash.assigned');
  }

  @Post('secretariat/projects/:id/assignments/:assignmentId/remove')
  async unassign(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id') id: string,
    @Param('assignmentId') assignmentId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.staff(context);
    this.web.checkCsrf(context, body);
    const projectId = idOf(id);
    const seatId = idOf(assignmentId);
    const field = `removeReason-${seatId}`;
    const reason = (text(body[field]) ?? '').trim();
    try {
      const dto = await this.validate(RemoveAssignmentDto, { reason });
      await this.invitations.remove(user, projectId, seatId, dto.reason);
    } catch (error) {
      if (!isDomain(error)) throw error;
      const refused = (problem: string | null, errors: FieldErrors | null): RefusedForm => ({ form: 'unassign', assignmentId: seatId, values: { [field]: reason }, errors, problem });
      if (error.code === 'VALIDATION_FAILED') {
        return this.refuse(context, reply, user, projectId, refused(null, this.renamed(fieldProblems(context, error), { reason: field })), 400);
      }
      if (error.code === 'ILLEGAL_TRANSITION') return this.refuse(context, reply, user, projectId, refused(context.t('sec.assignments.notActive'), null), 409);
      throw error;
    }
    throw new WebRedirect(`/secretariat/projects/${projectId}#assignments`, 'sec.flash.removed');
  }
}
