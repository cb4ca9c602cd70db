import fc from 'fast-check';
import { exhaustiveOptimum, hardConstraintViolations, referenceEligible } from '../test-support/brute-force';
import { assignReviewers } from './assign-reviewers';
import { greedyAssign } from './greedy-assign';
import type { MatchingInput, MatchingProject, MatchingResult, MatchingReviewer } from './types';

// Random small calls (at most 6 projects, 6 reviewers, K <= 3) checked against an exhaustive
// search written independently of the solver (test-support/brute-force.ts).

const LANGUAGES = ['en', 'fr', 'es'] as const;
const MAX = 6;
const reviewerIds = Array.from({ length: MAX }, (_, i) => `r${i}`);
const ORGANISATIONS = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8'];

const subset = <T>(values: readonly T[], maxLength = values.length) => fc.subarray([...values], { maxLength });

const reviewerArbitrary = (id: string): fc.Arbitrary<MatchingReviewer> =>
  fc.record({
    id: fc.constant(id),
    // English most of the time, so that most pairs can meet.
    languages: fc.oneof(
      { weight: 4, arbitrary: fc.constant(['en'] as MatchingReviewer['languages']) },
      { weight: 3, arbitrary: fc.subarray([...LANGUAGES], { minLength: 1 }) },
    ),
    stcMember: fc.boolean(),
    capacity: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.noBias(fc.integer({ min: 1, max: 3 })) }),
    currentLoad: fc.integer({ min: 0, max: 2 }),
    practices: subset(['agroforestry', 'biochar', 'compost']),
    landUses: subset(['cropland', 'grassland']),
    criteriaFocus: subset(['2.1', '2.2', '4.2']),
    disciplines: subset(['soil_science', 'economics']),
    countries: subset(['SN', 'FR', 'BR']),
    regions: subset(['africa', 'europe']),
    organisationIds: subset(ORGANISATIONS, 1),
    conflicts: fc.oneof(
      { weight: 4, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: fc.record({ personIds: subset(['h1', 'h2'], 1), projectIds: subset(['p0', 'p1', 'p2'], 1) }) },
    ),
  });

const projectArbitrary = (id: string): fc.Arbitrary<MatchingProject> =>
  fc
    .record({
      id: fc.constant(id),
      language: fc.oneof({ weight: 5, arbitrary: fc.constant('en' as const) }, { weight: 2, arbitrary: fc.constantFrom(...LANGUAGES) }),
      slots: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.noBias(fc.integer({ min: 1, max: 3 })) }),
      needsLead: fc.boolean(),
      excludedReviewerIds: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: subset(reviewerIds, 2) }),
      practices: subset(['agroforestry', 'biochar', 'compost']),
      landUses: subset(['cropland', 'grassland']),
      criteriaFocus: subset(['2.1', '2.2', '4.2']),
      disciplines: subset(['soil_science', 'economics']),
      countries: subset(['SN', 'FR', 'BR'], 1),
      regions: subset(['africa', 'europe'], 1),
      holderOrganisationId: fc.option(fc.constantFrom(...ORGANISATIONS), { nil: null }),
      partnerOrganisationIds: subset(ORGANISATIONS, 1),
      namedPersonIds: fc.oneof({ weight: 3, arbitrary: subset(['h1', 'h2']) }, { weight: 1, arbitrary: subset(['h1', ...reviewerIds], 2) }),
    })
    .map((project) => ({ ...project, needsLead: project.needsLead && project.slots > 0 }));

const callArbitrary: fc.Arbitrary<MatchingInput> = fc
  .tuple(fc.noBias(fc.integer({ min: 1, max: MAX })), fc.noBias(fc.integer({ min: 2, max: MAX })))
  .chain(([projects, reviewers]) =>
    fc.record({
      projects: fc.tuple(...Array.from({ length: projects }, (_, i) => projectArbitrary(`p${i}`))),
      reviewers: fc.tuple(...reviewerIds.slice(0, reviewers).map(reviewerArbitrary)),
    }),
  );

/** True when a beats b lexicographically on (filled slots, objective). */
const beats = (a: MatchingResult, b: MatchingResult): boolean =>
  a.totals.filledSlots > b.totals.filledSlots ||
  (a.totals.filledSlots === b.totals.filledSlots && a.totals.objective > b.totals.objective);

describe('assignReviewers on random small calls', () => {
  it('keeps every hard constraint, for the solver and for the greedy baseline', () => {
    fc.assert(
      fc.property(callArbitrary, (input) => {
        expect(hardConstraintViolations(input, assignReviewers(input))).toEqual([]);
        expect(hardConstraintViolations(input, greedyAssign(input))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('fills as many slots as an exhaustive search and reaches its objective', () => {
    fc.assert(
      fc.property(callArbitrary, (input) => {
        const optimum = exhaustiveOptimum(input);
        const result = assignReviewers(input);
        expect(result.totals.filledSlots).toBe(optimum.filled);
        expect(result.totals.objective).toBe(optimum.objective);
        if (optimum.complete) {
          // Every project gets its K, and a lead where one is needed.
          expect(result.shortfalls).toEqual([]);
          expect(result.totals.filledLeadSlots).toBe(result.totals.leadSlots);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reaches the same optimum through column generation from no or a single candidate per project', () => {
    fc.assert(
      fc.property(callArbitrary, fc.integer({ min: 0, max: 2 }), (input, candidatesPerProject) => {
        const optimum = exhaustiveOptimum(input);
        const result = assignReviewers(input, { fullGraphLimit: 0, candidatesPerProject, pairsAddedPerRound: 1 });
        expect(hardConstraintViolations(input, result)).toEqual([]);
        expect(result.totals.filledSlots).toBe(optimum.filled);
        expect(result.totals.objective).toBe(optimum.objective);
      }),
      { numRuns: 2000 },
    );
  });

  it('is never beaten by the greedy baseline', () => {
    fc.assert(
      fc.property(callArbitrary, (input) => {
        expect(beats(greedyAssign(input), assignReviewers(input))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same result whatever the order of projects, reviewers and tags, and on every run', () => {
    const permutation = <T>(values: readonly T[]) => fc.shuffledSubarray([...values], { minLength: values.length });
    const shuffled = callArbitrary.chain((input) =>
      fc.record({
        input: fc.constant(input),
        permuted: fc.record({
          projects: permutation(input.projects).chain((projects) =>
            fc.tuple(...projects.map((project) => permutation(project.practices ?? []).map((practices) => ({ ...project, practices })))),
          ),
          reviewers: permutation(input.reviewers).chain((reviewers) =>
            fc.tuple(...reviewers.map((reviewer) => permutation(reviewer.languages).map((languages) => ({ ...reviewer, languages })))),
          ),
        }),
      }),
    );
    fc.assert(
      fc.property(shuffled, ({ input, permuted }) => {
        const result = assignReviewers(input);
        expect(assignReviewers(permuted)).toEqual(result);
        expect(assignReviewers(input)).toEqual(result);
        expect(greedyAssign(permuted)).toEqual(greedyAssign(input));
      }),
      { numRuns: 200 },
    );
  });

  it('explains every shortfall, and only leaves a slot empty when nobody able to take it is free', () => {
    fc.assert(
      fc.property(callArbitrary, (input) => {
        const result = assignReviewers(input);
        const load = new Map(result.loads.map((entry) => [entry.reviewerId, entry]));
        for (const assignment of result.assignments) {
          const project = input.projects.find((candidate) => candidate.id === assignment.projectId)!;
          const shortfall = result.shortfalls.find((entry) => entry.projectId === project.id);
          const filled = assignment.reviewers.length;
          if (filled === project.slots) {
            expect(shortfall).toBeUndefined();
            continue;
          }
          expect(shortfall?.reasons.length).toBeGreaterThan(0);
          const onProject = new Set(assignment.reviewers.map((seat) => seat.reviewerId));
          const leadMissing = project.needsLead && !assignment.reviewers.some((seat) => seat.role === 'lead');
          expect(shortfall?.leadMissing).toBe(leadMissing);
          const memberMissing = project.slots - filled - (leadMissing ? 1 : 0) > 0;
          for (const reviewer of input.reviewers) {
            if (onProject.has(reviewer.id) || !referenceEligible(reviewer, project)) continue;
            const free = load.get(reviewer.id)!.assigned < reviewer.capacity;
            if (free) expect(memberMissing || (leadMissing && reviewer.stcMember)).toBe(false);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

