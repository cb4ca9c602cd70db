import { Language, LANGUAGES, MODALITY_CODES } from '@fasp/core';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  isISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
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

/** Date and time with a zone (RFC 3339): week or ordinal dates, dates alone and zone-less times are not instants. */
const INSTANT_FORM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function isInstant(value: unknown): boolean {
  return typeof value === 'string' && INSTANT_FORM.test(value) && isISO8601(value, { strict: true, strictSeparator: true }) && !Number.isNaN(Date.parse(value));
}

/** An ISO 8601 instant such as 2027-01-15T00:00:00Z or 2027-01-15T09:00:00+01:00. */
function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: { validate: isInstant, defaultMessage: () => '$property must be an ISO 8601 instant with a time zone, e.g. 2027-01-15T00:00:00Z' },
    },
    options,
  );
}

/** May be left out, but not sent as null: every field of a call has a value. */
const IfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

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
  @IsInstant()
  opensAt: string;

  /** after opensAt */
  @IsInstant()
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
  @IfPresent()
  @IsInt()
  @Max(2147483647)
  expectedVersion?: number;

  @IfPresent()
  @Trim()
  @IsString()
  @Length(3, 200)
  title?: string;

  @IfPresent()
  @IsInt()
  @Min(2015)
  @Max(2100)
  year?: number;

  @IfPresent()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @IfPresent()
  @IsUUID('all')
  frameworkId?: string;

  @IfPresent()
  @IsInstant()
  opensAt?: string;

  @IfPresent()
  @IsInstant()
  closesAt?: string;

  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(5)
  reviewersPerProject?: number;

  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(5)
  maxRounds?: number;

  @IfPresent()
  @ValidateNested()
  @Type(() => DeadlinePolicyDto)
  deadlines?: DeadlinePolicyDto;

  @IfPresent()
  @IsBoolean()
  divergenceAutoInvite?: boolean;

  @IfPresent()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(LANGUAGES, { each: true, message: 'languages must be among en, fr, es' })
  languages?: Language[];

  @IfPresent()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(MODALITY_CODES, { each: true, message: 'modalities must be among 1, 2' })
  modalities?: number[];
}

export class CallTransitionDto {
  /** the version you read; a stale one is refused with 409 */
  @IfPresent()
  @IsInt()
  @Max(2147483647)
  expectedVersion?: number;
}

export class ListCallsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(['draft', 'open', 'closed', 'archived'])
  status?: CallStatus;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Max(2147483647)
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
