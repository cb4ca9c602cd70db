import { SelectQueryBuilder } from 'typeorm';
import { AuthUser, isStaff } from '../../platform/auth/auth-user';
import { Organization } from './entities/organization.entity';

const NO_ORGANIZATION = '00000000-0000-0000-0000-000000000000';

/**
 * Who sees which organisation. Verified organisations form a directory every signed-in person
 * may read; an unverified one (proposed at registration) is visible to its confirmed members
 * and to staff only. Anything else is answered as if it did not exist (404).
 */
export const OrganizationPolicy = {
  canView(user: AuthUser, organization: Organization): boolean {
    return isStaff(user) || organization.verified || (user.membershipConfirmed && organization.id === user.organizationId);
  },

  scope(user: AuthUser, query: SelectQueryBuilder<Organization>): SelectQueryBuilder<Organization> {
    if (isStaff(user)) return query;
    return query.andWhere(`(${query.alias}.verified OR ${query.alias}.id = :ownOrganization)`, {
      ownOrganization: (user.membershipConfirmed && user.organizationId) || NO_ORGANIZATION,
    });
  },
};
