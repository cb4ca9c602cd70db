import { criteriaOf, CriteriaFramework, Evaluation, Language, ratingIssues } from '@fasp/core';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, isStaff } from '../../platform/auth/auth-user';
import { DomainException, NotFoundException } from '../../platform/errors/domain-exception';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { JobName } from '../../platform/queue/queue.constants';
import { AssignmentsRepository } from '../assignment/assignments.repository';
import { CallsService } from '../calls/calls.service';
import { Call } from '../calls/entities/call.entity';
import { Project } from '../projects/entities/project.entity';
import { ProjectPolicy } from '../projects/project.policy';
import { ProjectsRepository } from '../projects/projects.repository';
import { ProjectsService } from '../projects/projects.service';
import { WorkflowService } from '../workflow/workflow.service';
import { ConsolidationDto, FeedbackDto, SaveConsolidationDto } from './dto/review.dto';
import { Consolidation, CriterionFeedback } from './entities/consolidation.entity';
import { evaluateRound } from './ratings';
import { outcomeReasonSentences } from './outcome-reasons';
import { ReviewsRepository } from './reviews.repository';

const FEEDBACK_KEYS = ['strengths', 'weaknesses', 'recommendations'] as const;
const GENERAL_KEYS = ['summary', 'strengths', 'weaknesses', 'recommendations'] as const;
const TEXT_LIMIT = 20000;

function badRequest(fields: Array<{ field: string; message: string }>): DomainException {
  return new DomainException('VALIDATION_FAILED', `Invalid input: ${fields.map((f) => f.field).join(', ')}`, {
    fields: fields.map(({ field, message }) => ({ field, rules: ['consolidation'], messages: [message] })),
  });
}

/** Reads { key: text } objects, refusing unknown keys and over-long texts. */
function texts(raw: unknown, keys: readonly string[], path: string, problems: Array<{ field: string; message: string }>): Record<string, string | null> {
  const result: Record<string, string | null> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ field: path, message: `must be an object with ${keys.join(', ')}` });
    return result;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!keys.includes(key)) problems.push({ field: `${path}.${key}`, message: `unknown field ${key}` });
    else if (value !== null && (typeof value !== 'string' || value.length > TEXT_LIMIT)) problems.push({ field: `${path}.${key}`, message: `must be a text of at most ${TEXT_LIMIT} characters` });
    else result[key] = value as string | null;
  }
  return result;
}

/**
 * Consolidation and release: the lead sees `evaluate()`'s aggregates and divergence, writes the
 * consolidated ratings (defaulting to the medians) and formative feedback, and proposes an
 * outcome among those the rules allow; the secretariat releases it. Also teaches the workflow
 * the guards and effects of these moves.
 */
@Injectable()
export class ConsolidationService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reviews: ReviewsRepository,
    private readonly assignments: AssignmentsRepository,
    private readonly projects: ProjectsRepository,
    private readonly projectsService: ProjectsService,
    private readonly calls: CallsService,
    private readonly workflow: WorkflowService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    const evaluation = async (project: Project, call: Call, manager: EntityManager) => {
      const framework = await this.projectsService.frameworkOf(project, manager);
      const reviews = await this.reviews.forRound(project.id, project.round, manager);
      const consolidation = await this.reviews.consolidation(project.id, project.round, manager);
      return { framework, consolidation, evaluation: evaluateRound(framework, reviews, consolidation, project.round >= call.maxRounds) };
    };
    this.workflow.registerGuard('reviewsAllSubmitted', async ({ project, manager }) => {
      const seats = await this.assignments.activeForProject(project.id, manager);
      const accepted = seats.filter((seat) => seat.status === 'accepted' || seat.status === 'completed');
      const submitted = new Set((await this.reviews.forRound(project.id, project.round, manager)).filter((review) => review.status === 'submitted').map((review) => review.assignmentId));
      const ok = accepted.length > 0 && !seats.some((seat) => seat.status === 'invited') && accepted.every((seat) => submitted.has(seat.id));
      return { ok, details: { accepted: accepted.length, submitted: submitted.size } };
    });
    this.workflow.registerGuard('outcomeAllowed', async ({ project, call, request, manager, language }) => {
      if (!request.outcome) return { ok: false, details: { reason: 'an outcome is required' } };
      const { evaluation: result } = await evaluation(project, call, manager);
      const ok = result.allowedOutcomes.includes(request.outcome);
      const against = result.reasons.filter((reason) => reason.forbids.includes(request.outcome!));
      return { ok, details: { outcome: request.outcome, allowedOutcomes: result.allowedOutcomes, rules: against, explanation: outcomeReasonSentences(against, language) } };
    });
    this.workflow.registerGuard('outcomeProposed', async ({ project, manager }) => {
      const consolidation = await this.reviews.consolidation(project.id, project.round, manager);
      return { ok: !!consolidation?.proposedOutcome, details: { proposedOutcome: consolidation?.proposedOutcome ?? null } };
    });
    this.workflow.registerGuard('roundsLeft', async ({ project, call }) => ({ ok: project.round < call.maxRounds, details: { round: project.round, maxRounds: call.maxRounds } }));
    this.workflow.registerGuard('outcomePositive', async ({ project }) => project.outcome === 'positive');
    this.workflow.registerGuard('holderConsent', async ({ project }) => ({ ok: project.consentToPublish, details: { consentToPublish: project.consentToPublish } }));
    this.workflow.registerGuard('divergenceFlagged', async ({ project, call, manager }) => {
      const { evaluation: result } = await evaluation(project, call, manager);
      return { ok: result.divergence.length > 0, details: { divergence: result.divergence.map((flag) => flag.criterion) } };
    });
    // once per round: the extra seats stay on the project for the later rounds, so the count of
    // extra reviewers cannot tell whether this round already had its invitation; the history can
    this.workflow.registerGuard('autoInviteEnabled', async ({ project, call, manager }) => {
      if (!call.divergenceAutoInvite) return { ok: false, details: { divergenceAutoInvite: false } };
      const [row] = await manager.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM project_history WHERE project_id = $1 AND action = 'reopen_review' AND round = $2`,
        [project.id, project.round],
      );
      return { ok: row.n === 0, details: { reopenedThisRound: row.n > 0 } };
    });

    this.workflow.registerEffect('outcome.proposed', {
      phase: 'record',
      run: async ({ project, request, actor, manager, now }) => {
        const consolidation = await this.reviews.ensureConsolidation(project.id, project.round, manager);
        consolidation.proposedOutcome = request.outcome ?? null;
        consolidation.proposedById = actor.kind === 'user' ? actor.user.id : null;
        consolidation.proposedAt = now;
        await this.reviews.saveConsolidation(consolidation, manager);
      },
    });
    this.workflow.registerEffect('feedback.released', {
      phase: 'record',
      run: async ({ project, call, request, manager, now }) => {
        const round = project.round;
        const consolidation = await this.reviews.ensureConsolidation(project.id, round, manager);
        const framework = await this.projectsService.frameworkOf(project, manager);
        consolidation.releasedOutcome = request.outcome ?? null;
        consolidation.releasedAt = now;
        consolidation.releasedEvaluation = evaluateRound(framework, await this.reviews.forRound(project.id, round, manager), consolidation, round >= call.maxRounds);
        await this.reviews.saveConsolidation(consolidation, manager);
      },
    });
    // seats beyond K, kept for the later rounds (the same reviewers re-review): the top-up fills K + extraReviewers
    this.workflow.registerEffect('action:reopen_review', {
      phase: 'mutate',
      run: async ({ project }) => {
        project.extraReviewers += 1;
      },
    });
    // the assessment is over: the reviewers' seats are done
    for (const event of ['report.generate'] as const) {
      this.workflow.registerEffect(event, {
        phase: 'record',
        run: async ({ project, manager }) => {
          await this.assignments.setStatusForProject(project.id, ['accepted'], 'completed', manager);
          await this.outbox.record(manager, {
            name: JobName.DocumentGenerate,
            payload: { projectId: project.id, round: project.round, kind: 'report' },
            dedupeKey: `document:${project.id}:report:${project.round}:${project.outcome}`,
          });
        },
      });
    }
    this.workflow.registerEffect('letterOfSupport.generate', {
      phase: 'record',
      run: async ({ project, manager }) => {
        await this.outbox.record(manager, {
          name: JobName.DocumentGenerate,
          payload: { projectId: project.id, round: project.round, kind: 'letter' },
          dedupeKey: `document:${project.id}:letter:${project.round}:${project.outcome}`,
        });
      },
    });
    this.workflow.registerEffect('opportunity.published', {
      phase: 'mutate',
      run: async ({ project, now }) => {
        project.publishedAt = now;
      },
    });
  }

  /** The lead of the project (accepted lead seat), or staff; others 403 (or 404 when they cannot see it). */
  private async assertLeadOrStaff(user: AuthUser, project: Project, manager?: EntityManager): Promise<'lead' | 'staff'> {
    if (isStaff(user)) return 'staff';
    const seats = await this.assignments.activeForProject(project.id, manager);
    if (seats.some((seat) => seat.reviewerId === user.id && seat.role === 'lead' && seat.status !== 'invited')) return 'lead';
    throw new DomainException('FORBIDDEN', 'Only the lead reviewer and the secretariat consolidate');
  }

  async view(user: AuthUser, projectId: string): Promise<ConsolidationDto> {
    const project = await this.projectsService.getFor(user, projectId);
    await this.assertLeadOrStaff(user, project);
    const call = await this.calls.get(project.callId);
    const framework = await this.projectsService.frameworkOf(project);
    const reviews = await this.reviews.forRound(project.id, project.round);
    const consolidation = await this.reviews.consolidation(project.id, project.round);
    const evaluation = evaluateRound(framework, reviews, consolidation, project.round >= call.maxRounds);
    return this.toDto(project.round, evaluation, consolidation, reviews.filter((review) => review.status === 'submitted').length);
  }

  /** The lead writes consolidated ratings and feedback (while the project is in consolidation). */
  async save(user: AuthUser, projectId: string, dto: SaveConsolidationDto): Promise<ConsolidationDto> {
    await this.dataSource.transaction(async (manager) => {
      const project = await this.projects.lock(projectId, manager);
      if (!project || !(await this.projectsService.canView(user, project, manager))) throw new NotFoundException('Project');
      if ((await this.assertLeadOrStaff(user, project, manager)) !== 'lead') throw new DomainException('FORBIDDEN', 'Only the lead reviewer writes the consolidation');
      if (project.stage !== 'consolidation') throw new DomainException('ILLEGAL_TRANSITION', `The consolidation is written while the project is in consolidation, not ${project.stage}`);
      const framework = await this.projectsService.frameworkOf(project, manager);
      const consolidation = await this.reviews.ensureConsolidation(project.id, project.round, manager);
      const problems: Array<{ field: string; message: string }> = [];
      if (dto.ratings) consolidation.ratings = this.mergeConsolidatedRatings(framework, consolidation.ratings, dto.ratings, problems);
      if (dto.feedback) {
        const codes = new Set(criteriaOf(framework).map((criterion) => criterion.code));
        const feedback: Record<string, CriterionFeedback> = { ...consolidation.feedback };
        for (const [code, raw] of Object.entries(dto.feedback)) {
          if (!codes.has(code)) problems.push({ field: `feedback.${code}`, message: `criterion ${code} is not in this call's framework` });
          else feedback[code] = { ...(feedback[code] ?? {}), ...texts(raw, FEEDBACK_KEYS, `feedback.${code}`, problems) };
        }
        consolidation.feedback = feedback;
      }
      if (dto.general) consolidation.general = { ...consolidation.general, ...texts(dto.general, GENERAL_KEYS, 'general', problems) };
      if (problems.length > 0) throw badRequest(problems);
      await this.reviews.saveConsolidation(consolidation, manager);
    });
    return this.view(user, projectId);
  }

  private mergeConsolidatedRatings(
    framework: CriteriaFramework,
    current: Consolidation['ratings'],
    changes: Record<string, unknown>,
    problems: Array<{ field: string; message: string }>,
  ): Consolidation['ratings'] {
    const next: Consolidation['ratings'] = { ...current };
    for (const [code, raw] of Object.entries(changes)) {
      if (raw === null) {
        delete next[code];
        continue;
      }
      if (typeof raw !== 'object' || Array.isArray(raw)) {
        problems.push({ field: `ratings.${code}`, message: 'must be an object { score?, harm? } or null' });
        continue;
      }
      const entry: { score?: number | 'n/a'; harm?: string } = {};
      for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        if (key !== 'score' && key !== 'harm') problems.push({ field: `ratings.${code}.${key}`, message: `unknown field ${key}` });
        else if (value !== null && value !== undefined) (entry as Record<string, unknown>)[key] = value;
      }
      next[code] = entry;
    }
    for (const issue of ratingIssues(framework, next as Parameters<typeof ratingIssues>[1], { scoreOptional: true })) problems.push({ field: issue.path, message: issue.message });
    return next;
  }

  /**
   * The released feedback, as the holder reads it: per criterion the consolidated value, the
   * lead's formative feedback and the reviewers' recommendations for the holder, without any
   * reviewer's name; the outcome and its reasons. Before any release: 404.
   */
  async feedback(user: AuthUser, projectId: string, language?: Language): Promise<FeedbackDto> {
    const project = await this.projectsService.getFor(user, projectId);
    if (!isStaff(user) && !ProjectPolicy.isHolderSide(user, project)) throw new DomainException('FORBIDDEN', 'Feedback is for the holder and the secretariat');
    const released = await this.reviews.lastReleased(project.id);
    if (!released?.releasedEvaluation || !released.releasedAt || !released.releasedOutcome) throw new NotFoundException('Released feedback');
    const lang = language ?? user.language;
    const framework = await this.projectsService.frameworkOf(project);
    const reviews = (await this.reviews.forRound(project.id, released.round)).filter((review) => review.status === 'submitted');
    const evaluation = released.releasedEvaluation;
    const documents: Array<{ kind: string }> = await this.dataSource.query(
      'SELECT kind FROM project_document WHERE project_id = $1 AND round = $2 AND outcome = $3',
      [project.id, released.round, released.releasedOutcome],
    );
    const has = (kind: string) => documents.some((document) => document.kind === kind);
    return {
      round: released.round,
      outcome: released.releasedOutcome,
      releasedAt: released.releasedAt.toISOString(),
      steps: evaluation.steps.map((step) => ({ number: step.step, name: framework.steps.find((s) => s.number === step.step)?.names[lang] ?? String(step.step), score: step.score })),
      overall: evaluation.overall,
      criteria: criteriaOf(framework).map((criterion) => {
        const aggregate = evaluation.criteria.find((item) => item.code === criterion.code);
        const safeguard = evaluation.safeguards.criteria.find((item) => item.criterion === criterion.code);
        return {
          code: criterion.code,
          name: criterion.names[lang],
          value: aggregate?.value ?? null,
          harm: safeguard?.harm ?? null,
          feedback: { ...(released.feedback[criterion.code] ?? {}) },
          recommendations: reviews.map((review) => review.ratings[criterion.code]?.recommendation?.trim()).filter((text): text is string => !!text),
        };
      }),
      general: { ...released.general },
      // why it is not positive (nothing to explain when it is)
      reasons: released.releasedOutcome === 'positive' ? [] : outcomeReasonSentences(evaluation.reasons.filter((reason) => reason.forbids.includes('positive')), lang),
      documents: {
        report: has('report') ? `/api/projects/${project.id}/report.pdf` : null,
        letter: has('letter') ? `/api/projects/${project.id}/letter.pdf` : null,
      },
    };
  }

  private toDto(round: number, evaluation: Evaluation, consolidation: Consolidation | null, reviewsSubmitted: number): ConsolidationDto {
    return {
      round,
      evaluation: evaluation as unknown as Record<string, unknown>,
      ratings: consolidation?.ratings ?? {},
      feedback: consolidation?.feedback ?? {},
      general: { ...(consolidation?.general ?? {}) },
      proposedOutcome: consolidation?.proposedOutcome ?? null,
      proposedAt: consolidation?.proposedAt?.toISOString() ?? null,
      releasedOutcome: consolidation?.releasedOutcome ?? null,
      releasedAt: consolidation?.releasedAt?.toISOString() ?? null,
      reviewsSubmitted,
    };
  }
}
