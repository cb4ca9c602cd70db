import {
  AFFINITY_TERMS,
  type Affinity,
  type AffinityTerm,
  type AffinityTermName,
  type AffinityTermWeight,
  type AffinityWeights,
  type MatchingProject,
  type MatchingReviewer,
  type MatchingSettings,
} from './types';

/**
 * Affinity of a reviewer for a dossier: the sum over six terms of
 *
 *     weight(term) x min(cap(term), |reviewer tags(term) ∩ dossier tags(term)|)
 *
 * in whole points, so the solver works on integers and its optimum is exact.
 *
 * Why these weights: practices are what the STC judges first (does the practice build soil
 * carbon here?), so a shared practice is worth most; land use sets the agronomic context; a
 * shared criteria focus (say 2.2 SOC stock change or 4.2 MRV) means the reviewer can score the
 * criteria the dossier leans on; disciplines are a coarser hint. Knowing one of the project's
 * countries (soils, tenure, institutions) is worth nearly a practice; knowing only the region
 * half of that. Caps stop a reviewer with a long tag list from outweighing one who matches the
 * core of the dossier, and bound the affinity (93 points with these weights), which keeps the
 * solver's constants small.
 */
export const DEFAULT_AFFINITY_WEIGHTS: AffinityWeights = {
  practices: { weight: 12, cap: 3 },
  landUses: { weight: 8, cap: 2 },
  criteriaFocus: { weight: 6, cap: 3 },
  disciplines: { weight: 4, cap: 2 },
  countries: { weight: 10, cap: 1 },
  regions: { weight: 5, cap: 1 },
};

/**
 * Load balancing: giving a dossier to a reviewer who already holds k of them (in this call,
 * `currentLoad` included) costs LOAD_STEP x k points. The marginal cost grows with the load, so
 * the total penalty of a reviewer is convex (LOAD_STEP x (L0 + ... + L-1) for a load going from
 * L0 to L) and the optimum spreads dossiers: a reviewer with 4 dossiers more than another must
 * match one more practice to be preferred (4 x 3 = 12 points).
 */
export const DEFAULT_LOAD_STEP = 3;

/** Thrown for an input the solver refuses (bad numbers, duplicate ids, sizes beyond exact arithmetic). */
export class MatchingInputError extends Error {
  constructor(
    readonly code: 'INVALID_INPUT' | 'DUPLICATE_ID' | 'TOO_LARGE',
    message: string,
  ) {
    super(message);
    this.name = 'MatchingInputError';
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The weights and load step of a run, defaults filled in and checked. */
export function resolveSettings(settings: MatchingSettings | undefined): { weights: AffinityWeights; loadStep: number } {
  const weights = {} as Record<AffinityTermName, AffinityTermWeight>;
  for (const term of AFFINITY_TERMS) {
    const given = settings?.weights?.[term];
    const resolved = given ?? DEFAULT_AFFINITY_WEIGHTS[term];
    if (!isCount(resolved.weight) || !isCount(resolved.cap) || resolved.weight > 1_000_000 || resolved.cap > 1_000) {
      throw new MatchingInputError('INVALID_INPUT', `affinity weight of ${term} must be integers (weight <= 1e6, cap <= 1000)`);
    }
    weights[term] = { weight: resolved.weight, cap: resolved.cap };
  }
  const loadStep = settings?.loadStep ?? DEFAULT_LOAD_STEP;
  if (!isCount(loadStep) || loadStep > 1_000_000) {
    throw new MatchingInputError('INVALID_INPUT', 'loadStep must be an integer between 0 and 1e6');
  }
  return { weights, loadStep };
}

/** The tags of one term on either side. */
export function tagsOf(entity: MatchingProject | MatchingReviewer, term: AffinityTermName): readonly string[] {
  return entity[term] ?? [];
}

/** The highest affinity any reviewer could reach with these weights. */
export function maxAffinity(weights: AffinityWeights): number {
  let total = 0;
  for (const term of AFFINITY_TERMS) total += weights[term].weight * weights[term].cap;
  return total;
}

/** Affinity of `reviewer` for `project`, term by term, with the matched tags. */
export function computeAffinity(
  reviewer: MatchingReviewer,
  project: MatchingProject,
  weights: AffinityWeights = DEFAULT_AFFINITY_WEIGHTS,
): Affinity {
  const terms: AffinityTerm[] = [];
  let total = 0;
  for (const term of AFFINITY_TERMS) {
    const own = new Set(tagsOf(reviewer, term));
    const matched = [...new Set(tagsOf(project, term))].filter((tag) => own.has(tag)).sort(compareIds);
    const { weight, cap } = weights[term];
    const score = weight * Math.min(cap, matched.length);
    total += score;
    terms.push({ term, weight, cap, matched, score });
  }
  return { total, terms };
}

/**
 * The load penalty of a reviewer who goes from `currentLoad` to `currentLoad + added` dossiers:
 * loadStep x (currentLoad + (currentLoad + 1) + ... + (currentLoad + added - 1)).
 */
export function loadPenalty(currentLoad: number, added: number, loadStep: number = DEFAULT_LOAD_STEP): number {
  return loadStep * (added * currentLoad + (added * (added - 1)) / 2);
}

/** Code-unit order, independent of locale: ids and tags sort the same on every machine. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
