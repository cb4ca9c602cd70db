import { Language, LANGUAGES } from '@fasp/core';
import { IsIn, IsObject, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../../../platform/pagination/page.dto';
import { Trim } from '../../../platform/validation/field-transforms';

export class CreateFrameworkDto {
  /** framework family, e.g. `fasp` (default: the family of the version cloned, else `fasp`) */
  @IsOptional()
  @Trim()
  @Matches(/^[a-z][a-z0-9_-]{1,40}$/, { message: 'key must be 2-41 lower-case letters, digits, "-" or "_", starting with a letter' })
  key?: string;

  /** start from a copy of this version (else an empty draft) */
  @IsOptional()
  @IsUUID('all', { message: 'cloneFromId must be a UUID' })
  cloneFromId?: string;
}

export class UpdateFrameworkDto {
  /**
   * The whole tree (names, steps with criteria and indicators, scale, rules) in the shape
   * GET /api/frameworks/:id returns; `key` and `version` are set by the server. Refused with
   * 422 and the list of issues when inconsistent.
   */
  @IsObject({ message: 'definition must be an object' })
  definition: Record<string, unknown>;
}

export class FrameworkQueryDto {
  /** return every label in this language only */
  @IsOptional()
  @IsIn(LANGUAGES, { message: 'lang must be en, fr or es' })
  lang?: Language;
}

export class ListFrameworksQueryDto extends PageQueryDto {
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_-]{1,40}$/)
  key?: string;

  @IsOptional()
  @IsIn(['draft', 'published'])
  status?: 'draft' | 'published';
}

export class FrameworkIdParamDto {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class FrameworkSummaryDto {
  id: string;
  key: string;
  version: number;
  status: 'draft' | 'published';
  /** names of the version; a string when `lang` was given */
  names: unknown;
  criteriaCount: number;
  clonedFromId: string | null;
  publishedAt: string | null;
  createdAt: string;
}

export class FrameworkDto extends FrameworkSummaryDto {
  /** the whole tree; null for an empty draft */
  definition: Record<string, unknown> | null;
}

export class FrameworkPageDto {
  items: FrameworkSummaryDto[];
  nextCursor: string | null;
}
