import {
  Action,
  decide,
  Guard,
  guardsFor,
  Language,
  Outcome,
  Role,
  servesAnObjective,
  Stage,
  StageEvent,
  transitionFor,
} from '@fasp/core';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainException, NotFoundException } from '../../platform/errors/domain-exception';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { JobName } from '../../platform/queue/queue.constants';
import { CallsService } from '../calls/calls.service';
import { Call, DeadlinePolicy } from '../calls/entities/call.entity';
import { OrganizationsRepository } from '../identity/organizations.repository';
import { Project } from '../projects/entities/project.entity';
import { machineRolesOf } from '../projects/projects.mappers';
import { ProjectsRepository } from '../projects/projects.repository';
import { dossierOf, ProjectsService } from '../projects/projects.service';

/** Who moves a project: a signed-in person, or the engine itself (a worker). */
export type Actor = { kind: 'user'; user: AuthUser } | { kind: 'system' };

export interface TransitionRequest {
  projectId: string;
  action: Action;
  /** required from people; the engine's own moves act on the current version */
  expectedVersion?: number;
  reason?: string;
  outcome?: Outcome;
}

export interface GuardContext {
  project: Project;
  call: Call;
  actor: Actor;
  request: TransitionRequest;
  manager: EntityManager;
  /** language for explanations */
  language: Language;
}

export interface GuardResult {
  ok: boolean;
  /** why not, for the refusal's details */
  details?: Record<string, unknown>;
}

export type GuardEvaluator = (context: GuardContext) => Promise<boolean | GuardResult>;

export interface EffectContext extends GuardContext {
  from: Stage;
  to: Stage;
  historyId: string;
  now: Date;
}

/**
 * A side effect of a transition. `mutate` effects change the project before it is saved (FASP
 * id, deadline, round); `record` effects run after the history row exists, in the same
 * transaction (frozen versions, outbox jobs).
 */
export interface StageEffect {
  phase: 'mutate' | 'record';
  run: (context: EffectContext) => Promise<void>;
}

/** Grants stage-machine roles beyond the account's (e.g. `reviewer`, `lead` of this project). */
export type RoleResolver = (user: AuthUser, project: Project, manager: EntityManager) => Promise<Role[]>;

const STAGE_DEADLINE: Partial<Record<Stage, keyof DeadlinePolicy>> = {
  submitted: 'eligibilityDays',
  info_requested: 'revisionDays',
  assignment: 'invitationDays',
  review: 'reviewDays',
  consolidation: 'reviewDays',
  revision: 'revisionDays',
};

const DAY_MS = 24 * 3600 * 1000;

/**
 * The engine's spine: one transaction per move of a project. It locks the project, checks the
 * version the client read (stale → 409), asks the stage machine of @fasp/core whether the move
 * is legal for this actor once the guards are evaluated, applies it, appends the history row
 * and records every side effect in the outbox, or refuses with the reason.
 *
 * Modules plug in what they know: guard evaluators (kAccepted, reviewsAllSubmitted...), effects
 * for events (assignment.requested...), and project roles (reviewer, lead).
 */
@Injectable()
export class WorkflowService {
  private readonly logger = new Logger(WorkflowService.name);
  private readonly guards = new Map<Guard, GuardEvaluator>();
  private readonly effects = new Map<StageEvent | `action:${Action}`, StageEffect[]>();
  private readonly roleResolvers: RoleResolver[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projects: ProjectsRepository,
    private readonly projectsService: ProjectsService,
    private readonly calls: CallsService,
    private readonly organizations: OrganizationsRepository,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {
    this.registerBuiltIns();
  }

  registerGuard(guard: Guard, evaluator: GuardEvaluator): void {
    this.guards.set(guard, evaluator);
  }

  /** An effect of an event, or of every transition by an action (`action:release_feedback`). */
  registerEffect(event: StageEvent | `action:${Action}`, effect: StageEffect): void {
    this.effects.set(event, [...(this.effects.get(event) ?? []), effect]);
  }

  registerRoleResolver(resolver: RoleResolver): void {
    this.roleResolvers.push(resolver);
  }

  /**
   * Makes the move if the machine and its guards allow it now, else leaves everything as it was
   * and returns null (the engine's own optional moves, e.g. reopening a divergent review).
   */
  async tryTransitionIn(manager: EntityManager, actor: Actor, request: TransitionRequest): Promise<Project | null> {
    await manager.query('SAVEPOINT optional_transition');
    try {
      const project = await this.transitionIn(manager, actor, request);
      await manager.query('RELEASE SAVEPOINT optional_transition');
      return project;
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT optional_transition');
      if (error instanceof DomainException) return null;
      throw error;
    }
  }

  async transition(actor: Actor, request: TransitionRequest): Promise<Project> {
    return this.dataSource.transaction((manager) => this.transitionIn(manager, actor, request));
  }

  /** The same, inside a caller's transaction (e.g. the last accept of an invitation moves the project). */
  async transitionIn(manager: EntityManager, actor: Actor, request: TransitionRequest): Promise<Project> {
    const project = await this.projects.lock(request.projectId, manager);
    if (!project) throw new NotFoundException('Project');
    // project roles (reviewer, lead) matter only for the moves they may make; for the others,
    // seeing the project is the account's own matter (ProjectsService.canView)
    const needsProjectRoles = (transitionFor(project.stage as Stage, request.action)?.roles ?? []).some((role) => role === 'reviewer' || role === 'lead');
    const extraRoles = actor.kind === 'user' && needsProjectRoles ? await this.extraRoles(actor.user, project, manager) : [];
    if (actor.kind === 'user' && extraRoles.length === 0 && !(await this.projectsService.canView(actor.user, project))) {
      throw new NotFoundException('Project');
    }
    if (request.expectedVersion !== undefined && request.expectedVersion !== project.version) {
      throw this.projectsService.stale(request.expectedVersion, project);
    }
    const from = project.stage as Stage;
    if (!transitionFor(from, request.action)) {
      throw new DomainException('ILLEGAL_TRANSITION', `A project in ${from} cannot ${request.action}`, { stage: from, action: request.action });
    }
    const roles: Role[] = actor.kind === 'system' ? ['system'] : machineRolesOf(actor.user, project, extraRoles);
    const call = await this.calls.get(project.callId, manager);
    const language: Language = actor.kind === 'user' ? actor.user.language : 'en';
    const context: GuardContext = { project, call, actor, request, manager, language };

    const guardResults: Partial<Record<Guard, boolean>> = {};
    const guardDetails: Partial<Record<Guard, Record<string, unknown>>> = {};
    for (const guard of guardsFor(from, request.action, request.outcome)) {
      const evaluator = this.guards.get(guard);
      const result = evaluator ? await evaluator(context) : { ok: false, details: { reason: 'not evaluated' } };
      const normalized = typeof result === 'boolean' ? { ok: result } : result;
      guardResults[guard] = normalized.ok;
      if (!normalized.ok && normalized.details) guardDetails[guard] = normalized.details;
    }

    const decision = decide(from, request.action, roles, guardResults, request.outcome);
    if (!decision.ok) throw this.refusal(decision.reason, decision, guardDetails, project);

    const now = this.clock.now();
    const readVersion = project.version;
    const to = decision.to;
    if (to !== from) {
      project.stage = to;
      project.stageEnteredAt = now;
      project.stageDeadline = null;
    }
    if (request.action === 'release_feedback' && request.outcome) project.outcome = request.outcome;
    const unhandled: StageEvent[] = [];
    const effectContext = (historyId: string): EffectContext => ({ ...context, from, to, historyId, now });
    const keys: Array<StageEvent | `action:${Action}`> = [...decision.events, `action:${request.action}`];
    for (const event of decision.events) if (!this.effects.has(event)) unhandled.push(event);
    for (const key of keys) {
      for (const effect of this.effects.get(key) ?? []) if (effect.phase === 'mutate') await effect.run(effectContext(''));
    }
    if (!(await this.projects.saveAt(project, readVersion, manager))) throw this.projectsService.stale(readVersion, project);
    const historyId = await this.projects.appendHistory(
      {
        projectId: project.id,
        actorId: actor.kind === 'user' ? actor.user.id : null,
        actorRole: actor.kind === 'system' ? 'system' : this.actingRole(roles, from, decision.action),
        action: request.action,
        fromStage: from,
        toStage: to,
        reason: request.reason?.trim() || null,
        version: project.version,
        round: project.round,
        // the deadline this move set: what its notifications state, even after the project moved on
        details: {
          events: decision.events,
          ...(request.outcome && { outcome: request.outcome }),
          ...(project.stageDeadline && { deadline: project.stageDeadline.toISOString() }),
          ...(unhandled.length > 0 && { unhandledEvents: unhandled }),
        },
      },
      manager,
    );
    for (const key of keys) {
      for (const effect of this.effects.get(key) ?? []) if (effect.phase === 'record') await effect.run(effectContext(historyId));
    }
    if (unhandled.length > 0) this.logger.debug({ msg: 'events without an effect yet', events: unhandled, projectId: project.id });
    return project;
  }

  private async extraRoles(user: AuthUser, project: Project, manager: EntityManager): Promise<Role[]> {
    const roles: Role[] = [];
    for (const resolver of this.roleResolvers) roles.push(...(await resolver(user, project, manager)));
    return roles;
  }

  /** The role written in the history: the one the machine allowed for this action. */
  private actingRole(roles: readonly Role[], from: Stage, action: Action): string {
    const allowed = transitionFor(from, action)?.roles ?? [];
    return roles.find((role) => allowed.includes(role)) ?? roles.find((role) => role !== 'admin') ?? roles[0] ?? 'unknown';
  }

  private refusal(
    reason: 'ILLEGAL_TRANSITION' | 'ROLE_NOT_ALLOWED' | 'GUARD_FAILED' | 'OUTCOME_REQUIRED',
    decision: { allowedRoles?: readonly Role[]; failedGuards?: readonly Guard[] },
    details: Partial<Record<Guard, Record<string, unknown>>>,
    project: Project,
  ): DomainException {
    switch (reason) {
      case 'ILLEGAL_TRANSITION':
        return new DomainException('ILLEGAL_TRANSITION', `Not possible while the project is ${project.stage}`, { stage: project.stage });
      case 'ROLE_NOT_ALLOWED':
        return new DomainException('FORBIDDEN', `Only ${decision.allowedRoles?.join(', ')} may do this`, { allowedRoles: decision.allowedRoles });
      case 'OUTCOME_REQUIRED':
        return new DomainException('VALIDATION_FAILED', 'Invalid input: outcome', {
          fields: [{ field: 'outcome', rules: ['required'], messages: ['outcome must be positive, not_positive or revise'] }],
        });
      case 'GUARD_FAILED': {
        const failed = decision.failedGuards ?? [];
        if (failed.length === 1 && failed[0] === 'reasonGiven') {
          return new DomainException('VALIDATION_FAILED', 'Invalid input: reason', {
            fields: [{ field: 'reason', rules: ['required'], messages: ['reason is required for this action'] }],
          });
        }
        if (failed.includes('dossierComplete')) {
          return new DomainException('DOSSIER_INCOMPLETE', 'The dossier is not complete', { failedGuards: failed, ...details.dossierComplete });
        }
        return new DomainException('RULE_REFUSED', `Refused: ${failed.join(', ')}`, { failedGuards: failed, guards: details });
      }
    }
  }

  private registerBuiltIns(): void {
    this.registerGuard('dossierComplete', async ({ project, call, language, manager }) => {
      const completeness = await this.projectsService.completeness(project, language, manager, call);
      return { ok: completeness.complete, details: { missing: completeness.missing } };
    });
    this.registerGuard('callOpen', async ({ call }) => ({
      ok: this.calls.isAcceptingSubmissions(call),
      details: { status: call.status, closesAt: call.closesAt.toISOString() },
    }));
    this.registerGuard('organisationExists', async ({ project, manager }) => {
      const organization = await this.organizations.findById(project.organizationId, manager);
      return { ok: !!organization?.verified, details: { organizationId: project.organizationId, verified: organization?.verified ?? false } };
    });
    this.registerGuard('objectiveServed', async ({ project }) => servesAnObjective(dossierOf(project)));
    this.registerGuard('reasonGiven', async ({ request }) => (request.reason?.trim().length ?? 0) >= 3);

    this.registerEffect('faspIdAssigned', {
      phase: 'mutate',
      run: async ({ project, call, manager, now }) => {
        if (!project.submittedAt) project.submittedAt = now;
        if (project.faspId) return;
        const number = await this.projects.nextFaspNumber(call.year, manager);
        project.faspId = `FASP-${call.year}-${String(number).padStart(4, '0')}`;
      },
    });
    this.registerEffect('deadline.set', {
      phase: 'mutate',
      run: async ({ project, call, to, now }) => {
        const policy = STAGE_DEADLINE[to];
        project.stageDeadline = policy ? new Date(now.getTime() + call.deadlines[policy] * DAY_MS) : null;
      },
    });
    this.registerEffect('round.opened', {
      phase: 'mutate',
      run: async ({ project }) => {
        project.round += 1;
      },
    });
    this.registerEffect('versionFrozen', {
      phase: 'record',
      run: async ({ project, actor, request, manager }) => {
        await this.projectsService.freezeVersion(project, request.action, actor.kind === 'user' ? actor.user.id : null, manager);
      },
    });
    this.registerEffect('assignment.requested', {
      phase: 'record',
      run: async ({ project, manager, historyId }) => {
        await this.outbox.record(manager, {
          name: JobName.AssignmentRequest,
          payload: { projectId: project.id, round: project.round },
          dedupeKey: `assignment:${historyId}`,
        });
      },
    });
    for (const event of [
      'notify.holder.submitted',
      'notify.holder.resubmitted',
      'notify.holder.info_requested',
      'notify.holder.not_admitted',
      'notify.holder.admitted',
      'notify.holder.feedback_released',
      'notify.holder.published',
      'notify.secretariat.submitted',
      'notify.secretariat.resubmitted',
      'notify.secretariat.outcome_proposed',
      'notify.secretariat.withdrawn',
      'notify.reviewers.review_started',
      'notify.reviewers.revision_submitted',
      'notify.reviewers.withdrawn',
      'notify.reviewers.thanks',
      'notify.lead.consolidation_opened',
      'notify.lead.review_reopened',
    ] as const) {
      this.registerEffect(event, {
        phase: 'record',
        run: async ({ project, manager, historyId }) => {
          await this.outbox.record(manager, {
            name: JobName.ProjectEvent,
            payload: { projectId: project.id, event, historyId },
            dedupeKey: `project-event:${historyId}:${event}`,
          });
        },
      });
    }
  }
}

