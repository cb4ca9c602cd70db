import { SelectQueryBuilder } from 'typeorm';
import { AuthUser, hasRole, isStaff } from '../../platform/auth/auth-user';
import { Project } from './entities/project.entity';

const NO_ORGANIZATION = '00000000-0000-0000-0000-000000000000';

/**
 * Who sees and edits which project, in one place. Staff see every project. A holder sees the
 * projects they created and, once the secretariat confirmed their membership, every project of
 * their organisation: that is "the holder's side" of a project, the side that edits the dossier
 * and answers for it. A reviewer sees the projects they are assigned to. To anyone else a
 * project does not exist (404).
 */
export const ProjectPolicy = {
  isHolderSide(user: AuthUser, project: Pick<Project, 'holderId' | 'organizationId'>): boolean {
    if (!hasRole(user, 'holder')) return false;
    return project.holderId === user.id || (user.membershipConfirmed && user.organizationId === project.organizationId);
  },

  /** `assigned`: the user reviews this project (active assignment). */
  canView(user: AuthUser, project: Pick<Project, 'holderId' | 'organizationId'>, assigned = false): boolean {
    return isStaff(user) || ProjectPolicy.isHolderSide(user, project) || (assigned && hasRole(user, 'reviewer'));
  },

  /** Restricts a project query (alias of the builder) to what the user may see. */
  scope(user: AuthUser, query: SelectQueryBuilder<Project>): SelectQueryBuilder<Project> {
    if (isStaff(user)) return query;
    const alias = query.alias;
    const clauses: string[] = [];
    const parameters: Record<string, unknown> = { viewerId: user.id };
    if (hasRole(user, 'holder')) {
      clauses.push(`${alias}.holderId = :viewerId`);
      if (user.membershipConfirmed && user.organizationId) {
        clauses.push(`${alias}.organizationId = :viewerOrganization`);
        parameters.viewerOrganization = user.organizationId ?? NO_ORGANIZATION;
      }
    }
    if (hasRole(user, 'reviewer')) {
      clauses.push(
        `EXISTS (SELECT 1 FROM assignment seat WHERE seat.project_id = ${alias}.id AND seat.reviewer_id = :viewerId AND seat.status IN ('invited', 'accepted', 'completed'))`,
      );
    }
    if (clauses.length === 0) return query.andWhere('false');
    return query.andWhere(`(${clauses.join(' OR ')})`, parameters);
  },
};

/** Stages in which the holder may change the dossier. */
export const EDITABLE_STAGES: readonly string[] = ['draft', 'info_requested', 'revision'];
