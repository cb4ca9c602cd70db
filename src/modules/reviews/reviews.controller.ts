import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser } from '../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../platform/auth/access.decorators';
import { AssignmentIdParamDto } from '../assignment/dto/assignment.dto';
import { LanguageQueryDto, ProjectIdParamDto } from '../projects/dto/project.dto';
import { ConsolidationService } from './consolidation.service';
import { ConsolidationDto, FeedbackDto, ReviewDto, ReviewFormDto, RoundQueryDto, SaveConsolidationDto, SaveReviewDto } from './dto/review.dto';
import { ReviewsService } from './reviews.service';

@ApiTags('reviews')
@Controller('api')
export class ReviewsController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly consolidation: ConsolidationService,
  ) {}

  /** The review form of the current round (criteria, guidance, indicators, the holder's statements) with your answers so far. */
  @Roles('reviewer')
  @Get('assignments/:id/review')
  form(@CurrentUser() user: AuthUser, @Param() params: AssignmentIdParamDto): Promise<ReviewFormDto> {
    return this.reviews.form(user, params.id);
  }

  /** Saves a draft (autosave): any part of the ratings, recommendation, comments, confidential notes. */
  @Roles('reviewer')
  @Put('assignments/:id/review')
  async save(@CurrentUser() user: AuthUser, @Param() params: AssignmentIdParamDto, @Body() dto: SaveReviewDto): Promise<ReviewDto> {
    return this.reviews.toDto(await this.reviews.save(user, params.id, dto), true);
  }

  /** Freezes the review (422 REVIEW_INCOMPLETE with the gaps). */
  @Roles('reviewer')
  @Post('assignments/:id/review/submit')
  @HttpCode(200)
  @ApiUnprocessableEntityResponse({ description: 'REVIEW_INCOMPLETE: details.gaps lists what is missing' })
  async submit(@CurrentUser() user: AuthUser, @Param() params: AssignmentIdParamDto): Promise<ReviewDto> {
    return this.reviews.toDto(await this.reviews.submit(user, params.id), true);
  }

  /** Reviews of a round: the lead and the secretariat; a reviewer once their own is submitted. */
  @Roles('reviewer', 'secretariat', 'admin')
  @Get('projects/:id/reviews')
  list(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto, @Query() query: RoundQueryDto): Promise<ReviewDto[]> {
    return this.reviews.list(user, params.id, query.round);
  }

  /** `evaluate()`'s aggregates, divergence flags, safeguard verdict and allowed outcomes, with the consolidation so far. */
  @Roles('reviewer', 'secretariat', 'admin')
  @Get('projects/:id/consolidation')
  view(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto): Promise<ConsolidationDto> {
    return this.consolidation.view(user, params.id);
  }

  /** The lead's consolidated ratings (where they depart from the medians) and formative feedback. */
  @Roles('reviewer')
  @Put('projects/:id/consolidation')
  saveConsolidation(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto, @Body() dto: SaveConsolidationDto): Promise<ConsolidationDto> {
    return this.consolidation.save(user, params.id, dto);
  }

  /** The released formative feedback, per criterion, without reviewer identities. */
  @Roles('holder', 'secretariat', 'admin')
  @Get('projects/:id/feedback')
  feedback(@CurrentUser() user: AuthUser, @Param() params: ProjectIdParamDto, @Query() query: LanguageQueryDto): Promise<FeedbackDto> {
    return this.consolidation.feedback(user, params.id, query.lang);
  }
}
