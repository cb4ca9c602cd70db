import { COLLEGE_CODES, CollegeCode, COUNTRY_CODES, MEMBERSHIP_CODES, MembershipCode, REGION_CODES, RegionCode } from '@fasp/core';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../platform/pagination/page.dto';
import { QueryBoolean, Trim, Uppercase } from '../../../platform/validation/field-transforms';

export class CreateOrganizationDto {
  @Trim()
  @IsString()
  @Length(2, 200)
  name: string;

  /** ISO 3166-1 alpha-2, e.g. SN, FR, BR */
  @Uppercase()
  @IsIn(COUNTRY_CODES, { message: 'country must be an ISO 3166-1 alpha-2 code such as SN or FR' })
  country: string;

  /** derived from the country when omitted */
  @IsOptional()
  @IsIn(REGION_CODES, { message: `region must be one of ${REGION_CODES.join(', ')}` })
  region?: RegionCode;

  /** stakeholder group */
  @IsIn(COLLEGE_CODES, { message: `college must be one of ${COLLEGE_CODES.join(', ')}` })
  college: CollegeCode;

  @IsOptional()
  @IsIn(MEMBERSHIP_CODES, { message: `membership must be one of ${MEMBERSHIP_CODES.join(', ')}` })
  membership?: MembershipCode;

  /** the secretariat may record an organisation as verified at once (default true for the secretariat) */
  @IsOptional()
  @IsBoolean()
  verified?: boolean;
}

export class ProposedOrganizationDto {
  @Trim()
  @IsString()
  @Length(2, 200)
  name: string;

  @Uppercase()
  @IsIn(COUNTRY_CODES, { message: 'country must be an ISO 3166-1 alpha-2 code such as SN or FR' })
  country: string;

  @IsIn(COLLEGE_CODES, { message: `college must be one of ${COLLEGE_CODES.join(', ')}` })
  college: CollegeCode;
}

export class UpdateOrganizationDto {
  @IsOptional()
  @Trim()
  @IsString()
  @Length(2, 200)
  name?: string;

  @IsOptional()
  @Uppercase()
  @IsIn(COUNTRY_CODES, { message: 'country must be an ISO 3166-1 alpha-2 code such as SN or FR' })
  country?: string;

  @IsOptional()
  @IsIn(REGION_CODES, { message: `region must be one of ${REGION_CODES.join(', ')}` })
  region?: RegionCode;

  @IsOptional()
  @IsIn(COLLEGE_CODES, { message: `college must be one of ${COLLEGE_CODES.join(', ')}` })
  college?: CollegeCode;

  @IsOptional()
  @IsIn(MEMBERSHIP_CODES, { message: `membership must be one of ${MEMBERSHIP_CODES.join(', ')}` })
  membership?: MembershipCode;

  @IsOptional()
  @IsBoolean()
  verified?: boolean;
}

export class ListOrganizationsQueryDto extends PageQueryDto {
  @IsOptional()
  @Uppercase()
  @IsIn(COUNTRY_CODES, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string;

  @IsOptional()
  @IsIn(REGION_CODES)
  region?: RegionCode;

  @IsOptional()
  @IsIn(COLLEGE_CODES)
  college?: CollegeCode;

  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  verified?: boolean;

  /** part of the name */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class OrganizationIdParamDto {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class OrganizationDto {
  id: string;
  name: string;
  country: string;
  region: string;
  college: string;
  membership: string | null;
  verified: boolean;
  createdAt: string;
}

export class OrganizationPageDto {
  items: OrganizationDto[];
  nextCursor: string | null;
}
