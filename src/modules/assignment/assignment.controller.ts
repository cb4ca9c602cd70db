import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../platform/auth/access.decorators';
import { mapPage } from '../../platform/pagination/keyset';
import { AssignmentRunsService } from './assignment-runs.service';
import {
  AssignmentDto,
  AssignmentPageDto,
  AssignmentIdParamDto,
  AssignmentRunDto,
  DeclineDto,
  ListAssignmentsQueryDto,
  ManualAssignDto,
  MyAssignmentDto,
  MyAssignmentPageDto,
  ProjectAssignmentParamDto,
  RemoveAssignmentDto,
  RequestRunDto,
  ReviewerProfileDto,
  ReviewerProfileViewDto,
  RunIdParamDto,
  RunQueuedDto,
  UserIdParamDto,
} from './dto/assignment.dto';
import { Assignment } from './entities/assignment.entity';
import { AssignmentRun } from './entities/assignment-run.entity';
import { InvitationsService } from './invitations.service';
import { ReviewerProfilesService } from './reviewer-profiles.service';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallsService } from '../calls/calls.service';
import { ProjectIdParamDto } from '../projects/dto/project.dto';
import { CallIdParamDto } from '../calls/dto/call.dto';

function toAssignmentDto(assignment: Assignment, withName = false): AssignmentDto {
  return {
    id: assignment.id,
    projectId: assignment.projectId,
    callId: assignment.callId,
    reviewerId: assignment.reviewerId,
    ...(withName && assignment.reviewer && { reviewerName: assignment.reviewer.name }),
    role: assignment.role,
    status: assignment.status,
    source: assignment.source,
    runId: assignment.runId,
    explanation: { total: assignment.explanation.total, terms: assignment.explanation.terms.map((term) => ({ ...term, matched: [...term.matched] })) },
    respondBy: assignment.respondBy.toISOString(),
    respondedAt: assignment.respondedAt?.toISOString() ?? null,
    declineReason: assignment.declineReason,
    note: assignment.note,
    conflictOverridden: assignment.conflictOverridden,
    createdAt: assignment.createdAt.toISOString(),
  };
}

function toRunDto(run: AssignmentRun): AssignmentRunDto {
  return {
    id: run.id,
    callId: run.callId,
    status: run.status,
    trigger: run.trigger,
    projectIds: run.projectIds,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    error: run.error,
    result: run.result as unknown as Record<string, unknown> | null,
  };
}

@ApiTags('assignment')
@Controller('api')
export class AssignmentController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly profiles: ReviewerProfilesService,
    private readonly invitations: InvitationsService,
    private readonly runs: AssignmentRunsService,
    private readonly calls: CallsService,
  ) {}

  /** Expertise, languages, regions, capacity, STC membership, conflicts. */
  @Roles('reviewer', 'secretariat', 'admin')
  @Get('reviewers/:userId/profile')
  getProfile(@CurrentUser() user: AuthUser, @Param() params: UserIdParamDto): Promise<ReviewerProfileViewDto> {
    return this.profiles.get(user, params.userId);
  }

  /** Reviewers edit their own (not STC membership nor capacity); the secretariat edits all. */
  @Roles('reviewer', 'secretariat', 'admin')
  @Put('reviewers/:userId/profile')
  putProfile(@CurrentUser() user: AuthUser, @Param() params: UserIdParamDto, @Body() dto: ReviewerProfileDto): Promise<ReviewerProfileViewDto> {
    return this.profiles.put(user, params.userId, dto);
  }

  /** 202: a worker solves the whole call (or the given projects); follow it at GET /api/assignment-runs/:id. */
  @Roles('secretariat', 'admin')
  @Post('calls/:id/assignment-runs')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RunQueuedDto })
  async requestRun(@CurrentUser() user: AuthUser, @Param() params: CallIdParamDto, @Body() dto: RequestRunDto): Promise<RunQueuedDto> {
    await this.calls.get(params.id);
    const run = await this.dataSource.transaction((manager) => this.runs.request(params.id, 'secretariat', dto.projectIds ?? null, user.id, manager));
    return { id: run.id, status: run.status, callId: run.callId };
  }

  /** Status, totals, per-project reviewers with the reasons for each, and shortfalls with theirs. */
  @Roles('secretariat', 'admin')
  @Get('assignment-runs/:id')
  async getRun(@Param() params: RunIdParamDto): Promise<AssignmentRunDto> {
    return toRunDto(await this.runs.get(params.id));
  }

  /** Every seat ever offered on the project (declined, expired and removed ones too), newest first. */
  @Roles('secretariat', 'admin')
  @Get('projects/:id/assignments')
  async projectAssignments(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto, @Query() query: ListAssignmentsQueryDto): Promise<AssignmentPageDto> {
    return mapPage(await this.invitations.pageForProject(user, params.id, query), (assignment) => toAssignmentDto(assignment, true));
  }

  /** Seats a reviewer by hand, with a reason; a conflict of interest needs `overrideConflict`. */
  @Roles('secretariat', 'admin')
  @Post('projects/:id/assignments')
  async assign(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto, @Body() dto: ManualAssignDto): Promise<AssignmentDto> {
    return toAssignmentDto(await this.invitations.assignManually(user, params.id, dto));
  }

  /** Takes a seat back, with a reason; the seat is offered again. */
  @Roles('secretariat', 'admin')
  @Delete('projects/:id/assignments/:assignmentId')
  async unassign(@CurrentUser() user: AuthUser, @Param() params: ProjectAssignmentParamDto, @Body() dto: RemoveAssignmentDto): Promise<AssignmentDto> {
    return toAssignmentDto(await this.invitations.remove(user, params.id, params.assignmentId, dto.reason));
  }

  /** The reviewer's invitations and assignments, newest first. */
  @Roles('reviewer')
  @Get('me/assignments')
  async mine(@CurrentUser() user: AuthUser, @Query() query: ListAssignmentsQueryDto): Promise<MyAssignmentPageDto> {
    return mapPage(await this.invitations.mine(user, query), (seat): MyAssignmentDto => ({
      ...toAssignmentDto(seat),
      project: {
        id: seat.project!.id,
        faspId: seat.project!.faspId,
        title: seat.project!.title,
        language: seat.project!.language,
        stage: seat.project!.stage,
        round: seat.project!.round,
      },
    }));
  }

  @Roles('reviewer')
  @Post('assignments/:id/accept')
  @HttpCode(200)
  async accept(@CurrentUser() user: AuthUser, @Param() params: AssignmentIdParamDto): Promise<AssignmentDto> {
    return toAssignmentDto(await this.invitations.accept(user, params.id));
  }

  @Roles('reviewer')
  @Post('assignments/:id/decline')
  @HttpCode(200)
  async decline(@CurrentUser() user: AuthUser, @Param() params: AssignmentIdParamDto, @Body() dto: DeclineDto): Promise<AssignmentDto> {
    return toAssignmentDto(await this.invitations.decline(user, params.id, dto.reason));
  }
}
