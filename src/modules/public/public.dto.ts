import { COLLEGE_CODES, COUNTRY_CODES, PRACTICE_CODES, REGION_CODES } from '@fasp/core';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../platform/pagination/page.dto';
import { Trim, Uppercase } from '../../platform/validation/field-transforms';

export class ListOpportunitiesQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(REGION_CODES)
  region?: string;

  @IsOptional()
  @IsIn(PRACTICE_CODES)
  practice?: string;

  @IsOptional()
  @Uppercase()
  @IsIn(COUNTRY_CODES, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string;

  /** stakeholder group of the holder's organisation */
  @IsOptional()
  @IsIn(COLLEGE_CODES)
  college?: string;

  /** words found in the title, the summary, the organisation's name or the FASP number */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class FaspIdParamDto {
  @Matches(/^FASP-\d{4}-\d{4,}$/, { message: 'faspId must look like FASP-2026-0042' })
  faspId: string;
}

export class OrganizationSearchQueryDto {
  /** at least two letters of the name */
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q: string;
}

export class OpportunityOrganizationDto {
  name: string;
  country: string;
}

export class AmountDto {
  amount: number;
  currency: string;
}

export class OpportunityDto {
  faspId: string;
  title: string;
  summary: string | null;
  organization: OpportunityOrganizationDto;
  countries: string[];
  region: string;
  modality: number | null;
  projectType: string | null;
  objectives: string[];
  practices: string[];
  landUses: string[];
  areaHa: number | null;
  startDate: string | null;
  endDate: string | null;
  /** centre of the location: [longitude, latitude] */
  centroid: number[] | null;
  expectedChange: Record<string, unknown> | null;
  /** only when the holder chose to show budget figures */
  budget?: AmountDto | null;
  fundingSought?: AmountDto | null;
  overallScore: number | null;
  publishedAt: string;
}

export class OpportunityPageDto {
  items: OpportunityDto[];
  nextCursor: string | null;
}

export class PublicOrganizationDto {
  id: string;
  name: string;
  country: string;
  college: string;
}
