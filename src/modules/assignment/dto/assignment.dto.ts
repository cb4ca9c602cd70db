import { COUNTRY_CODES, LAND_USE_CODES, LANGUAGES, PRACTICE_CODES, REGION_CODES, REVIEWER_DISCIPLINE_CODES } from '@fasp/core';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../../platform/pagination/page.dto';
import { Trim } from '../../../platform/validation/field-transforms';

const upperList = () => Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim().toUpperCase() : item)) : value));
const lowerList = () => Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim().toLowerCase() : item)) : value));

export class ReviewerProfileDto {
  /** member of the Scientific and Technical Committee (only the secretariat may change it) */
  @IsOptional()
  @IsBoolean()
  stcMember?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(LANGUAGES, { each: true, message: 'languages must be among en, fr, es' })
  languages?: string[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(PRACTICE_CODES, { each: true })
  practices?: string[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(LAND_USE_CODES, { each: true })
  landUses?: string[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(REVIEWER_DISCIPLINE_CODES, { each: true })
  disciplines?: string[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(30)
  @Matches(/^[1-9][0-9]*\.[1-9][0-9]*$/, { each: true, message: 'criteriaFocus must be criterion codes such as 2.2' })
  criteriaFocus?: string[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(REGION_CODES, { each: true })
  regions?: string[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @upperList()
  @IsIn(COUNTRY_CODES, { each: true, message: 'countries must be ISO 3166-1 alpha-2 codes' })
  countries?: string[];

  /** most dossiers per call (only the secretariat may change it) */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(50)
  capacityPerCall?: number;

  /** false: not invited to anything new */
  @IsOptional()
  @IsBoolean()
  available?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  conflictOrganizationIds?: string[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @lowerList()
  @IsEmail({}, { each: true, message: 'conflictPersonEmails must be email addresses' })
  conflictPersonEmails?: string[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  conflictProjectIds?: string[];
}

export class ReviewerProfileViewDto {
  userId: string;
  name: string;
  email: string;
  stcMember: boolean;
  languages: string[];
  practices: string[];
  landUses: string[];
  disciplines: string[];
  criteriaFocus: string[];
  regions: string[];
  countries: string[];
  capacityPerCall: number;
  available: boolean;
  conflictOrganizationIds: string[];
  conflictPersonEmails: string[];
  conflictProjectIds: string[];
}

export class UserIdParamDto {
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId: string;
}

export class AssignmentIdParamDto {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class ProjectAssignmentParamDto {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @IsUUID('all', { message: 'assignmentId must be a UUID' })
  assignmentId: string;
}

export class RunIdParamDto {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class DeclineDto {
  /** why (kept for the secretariat) */
  @Trim()
  @IsString()
  @Length(3, 2000)
  reason: string;
}

export class ManualAssignDto {
  @IsUUID('all', { message: 'reviewerId must be a UUID' })
  reviewerId: string;

  @IsIn(['lead', 'member'])
  role: 'lead' | 'member';

  /** why this reviewer, by hand */
  @Trim()
  @IsString()
  @Length(3, 2000)
  reason: string;

  /** assign despite a conflict of interest (the reason is then audited) */
  @IsOptional()
  @IsBoolean()
  overrideConflict?: boolean;
}

export class RemoveAssignmentDto {
  @Trim()
  @IsString()
  @Length(3, 2000)
  reason: string;
}

export class RequestRunDto {
  /** only these projects (default: every project of the call waiting for reviewers) */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsUUID('all', { each: true })
  projectIds?: string[];
}

export class AffinityTermDto {
  term: string;
  weight: number;
  cap: number;
  matched: string[];
  score: number;
}

export class AffinityDto {
  total: number;
  terms: AffinityTermDto[];
}

export class AssignmentDto {
  id: string;
  projectId: string;
  callId: string;
  reviewerId: string;
  reviewerName?: string;
  role: string;
  status: string;
  source: string;
  runId: string | null;
  /** why this reviewer */
  explanation: AffinityDto;
  respondBy: string;
  respondedAt: string | null;
  declineReason: string | null;
  note: string | null;
  conflictOverridden: boolean;
  createdAt: string;
}

export class AssignedProjectDto {
  id: string;
  faspId: string | null;
  title: string;
  language: string;
  stage: string;
  round: number;
}

export class MyAssignmentDto extends AssignmentDto {
  project: AssignedProjectDto;
}

export class RunQueuedDto {
  id: string;
  status: string;
  callId: string;
}

export class AssignmentRunDto {
  id: string;
  callId: string;
  status: string;
  trigger: string;
  projectIds: string[] | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  /** per project: the reviewers invited and why; shortfalls with their reasons; totals */
  result: Record<string, unknown> | null;
}

/** A page of seats, newest first, optionally of one status. */
export class ListAssignmentsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(['invited', 'accepted', 'declined', 'expired', 'removed', 'cancelled', 'completed'])
  status?: string;
}

export class AssignmentPageDto {
  items: AssignmentDto[];
  nextCursor: string | null;
}

export class MyAssignmentPageDto {
  items: MyAssignmentDto[];
  nextCursor: string | null;
}
