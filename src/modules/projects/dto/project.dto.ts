import { ACTIONS, Action, LANGUAGES, Language, OUTCOMES, Outcome, REGION_CODES, STAGES, Stage, COLLEGE_CODES } from '@fasp/core';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../platform/pagination/page.dto';
import { Trim } from '../../../platform/validation/field-transforms';

export class ProjectIdParamDto {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class CriterionParamDto extends ProjectIdParamDto {
  @Matches(/^[1-9][0-9]*\.[1-9][0-9]*$/, { message: 'code must be a criterion code such as 2.2' })
  code: string;
}

export class AttachmentParamDto extends ProjectIdParamDto {
  @IsUUID('all', { message: 'attachmentId must be a UUID' })
  attachmentId: string;
}

export class VersionParamDto extends ProjectIdParamDto {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  n: number;
}

export class ListProjectsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID('all')
  callId?: string;

  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;

  @IsOptional()
  @IsIn(REGION_CODES)
  region?: string;

  @IsOptional()
  @IsIn(COLLEGE_CODES)
  college?: string;

  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  /** words of the title, or a FASP id */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class LanguageQueryDto {
  /** labels in this language (default: your preferred language) */
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Language;
}

export class TransitionDto {
  @IsIn(ACTIONS, { message: `action must be one of ${ACTIONS.join(', ')}` })
  action: Action;

  /** the project version you read; a stale one is refused with 409 */
  @IsInt()
  @Max(2147483647)
  expectedVersion: number;

  /** required to refuse, to request information, and welcome elsewhere */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  reason?: string;

  /** for release_feedback: positive, not_positive or revise */
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: Outcome;
}

export class MoneyViewDto {
  amount: number;
  currency: string;
}

export class ProjectSummaryDto {
  id: string;
  faspId: string | null;
  callId: string;
  title: string;
  language: string;
  stage: string;
  version: number;
  round: number;
  organizationId: string;
  region: string;
  college: string;
  modality: number | null;
  countries: string[];
  stageEnteredAt: string;
  stageDeadline: string | null;
  submittedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export class ProjectDto extends ProjectSummaryDto {
  holderId: string;
  /** every dossier field (see DossierFieldsDto) */
  dossier: Record<string, unknown>;
  statements: Record<string, string>;
  consentToPublish: boolean;
  publishBudget: boolean;
  outcome: string | null;
  /** actions the caller may attempt now (guards not yet evaluated) */
  availableActions: string[];
}

export class ProjectPageDto {
  items: ProjectSummaryDto[];
  nextCursor: string | null;
}

export class MissingItemDto {
  /** e.g. `summary`, `statement:2.2`, `attachment:concept_note` */
  item: string;
  /** in the requested language */
  label: string;
}

export class CompletenessDto {
  complete: boolean;
  missing: MissingItemDto[];
}

export class AttachmentDto {
  id: string;
  kind: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export class VersionSummaryDto {
  number: number;
  round: number;
  action: string;
  createdAt: string;
}

export class VersionDto extends VersionSummaryDto {
  snapshot: Record<string, unknown>;
}

export class SnapshotChangeDto {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export class VersionDiffDto {
  /** previous version (0: nothing before) */
  from: number;
  to: number;
  changes: SnapshotChangeDto[];
}

export class HistoryEntryDto {
  id: string;
  at: string;
  action: string;
  fromStage: string | null;
  toStage: string;
  actorRole: string;
  /** shown to staff and to the holder's side for their own actions; never a reviewer's identity to holders */
  actorId: string | null;
  reason: string | null;
  version: number;
  round: number;
}

export type { Outcome, Stage };
