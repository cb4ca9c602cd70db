import { Language } from '@fasp/core';
import { UserRole } from './roles';

/** The signed-in person, as the guard loads it for each request. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  roles: UserRole[];
  language: Language;
  organizationId: string | null;
  /** the secretariat confirmed that this person acts for the organisation */
  membershipConfirmed: boolean;
}

export function hasRole(user: AuthUser, ...roles: UserRole[]): boolean {
  return user.roles.some((role) => roles.includes(role));
}

/** Staff see every object of every organisation. */
export function isStaff(user: AuthUser): boolean {
  return hasRole(user, 'secretariat', 'admin');
}
