import { CollegeCode, Language, RegionCode } from '@fasp/core';
import { CountryProfile, REGION_COUNTRIES, REGION_THEMES, REVIEWER_POOL, Site, Theme, THEMES } from './demo-content';

/**
 * What the demo will do, decided before the first request: the organisations (regions and
 * stakeholder groups in the proportions of the Initiative's network), who submits which
 * dossier, and what happens to each dossier. Deterministic for a size; only names and emails
 * change from run to run.
 */

/** Members and partners of the Initiative by region (network statistics). */
export const NETWORK_REGIONS: Readonly<Record<RegionCode, number>> = {
  europe: 391,
  africa: 158,
  asia_pacific: 119,
  north_america: 112,
  latin_america_caribbean: 78,
};

/** ... and by stakeholder group (college). */
export const NETWORK_COLLEGES: Readonly<Record<CollegeCode, number>> = {
  NGO: 299,
  BUS: 287,
  SCI: 116,
  PROD: 70,
  GOV: 59,
  IO: 27,
  FUND: 11,
};

export interface DemoSize {
  organizations: number;
  reviewers: number;
  projects: number;
}

export const FULL_SIZE: DemoSize = { organizations: 60, reviewers: 15, projects: 40 };

/** A small deterministic generator (mulberry32), seeded from a string. */
export function random(seed: string): () => number {
  let state = 2166136261;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 16777619);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Hamilton's method: each key gets the floor of its quota, and the seats left go to the largest
 * remainders (ties to the larger weight, then to the earlier key).
 */
export function largestRemainder<K extends string>(weights: Readonly<Record<K, number>>, total: number): Record<K, number> {
  const keys = Object.keys(weights) as K[];
  const sum = keys.reduce((acc, key) => acc + weights[key], 0);
  const quotas = keys.map((key, index) => ({ key, index, quota: (weights[key] * total) / sum }));
  const result = Object.fromEntries(quotas.map(({ key, quota }) => [key, Math.floor(quota)])) as Record<K, number>;
  let left = total - quotas.reduce((acc, { quota }) => acc + Math.floor(quota), 0);
  const order = [...quotas].sort((a, b) => b.quota - Math.floor(b.quota) - (a.quota - Math.floor(a.quota)) || weights[b.key] - weights[a.key] || a.index - b.index);
  for (const { key } of order) {
    if (left <= 0) break;
    result[key] += 1;
    left -= 1;
  }
  return result;
}

/**
 * The labels in an order whose every prefix is close to proportional (each step takes the label
 * furthest behind its share), ending exactly at `counts`.
 */
export function interleave<K extends string>(counts: Readonly<Record<K, number>>): K[] {
  const keys = (Object.keys(counts) as K[]).filter((key) => counts[key] > 0);
  const total = keys.reduce((acc, key) => acc + counts[key], 0);
  const taken = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  const sequence: K[] = [];
  for (let step = 1; step <= total; step++) {
    let best: K | null = null;
    let bestLag = -Infinity;
    for (const key of keys) {
      if (taken[key] >= counts[key]) continue;
      const lag = (counts[key] * step) / total - taken[key];
      if (lag > bestLag + 1e-9) {
        best = key;
        bestLag = lag;
      }
    }
    taken[best!] += 1;
    sequence.push(best!);
  }
  return sequence;
}

export interface PlannedOrganization {
  index: number;
  region: RegionCode;
  college: CollegeCode;
  country: CountryProfile;
  site: Site;
  membership: 'member' | 'partner';
}

/**
 * Organisations spread over the regions and colleges by largest remainders (both marginals
 * exact); the first ones in the list are the ones that submit, so that the dossiers follow the
 * same proportions.
 */
export function planOrganizations(count: number): PlannedOrganization[] {
  const regions = interleave(largestRemainder(NETWORK_REGIONS, count));
  const colleges = interleave(largestRemainder(NETWORK_COLLEGES, count));
  const seenInRegion = new Map<RegionCode, number>();
  return regions.map((region, index) => {
    const nth = seenInRegion.get(region) ?? 0;
    seenInRegion.set(region, nth + 1);
    const countries = REGION_COUNTRIES[region];
    const country = countries[nth % countries.length];
    const round = Math.floor(nth / countries.length);
    const site = country.sites[round % country.sites.length];
    const college = colleges[index];
    const nonProfit = ['NGO', 'SCI', 'PROD', 'FUND'].includes(college);
    return { index, region, college, country, site, membership: nonProfit && index % 3 !== 2 ? 'member' : 'partner' };
  });
}

/** What happens to a dossier, from eligibility to publication. */
export type Scenario =
  /** refused at the eligibility check */
  | 'refused'
  /** weak in round 1: not positive */
  | 'weak'
  /** a safeguard judged at risk by a reviewer: not positive */
  | 'safeguard_risk'
  /** reviews diverge: one more reviewer, then positive */
  | 'divergence'
  /** revise in round 1; revised; positive in round 2 */
  | 'revision'
  /** revise in round 1; revised; still not positive in round 2 */
  | 'revision_not_positive'
  /** positive, but the holder does not consent to publication */
  | 'positive_no_consent'
  | 'positive';

export interface PlannedProject {
  index: number;
  organization: PlannedOrganization;
  language: Language;
  theme: Theme;
  scenario: Scenario;
  /** the secretariat asks for information first (answered, then admitted) */
  infoRequest: boolean;
  /** the first invited non-lead reviewer declines (a top-up follows) */
  decline: boolean;
  modality: 1 | 2;
  /** stage at the end of the demo */
  finalStage: 'not_admitted' | 'completed' | 'published';
  /** released outcome of each review round */
  outcomes: Array<'positive' | 'not_positive' | 'revise'>;
}

export interface DemoPlan {
  size: DemoSize;
  organizations: PlannedOrganization[];
  projects: PlannedProject[];
  reviewersPerProject: number;
  /** capacity per call of every reviewer of the pool */
  reviewerCapacity: number;
  counts: Record<Scenario, number> & { infoRequest: number; decline: number };
}

const OUTCOMES: Record<Scenario, PlannedProject['outcomes']> = {
  refused: [],
  weak: ['not_positive'],
  safeguard_risk: ['not_positive'],
  divergence: ['positive'],
  revision: ['revise', 'positive'],
  revision_not_positive: ['revise', 'not_positive'],
  positive_no_consent: ['positive'],
  positive: ['positive'],
};

function finalStageOf(scenario: Scenario): PlannedProject['finalStage'] {
  if (scenario === 'refused') return 'not_admitted';
  return OUTCOMES[scenario].at(-1) === 'positive' && scenario !== 'positive_no_consent' ? 'published' : 'completed';
}

export function planDemo(size: DemoSize): DemoPlan {
  if (size.projects < 1 || size.organizations < size.projects) throw new Error(`the demo needs 1 to ${size.organizations} projects (one per organisation), not ${size.projects}`);
  if (size.reviewers < 4 || size.reviewers > REVIEWER_POOL.length) throw new Error(`the demo has 4 to ${REVIEWER_POOL.length} reviewers, not ${size.reviewers}`);
  const organizations = planOrganizations(size.organizations);
  const n = size.projects;
  const atLeastOne = (share: number, from: number) => (n >= from ? Math.max(1, Math.round(n * share)) : 0);
  const revisions = atLeastOne(0.2, 4);
  const counts = {
    refused: n >= 3 ? 1 : 0,
    safeguard_risk: n >= 4 ? 1 : 0,
    divergence: atLeastOne(0.05, 5),
    revision: revisions - Math.floor(revisions / 4),
    revision_not_positive: Math.floor(revisions / 4),
    weak: atLeastOne(0.12, 7),
    positive_no_consent: n >= 10 ? 1 : 0,
    positive: 0,
    infoRequest: atLeastOne(0.05, 6),
    decline: 0,
  };
  counts.positive = n - counts.refused - counts.safeguard_risk - counts.divergence - counts.revision - counts.revision_not_positive - counts.weak - counts.positive_no_consent;
  if (counts.positive < 0) throw new Error(`${n} projects are too few for the demo's scenarios`);
  counts.decline = counts.positive > 0 ? 1 : 0;

  // Scenarios spread over the dossiers by a fixed shuffle, so that each language and region gets a mix.
  const scenarios: Scenario[] = (Object.keys(OUTCOMES) as Scenario[]).flatMap((scenario) => Array.from({ length: counts[scenario] }, () => scenario));
  const rng = random(`plan:${n}`);
  for (let i = scenarios.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [scenarios[i], scenarios[j]] = [scenarios[j], scenarios[i]];
  }
  const plainPositives = scenarios.map((scenario, index) => (scenario === 'positive' ? index : -1)).filter((index) => index >= 0);
  const infoRequests = new Set(plainPositives.slice(0, counts.infoRequest));
  const declined = plainPositives.length > counts.infoRequest ? plainPositives[counts.infoRequest] : plainPositives[0];
  counts.infoRequest = infoRequests.size;

  const themeTurn = new Map<RegionCode, number>();
  const projects = organizations.slice(0, n).map((organization, index): PlannedProject => {
    const turn = themeTurn.get(organization.region) ?? 0;
    themeTurn.set(organization.region, turn + 1);
    const themes = REGION_THEMES[organization.region];
    const theme = THEMES.find((candidate) => candidate.code === themes[turn % themes.length])!;
    const scenario = scenarios[index];
    return {
      index,
      organization,
      language: organization.site.language ?? organization.country.language,
      theme,
      scenario,
      infoRequest: infoRequests.has(index),
      decline: index === declined,
      modality: index % 4 === 3 ? 2 : 1,
      finalStage: finalStageOf(scenario),
      outcomes: OUTCOMES[scenario],
    };
  });

  const reviewersPerProject = 2;
  const admitted = n - counts.refused;
  const seats = admitted * reviewersPerProject + counts.decline + counts.divergence;
  const reviewerCapacity = Math.min(50, Math.max(4, Math.ceil((1.6 * seats) / size.reviewers)));
  return { size, organizations, projects, reviewersPerProject, reviewerCapacity, counts };
}

/* ------------------------------------------------------------------------------------------ */
/* Ratings                                                                                     */
/* ------------------------------------------------------------------------------------------ */

export type Band = 'strong' | 'weak';

export interface RatingPlan {
  /** score per criterion code, or 'n/a' */
  scores: Record<string, number | 'n/a'>;
  /** safeguard judgement per criterion code (step 1 only) */
  harms: Record<string, 'no_risk' | 'risk_mitigated' | 'risk'>;
  recommendation: 'positive' | 'not_positive' | 'revise';
}

/** Base score by band and criterion: strong dossiers clear the positive threshold, weak ones do not. */
function baseScore(band: Band, code: string): number {
  if (band === 'strong') return ['2.5', '3.2'].includes(code) ? 2 : 3;
  if (code.startsWith('2.')) return 1;
  return 2;
}

/**
 * One reviewer's ratings of one round. Every reviewer scores within {base, base + 1}, so that no
 * criterion diverges (spread >= 2) unless the scenario says so: the divergence project's
 * reviewers disagree on biodiversity (3.1).
 */
export function planRatings(options: {
  criteria: ReadonlyArray<{ code: string; step: number; naAllowed: boolean }>;
  project: PlannedProject;
  round: number;
  /** 0 for the first seat (the lead), 1 for the next...; the divergence project's extra reviewer is 2 */
  seat: number;
  rng: () => number;
}): RatingPlan {
  const { criteria, project, round, seat, rng } = options;
  const outcome = project.outcomes[round - 1] ?? 'positive';
  const band: Band = outcome === 'positive' ? 'strong' : project.scenario === 'safeguard_risk' ? 'strong' : 'weak';
  const scores: Record<string, number | 'n/a'> = {};
  const harms: RatingPlan['harms'] = {};
  for (const criterion of criteria) {
    if (criterion.naAllowed && project.theme.notApplicable.includes(criterion.code)) {
      scores[criterion.code] = 'n/a';
    } else {
      scores[criterion.code] = Math.min(4, baseScore(band, criterion.code) + (rng() < 0.5 ? 0 : 1));
    }
    if (criterion.step === 1) harms[criterion.code] = rng() < 0.15 ? 'risk_mitigated' : 'no_risk';
  }
  if (project.scenario === 'divergence' && round === 1) scores['3.1'] = [4, 1, 3][seat] ?? 3;
  if (project.scenario === 'safeguard_risk' && seat === 1) harms['1.2'] = 'risk';
  const recommendation = project.scenario === 'safeguard_risk' ? 'not_positive' : outcome;
  return { scores, harms, recommendation };
}
