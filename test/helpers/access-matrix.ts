import { USER_ROLES, UserRole } from '../../src/platform/auth/roles';

/**
 * Who may call what. Every route of the API is listed here with the roles that may call it;
 * a route in the OpenAPI document that this table does not list (or the reverse) fails the
 * suite, so a new route cannot ship without a decision on its access.
 */
export type Access = 'public' | readonly UserRole[];
export const PUBLIC = 'public';
const SIGNED_IN = USER_ROLES;
const STAFF: readonly UserRole[] = ['secretariat', 'admin'];
const ADMIN: readonly UserRole[] = ['admin'];

export const ACCESS: Record<string, Access> = {
  // operations
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /metrics': PUBLIC,
  // identity
  'POST /api/auth/register': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/refresh': PUBLIC,
  'POST /api/auth/logout': SIGNED_IN,
  'POST /api/auth/password-reset': PUBLIC,
  'POST /api/auth/password-reset/confirm': PUBLIC,
  'GET /api/me': SIGNED_IN,
  'PATCH /api/me': SIGNED_IN,
  'POST /api/me/password': SIGNED_IN,
  'GET /api/users': STAFF,
  'POST /api/users': STAFF,
  'GET /api/users/{id}': STAFF,
  'PATCH /api/users/{id}': STAFF,
  'GET /api/organizations': SIGNED_IN,
  'POST /api/organizations': STAFF,
  'GET /api/organizations/{id}': SIGNED_IN,
  'PATCH /api/organizations/{id}': STAFF,
  'GET /api/security-events': ADMIN,
  // criteria frameworks
  'GET /api/frameworks': SIGNED_IN,
  'GET /api/frameworks/{id}': SIGNED_IN,
  'POST /api/frameworks': ADMIN,
  'PATCH /api/frameworks/{id}': ADMIN,
  'POST /api/frameworks/{id}/publish': ADMIN,
  'DELETE /api/frameworks/{id}': ADMIN,
  // calls
  'GET /api/calls': SIGNED_IN,
  'POST /api/calls': STAFF,
  'GET /api/calls/{id}': SIGNED_IN,
  'PATCH /api/calls/{id}': STAFF,
  'POST /api/calls/{id}/open': STAFF,
  'POST /api/calls/{id}/close': STAFF,
  'POST /api/calls/{id}/archive': STAFF,
  // projects and their workflow
  'POST /api/projects': ['holder'],
  'GET /api/projects': SIGNED_IN,
  'GET /api/projects/{id}': SIGNED_IN,
  'PATCH /api/projects/{id}': ['holder'],
  'PUT /api/projects/{id}/criteria/{code}': ['holder'],
  'GET /api/projects/{id}/completeness': ['holder', 'secretariat', 'admin'],
  'POST /api/projects/{id}/attachments': ['holder'],
  'GET /api/projects/{id}/attachments': SIGNED_IN,
  'GET /api/projects/{id}/attachments/{attachmentId}': SIGNED_IN,
  'DELETE /api/projects/{id}/attachments/{attachmentId}': ['holder'],
  'GET /api/projects/{id}/history': SIGNED_IN,
  'GET /api/projects/{id}/versions': SIGNED_IN,
  'GET /api/projects/{id}/versions/{n}': SIGNED_IN,
  'GET /api/projects/{id}/versions/{n}/diff': SIGNED_IN,
  'POST /api/projects/{id}/transitions': SIGNED_IN,
  // reviewer pool and assignment
  'GET /api/reviewers/{userId}/profile': ['reviewer', 'secretariat', 'admin'],
  'PUT /api/reviewers/{userId}/profile': ['reviewer', 'secretariat', 'admin'],
  'POST /api/calls/{id}/assignment-runs': STAFF,
  'GET /api/assignment-runs/{id}': STAFF,
  'GET /api/projects/{id}/assignments': STAFF,
  'POST /api/projects/{id}/assignments': STAFF,
  'DELETE /api/projects/{id}/assignments/{assignmentId}': STAFF,
  'GET /api/me/assignments': ['reviewer'],
  'POST /api/assignments/{id}/accept': ['reviewer'],
  'POST /api/assignments/{id}/decline': ['reviewer'],
  'PUT /api/projects/{id}/publication-consent': ['holder'],
  // reviews, consolidation, feedback, documents
  'GET /api/assignments/{id}/review': ['reviewer'],
  'PUT /api/assignments/{id}/review': ['reviewer'],
  'POST /api/assignments/{id}/review/submit': ['reviewer'],
  'GET /api/projects/{id}/reviews': ['reviewer', 'secretariat', 'admin'],
  'GET /api/projects/{id}/consolidation': ['reviewer', 'secretariat', 'admin'],
  'PUT /api/projects/{id}/consolidation': ['reviewer'],
  'GET /api/projects/{id}/feedback': ['holder', 'secretariat', 'admin'],
  'GET /api/projects/{id}/report.pdf': ['holder', 'secretariat', 'admin'],
  'GET /api/projects/{id}/letter.pdf': ['holder', 'secretariat', 'admin'],
  // notifications
  'GET /api/me/notifications': SIGNED_IN,
  'POST /api/me/notifications/{id}/read': SIGNED_IN,
  'POST /api/me/notifications/read-all': SIGNED_IN,
  'GET /api/me/notification-preferences': SIGNED_IN,
  'PUT /api/me/notification-preferences': SIGNED_IN,
  // pipeline
  'GET /api/pipeline/summary': STAFF,
  'GET /api/pipeline/overdue': STAFF,
  'GET /api/pipeline/reviewers': STAFF,
  'GET /api/pipeline/export.csv': STAFF,
  // public
  'GET /api/public/opportunities': PUBLIC,
  'GET /api/public/opportunities/{faspId}': PUBLIC,
  'GET /api/public/organizations': PUBLIC,
};

/**
 * The object of someone else a route is called on, in the role × route × other-owner's-object
 * matrix (test/e2e/access-other-owner.e2e-spec.ts):
 * - project: another holder's project (its attachments, versions, seats, reviews...), in review
 * - seat: another reviewer's seat on that project
 * - notification: another person's notification
 * - reviewerProfile: another reviewer's profile
 * - organization: an organisation another holder proposed, not yet verified
 * - unpublished: the public page of that project, which is not published
 * - null: the route has no object of an owner (a collection, the caller's own account, a shared
 *   object such as a call or a framework, or a staff-only object such as a user account)
 */
export type OtherOwnerObject = 'project' | 'seat' | 'notification' | 'reviewerProfile' | 'organization' | 'unpublished';

/** Who cannot see another owner's object of each kind: for them it does not exist (404). */
export const STRANGERS: Record<OtherOwnerObject, readonly ('anonymous' | UserRole)[]> = {
  project: ['holder', 'reviewer'],
  seat: ['holder', 'reviewer'],
  notification: ['holder', 'reviewer', 'secretariat', 'admin'],
  reviewerProfile: ['holder', 'reviewer'],
  organization: ['holder', 'reviewer'],
  unpublished: ['anonymous', 'holder', 'reviewer', 'secretariat', 'admin'],
};

export const OTHER_OWNER: Record<string, OtherOwnerObject | null> = {
  'GET /health/live': null,
  'GET /health/ready': null,
  'GET /metrics': null,
  'POST /api/auth/register': null,
  'POST /api/auth/login': null,
  'POST /api/auth/refresh': null,
  'POST /api/auth/logout': null,
  'POST /api/auth/password-reset': null,
  'POST /api/auth/password-reset/confirm': null,
  'GET /api/me': null,
  'PATCH /api/me': null,
  'POST /api/me/password': null,
  'GET /api/users': null,
  'POST /api/users': null,
  'GET /api/users/{id}': null,
  'PATCH /api/users/{id}': null,
  'GET /api/organizations': null,
  'POST /api/organizations': null,
  'GET /api/organizations/{id}': 'organization',
  'PATCH /api/organizations/{id}': 'organization',
  'GET /api/security-events': null,
  'GET /api/frameworks': null,
  'GET /api/frameworks/{id}': null,
  'POST /api/frameworks': null,
  'PATCH /api/frameworks/{id}': null,
  'POST /api/frameworks/{id}/publish': null,
  'DELETE /api/frameworks/{id}': null,
  'GET /api/calls': null,
  'POST /api/calls': null,
  'GET /api/calls/{id}': null,
  'PATCH /api/calls/{id}': null,
  'POST /api/calls/{id}/open': null,
  'POST /api/calls/{id}/close': null,
  'POST /api/calls/{id}/archive': null,
  'POST /api/projects': null,
  'GET /api/projects': null,
  'GET /api/projects/{id}': 'project',
  'PATCH /api/projects/{id}': 'project',
  'PUT /api/projects/{id}/criteria/{code}': 'project',
  'GET /api/projects/{id}/completeness': 'project',
  'POST /api/projects/{id}/attachments': 'project',
  'GET /api/projects/{id}/attachments': 'project',
  'GET /api/projects/{id}/attachments/{attachmentId}': 'project',
  'DELETE /api/projects/{id}/attachments/{attachmentId}': 'project',
  'GET /api/projects/{id}/history': 'project',
  'GET /api/projects/{id}/versions': 'project',
  'GET /api/projects/{id}/versions/{n}': 'project',
  'GET /api/projects/{id}/versions/{n}/diff': 'project',
  'POST /api/projects/{id}/transitions': 'project',
  'GET /api/reviewers/{userId}/profile': 'reviewerProfile',
  'PUT /api/reviewers/{userId}/profile': 'reviewerProfile',
  'POST /api/calls/{id}/assignment-runs': null,
  'GET /api/assignment-runs/{id}': null,
  'GET /api/projects/{id}/assignments': 'project',
  'POST /api/projects/{id}/assignments': 'project',
  'DELETE /api/projects/{id}/assignments/{assignmentId}': 'project',
  'GET /api/me/assignments': null,
  'POST /api/assignments/{id}/accept': 'seat',
  'POST /api/assignments/{id}/decline': 'seat',
  'PUT /api/projects/{id}/publication-consent': 'project',
  'GET /api/assignments/{id}/review': 'seat',
  'PUT /api/assignments/{id}/review': 'seat',
  'POST /api/assignments/{id}/review/submit': 'seat',
  'GET /api/projects/{id}/reviews': 'project',
  'GET /api/projects/{id}/consolidation': 'project',
  'PUT /api/projects/{id}/consolidation': 'project',
  'GET /api/projects/{id}/feedback': 'project',
  'GET /api/projects/{id}/report.pdf': 'project',
  'GET /api/projects/{id}/letter.pdf': 'project',
  'GET /api/me/notifications': null,
  'POST /api/me/notifications/{id}/read': 'notification',
  'POST /api/me/notifications/read-all': null,
  'GET /api/me/notification-preferences': null,
  'PUT /api/me/notification-preferences': null,
  'GET /api/pipeline/summary': null,
  'GET /api/pipeline/overdue': null,
  'GET /api/pipeline/reviewers': null,
  'GET /api/pipeline/export.csv': null,
  'GET /api/public/opportunities': null,
  'GET /api/public/opportunities/{faspId}': 'unpublished',
  'GET /api/public/organizations': null,
};
