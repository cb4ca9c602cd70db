import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength } from 'class-validator';
import { OUTCOMES } from '@fasp/core';
import { Type } from 'class-transformer';
import { VersionDiffDto } from '../../projects/dto/project.dto';

export class SaveReviewDto {
  /**
   * By criterion code: `{ score: 0-4 | 'n/a' | null, harm?: no_risk | risk_mitigated | unclear | risk,
   * comment?, recommendation? }`. Criteria left out keep what was saved.
   */
  @IsOptional()
  @IsObject()
  ratings?: Record<string, unknown>;

  @IsOptional()
  @IsIn([...OUTCOMES, null])
  overallRecommendation?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  overallComment?: string | null;

  /** for the secretariat only */
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  confidentialNotes?: string | null;

  @IsOptional()
  @IsInt()
  @Max(2147483647)
  expectedVersion?: number;
}

export class ReviewDto {
  id: string;
  assignmentId: string;
  projectId: string;
  round: number;
  status: string;
  ratings: Record<string, unknown>;
  overallRecommendation: string | null;
  overallComment: string | null;
  /** only to its author and the secretariat */
  confidentialNotes?: string | null;
  submittedAt: string | null;
  late: boolean;
  version: number;
  /** only to staff, the lead and fellow reviewers, never to holders */
  reviewerId?: string;
  reviewerName?: string;
}

export class ReviewedProjectDto {
  id: string;
  faspId: string | null;
  title: string;
  language: string;
  round: number;
  stage: string;
  reviewDeadline: string | null;
}

export class ReviewFormDto {
  review: ReviewDto;
  /** the form built from the call's framework, in the reviewer's language */
  form: Record<string, unknown>;
  project: ReviewedProjectDto;
  /** on a re-review: what changed in the dossier since the previous round's version */
  diff: VersionDiffDto | null;
}

export class ConsolidationDto {
  round: number;
  /** aggregates per criterion, step scores, divergence flags, safeguard verdict, allowed outcomes and reasons */
  evaluation: Record<string, unknown>;
  ratings: Record<string, unknown>;
  feedback: Record<string, unknown>;
  general: Record<string, unknown>;
  proposedOutcome: string | null;
  proposedAt: string | null;
  releasedOutcome: string | null;
  releasedAt: string | null;
  reviewsSubmitted: number;
}

export class SaveConsolidationDto {
  /** by criterion code: `{ score?, harm? }` where the lead departs from the medians / worst judgement */
  @IsOptional()
  @IsObject()
  ratings?: Record<string, unknown>;

  /** by criterion code: `{ strengths?, weaknesses?, recommendations? }` for the holder */
  @IsOptional()
  @IsObject()
  feedback?: Record<string, unknown>;

  /** `{ summary?, strengths?, weaknesses?, recommendations? }` */
  @IsOptional()
  @IsObject()
  general?: Record<string, unknown>;
}

export class StepScoreDto {
  number: number;
  name: string;
  score: number | null;
}

export class CriterionFeedbackDto {
  code: string;
  name: string;
  value: number | null;
  harm: string | null;
  feedback: Record<string, unknown>;
  /** the reviewers' recommendations for the holder, without their names */
  recommendations: string[];
}

export class FeedbackDocumentsDto {
  report: string | null;
  letter: string | null;
}

export class FeedbackDto {
  round: number;
  outcome: string;
  releasedAt: string;
  steps: StepScoreDto[];
  overall: number | null;
  criteria: CriterionFeedbackDto[];
  general: Record<string, unknown>;
  reasons: string[];
  documents: FeedbackDocumentsDto;
}

export class RoundQueryDto {
  /** default: the current round */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Max(2147483647)
  round?: number;
}
