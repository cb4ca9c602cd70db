import { aProject, aReviewer } from '../test-support/builders';
import { exhaustiveOptimum, hardConstraintViolations } from '../test-support/brute-force';
import { referenceFlowOptimum } from '../test-support/reference-flow';
import { MatchingInputError } from './affinity';
import { assignReviewers } from './assign-reviewers';
import { greedyAssign } from './greedy-assign';
import { generateSyntheticCall } from './synthetic-call';
import type { MatchingInput, MatchingProject, MatchingResult, MatchingReviewer, ShortfallReason } from './types';

const reviewersOf = (result: MatchingResult, projectId: string): string[] =>
  result.assignments.find((assignment) => assignment.projectId === projectId)!.reviewers.map((seat) => seat.reviewerId);

const shortfallOf = (result: MatchingResult, projectId: string) => result.shortfalls.find((shortfall) => shortfall.projectId === projectId);

function solve(input: MatchingInput): MatchingResult {
  const result = assignReviewers(input);
  expect(hardConstraintViolations(input, result)).toEqual([]);
  return result;
}

// A reviewer who would be everybody's first choice: every tag of the projects below.
const star: Partial<MatchingReviewer> = { practices: ['agroforestry', 'biochar'], landUses: ['cropland'], criteriaFocus: ['2.2'] };
const dossier: Partial<MatchingProject> = { practices: ['agroforestry', 'biochar'], landUses: ['cropland'], criteriaFocus: ['2.2'] };

describe('assignReviewers: hard constraints', () => {
  it.each<[string, Partial<MatchingReviewer>, Partial<MatchingProject>]>([
    ['does not read the dossier language', { languages: ['fr', 'es'] }, {}],
    ['belongs to the holder organisation', { organisationIds: ['org-1'] }, { holderOrganisationId: 'org-1' }],
    ['belongs to a partner organisation', { organisationIds: ['org-2'] }, { partnerOrganisationIds: ['org-9', 'org-2'] }],
    ['declared a conflict with the holder', { conflicts: { organisationIds: ['org-1'] } }, { holderOrganisationId: 'org-1' }],
    ['is named in the dossier', {}, { namedPersonIds: ['star'] }],
    ['declared a conflict with a named person', { conflicts: { personIds: ['holder-contact'] } }, { namedPersonIds: ['holder-contact'] }],
    ['declared a conflict with the project', { conflicts: { projectIds: ['p1'] } }, {}],
    ['was excluded by the caller (declined before)', {}, { excludedReviewerIds: ['star'] }],
    ['has no capacity left', { capacity: 0 }, {}],
  ])('never assigns a reviewer who %s, however good the match', (_, starOverrides, projectOverrides) => {
    const input: MatchingInput = {
      projects: [aProject('p1', { ...dossier, ...projectOverrides })],
      reviewers: [aReviewer('star', { ...star, ...starOverrides }), aReviewer('plain')],
    };
    expect(reviewersOf(solve(input), 'p1')).toEqual(['plain']);
    // Without the obstacle the star is chosen, so the obstacle is what kept it out.
    const free = { ...input, projects: [aProject('p1', dossier)], reviewers: [aReviewer('star', star), aReviewer('plain')] };
    expect(reviewersOf(solve(free), 'p1')).toEqual(['star']);
  });

  it('respects each reviewer capacity over the whole call', () => {
    const input: MatchingInput = {
      projects: ['p1', 'p2', 'p3'].map((id) => aProject(id, dossier)),
      reviewers: [aReviewer('star', { ...star, capacity: 2 }), aReviewer('plain', { capacity: 1 })],
    };
    const result = solve(input);
    expect(result.totals.filledSlots).toBe(3);
    expect(result.loads).toEqual([
      { reviewerId: 'plain', assigned: 1, load: 1, capacity: 1 },
      { reviewerId: 'star', assigned: 2, load: 2, capacity: 2 },
    ]);
  });

  it('never puts a reviewer twice on one project', () => {
    const result = solve({ projects: [aProject('p1', { slots: 3 })], reviewers: [aReviewer('only')] });
    expect(reviewersOf(result, 'p1')).toEqual(['only']);
  });

  it('gives the lead to an STC member and the other slots to anyone', () => {
    const input: MatchingInput = {
      projects: [aProject('p1', { slots: 2, needsLead: true, ...dossier })],
      reviewers: [aReviewer('expert', star), aReviewer('stc', { stcMember: true }), aReviewer('expert-2', star)],
    };
    const [lead, member] = solve(input).assignments[0].reviewers;
    expect(lead).toMatchObject({ reviewerId: 'stc', role: 'lead', stcMember: true });
    expect(member).toMatchObject({ reviewerId: 'expert', role: 'member' });
  });

  it('leaves the lead slot empty rather than fill every slot without an STC member', () => {
    const input: MatchingInput = {
      projects: [aProject('p1', { slots: 2, needsLead: true })],
      reviewers: [aReviewer('a'), aReviewer('b'), aReviewer('stc-fr', { languages: ['fr'], stcMember: true })],
    };
    const result = solve(input);
    expect(reviewersOf(result, 'p1')).toHaveLength(1);
    expect(result.assignments[0].reviewers[0].role).toBe('member');
    expect(shortfallOf(result, 'p1')).toMatchObject({ missing: 1, leadMissing: true });
  });

  it('fills a top-up slot (no lead needed) with any eligible reviewer', () => {
    const input: MatchingInput = {
      projects: [aProject('p1', { slots: 1, needsLead: false, excludedReviewerIds: ['declined', 'already-on'] })],
      reviewers: [aReviewer('declined', star), aReviewer('already-on', { stcMember: true }), aReviewer('fresh')],
    };
    expect(solve(input).assignments[0].reviewers).toMatchObject([{ reviewerId: 'fresh', role: 'member' }]);
  });

  it('names as lead the STC member with the highest affinity when several are assigned', () => {
    const input: MatchingInput = {
      projects: [aProject('p1', { slots: 3, needsLead: true, ...dossier })],
      reviewers: [
        aReviewer('stc-plain', { stcMember: true }),
        aReviewer('stc-star', { ...star, stcMember: true }),
        aReviewer('member', { practices: ['biochar'] }),
      ],
    };
    expect(solve(input).assignments[0].reviewers.map((seat) => [seat.reviewerId, seat.role])).toEqual([
      ['stc-star', 'lead'],
      ['member', 'member'],
      ['stc-plain', 'member'],
    ]);
  });
});

describe('assignReviewers: objective', () => {
  it('fills as many slots as possible before it looks at affinity', () => {
    // p1 prefers the star, but p2 has nobody else: the star must go to p2.
    const input: MatchingInput = {
      projects: [aProject('p1', dossier), aProject('p2', { ...dossier, language: 'fr' })],
      reviewers: [aReviewer('star', { ...star, languages: ['en', 'fr'], capacity: 1 }), aReviewer('plain')],
    };
    const result = solve(input);
    expect(reviewersOf(result, 'p1')).toEqual(['plain']);
    expect(reviewersOf(result, 'p2')).toEqual(['star']);
    expect(result.shortfalls).toEqual([]);
    // The greedy baseline takes the star for p1 and leaves p2 empty.
    expect(greedyAssign(input).totals.filledSlots).toBe(1);
  });

  it('balances load: an equal match goes to the reviewer holding fewer dossiers', () => {
    const input: MatchingInput = {
      projects: [aProject('p1')],
      reviewers: [aReviewer('busy', { currentLoad: 4 }), aReviewer('idle', { currentLoad: 1 })],
    };
    expect(reviewersOf(solve(input), 'p1')).toEqual(['idle']);
  });

  it('lets affinity outweigh load once the gap is worth more than the load cost', () => {
    // One shared practice is 12 points; four dossiers more cost 4 x 3 = 12 points: a tie at 4,
    // a clear win for the expert at 3.
    const project = aProject('p1', { practices: ['biochar'] });
    const reviewers = (busyLoad: number) => [aReviewer('expert', { practices: ['biochar'], currentLoad: busyLoad }), aReviewer('novice')];
    expect(reviewersOf(solve({ projects: [project], reviewers: reviewers(3) }), 'p1')).toEqual(['expert']);
    expect(reviewersOf(solve({ projects: [project], reviewers: reviewers(5) }), 'p1')).toEqual(['novice']);
  });

  it('reports the objective as total affinity minus the convex load penalty', () => {
    const input: MatchingInput = {
      projects: ['p1', 'p2', 'p3'].map((id) => aProject(id, { practices: ['biochar'] })),
      reviewers: [aReviewer('expert', { practices: ['biochar'], currentLoad: 1, capacity: 3 })],
    };
    const result = solve(input);
    // Three dossiers at loads 1, 2, 3: penalty 3 x (1 + 2 + 3) = 18; affinity 3 x 12 = 36.
    expect(result.totals).toEqual({
      slots: 3,
      filledSlots: 3,
      leadSlots: 0,
      filledLeadSlots: 0,
      totalAffinity: 36,
      loadPenalty: 18,
      objective: 18,
    });
    expect(exhaustiveOptimum(input)).toEqual({ filled: 3, objective: 18, complete: true });
  });

  it('prefers the lower id between two identical reviewers', () => {
    const input: MatchingInput = { projects: [aProject('p1')], reviewers: [aReviewer('b'), aReviewer('a')] };
    expect(reviewersOf(solve(input), 'p1')).toEqual(['a']);
  });

  it('explains every assignment with its affinity terms', () => {
    const result = solve({ projects: [aProject('p1', dossier)], reviewers: [aReviewer('star', star)] });
    const seat = result.assignments[0].reviewers[0];
    expect(seat.affinity.total).toBe(24 + 8 + 6);
    expect(seat.affinity.terms.find((term) => term.term === 'practices')).toEqual({
      term: 'practices',
      weight: 12,
      cap: 3,
      matched: ['agroforestry', 'biochar'],
      score: 24,
    });
  });

  it('answers an empty call', () => {
    const result = solve({ projects: [], reviewers: [] });
    expect(result.totals).toMatchObject({ slots: 0, filledSlots: 0, objective: 0 });
    expect(result.assignments).toEqual([]);
  });
});

describe('assignReviewers: why a project is short', () => {
  it.each<[string, MatchingInput, ShortfallReason[]]>([
    [
      'no STC member reads the language',
      {
        projects: [aProject('p1', { language: 'es', slots: 2, needsLead: true })],
        reviewers: [aReviewer('a', { languages: ['es'] }), aReviewer('b', { languages: ['es'] }), aReviewer('stc', { stcMember: true })],
      },
      [{ code: 'NO_STC_MEMBER_FOR_LANGUAGE', scope: 'lead', language: 'es' }],
    ],
    [
      'nobody reads the language',
      { projects: [aProject('p1', { language: 'es', slots: 2 })], reviewers: [aReviewer('a'), aReviewer('b', { languages: ['fr'] })] },
      [{ code: 'NO_REVIEWER_FOR_LANGUAGE', scope: 'member', language: 'es' }],
    ],
    [
      'every reader is conflicted',
      {
        projects: [aProject('p1', { slots: 2, needsLead: true, holderOrganisationId: 'org', namedPersonIds: ['b'] })],
        reviewers: [aReviewer('a', { organisationIds: ['org'], stcMember: true }), aReviewer('b')],
      },
      [
        { code: 'ALL_CANDIDATES_CONFLICTED', scope: 'lead', conflicted: 1 },
        { code: 'ALL_CANDIDATES_CONFLICTED', scope: 'member', conflicted: 2 },
      ],
    ],
    [
      'every reader is conflicted or excluded',
      {
        projects: [aProject('p1', { holderOrganisationId: 'org', excludedReviewerIds: ['b'] })],
        reviewers: [aReviewer('a', { organisationIds: ['org'] }), aReviewer('b')],
      },
      [{ code: 'ALL_CANDIDATES_EXCLUDED', scope: 'member', conflicted: 1, excluded: 1 }],
    ],
    [
      'fewer eligible reviewers than slots',
      { projects: [aProject('p1', { slots: 3 })], reviewers: [aReviewer('a'), aReviewer('b')] },
      [{ code: 'NOT_ENOUGH_CANDIDATES', scope: 'member', eligible: 2, slots: 3 }],
    ],
    [
      'the eligible reviewers are full',
      {
        projects: [aProject('p1', { practices: ['biochar'] }), aProject('p2')],
        reviewers: [aReviewer('a', { practices: ['biochar'], capacity: 1 }), aReviewer('b', { capacity: 0 })],
      },
      [{ code: 'CAPACITY_EXHAUSTED', scope: 'member', full: 2 }],
    ],
    [
      'the STC members are full',
      {
        projects: [aProject('p1', { slots: 2, needsLead: true }), aProject('p2', { slots: 1, needsLead: true })],
        reviewers: [aReviewer('stc', { stcMember: true, capacity: 1 }), aReviewer('a'), aReviewer('b')],
      },
      [{ code: 'CAPACITY_EXHAUSTED', scope: 'lead', full: 1 }],
    ],
  ])('%s', (_, input, reasons) => {
    const result = solve(input);
    expect(result.shortfalls).toHaveLength(1);
    expect(result.shortfalls[0].reasons).toEqual(reasons);
  });

  it('counts the candidates behind a shortfall', () => {
    const input: MatchingInput = {
      projects: [aProject('p1', { slots: 3, needsLead: true, holderOrganisationId: 'org', excludedReviewerIds: ['declined'] })],
      reviewers: [
        aReviewer('conflicted', { organisationIds: ['org'], stcMember: true }),
        aReviewer('declined'),
        aReviewer('full-stc', { stcMember: true, capacity: 0 }),
        aReviewer('ok'),
        aReviewer('french', { languages: ['fr'] }),
      ],
    };
    const shortfall = solve(input).shortfalls[0];
    expect(shortfall).toMatchObject({ projectId: 'p1', slots: 3, filled: 1, missing: 2, leadMissing: true });
    expect(shortfall.candidates).toEqual({
      readers: 4,
      stcReaders: 2,
      conflicted: 1,
      excluded: 1,
      eligible: 2,
      eligibleStc: 1,
      eligibleFull: 1,
      eligibleStcFull: 1,
    });
    expect(shortfall.reasons).toEqual([
      { code: 'CAPACITY_EXHAUSTED', scope: 'lead', full: 1 },
      { code: 'NOT_ENOUGH_CANDIDATES', scope: 'member', eligible: 2, slots: 3 },
      { code: 'CAPACITY_EXHAUSTED', scope: 'member', full: 1 },
    ]);
  });
});

describe('assignReviewers: input', () => {
  it.each<[string, MatchingInput]>([
    ['duplicate project ids', { projects: [aProject('p'), aProject('p')], reviewers: [] }],
    ['duplicate reviewer ids', { projects: [], reviewers: [aReviewer('r'), aReviewer('r')] }],
    ['a negative capacity', { projects: [], reviewers: [aReviewer('r', { capacity: -1 })] }],
    ['a fractional load', { projects: [], reviewers: [aReviewer('r', { currentLoad: 0.5 })] }],
    ['a lead wanted with no slot', { projects: [aProject('p', { slots: 0, needsLead: true })], reviewers: [] }],
    ['an empty id', { projects: [aProject('')], reviewers: [] }],
  ])('refuses %s', (_, input) => {
    expect(() => assignReviewers(input)).toThrow(MatchingInputError);
  });

  it('refuses a call whose costs would leave exact integer arithmetic', () => {
    const practices = Array.from({ length: 1000 }, (_, i) => `practice-${i}`);
    const input: MatchingInput = {
      projects: Array.from({ length: 1000 }, (_, i) => aProject(`p${i}`, i === 0 ? { practices } : {})),
      reviewers: Array.from({ length: 2000 }, (_, i) => aReviewer(`r${i}`)),
      settings: { weights: { practices: { weight: 1_000_000, cap: 1000 } } },
    };
    expect(() => assignReviewers(input)).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
  });

  it('accepts a project with no slot and assigns nobody to it', () => {
    const result = solve({ projects: [aProject('p', { slots: 0 })], reviewers: [aReviewer('r')] });
    expect(result.assignments[0].reviewers).toEqual([]);
    expect(result.shortfalls).toEqual([]);
  });
});

describe('assignReviewers: column generation', () => {
  // The first network of a large call holds only a few candidates per project; pricing brings in
  // the missing pairs. With one or two candidates per project many rounds are needed, and the
  // optimum must still be the one found with every pair from the start.
  it.each([1, 2, 3])('reaches the full-network optimum from %i candidates per project', (candidatesPerProject) => {
    for (const seed of [1, 2, 3]) {
      const input = generateSyntheticCall({ projects: 80, reviewers: 30, seed, capacitySlack: 1.05 });
      const full = assignReviewers(input);
      expect(full.stats.rounds).toBe(1);
      const priced = assignReviewers(input, { fullGraphLimit: 0, candidatesPerProject, pairsAddedPerRound: 2 });
      expect(priced.stats.rounds).toBeGreaterThan(1);
      expect(hardConstraintViolations(input, priced)).toEqual([]);
      expect(priced.totals.filledSlots).toBe(full.totals.filledSlots);
      expect(priced.totals.objective).toBe(full.totals.objective);
    }
  });
});

describe('assignReviewers with heavy weights', () => {
  it('keeps affinities above 255 exact through column generation', () => {
    const call = generateSyntheticCall({ projects: 80, reviewers: 30, seed: 9 });
    const input: MatchingInput = { ...call, settings: { weights: { practices: { weight: 200, cap: 3 } }, loadStep: 40 } };
    const full = assignReviewers(input);
    const priced = assignReviewers(input, { fullGraphLimit: 0, candidatesPerProject: 2 });
    expect(Math.max(...full.assignments.flatMap((a) => a.reviewers.map((seat) => seat.affinity.total)))).toBeGreaterThan(255);
    expect([priced.totals.filledSlots, priced.totals.objective]).toEqual([full.totals.filledSlots, full.totals.objective]);
  });
});

describe('assignReviewers against a plain reference solver', () => {
  // Calls too large for the exhaustive search: a textbook min-cost max-flow on the lead-slot
  // gadget network (test-support/reference-flow.ts) must agree, with all pairs and from short
  // candidate lists, with plenty of capacity and with too little, with many STC members and few.
  it.each([
    [40, 15, 1, 1.3, 0.3],
    [60, 25, 2, 1.0, 0.3],
    [60, 20, 3, 0.7, 0.3],
    [50, 30, 4, 1.2, 0.1],
    [70, 18, 5, 0.9, 0.5],
    [200, 80, 6, 1.1, 0.3],
    [150, 60, 7, 0.8, 0.2],
  ])('%i projects x %i reviewers, seed %i, capacity %d x demand, STC share %d', (projects, reviewers, seed, capacitySlack, stcShare) => {
    const input = generateSyntheticCall({ projects, reviewers, seed, capacitySlack, stcShare });
    const reference = referenceFlowOptimum(input);
    for (const options of [{}, { fullGraphLimit: 0, candidatesPerProject: 3 }]) {
      const result = assignReviewers(input, options);
      expect(hardConstraintViolations(input, result)).toEqual([]);
      expect([result.totals.filledSlots, result.totals.objective]).toEqual([reference.filled, reference.objective]);
    }
  });
});
