import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, isStaff } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainException, NotFoundException } from '../../platform/errors/domain-exception';
import { AssignmentRunsService } from '../assignment/assignment-runs.service';
import { AssignmentsRepository } from '../assignment/assignments.repository';
import { Assignment } from '../assignment/entities/assignment.entity';
import { Project } from '../projects/entities/project.entity';
import { ProjectsRepository } from '../projects/projects.repository';
import { ProjectsService } from '../projects/projects.service';
import { WorkflowService } from '../workflow/workflow.service';
import { ReviewDto, ReviewFormDto, SaveReviewDto } from './dto/review.dto';
import { Review } from './entities/review.entity';
import { mergeRatings, reviewGaps } from './ratings';
import { buildReviewForm } from './review-form';
import { ReviewsRepository } from './reviews.repository';

/**
 * Reviews: each accepted reviewer fills the form of the round (drafts autosave), then submits,
 * which freezes the review. The submit that completes the round moves the project to
 * consolidation, in its own transaction (the project row is locked first, so concurrent submits
 * make exactly one move).
 */
@Injectable()
export class ReviewsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reviews: ReviewsRepository,
    private readonly assignments: AssignmentsRepository,
    private readonly projects: ProjectsRepository,
    private readonly projectsService: ProjectsService,
    private readonly workflow: WorkflowService,
    private readonly clock: Clock,
    private readonly runs: AssignmentRunsService,
  ) {}

  /** The seat of the signed-in reviewer, accepted (or completed); anyone else gets 404. */
  private async seatOf(user: AuthUser, assignmentId: string, manager?: EntityManager): Promise<Assignment> {
    const seat = await this.assignments.findById(assignmentId, manager);
    if (!seat || seat.reviewerId !== user.id || !['accepted', 'completed'].includes(seat.status)) throw new NotFoundException('Review');
    return seat;
  }

  async form(user: AuthUser, assignmentId: string): Promise<ReviewFormDto> {
    const seat = await this.seatOf(user, assignmentId);
    const project = (await this.projects.findById(seat.projectId))!;
    const framework = await this.projectsService.frameworkOf(project);
    const review = (await this.reviews.find(seat.id, project.round)) ?? this.blank(seat, project);
    const previous = project.round > 1 ? await this.reviews.find(seat.id, project.round - 1) : null;
    const versions = await this.projects.versions(project.id);
    const latest = versions.at(-1);
    const diff = project.round > 1 && latest ? await this.projectsService.diff(user, project.id, latest.number).catch(() => null) : null;
    return {
      review: this.toDto(review, true),
      form: buildReviewForm({ framework, language: user.language, statements: project.statements, ratings: review.ratings, previous: previous?.ratings ?? null }) as unknown as Record<string, unknown>,
      project: {
        id: project.id,
        faspId: project.faspId,
        title: project.title,
        language: project.language,
        round: project.round,
        stage: project.stage,
        reviewDeadline: project.stage === 'review' ? (project.stageDeadline?.toISOString() ?? null) : null,
      },
      diff,
    };
  }

  /** Saves a draft (any part of it). Only while the project is in review and the review not submitted. */
  async save(user: AuthUser, assignmentId: string, dto: SaveReviewDto): Promise<Review> {
    return this.dataSource.transaction(async (manager) => {
      const seat = await this.seatOf(user, assignmentId, manager);
      const project = await this.projects.lock(seat.projectId, manager);
      const review = await this.openReview(seat, project!, manager);
      if (dto.expectedVersion !== undefined && dto.expectedVersion !== review.version) {
        throw new DomainException('VERSION_CONFLICT', 'The review changed since you read it', { expectedVersion: dto.expectedVersion, currentVersion: review.version });
      }
      const framework = await this.projectsService.frameworkOf(project!, manager);
      if (dto.ratings) review.ratings = mergeRatings(framework, review.ratings, dto.ratings);
      if (dto.overallRecommendation !== undefined) review.overallRecommendation = dto.overallRecommendation;
      if (dto.overallComment !== undefined) review.overallComment = dto.overallComment;
      if (dto.confidentialNotes !== undefined) review.confidentialNotes = dto.confidentialNotes;
      review.version += 1;
      return this.reviews.save(review, manager);
    });
  }

  /** Freezes the review; 422 listing the gaps when incomplete. Completes the round if it was the last one due. */
  async submit(user: AuthUser, assignmentId: string): Promise<Review> {
    return this.dataSource.transaction(async (manager) => {
      const seat = await this.seatOf(user, assignmentId, manager);
      const project = (await this.projects.lock(seat.projectId, manager))!;
      const review = await this.openReview(seat, project, manager);
      const framework = await this.projectsService.frameworkOf(project, manager);
      const gaps = reviewGaps(framework, review);
      if (gaps.length > 0) throw new DomainException('REVIEW_INCOMPLETE', `The review is not complete (${gaps.length} item(s))`, { gaps });
      const now = this.clock.now();
      review.status = 'submitted';
      review.submittedAt = now;
      review.late = !!project.stageDeadline && now.getTime() > project.stageDeadline.getTime();
      review.version += 1;
      await this.reviews.save(review, manager);
      await this.completeRoundIfDone(project, manager);
      return review;
    });
  }

  /**
   * Every review due is in: consolidation (then, when the reviews diverge and the call says so,
   * back to review with one more reviewer). Checked after each submission, and after each
   * assignment run, because a round may end by a seat nobody can fill (the extra reviewer
   * declined and no one else is available) rather than by a submission.
   */
  private async completeRoundIfDone(project: Project, manager: EntityManager): Promise<void> {
    if (project.stage !== 'review' || !(await this.roundComplete(project, manager))) return;
    await this.workflow.transitionIn(manager, { kind: 'system' }, { projectId: project.id, action: 'reviews_complete' });
    await this.workflow.tryTransitionIn(manager, { kind: 'system' }, { projectId: project.id, action: 'reopen_review' });
  }

  onModuleInit(): void {
    this.runs.onSeatsSettled(async (projectIds, manager) => {
      for (const id of projectIds) {
        const project = await this.projects.lock(id, manager);
        if (project) await this.completeRoundIfDone(project, manager);
      }
    });
  }

  /** Every accepted reviewer of the round submitted, and no invitation is pending. */
  async roundComplete(project: Project, manager: EntityManager): Promise<boolean> {
    const seats = await this.assignments.activeForProject(project.id, manager);
    if (seats.some((seat) => seat.status === 'invited')) return false;
    const accepted = seats.filter((seat) => seat.status === 'accepted' || seat.status === 'completed');
    if (accepted.length === 0) return false;
    const submitted = new Set((await this.reviews.forRound(project.id, project.round, manager)).filter((review) => review.status === 'submitted').map((review) => review.assignmentId));
    return accepted.every((seat) => submitted.has(seat.id));
  }

  /**
   * Reviews of a round, as the caller may read them: staff all (with confidential notes); the
   * lead the submitted ones; a reviewer the submitted ones once their own is submitted (403
   * before). Holders never reach this.
   */
  async list(user: AuthUser, projectId: string, round?: number): Promise<ReviewDto[]> {
    const project = await this.projectsService.getFor(user, projectId);
    const wanted = round ?? project.round;
    const reviews = await this.reviews.forRound(projectId, wanted);
    const names = await this.reviews.reviewerNames(reviews.map((review) => review.reviewerId));
    if (isStaff(user)) return reviews.map((review) => ({ ...this.toDto(review, true), reviewerName: names.get(review.reviewerId) }));
    const seats = await this.assignments.activeForProject(projectId);
    const mine = seats.find((seat) => seat.reviewerId === user.id && seat.status !== 'invited');
    if (!mine) throw new DomainException('FORBIDDEN', 'Only the reviewers of this project and the secretariat read its reviews');
    const own = reviews.find((review) => review.assignmentId === mine.id);
    if (mine.role !== 'lead' && own?.status !== 'submitted') {
      throw new DomainException('FORBIDDEN', 'Submit your own review first: reviewers see the others only after that');
    }
    return reviews
      .filter((review) => review.status === 'submitted' || review.assignmentId === mine.id)
      .map((review) => ({ ...this.toDto(review, review.assignmentId === mine.id), reviewerName: names.get(review.reviewerId) }));
  }

  toDto(review: Review, withConfidential: boolean): ReviewDto {
    return {
      id: review.id,
      assignmentId: review.assignmentId,
      projectId: review.projectId,
      round: review.round,
      status: review.status,
      ratings: review.ratings,
      overallRecommendation: review.overallRecommendation,
      overallComment: review.overallComment,
      ...(withConfidential && { confidentialNotes: review.confidentialNotes }),
      submittedAt: review.submittedAt?.toISOString() ?? null,
      late: review.late,
      version: review.version,
      reviewerId: review.reviewerId,
    };
  }

  private blank(seat: Assignment, project: Project): Review {
    return Object.assign(new Review(), {
      id: '',
      assignmentId: seat.id,
      projectId: project.id,
      reviewerId: seat.reviewerId,
      round: project.round,
      status: 'draft',
      ratings: {},
      overallRecommendation: null,
      overallComment: null,
      confidentialNotes: null,
      submittedAt: null,
      late: false,
      version: 0,
    });
  }

  /** The round's review of this seat, created on first save; refused once submitted or outside review. */
  private async openReview(seat: Assignment, project: Project, manager: EntityManager): Promise<Review> {
    if (project.stage !== 'review') throw new DomainException('ILLEGAL_TRANSITION', `Reviews are written while the project is in review, not ${project.stage}`);
    const review =
      (await this.reviews.lock(seat.id, project.round, manager)) ??
      (await this.reviews.create({ assignmentId: seat.id, projectId: project.id, reviewerId: seat.reviewerId, round: project.round, status: 'draft', ratings: {}, version: 0 }, manager));
    if (review.status === 'submitted') throw new DomainException('ILLEGAL_TRANSITION', 'This review is submitted and cannot change');
    return review;
  }
}
