import fc from 'fast-check';
import { aProject, aReviewer } from '../test-support/builders';
import { referenceAffinity } from '../test-support/brute-force';
import { computeAffinity, DEFAULT_AFFINITY_WEIGHTS, loadPenalty, maxAffinity, MatchingInputError, resolveSettings } from './affinity';
import { prepare } from './prepare';

describe('computeAffinity', () => {
  it('scores each term as weight x min(cap, matched tags) and lists the matches', () => {
    const reviewer = aReviewer('r', {
      practices: ['agroforestry', 'cover_crops', 'biochar', 'compost'],
      landUses: ['cropland'],
      criteriaFocus: ['2.2'],
      countries: ['SN'],
      regions: ['africa'],
    });
    const project = aProject('p', {
      practices: ['compost', 'agroforestry', 'cover_crops', 'biochar'],
      landUses: ['cropland', 'grassland'],
      criteriaFocus: ['2.2', '4.2'],
      countries: ['ML'],
      regions: ['africa'],
    });
    const affinity = computeAffinity(reviewer, project);
    expect(affinity.terms).toEqual([
      { term: 'practices', weight: 12, cap: 3, matched: ['agroforestry', 'biochar', 'compost', 'cover_crops'], score: 36 },
      { term: 'landUses', weight: 8, cap: 2, matched: ['cropland'], score: 8 },
      { term: 'criteriaFocus', weight: 6, cap: 3, matched: ['2.2'], score: 6 },
      { term: 'disciplines', weight: 4, cap: 2, matched: [], score: 0 },
      { term: 'countries', weight: 10, cap: 1, matched: [], score: 0 },
      { term: 'regions', weight: 5, cap: 1, matched: ['africa'], score: 5 },
    ]);
    expect(affinity.total).toBe(55);
  });

  it('counts a tag repeated on either side once', () => {
    const twice = { practices: ['biochar', 'biochar'] };
    const affinity = computeAffinity(aReviewer('r', twice), aProject('p', twice));
    expect(affinity.total).toBe(12);
  });

  it('uses the weights it is given', () => {
    const weights = resolveSettings({ weights: { regions: { weight: 50, cap: 1 } } }).weights;
    const affinity = computeAffinity(aReviewer('r', { regions: ['europe'] }), aProject('p', { regions: ['europe'] }), weights);
    expect(affinity.total).toBe(50);
  });

  it('is bounded by maxAffinity (93 with the default weights)', () => {
    expect(maxAffinity(DEFAULT_AFFINITY_WEIGHTS)).toBe(93);
  });

  it('matches the solver-side bitset affinity on any profiles', () => {
    const tags = (prefix: string, n: number) => fc.array(fc.integer({ min: 0, max: n }).map((i) => `${prefix}${i}`), { maxLength: 6 });
    const profile = fc.record({
      practices: tags('p', 40),
      landUses: tags('l', 5),
      criteriaFocus: tags('c', 12),
      disciplines: tags('d', 3),
      countries: tags('k', 70),
      regions: tags('g', 4),
    });
    fc.assert(
      fc.property(fc.array(profile, { minLength: 1, maxLength: 4 }), fc.array(profile, { minLength: 1, maxLength: 4 }), (ps, rs) => {
        const projects = ps.map((tagsOf, i) => aProject(`p${i}`, tagsOf));
        const reviewers = rs.map((tagsOf, i) => aReviewer(`r${i}`, tagsOf));
        const problem = prepare({ projects, reviewers });
        projects.forEach((project, p) =>
          reviewers.forEach((reviewer, r) => {
            const explained = computeAffinity(reviewer, project).total;
            expect(problem.affinity(r, p)).toBe(explained);
            expect(explained).toBe(referenceAffinity(reviewer, project));
            expect(explained).toBeLessThanOrEqual(problem.maxProjectAffinity[p]);
          }),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('loadPenalty', () => {
  it('charges loadStep x k for the dossier taken at load k', () => {
    expect(loadPenalty(0, 1)).toBe(0);
    expect(loadPenalty(0, 3)).toBe(3 * (0 + 1 + 2));
    expect(loadPenalty(2, 2)).toBe(3 * (2 + 3));
    expect(loadPenalty(4, 0)).toBe(0);
    expect(loadPenalty(1, 2, 10)).toBe(10 * (1 + 2));
  });
});

describe('resolveSettings', () => {
  it.each([
    ['a fractional weight', { weights: { practices: { weight: 1.5, cap: 1 } } }],
    ['a negative cap', { weights: { regions: { weight: 1, cap: -1 } } }],
    ['a negative load step', { loadStep: -1 }],
    ['a fractional load step', { loadStep: 0.5 }],
  ])('refuses %s', (_, settings) => {
    expect(() => resolveSettings(settings)).toThrow(MatchingInputError);
  });

  it('fills in the defaults', () => {
    expect(resolveSettings(undefined)).toEqual({ weights: DEFAULT_AFFINITY_WEIGHTS, loadStep: 3 });
  });
});
