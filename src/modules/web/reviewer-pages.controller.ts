import { criteriaOf, CriteriaFramework, Evaluation, Language, MAX_SCORE, radarChart, safeguardCriteria } from '@fasp/core';
import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser } from '../../platform/auth/auth-user';
import { Public } from '../../platform/auth/access.decorators';
import { Clock } from '../../platform/clock/clock';
import { DomainException } from '../../platform/errors/domain-exception';
import { flattenValidationErrors } from '../../platform/errors/validation';
import { AssignmentsRepository } from '../assignment/assignments.repository';
import { DeclineDto, ReviewerProfileDto, ReviewerProfileViewDto } from '../assignment/dto/assignment.dto';
import { Assignment } from '../assignment/entities/assignment.entity';
import { InvitationsService } from '../assignment/invitations.service';
import { ReviewerProfilesService } from '../assignment/reviewer-profiles.service';
import { CallsService } from '../calls/calls.service';
import { TransitionDto } from '../projects/dto/project.dto';
import { Project } from '../projects/entities/project.entity';
import { ProjectsService } from '../projects/projects.service';
import { ConsolidationService } from '../reviews/consolidation.service';
import { SaveReviewDto } from '../reviews/dto/review.dto';
import type { ReviewRating } from '../reviews/entities/review.entity';
import { outcomeReasonSentences } from '../reviews/outcome-reasons';
import type { ReviewForm } from '../reviews/review-form';
import { ReviewsService } from '../reviews/reviews.service';
import { WorkflowService } from '../workflow/workflow.service';
import { SafeHtml } from './html';
import { FieldErrors, fieldErrorsOf, list, text } from './views/forms';
import { assignmentsPage, CurrentItem, DeclineDraft, InvitationItem, PastItem } from './views/reviewer/assignments';
import { ConsolidationDraft, consolidationPage, ConsolidationPageData, FEEDBACK_KEYS, GENERAL_KEYS } from './views/reviewer/consolidation';
import { autosaveFragment, ReviewDraft, ReviewGap, reviewPage } from './views/reviewer/review-form';
import { profilePage, ProfileValues } from './views/reviewer/profile';
import { reviewsClosedPage, reviewsPage, ReviewView } from './views/reviewer/reviews';
import { ScaleWords } from './views/reviewer/shared';
import { WebContext, WebError, WebRedirect } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebService } from './web.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RATING_FIELD = /^ratings\.(.+)\.(score|harm|comment|recommendation)$/;
const CONSOLIDATED_FIELD = /^ratings\.(.+)\.(score|harm)$/;
const FEEDBACK_FIELD = /^feedback\.(.+)\.(strengths|weaknesses|recommendations)$/;

/** An id from the path: anything but a UUID is a page that does not exist (never a database error). */
function idOf(value: string): string {
  if (!UUID.test(value)) throw new WebError(404);
  return value;
}

/**
 * The API's own input rules for a body the page built: the pages call the services directly,
 * so the DTO's validation (which the API's pipe applies) is applied here, with the same field
 * errors (VALIDATION_FAILED, details.fields).
 */
async function validated<T extends object>(type: new () => T, plain: object): Promise<T> {
  const instance = plainToInstance(type, plain);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (errors.length > 0) {
    const fields = flattenValidationErrors(errors);
    throw new DomainException('VALIDATION_FAILED', `Invalid input: ${fields.map((field) => field.field).join(', ')}`, { fields });
  }
  return instance;
}

function codeOf(error: unknown): string | null {
  return error instanceof DomainException ? error.code : null;
}

/** A form's score: a number on the scale, n/a, or what was sent (the service then says why it is wrong). */
function parseScore(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The review form's fields, as typed (to show again) and as the service takes them. */
function readReviewBody(body: Record<string, unknown>): { draft: ReviewDraft; dto: Record<string, unknown>; touched: boolean } {
  const draft: ReviewDraft = { ratings: {} };
  const ratings: Record<string, Record<string, unknown>> = {};
  let touched = false;
  for (const [key, raw] of Object.entries(body)) {
    const match = RATING_FIELD.exec(key);
    const value = text(raw);
    if (!match || value === undefined) continue;
    touched = true;
    const [, code, field] = match;
    draft.ratings[code] = { ...draft.ratings[code], [field]: value };
    const rating = (ratings[code] ??= {});
    if (field === 'score' || field === 'harm') {
      if (value !== '') rating[field] = field === 'score' ? parseScore(value) : value;
    } else {
      rating[field] = value.trim() === '' ? null : value;
    }
  }
  const dto: Record<string, unknown> = {};
  if (Object.keys(ratings).length > 0) dto.ratings = ratings;
  const recommendation = text(body.overallRecommendation);
  if (recommendation !== undefined) {
    touched = true;
    draft.overallRecommendation = recommendation;
    if (recommendation !== '') dto.overallRecommendation = recommendation;
  }
  for (const name of ['overallComment', 'confidentialNotes'] as const) {
    const value = text(body[name]);
    if (value === undefined) continue;
    touched = true;
    draft[name] = value;
    dto[name] = value.trim() === '' ? null : value;
  }
  return { draft, dto, touched };
}

function draftOf(review: { ratings: Record<string, unknown>; overallRecommendation: string | null; overallComment: string | null; confidentialNotes?: string | null }): ReviewDraft {
  const ratings: ReviewDraft['ratings'] = {};
  for (const [code, raw] of Object.entries(review.ratings)) {
    const rating = raw as ReviewRating;
    ratings[code] = {
      ...(rating.score !== undefined && rating.score !== null && { score: String(rating.score) }),
      ...(rating.harm && { harm: rating.harm }),
      ...(rating.comment && { comment: rating.comment }),
      ...(rating.recommendation && { recommendation: rating.recommendation }),
    };
  }
  return {
    ratings,
    ...(review.overallRecommendation && { overallRecommendation: review.overallRecommendation }),
    ...(review.overallComment && { overallComment: review.overallComment }),
    ...(review.confidentialNotes && { confidentialNotes: review.confidentialNotes }),
  };
}

function profileValues(profile: ReviewerProfileViewDto): ProfileValues {
  return {
    stcMember: profile.stcMember,
    capacityPerCall: profile.capacityPerCall,
    languages: profile.languages,
    practices: profile.practices,
    landUses: profile.landUses,
    disciplines: profile.disciplines,
    regions: profile.regions,
    countries: profile.countries.join(', '),
    available: profile.available,
  };
}

function scaleWords(framework: CriteriaFramework, language: Language): ScaleWords {
  return {
    scale: framework.scale.levels.map((level) => ({ score: level.score, label: level.labels[language] })),
    notApplicableLabel: framework.scale.notApplicable[language],
    harmLevels: framework.scale.harm.map((level) => ({ judgement: level.judgement, label: level.labels[language] })),
  };
}

/** Pages of the reviewer area (see WebModule): invitations, the review form, the other reviews, the lead's consolidation. */
@ApiExcludeController()
@Public()
@UseFilters(WebExceptionFilter)
@Controller()
export class ReviewerPagesController {
  constructor(
    private readonly web: WebService,
    private readonly invitations: InvitationsService,
    private readonly assignments: AssignmentsRepository,
    private readonly reviews: ReviewsService,
    private readonly consolidation: ConsolidationService,
    private readonly projects: ProjectsService,
    private readonly calls: CallsService,
    private readonly workflow: WorkflowService,
    private readonly profiles: ReviewerProfilesService,
    private readonly clock: Clock,
  ) {}

  /* ------------------------------------------------------------------ invitations */

  @Get('assignments')
  async assignmentsList(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer');
    await this.web.send(reply, await this.assignmentsView(context, user));
  }

  @Post('assignments/:id/accept')
  async accept(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer');
    this.web.checkCsrf(context, body);
    try {
      await this.invitations.accept(user, idOf(id));
    } catch (error) {
      const code = codeOf(error);
      if (code === 'CAPACITY_EXCEEDED') {
        const details = (error as DomainException).details as { held?: number; capacity?: number } | undefined;
        const problem = context.t('reviewer.error.capacity', { held: details?.held ?? 0, capacity: details?.capacity ?? 0 });
        await this.web.send(reply, await this.assignmentsView(context, user, { problem }), 422);
        return;
      }
      if (code === 'ILLEGAL_TRANSITION') {
        await this.web.send(reply, await this.assignmentsView(context, user, { problem: context.t('reviewer.error.closed') }), 409);
        return;
      }
      throw error;
    }
    throw new WebRedirect('/assignments', 'reviewer.accepted');
  }

  @Post('assignments/:id/decline')
  async decline(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer');
    this.web.checkCsrf(context, body);
    const assignmentId = idOf(id);
    const typed = text(body.reason) ?? '';
    try {
      // the reason is optional here; when given, it follows the API's rule for it
      const reason = typed.trim() === '' ? null : (await validated(DeclineDto, { reason: typed })).reason;
      await this.invitations.decline(user, assignmentId, reason);
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (fields) {
        await this.web.send(reply, await this.assignmentsView(context, user, { decline: { id: assignmentId, reason: typed, errors: fields } }), 400);
        return;
      }
      if (codeOf(error) === 'ILLEGAL_TRANSITION') {
        await this.web.send(reply, await this.assignmentsView(context, user, { problem: context.t('reviewer.error.closed') }), 409);
        return;
      }
      throw error;
    }
    throw new WebRedirect('/assignments', 'reviewer.declined');
  }

  private async assignmentsView(context: WebContext, user: AuthUser, extra: { problem?: string; decline?: DeclineDraft } = {}): Promise<SafeHtml> {
    const seats = (await this.invitations.mine(user, { limit: 100 })).items;
    const now = this.clock.now().getTime();
    const callTitles = new Map<string, string>();
    for (const callId of new Set(seats.filter((seat) => seat.status === 'invited').map((seat) => seat.callId))) {
      callTitles.set(callId, (await this.calls.get(callId)).title);
    }
    const invitations: InvitationItem[] = [];
    const current: CurrentItem[] = [];
    const past: PastItem[] = [];
    for (const seat of seats) {
      const project = seat.project!;
      if (seat.status === 'invited') {
        invitations.push({
          id: seat.id,
          role: seat.role,
          respondBy: seat.respondBy,
          overdue: seat.respondBy.getTime() <= now,
          project: { title: project.title, faspId: project.faspId, language: project.language },
          callTitle: callTitles.get(seat.callId) ?? '',
        });
      } else if (seat.status === 'accepted') {
        current.push(await this.currentItem(user, seat, project, now));
      } else {
        past.push({ id: seat.id, status: seat.status, role: seat.role, project: { id: project.id, title: project.title, faspId: project.faspId }, at: seat.respondedAt });
      }
    }
    return assignmentsPage(context, { invitations, current, past, problem: extra.problem ?? null, decline: extra.decline ?? null });
  }

  private async currentItem(user: AuthUser, seat: Assignment, project: Project, now: number): Promise<CurrentItem> {
    const form = await this.reviews.form(user, seat.id);
    const status = form.review.id === '' ? 'notStarted' : form.review.status === 'submitted' ? 'submitted' : 'draft';
    const deadline = project.stage === 'review' ? project.stageDeadline : null;
    return {
      id: seat.id,
      role: seat.role,
      project: { id: project.id, title: project.title, faspId: project.faspId, stage: project.stage },
      reviewStatus: status,
      progress: (form.form as unknown as ReviewForm).progress,
      deadline,
      overdue: status !== 'submitted' && !!deadline && deadline.getTime() <= now,
    };
  }

  /** Where the emails about a seat lead (invitation, reminders): the review once accepted, else the list with the invitation. */
  @Get('assignments/:id')
  async assignmentLink(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer');
    const seat = await this.assignments.findById(idOf(id));
    if (!seat || seat.reviewerId !== user.id) throw new WebError(404);
    throw new WebRedirect(['accepted', 'completed'].includes(seat.status) ? `/assignments/${seat.id}/review` : `/assignments#invitation-${seat.id}`);
  }

  /** Where the emails about a project's review lead: the reader's own review of it. */
  @Get('projects/:id/review')
  async projectReviewLink(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer');
    const seat = await this.ownSeat(user, idOf(id));
    if (!seat) throw new WebError(404);
    throw new WebRedirect(`/assignments/${seat.id}/review`);
  }

  /* ------------------------------------------------------------------ the review form */

  @Get('assignments/:id/review')
  async reviewForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer');
    await this.web.send(reply, await this.reviewView(context, user, idOf(id), {}));
  }

  /** Saves the draft (the form's "Save draft" button, scripts or not). */
  @Post('assignments/:id/review')
  async saveReview(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer');
    this.web.checkCsrf(context, body);
    const assignmentId = idOf(id);
    const { draft, dto } = readReviewBody(body);
    try {
      await this.reviews.save(user, assignmentId, await validated(SaveReviewDto, dto));
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      await this.web.send(reply, await this.reviewView(context, user, assignmentId, { draft, errors }), 400);
      return;
    }
    throw new WebRedirect(`/assignments/${assignmentId}/review`, 'reviewer.review.saved');
  }

  /** The autosave of the same form (htmx): answers a status line and the progress, never a page. */
  @Post('assignments/:id/review/autosave')
  async autosave(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer');
    this.web.checkCsrf(context, body);
    const assignmentId = idOf(id);
    const { dto } = readReviewBody(body);
    let fragment: SafeHtml;
    try {
      await this.reviews.save(user, assignmentId, await validated(SaveReviewDto, dto));
      const progress = ((await this.reviews.form(user, assignmentId)).form as unknown as ReviewForm).progress;
      const time = new Intl.DateTimeFormat(context.lang, { timeStyle: 'short', timeZone: context.timeZone }).format(this.clock.now());
      fragment = autosaveFragment(context, context.t('reviewer.review.savedAt', { time }), progress);
    } catch (error) {
      if (!(error instanceof DomainException) || error.status === 404) throw error;
      // the page stays as typed; the "Save draft" button then shows the errors in place
      fragment = autosaveFragment(context, context.t('reviewer.review.notSaved'), null, true);
    }
    await this.web.send(reply, fragment);
  }

  /** Saves what the form carries, then submits; what is missing is listed in the form (422), never a failure page. */
  @Post('assignments/:id/review/submit')
  async submitReview(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer');
    this.web.checkCsrf(context, body);
    const assignmentId = idOf(id);
    const { draft, dto, touched } = readReviewBody(body);
    try {
      if (touched) await this.reviews.save(user, assignmentId, await validated(SaveReviewDto, dto));
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      await this.web.send(reply, await this.reviewView(context, user, assignmentId, { draft, errors }), 400);
      return;
    }
    try {
      await this.reviews.submit(user, assignmentId);
    } catch (error) {
      if (codeOf(error) !== 'REVIEW_INCOMPLETE') throw error;
      const gaps = ((error as DomainException).details as { gaps?: ReviewGap[] } | undefined)?.gaps ?? [];
      await this.web.send(reply, await this.reviewView(context, user, assignmentId, { gaps }), 422);
      return;
    }
    throw new WebRedirect(`/assignments/${assignmentId}/review`, 'reviewer.review.submitted');
  }

  private async reviewView(context: WebContext, user: AuthUser, assignmentId: string, state: { draft?: ReviewDraft; errors?: FieldErrors | null; gaps?: ReviewGap[] }): Promise<SafeHtml> {
    const dto = await this.reviews.form(user, assignmentId);
    const seat = (await this.assignments.findById(assignmentId))!;
    return reviewPage(context, {
      assignmentId,
      role: seat.role,
      project: dto.project,
      review: { status: dto.review.status, submittedAt: dto.review.submittedAt, late: dto.review.late },
      form: dto.form as unknown as ReviewForm,
      diff: dto.diff,
      draft: state.draft ?? draftOf(dto.review),
      errors: state.errors ?? null,
      gaps: state.gaps ?? null,
    });
  }

  /* ------------------------------------------------------------------ the other reviews */

  @Get('projects/:id/reviews')
  async otherReviews(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer', 'secretariat', 'admin');
    const projectId = idOf(id);
    const own = await this.ownSeat(user, projectId);
    let reviews: ReviewView[];
    try {
      reviews = (await this.reviews.list(user, projectId)) as unknown as ReviewView[];
    } catch (error) {
      if (codeOf(error) !== 'FORBIDDEN') throw error;
      const project = await this.projects.getFor(user, projectId);
      await this.web.send(reply, reviewsClosedPage(context, project, own?.id ?? null), 403);
      return;
    }
    const project = await this.projects.getFor(user, projectId);
    const framework = await this.projects.frameworkOf(project);
    const safeguards = new Set(safeguardCriteria(framework).map((criterion) => criterion.code));
    await this.web.send(
      reply,
      reviewsPage(context, {
        project: { id: project.id, title: project.title, faspId: project.faspId, round: project.round },
        ownAssignmentId: own?.id ?? null,
        reviews,
        criteria: criteriaOf(framework).map((criterion) => ({ code: criterion.code, name: criterion.names[context.lang], safeguard: safeguards.has(criterion.code) })),
        words: scaleWords(framework, context.lang),
      }),
    );
  }

  /** The reader's own seat on the project (accepted or completed), if any. */
  private async ownSeat(user: AuthUser, projectId: string): Promise<Assignment | null> {
    const seats = await this.assignments.activeForProject(projectId);
    return seats.find((seat) => seat.reviewerId === user.id && seat.status !== 'invited') ?? null;
  }

  /* ------------------------------------------------------------------ consolidation */

  @Get('projects/:id/consolidation')
  async showConsolidation(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer', 'secretariat', 'admin');
    await this.web.send(reply, await this.consolidationView(context, user, idOf(id), {}));
  }

  @Post('projects/:id/consolidation')
  async saveConsolidation(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer');
    this.web.checkCsrf(context, body);
    const projectId = idOf(id);
    const { draft, dto } = readConsolidationBody(body);
    try {
      await this.consolidation.save(user, projectId, dto);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw this.consolidationRefusal(error);
      await this.web.send(reply, await this.consolidationView(context, user, projectId, { draft, errors }), 400);
      return;
    }
    throw new WebRedirect(`/projects/${projectId}/consolidation`, 'reviewer.consolidation.saved');
  }

  /** The lead proposes an outcome; the rules' refusal is shown in the page with its reasons (422). */
  @Post('projects/:id/consolidation/propose')
  async proposeOutcome(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer');
    this.web.checkCsrf(context, body);
    const projectId = idOf(id);
    const proposal = { outcome: text(body.outcome) ?? '', reason: text(body.reason) ?? '' };
    const version = text(body.expectedVersion);
    try {
      const dto = await validated(TransitionDto, {
        action: 'propose_outcome',
        expectedVersion: version && /^\d+$/.test(version) ? Number(version) : version,
        ...(proposal.reason.trim() !== '' && { reason: proposal.reason }),
        ...(proposal.outcome !== '' && { outcome: proposal.outcome }),
      });
      await this.workflow.transition({ kind: 'user', user }, { projectId, ...dto });
    } catch (error) {
      const code = codeOf(error);
      const proposalErrors = fieldErrorsOf(error);
      if (proposalErrors) {
        await this.web.send(reply, await this.consolidationView(context, user, projectId, { proposal, proposalErrors }), 400);
        return;
      }
      if (code === 'RULE_REFUSED') {
        const details = (error as DomainException).details as { guards?: { outcomeAllowed?: { explanation?: string[] } } } | undefined;
        const refusal = details?.guards?.outcomeAllowed?.explanation?.length ? details.guards.outcomeAllowed.explanation : [(error as DomainException).message];
        await this.web.send(reply, await this.consolidationView(context, user, projectId, { proposal, refusal }), 422);
        return;
      }
      if (code === 'VERSION_CONFLICT') {
        await this.web.send(reply, await this.consolidationView(context, user, projectId, { proposal, stale: true }), 409);
        return;
      }
      throw this.consolidationRefusal(error);
    }
    throw new WebRedirect(`/projects/${projectId}/consolidation`, 'reviewer.outcome.proposed');
  }

  /** Someone who is not the lead (nor staff) gets a page that says so, not the bare 403. */
  private consolidationRefusal(error: unknown): unknown {
    return codeOf(error) === 'FORBIDDEN' ? new WebError(403, 'reviewer.consolidation.notAllowed') : error;
  }

  private async consolidationView(
    context: WebContext,
    user: AuthUser,
    projectId: string,
    state: Pick<ConsolidationPageData, 'errors' | 'proposal' | 'proposalErrors' | 'refusal' | 'stale'> & { draft?: ConsolidationDraft },
  ): Promise<SafeHtml> {
    const dto = await this.consolidation.view(user, projectId).catch((error: unknown) => {
      throw this.consolidationRefusal(error);
    });
    const project = await this.projects.getFor(user, projectId);
    const framework = await this.projects.frameworkOf(project);
    const evaluation = dto.evaluation as unknown as Evaluation;
    const seats = await this.assignments.activeForProject(projectId);
    const own = seats.find((seat) => seat.reviewerId === user.id && seat.status !== 'invited') ?? null;
    const lead = own?.role === 'lead';
    const safeguards = new Set(safeguardCriteria(framework).map((criterion) => criterion.code));
    const lang = context.lang;
    const stepScore = (number: number) => evaluation.steps.find((step) => step.step === number)?.score ?? null;
    const max = Math.max(MAX_SCORE, ...framework.scale.levels.map((level) => level.score));
    const chart = radarChart({
      axes: framework.steps.map((step) => {
        const score = stepScore(step.number);
        return {
          label: `${step.number}. ${step.names[lang]}`,
          value: score,
          valueLabel: score === null ? context.t('reviewer.consolidation.noScore') : new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(score),
        };
      }),
      max,
      size: 360,
      title: context.t('reviewer.consolidation.chart'),
      noValueText: context.t('reviewer.consolidation.noScore'),
    });
    return consolidationPage(context, {
      project: { id: project.id, title: project.title, faspId: project.faspId, stage: project.stage, round: project.round, version: project.version },
      canEdit: lead && project.stage === 'consolidation',
      ownAssignmentId: own?.id ?? null,
      reviewsSubmitted: dto.reviewsSubmitted,
      evaluation,
      minSpread: framework.rules.divergence.minSpread,
      steps: framework.steps.map((step) => ({ number: step.number, name: step.names[lang] })),
      criteria: criteriaOf(framework).map((criterion) => ({ code: criterion.code, name: criterion.names[lang], step: criterion.step, safeguard: safeguards.has(criterion.code), naAllowed: criterion.naAllowed })),
      words: scaleWords(framework, lang),
      draft: state.draft ?? consolidationDraftOf(dto),
      reasons: outcomeReasonSentences(evaluation.reasons, lang),
      proposedOutcome: dto.proposedOutcome,
      proposedAt: dto.proposedAt,
      releasedOutcome: dto.releasedOutcome,
      releasedAt: dto.releasedAt,
      chartSvg: chart.svg,
      errors: state.errors ?? null,
      proposal: state.proposal,
      proposalErrors: state.proposalErrors ?? null,
      refusal: state.refusal ?? null,
      stale: state.stale ?? false,
    });
  }

  /* ------------------------------------------------------------------ profile */

  @Get('reviewer/profile')
  async showProfile(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer');
    await this.web.send(reply, profilePage(context, profileValues(await this.profiles.get(user, user.id)), null));
  }

  @Post('reviewer/profile')
  async saveProfile(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context, 'reviewer');
    this.web.checkCsrf(context, body);
    const countries = text(body.countries) ?? '';
    const typed = {
      languages: list(body.languages),
      practices: list(body.practices),
      landUses: list(body.landUses),
      disciplines: list(body.disciplines),
      regions: list(body.regions),
      countries: countries.split(/[\s,;]+/).filter(Boolean),
      available: body.available !== undefined,
    };
    try {
      await this.profiles.put(user, user.id, await validated(ReviewerProfileDto, typed));
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      const saved = await this.profiles.get(user, user.id);
      await this.web.send(reply, profilePage(context, { ...profileValues(saved), ...typed, countries }, errors), 400);
      return;
    }
    throw new WebRedirect('/reviewer/profile', 'reviewer.profile.saved');
  }
}

/** The consolidation form's fields, as typed and as the service takes them (an emptied rating goes back to the median). */
function readConsolidationBody(body: Record<string, unknown>): { draft: ConsolidationDraft; dto: { ratings: Record<string, unknown>; feedback: Record<string, unknown>; general: Record<string, unknown> } } {
  const draft: ConsolidationDraft = { ratings: {}, feedback: {}, general: {} };
  const ratings: Record<string, Record<string, unknown>> = {};
  const feedback: Record<string, Record<string, string | null>> = {};
  const general: Record<string, string | null> = {};
  for (const [key, raw] of Object.entries(body)) {
    const value = text(raw);
    if (value === undefined) continue;
    const rating = CONSOLIDATED_FIELD.exec(key);
    if (rating) {
      const [, code, field] = rating;
      draft.ratings[code] = { ...draft.ratings[code], [field]: value };
      ratings[code] ??= {};
      if (value !== '') ratings[code][field] = field === 'score' ? parseScore(value) : value;
      continue;
    }
    const written = FEEDBACK_FIELD.exec(key);
    if (written) {
      const [, code, field] = written;
      draft.feedback[code] = { ...draft.feedback[code], [field]: value };
      (feedback[code] ??= {})[field] = value.trim() === '' ? null : value;
      continue;
    }
    const field = key.startsWith('general.') ? key.slice('general.'.length) : null;
    if (field && (GENERAL_KEYS as readonly string[]).includes(field)) {
      draft.general[field as (typeof GENERAL_KEYS)[number]] = value;
      general[field] = value.trim() === '' ? null : value;
    }
  }
  const consolidated = Object.fromEntries(Object.entries(ratings).map(([code, entry]) => [code, Object.keys(entry).length > 0 ? entry : null]));
  return { draft, dto: { ratings: consolidated, feedback, general } };
}

function consolidationDraftOf(dto: { ratings: Record<string, unknown>; feedback: Record<string, unknown>; general: Record<string, unknown> }): ConsolidationDraft {
  const draft: ConsolidationDraft = { ratings: {}, feedback: {}, general: {} };
  for (const [code, raw] of Object.entries(dto.ratings)) {
    const rating = raw as { score?: number | string; harm?: string };
    draft.ratings[code] = { ...(rating.score !== undefined && { score: String(rating.score) }), ...(rating.harm && { harm: rating.harm }) };
  }
  for (const [code, raw] of Object.entries(dto.feedback)) {
    const entry = raw as Record<string, string | null>;
    draft.feedback[code] = Object.fromEntries(FEEDBACK_KEYS.filter((key) => entry[key]).map((key) => [key, entry[key] as string]));
  }
  for (const key of GENERAL_KEYS) {
    const value = dto.general[key];
    if (typeof value === 'string' && value) draft.general[key] = value;
  }
  return draft;
}
