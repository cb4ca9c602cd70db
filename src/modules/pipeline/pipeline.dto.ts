import { IsISO8601, IsOptional, IsUUID } from 'class-validator';

export class PipelineQueryDto {
  @IsOptional()
  @IsUUID('all', { message: 'callId must be a UUID' })
  callId?: string;

  /** projects created from this instant (ISO 8601); times in stage: stays ended from it */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or instant' })
  from?: string;

  /** ... until this instant (excluded) */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or instant' })
  to?: string;
}

export class CallQueryDto {
  @IsOptional()
  @IsUUID('all', { message: 'callId must be a UUID' })
  callId?: string;
}

export class CountDto {
  key: string;
  count: number;
}

export class StageCountDto {
  stage: string;
  count: number;
  /** past the stage deadline */
  overdue: number;
}

export class FunnelStepDto {
  /** submitted, admitted, reviewed, positive, published */
  step: string;
  count: number;
  /** count / previous step's count; null for the first step or when the previous is 0 */
  conversion: number | null;
}

export class TimeInStageDto {
  stage: string;
  /** completed stays in the stage */
  stays: number;
  /** nearest-rank percentiles, in days */
  medianDays: number | null;
  p90Days: number | null;
  maxDays: number | null;
}

export class PipelineSummaryDto {
  total: number;
  byStage: StageCountDto[];
  byRegion: CountDto[];
  byCollege: CountDto[];
  byCountry: CountDto[];
  byLanguage: CountDto[];
  byModality: CountDto[];
  funnel: FunnelStepDto[];
  timeInStage: TimeInStageDto[];
  overdueTotal: number;
  generatedAt: string;
}

export class OverdueItemDto {
  /** project, invitation or review */
  type: string;
  projectId: string;
  faspId: string | null;
  title: string;
  stage: string;
  /** who must act: holder, secretariat, lead or reviewer */
  blockedBy: string;
  /** the person, for invitations and reviews */
  personId: string | null;
  personName: string | null;
  dueAt: string;
  daysLate: number;
}

export class OverdueListDto {
  items: OverdueItemDto[];
  total: number;
}

export class ReviewerWorkloadDto {
  reviewerId: string;
  name: string;
  callId: string;
  invited: number;
  accepted: number;
  declined: number;
  expired: number;
  /** seats in projects under review now */
  active: number;
  submitted: number;
  onTime: number;
  averageDaysToSubmit: number | null;
  load: number;
  capacity: number;
}
