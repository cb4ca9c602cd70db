import { findConflicts } from '@fasp/matching';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, isStaff } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainException, NotFoundException } from '../../platform/errors/domain-exception';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { Page } from '../../platform/pagination/page.dto';
import { JobName } from '../../platform/queue/queue.constants';
import { CallsService } from '../calls/calls.service';
import { ProjectsRepository } from '../projects/projects.repository';
import { WorkflowService } from '../workflow/workflow.service';
import { AssignmentRunsService } from './assignment-runs.service';
import { AssignmentsRepository } from './assignments.repository';
import { ListAssignmentsQueryDto, ManualAssignDto } from './dto/assignment.dto';
import { Assignment, seatTakesCapacity } from './entities/assignment.entity';
import { MatchingInputBuilder } from './matching-input.builder';

/**
 * The life of a seat: a reviewer accepts or declines an invitation before it expires; the
 * secretariat assigns or removes by hand. Every change that frees a seat asks for a top-up in
 * the same transaction. When a project has its K accepted reviewers with an STC lead, it moves
 * to review, in the transaction of the accept that completed it.
 *
 * Lock order, everywhere: project, then assignment, then reviewer profile.
 */
@Injectable()
export class InvitationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assignments: AssignmentsRepository,
    private readonly runs: AssignmentRunsService,
    private readonly builder: MatchingInputBuilder,
    private readonly projects: ProjectsRepository,
    private readonly calls: CallsService,
    private readonly workflow: WorkflowService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** Teaches the workflow what this module knows: who reviews a project, and when K accepted. */
  onModuleInit(): void {
    this.workflow.registerRoleResolver(async (user, project, manager) => {
      const seats = await this.assignments.activeForProject(project.id, manager);
      const mine = seats.filter((seat) => seat.reviewerId === user.id && seat.status !== 'invited');
      if (mine.length === 0) return seats.some((seat) => seat.reviewerId === user.id) ? ['reviewer'] : [];
      return mine.some((seat) => seat.role === 'lead') ? ['reviewer', 'lead'] : ['reviewer'];
    });
    this.workflow.registerGuard('kAccepted', async ({ project, call, manager }) => {
      const seats = await this.assignments.activeForProject(project.id, manager);
      const accepted = seats.filter((seat) => seat.status === 'accepted' || seat.status === 'completed');
      const leadAccepted = accepted.some((seat) => seat.role === 'lead');
      return { ok: accepted.length >= call.reviewersPerProject && leadAccepted, details: { accepted: accepted.length, required: call.reviewersPerProject, leadAccepted } };
    });
    this.workflow.registerEffect('invitations.cancelled', {
      phase: 'record',
      run: async ({ project, manager }) => {
        const open = (await this.assignments.activeForProject(project.id, manager)).filter((seat) => seat.status === 'invited');
        await this.assignments.setStatusForProject(project.id, ['invited'], 'cancelled', manager);
        for (const seat of open) {
          await this.outbox.record(manager, { name: JobName.AssignmentEvent, payload: { assignmentId: seat.id, event: 'cancelled' }, dedupeKey: `assignment-event:${seat.id}:cancelled` });
        }
      },
    });
  }

  async accept(user: AuthUser, assignmentId: string): Promise<Assignment> {
    return this.dataSource.transaction(async (manager) => {
      const seat = await this.assignments.findById(assignmentId, manager);
      if (!seat || seat.reviewerId !== user.id) throw new NotFoundException('Invitation');
      await this.projects.lock(seat.projectId, manager);
      const assignment = (await this.assignments.lock(assignmentId, manager))!;
      this.assertOpenInvitation(assignment);
      const profile = await this.assignments.lockProfile(user.id, manager);
      const held = await manager.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM assignment a JOIN project p ON p.id = a.project_id
          WHERE a.call_id = $1 AND a.reviewer_id = $2 AND ${seatTakesCapacity('a', 'p', ['accepted'])}`,
        [assignment.callId, user.id],
      );
      if (!profile || held[0].n >= profile.capacityPerCall) {
        throw new DomainException('CAPACITY_EXCEEDED', 'Accepting would exceed your capacity for this call', { held: held[0].n, capacity: profile?.capacityPerCall ?? 0 });
      }
      assignment.status = 'accepted';
      assignment.respondedAt = this.clock.now();
      await this.assignments.save(assignment, manager);
      // A seat accepted once the review has started (a top-up, an extra reviewer) needs its own reminders.
      await this.outbox.record(manager, { name: JobName.AssignmentEvent, payload: { assignmentId, event: 'accepted' }, dedupeKey: `assignment-event:${assignmentId}:accepted` });
      await this.completeAssignmentIfReady(assignment.projectId, manager);
      return assignment;
    });
  }

  /** `reason` is kept for the secretariat; null when the reviewer gave none (the web page makes it optional). */
  async decline(user: AuthUser, assignmentId: string, reason: string | null): Promise<Assignment> {
    return this.dataSource.transaction(async (manager) => {
      const seat = await this.assignments.findById(assignmentId, manager);
      if (!seat || seat.reviewerId !== user.id) throw new NotFoundException('Invitation');
      await this.projects.lock(seat.projectId, manager);
      const assignment = (await this.assignments.lock(assignmentId, manager))!;
      this.assertOpenInvitation(assignment);
      assignment.status = 'declined';
      assignment.respondedAt = this.clock.now();
      assignment.declineReason = reason;
      await this.assignments.save(assignment, manager);
      await this.runs.request(assignment.callId, 'top_up', [assignment.projectId], null, manager);
      return assignment;
    });
  }

  /** The job fired at respondBy: an invitation still unanswered expires and its seat is offered again. */
  async expire(assignmentId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const seat = await this.assignments.findById(assignmentId, manager);
      if (!seat) return false;
      await this.projects.lock(seat.projectId, manager);
      const assignment = (await this.assignments.lock(assignmentId, manager))!;
      if (assignment.status !== 'invited') return false;
      if (assignment.respondBy.getTime() > this.clock.now().getTime()) throw new Error(`invitation ${assignmentId} is not due before ${assignment.respondBy.toISOString()}`);
      assignment.status = 'expired';
      await this.assignments.save(assignment, manager);
      await this.outbox.record(manager, { name: JobName.AssignmentEvent, payload: { assignmentId, event: 'expired' }, dedupeKey: `assignment-event:${assignmentId}:expired` });
      await this.runs.request(assignment.callId, 'top_up', [assignment.projectId], null, manager);
      return true;
    });
  }

  /**
   * The secretariat seats a reviewer by hand (an invitation like any other). A conflict of
   * interest is refused unless overridden; the override and its reason are kept and audited.
   */
  async assignManually(actor: AuthUser, projectId: string, dto: ManualAssignDto): Promise<Assignment> {
    return this.dataSource.transaction(async (manager) => {
      const project = await this.projects.lock(projectId, manager);
      if (!project) throw new NotFoundException('Project');
      if (!['assignment', 'review'].includes(project.stage)) {
        throw new DomainException('ILLEGAL_TRANSITION', `Reviewers are assigned while a project is in assignment or review, not ${project.stage}`);
      }
      const call = await this.calls.get(project.callId, manager);
      const profile = await this.assignments.lockProfile(dto.reviewerId, manager);
      const account: Array<{ roles: string[]; active: boolean; organization_id: string | null }> = await manager.query(
        'SELECT roles, active, organization_id FROM user_account WHERE id = $1',
        [dto.reviewerId],
      );
      if (!profile || !account[0]?.active || !account[0].roles.includes('reviewer')) {
        throw new DomainException('VALIDATION_FAILED', 'Invalid input: reviewerId', {
          fields: [{ field: 'reviewerId', rules: ['reviewer'], messages: ['reviewerId must be an active reviewer with a profile'] }],
        });
      }
      if (dto.role === 'lead' && !profile.stcMember) throw new DomainException('RULE_REFUSED', 'Only an STC member may lead a review');
      const needs = await this.builder.needsOf(project, call, manager);
      if (needs.active.some((seat) => seat.reviewerId === dto.reviewerId)) throw new DomainException('DUPLICATE', 'This reviewer already holds a seat on the project');
      if (dto.role === 'lead' && !needs.needsLead) throw new DomainException('CONFLICT', 'The project already has a lead');
      if (!profile.languages.includes(project.language)) throw new DomainException('RULE_REFUSED', `The reviewer does not read ${project.language}`);
      const loads = await this.assignments.loads(call.id, manager);
      if ((loads.get(dto.reviewerId) ?? 0) >= profile.capacityPerCall) {
        throw new DomainException('CAPACITY_EXCEEDED', 'The reviewer is at their capacity for this call');
      }
      const personIds = (await this.builder.personIds([project], manager)).get(project.id) ?? [];
      const conflicts = findConflicts(
        this.builder.toMatchingReviewer({ ...profile, organizationId: account[0].organization_id }, 0),
        this.builder.toMatchingProject({ ...needs, excluded: [] }, personIds),
      );
      if (conflicts.length > 0 && !dto.overrideConflict) {
        throw new DomainException('CONFLICT_OF_INTEREST', 'The reviewer has a conflict of interest with this project', { conflicts });
      }
      const [assignment] = await this.assignments.insertMany(
        [{ ...this.runs.invitation(call, project.id, dto.reviewerId, dto.role, { total: 0, terms: [] }, null), assignedById: actor.id, note: dto.reason, conflictOverridden: conflicts.length > 0 }],
        manager,
      );
      if (!assignment) throw new DomainException('DUPLICATE', 'This reviewer already holds a seat on the project');
      await this.projects.appendHistory(
        {
          projectId: project.id,
          actorId: actor.id,
          actorRole: 'secretariat',
          action: 'assign_reviewer',
          fromStage: project.stage,
          toStage: project.stage,
          reason: dto.reason,
          version: project.version,
          round: project.round,
          details: { assignmentId: assignment.id, reviewerId: dto.reviewerId, role: dto.role, ...(conflicts.length > 0 && { conflictOverridden: conflicts }) },
        },
        manager,
      );
      await this.runs.announce(assignment, manager);
      return assignment;
    });
  }

  /** The secretariat takes a seat back (with a reason); the seat is offered again. */
  async remove(actor: AuthUser, projectId: string, assignmentId: string, reason: string): Promise<Assignment> {
    return this.dataSource.transaction(async (manager) => {
      const project = await this.projects.lock(projectId, manager);
      if (!project) throw new NotFoundException('Project');
      const assignment = await this.assignments.lock(assignmentId, manager);
      if (!assignment || assignment.projectId !== projectId) throw new NotFoundException('Assignment');
      if (!['invited', 'accepted'].includes(assignment.status)) throw new DomainException('ILLEGAL_TRANSITION', `A ${assignment.status} seat cannot be removed`);
      assignment.status = 'removed';
      assignment.note = reason;
      await this.assignments.save(assignment, manager);
      await this.projects.appendHistory(
        {
          projectId,
          actorId: actor.id,
          actorRole: 'secretariat',
          action: 'remove_reviewer',
          fromStage: project.stage,
          toStage: project.stage,
          reason,
          version: project.version,
          round: project.round,
          details: { assignmentId, reviewerId: assignment.reviewerId },
        },
        manager,
      );
      await this.outbox.record(manager, { name: JobName.AssignmentEvent, payload: { assignmentId, event: 'removed' }, dedupeKey: `assignment-event:${assignmentId}:removed` });
      if (project.stage === 'assignment' || project.stage === 'review') await this.runs.request(assignment.callId, 'top_up', [projectId], actor.id, manager);
      return assignment;
    });
  }

  /** Every seat of a project, oldest first (the secretariat's page of the project). */
  async forProject(user: AuthUser, projectId: string): Promise<Assignment[]> {
    await this.assertStaffSees(user, projectId);
    return this.assignments.forProject(projectId);
  }

  /** A project's seats a page at a time, newest first (the API's list). */
  async pageForProject(user: AuthUser, projectId: string, query: ListAssignmentsQueryDto): Promise<Page<Assignment>> {
    await this.assertStaffSees(user, projectId);
    return this.assignments.pageForProject(projectId, query);
  }

  private async assertStaffSees(user: AuthUser, projectId: string): Promise<void> {
    if (!isStaff(user)) throw new DomainException('FORBIDDEN', 'Only the secretariat sees assignments');
    const project = await this.projects.findById(projectId);
    if (!project) throw new NotFoundException('Project');
  }

  mine(user: AuthUser, query: ListAssignmentsQueryDto): Promise<Page<Assignment>> {
    return this.assignments.forReviewer(user.id, query);
  }

  /** Moves the project to review once K reviewers, one of them the lead, have accepted. */
  private async completeAssignmentIfReady(projectId: string, manager: EntityManager): Promise<void> {
    const project = await this.projects.findById(projectId, manager);
    if (project?.stage !== 'assignment') return;
    const call = await this.calls.get(project.callId, manager);
    const seats = await this.assignments.activeForProject(projectId, manager);
    const accepted = seats.filter((seat) => seat.status === 'accepted');
    if (accepted.length < call.reviewersPerProject || !accepted.some((seat) => seat.role === 'lead')) return;
    await this.workflow.transitionIn(manager, { kind: 'system' }, { projectId, action: 'assignment_complete' });
  }

  private assertOpenInvitation(assignment: Assignment): void {
    if (assignment.status !== 'invited') {
      throw new DomainException('ILLEGAL_TRANSITION', `This invitation is ${assignment.status}`, { status: assignment.status });
    }
    if (assignment.respondBy.getTime() <= this.clock.now().getTime()) {
      throw new DomainException('ILLEGAL_TRANSITION', 'This invitation has expired', { respondBy: assignment.respondBy.toISOString() });
    }
  }
}

