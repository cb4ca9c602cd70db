import { availableActions, Role, Stage } from '@fasp/core';
import { AuthUser, hasRole, isStaff } from '../../platform/auth/auth-user';
import { AttachmentDto, HistoryEntryDto, ProjectDto, ProjectSummaryDto, VersionSummaryDto } from './dto/project.dto';
import { ProjectAttachment } from './entities/project-attachment.entity';
import { ProjectHistory } from './entities/project-history.entity';
import { ProjectVersion } from './entities/project-version.entity';
import { Project } from './entities/project.entity';
import { ProjectPolicy } from './project.policy';
import { dossierOf } from './projects.service';

export function toProjectSummary(project: Project): ProjectSummaryDto {
  return {
    id: project.id,
    faspId: project.faspId,
    callId: project.callId,
    title: project.title,
    language: project.language,
    stage: project.stage,
    version: project.version,
    round: project.round,
    organizationId: project.organizationId,
    region: project.region,
    college: project.college,
    modality: project.modality,
    countries: project.countries,
    stageEnteredAt: project.stageEnteredAt.toISOString(),
    stageDeadline: project.stageDeadline?.toISOString() ?? null,
    submittedAt: project.submittedAt?.toISOString() ?? null,
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
  };
}

/** The roles the user holds towards this project, as the stage machine knows them. */
export function machineRolesOf(user: AuthUser, project: Project, extra: readonly Role[] = []): Role[] {
  const roles: Role[] = [...extra];
  if (ProjectPolicy.isHolderSide(user, project)) roles.push('holder');
  if (hasRole(user, 'secretariat')) roles.push('secretariat');
  if (hasRole(user, 'admin')) roles.push('admin');
  return roles;
}

export function toProjectDto(project: Project, user: AuthUser, extraRoles: readonly Role[] = []): ProjectDto {
  const { title: _t, language: _l, modality: _m, countries: _c, ...dossier } = dossierOf(project);
  return {
    ...toProjectSummary(project),
    holderId: project.holderId,
    dossier,
    statements: project.statements,
    consentToPublish: project.consentToPublish,
    publishBudget: project.publishBudget,
    outcome: project.outcome,
    availableActions: availableActions(project.stage as Stage, machineRolesOf(user, project, extraRoles)),
  };
}

export function toAttachmentDto(attachment: ProjectAttachment): AttachmentDto {
  return {
    id: attachment.id,
    kind: attachment.kind,
    filename: attachment.filename,
    mediaType: attachment.mediaType,
    size: attachment.size,
    sha256: attachment.sha256,
    createdAt: attachment.createdAt.toISOString(),
  };
}

export function toVersionSummary(version: ProjectVersion): VersionSummaryDto {
  return { number: version.number, round: version.round, action: version.action, createdAt: version.createdAt.toISOString() };
}

/**
 * An audit entry as `user` may read it: staff see who acted; the holder's side sees the role
 * only for anyone outside it (reviewers stay anonymous to holders).
 */
export function toHistoryEntry(entry: ProjectHistory, user: AuthUser, project: Project): HistoryEntryDto {
  const showActor = isStaff(user) || entry.actorId === user.id || (entry.actorRole === 'holder' && ProjectPolicy.isHolderSide(user, project));
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    action: entry.action,
    fromStage: entry.fromStage,
    toStage: entry.toStage,
    actorRole: entry.actorRole,
    actorId: showActor ? entry.actorId : null,
    reason: entry.reason,
    version: entry.version,
    round: entry.round,
  };
}
