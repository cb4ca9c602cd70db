import {
  ATTACHMENT_KINDS,
  COUNTRY_CODES,
  CURRENCY_CODES,
  LAND_USE_CODES,
  Language,
  LANGUAGES,
  MODALITY_CODES,
  OBJECTIVE_CODES,
  PRACTICE_CODES,
  PROJECT_TYPE_CODES,
  locationProblems,
} from '@fasp/core';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import { Trim, Uppercase } from '../../../platform/validation/field-transforms';

/** A GeoJSON Point or Polygon in WGS84 (RFC 7946), checked with @fasp/core's locationProblems. */
function IsProjectLocation() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isProjectLocation',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => value === null || locationProblems(value).length === 0,
        defaultMessage: (args?: ValidationArguments) =>
          `${propertyName} must be a GeoJSON Point or Polygon in WGS84: ${locationProblems(args?.value).slice(0, 3).join('; ')}`,
      },
    });
}

/** A calendar date written YYYY-MM-DD that exists. */
function IsCalendarDate() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date written YYYY-MM-DD` },
      validator: {
        validate: (value: unknown) => {
          if (value === null) return true;
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const date = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
        },
      },
    });
}

const MAX_AMOUNT = 1e12;

export class MoneyDto {
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(MAX_AMOUNT)
  amount: number;

  /** ISO 4217, e.g. EUR, XOF, USD */
  @Uppercase()
  @IsIn(CURRENCY_CODES, { message: 'currency must be an ISO 4217 code such as EUR, USD or XOF' })
  currency: string;
}

export class PartnerDto {
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @IsOptional()
  @Uppercase()
  @IsIn(COUNTRY_CODES, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string | null;

  @IsOptional()
  @IsUUID('all')
  organizationId?: string | null;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  role?: string | null;
}

export class PersonDto {
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  role?: string | null;
}

export class BeneficiariesDto {
  @Trim()
  @IsString()
  @Length(1, 5000)
  description: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1e10)
  people?: number | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1e10)
  households?: number | null;
}

export class SocBaselineDto {
  /** t C/ha */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(2000)
  stockTonnesPerHa: number;

  /** cm */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(500)
  depthCm: number;

  @Trim()
  @IsString()
  @Length(1, 2000)
  method: string;

  @IsInt()
  @Min(1950)
  @Max(2100)
  year: number;
}

export class ExpectedChangeDto {
  /** t C/ha/yr */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-50)
  @Max(50)
  tonnesPerHaPerYear: number;

  @IsInt()
  @Min(1)
  @Max(100)
  horizonYears: number;
}

/**
 * Every dossier field a holder edits; in a PATCH, fields left out stay as they are and null
 * clears one. Controlled vocabularies are those of @fasp/core.
 */
export class DossierFieldsDto {
  // not @IsOptional: that would let null through, and a project always has a title
  @ValidateIf((_object: unknown, value: unknown) => value !== undefined)
  @Trim()
  @IsString()
  @Length(3, 300)
  title?: string;

  @IsOptional()
  @IsString()
  @MaxLength(10000)
  summary?: string | null;

  /** 1: new project seeking funds; 2: ongoing project seeking recognition */
  @IsOptional()
  @IsIn([...MODALITY_CODES, null], { message: 'modality must be 1 or 2' })
  modality?: number | null;

  @IsOptional()
  @IsIn([...PROJECT_TYPE_CODES, null], { message: `projectType must be one of ${PROJECT_TYPE_CODES.join(', ')}` })
  projectType?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(OBJECTIVE_CODES, { each: true, message: `objectives must be among ${OBJECTIVE_CODES.join(', ')}` })
  objectives?: string[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(60)
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim().toUpperCase() : item)) : value))
  @IsIn(COUNTRY_CODES, { each: true, message: 'countries must be ISO 3166-1 alpha-2 codes' })
  countries?: string[];

  /** GeoJSON Point or Polygon, WGS84 longitude/latitude */
  @IsOptional()
  @IsProjectLocation()
  location?: Record<string, unknown> | null;

  /** hectares, > 0 */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(1e9)
  areaHa?: number | null;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(LAND_USE_CODES, { each: true, message: `landUses must be among ${LAND_USE_CODES.join(', ')}` })
  landUses?: string[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(PRACTICE_CODES, { each: true, message: `practices must be among ${PRACTICE_CODES.join(', ')}` })
  practices?: string[];

  /** YYYY-MM-DD */
  @IsOptional()
  @IsCalendarDate()
  startDate?: string | null;

  /** YYYY-MM-DD, after startDate */
  @IsOptional()
  @IsCalendarDate()
  endDate?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  budget?: MoneyDto | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  fundingSought?: MoneyDto | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PartnerDto)
  partners?: PartnerDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => BeneficiariesDto)
  beneficiaries?: BeneficiariesDto | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => SocBaselineDto)
  socBaseline?: SocBaselineDto | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => ExpectedChangeDto)
  expectedChange?: ExpectedChangeDto | null;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  monitoringPlan?: string | null;

  /** people named in the dossier (reviewers among them are excluded as conflicted) */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PersonDto)
  team?: PersonDto[];

  /** publication as an investment opportunity if the outcome is positive */
  @IsOptional()
  @IsBoolean()
  consentToPublish?: boolean;

  /** show budget figures on the public page */
  @IsOptional()
  @IsBoolean()
  publishBudget?: boolean;
}

export class CreateProjectDto extends DossierFieldsDto {
  @IsUUID('all', { message: 'callId must be a UUID' })
  callId: string;

  @Trim()
  @IsString()
  @Length(3, 300)
  declare title: string;

  /** the language the dossier is written in */
  @IsIn(LANGUAGES, { message: 'language must be en, fr or es' })
  language: Language;
}

export class UpdateProjectDto extends DossierFieldsDto {
  /** the version you read; a stale one is refused with 409 */
  @IsOptional()
  @IsInt()
  @Max(2147483647)
  expectedVersion?: number;

  @ValidateIf((_object: unknown, value: unknown) => value !== undefined)
  @IsIn(LANGUAGES, { message: 'language must be en, fr or es' })
  language?: Language;
}

export class StatementDto {
  /** the holder's statement for this criterion; empty removes it */
  @IsString()
  @MaxLength(20000)
  text: string;

  @IsOptional()
  @IsInt()
  @Max(2147483647)
  expectedVersion?: number;
}

export class AttachmentQueryDto {
  @IsIn(ATTACHMENT_KINDS, { message: `kind must be one of ${ATTACHMENT_KINDS.join(', ')}` })
  kind: string;
}

export class PublicationConsentDto {
  /** publication as an investment opportunity if the outcome is positive */
  @IsBoolean()
  consentToPublish: boolean;

  /** show budget figures on the public page */
  @IsOptional()
  @IsBoolean()
  publishBudget?: boolean;
}
