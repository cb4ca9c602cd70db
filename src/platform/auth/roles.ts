/** The roles a person can hold (several at once). `lead` is not a role: it is a reviewer's part on one project. */
export const USER_ROLES = ['holder', 'reviewer', 'secretariat', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export function isUserRole(value: unknown): value is UserRole {
  return typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);
}
