import type { Conflict, MatchingProject, MatchingReviewer } from './types';

// Conflicts of interest the library derives on its own from the facts of the dossier and the
// reviewer's profile. Exclusions that need history (a decline, a seat already held, a ruling by
// the secretariat) come from the caller in `MatchingProject.excludedReviewerIds`.

/**
 * Every conflict between `reviewer` and `project`:
 * - HOLDER_ORGANISATION / PARTNER_ORGANISATION: the reviewer belongs to the holder's organisation
 *   or to a listed partner;
 * - DECLARED_ORGANISATION: the reviewer declared a conflict with the holder or a partner;
 * - NAMED_PERSON: the reviewer is named in the dossier;
 * - DECLARED_PERSON: the reviewer declared a conflict with a person named in the dossier;
 * - DECLARED_PROJECT: the reviewer declared a conflict with this project.
 */
export function findConflicts(reviewer: MatchingReviewer, project: MatchingProject): Conflict[] {
  const conflicts: Conflict[] = [];
  const memberOf = new Set(reviewer.organisationIds ?? []);
  const declaredOrganisations = new Set(reviewer.conflicts?.organisationIds ?? []);
  const organisations: { id: string; holder: boolean }[] = [];
  if (project.holderOrganisationId) organisations.push({ id: project.holderOrganisationId, holder: true });
  for (const id of project.partnerOrganisationIds ?? []) organisations.push({ id, holder: false });
  for (const { id, holder } of organisations) {
    if (memberOf.has(id)) conflicts.push({ kind: holder ? 'HOLDER_ORGANISATION' : 'PARTNER_ORGANISATION', ref: id });
    if (declaredOrganisations.has(id)) conflicts.push({ kind: 'DECLARED_ORGANISATION', ref: id });
  }
  const declaredPersons = new Set(reviewer.conflicts?.personIds ?? []);
  for (const personId of project.namedPersonIds ?? []) {
    if (personId === reviewer.id) conflicts.push({ kind: 'NAMED_PERSON', ref: personId });
    if (declaredPersons.has(personId)) conflicts.push({ kind: 'DECLARED_PERSON', ref: personId });
  }
  if ((reviewer.conflicts?.projectIds ?? []).includes(project.id)) {
    conflicts.push({ kind: 'DECLARED_PROJECT', ref: project.id });
  }
  return conflicts;
}

/** Whether `reviewer` may review `project` at all: reads its language, no conflict, not excluded. */
export function isEligible(reviewer: MatchingReviewer, project: MatchingProject): boolean {
  return (
    reviewer.languages.includes(project.language) &&
    !(project.excludedReviewerIds ?? []).includes(reviewer.id) &&
    findConflicts(reviewer, project).length === 0
  );
}
