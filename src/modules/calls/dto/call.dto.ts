import { Language, LANGUAGES, MODALITY_CODES } from '@fasp/core';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../platform/pagination/page.dto';
import { Trim } from '../../../platform/validation/field-transforms';
import { CallStatus } from '../entities/call.entity';

export class DeadlinePolicyDto {
  /** secretariat's eligibility check */
  @IsInt()
  @Min(1)
  @Max(180)
  eligibilityDays: number;

  /** reviewer's answer to an invitation */
  @IsInt()
  @Min(1)
  @Max(60)
  invitationDays: number;

  @IsInt()
  @Min(1)
  @Max(180)
  reviewDays: number;

  /** holder's revision after formative feedback */
  @IsInt()
  @Min(1)
  @Max(365)
  revisionDays: number;
}

const ISO_INSTANT = { strict: true, strictSeparator: true };

export class CreateCallDto {
  @Trim()
  @IsString()
  @Length(3, 200)
  title: string;

  @IsInt()
  @Min(2015)
  @Max(2100)
  year: number;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  /** a published criteria framework version */
  @IsUUID('all', { message: 'frameworkId must be a UUID' })
  frameworkId: string;

  /** ISO 8601 instant, e.g. 2027-01-15T00:00:00Z */
  @IsISO8601(ISO_INSTANT, { message: 'opensAt must be an ISO 8601 instant' })
  opensAt: string;

  /** after opensAt */
  @IsISO8601(ISO_INSTANT, { message: 'closesAt must be an ISO 8601 instant' })
  closesAt: string;

  /** K, 1-5 (default 2) */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  reviewersPerProject?: number;

  /** review rounds at most (default 2) */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  maxRounds?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => DeadlinePolicyDto)
  deadlines?: DeadlinePolicyDto;

  @IsOptional()
  @IsBoolean()
  divergenceAutoInvite?: boolean;

  /** languages dossiers may be written in (default all three) */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(LANGUAGES, { each: true, message: 'languages must be among en, fr, es' })
  languages?: Language[];

  /** 1: new project seeking funds; 2: ongoing project seeking recognition (default both) */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(MODALITY_CODES, { each: true, message: 'modalities must be among 1, 2' })
  modalities?: number[];
}

export class UpdateCallDto {
  /** the version you read; a stale one is refused with 409 */
  @IsOptional()
  @IsInt()
  expectedVersion?: number;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(3, 200)
  title?: string;

  @IsOptional()
  @IsInt()
  @Min(2015)
  @Max(2100)
  year?: number;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @IsOptional()
  @IsUUID('all')
  frameworkId?: string;

  @IsOptional()
  @IsISO8601(ISO_INSTANT, { message: 'opensAt must be an ISO 8601 instant' })
  opensAt?: string;

  @IsOptional()
  @IsISO8601(ISO_INSTANT, { message: 'closesAt must be an ISO 8601 instant' })
  closesAt?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  reviewersPerProject?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  maxRounds?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => DeadlinePolicyDto)
  deadlines?: DeadlinePolicyDto;

  @IsOptional()
  @IsBoolean()
  divergenceAutoInvite?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(LANGUAGES, { each: true, message: 'languages must be among en, fr, es' })
  languages?: Language[];

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(MODALITY_CODES, { each: true, message: 'modalities must be among 1, 2' })
  modalities?: number[];
}

export class CallTransitionDto {
  /** the version you read; a stale one is refused with 409 */
  @IsOptional()
  @IsInt()
  expectedVersion?: number;
}

export class ListCallsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(['draft', 'open', 'closed', 'archived'])
  status?: CallStatus;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  year?: number;
}

export class CallIdParamDto {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class CallFrameworkDto {
  id: string;
  key: string;
  version: number;
}

export class CallDto {
  id: string;
  title: string;
  year: number;
  description: string;
  frameworkId: string;
  framework: CallFrameworkDto | null;
  opensAt: string;
  closesAt: string;
  reviewersPerProject: number;
  maxRounds: number;
  deadlines: DeadlinePolicyDto;
  divergenceAutoInvite: boolean;
  languages: string[];
  modalities: number[];
  status: CallStatus;
  /** open, and the server's clock is within [opensAt, closesAt): projects may be created and submitted */
  acceptingSubmissions: boolean;
  openedAt: string | null;
  closedAt: string | null;
  version: number;
  createdAt: string;
}

export class CallPageDto {
  items: CallDto[];
  nextCursor: string | null;
}
