import { aProject, aReviewer } from '../test-support/builders';
import { findConflicts, isEligible } from './conflicts';
import type { MatchingProject, MatchingReviewer } from './types';

describe('findConflicts', () => {
  const project = aProject('p1', {
    holderOrganisationId: 'org-holder',
    partnerOrganisationIds: ['org-partner'],
    namedPersonIds: ['person-named'],
  });

  it.each<[string, Partial<MatchingReviewer>, string, ReturnType<typeof findConflicts>]>([
    ['member of the holder organisation', { organisationIds: ['org-holder'] }, 'r', [{ kind: 'HOLDER_ORGANISATION', ref: 'org-holder' }]],
    ['member of a partner', { organisationIds: ['org-other', 'org-partner'] }, 'r', [{ kind: 'PARTNER_ORGANISATION', ref: 'org-partner' }]],
    [
      'declared conflict with the holder',
      { conflicts: { organisationIds: ['org-holder'] } },
      'r',
      [{ kind: 'DECLARED_ORGANISATION', ref: 'org-holder' }],
    ],
    ['named in the dossier', {}, 'person-named', [{ kind: 'NAMED_PERSON', ref: 'person-named' }]],
    [
      'declared conflict with a named person',
      { conflicts: { personIds: ['person-named'] } },
      'r',
      [{ kind: 'DECLARED_PERSON', ref: 'person-named' }],
    ],
    ['declared conflict with the project', { conflicts: { projectIds: ['p1'] } }, 'r', [{ kind: 'DECLARED_PROJECT', ref: 'p1' }]],
    ['no tie at all', { organisationIds: ['org-other'], conflicts: { personIds: ['someone'], projectIds: ['p2'] } }, 'r', []],
  ])('%s', (_, overrides, id, expected) => {
    expect(findConflicts(aReviewer(id, overrides), project)).toEqual(expected);
  });

  it('reports every conflict, not only the first', () => {
    const reviewer = aReviewer('person-named', { organisationIds: ['org-holder', 'org-partner'] });
    expect(findConflicts(reviewer, project).map((conflict) => conflict.kind)).toEqual([
      'HOLDER_ORGANISATION',
      'PARTNER_ORGANISATION',
      'NAMED_PERSON',
    ]);
  });

  it('ignores an absent holder organisation', () => {
    expect(findConflicts(aReviewer('r', { organisationIds: [''] }), aProject('p', { holderOrganisationId: null }))).toEqual([]);
  });
});

describe('isEligible', () => {
  it.each<[string, Partial<MatchingReviewer>, Partial<MatchingProject>, boolean]>([
    ['reads the language, no conflict', {}, {}, true],
    ['does not read the language', { languages: ['fr'] }, {}, false],
    ['excluded by the caller', {}, { excludedReviewerIds: ['r'] }, false],
    ['conflicted', { organisationIds: ['org'] }, { holderOrganisationId: 'org' }, false],
  ])('%s', (_, reviewer, project, expected) => {
    expect(isEligible(aReviewer('r', reviewer), aProject('p', project))).toBe(expected);
  });
});
