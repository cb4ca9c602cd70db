import type { Language } from '@fasp/core';
import type { MatchingInput, MatchingProject, MatchingReviewer } from './types';

// A seeded generator of calls for the benchmark and the larger tests. Same options, same call,
// on every machine: the random numbers come from a small explicit generator, never Math.random.

export interface SyntheticCallOptions {
  readonly projects: number;
  readonly reviewers: number;
  readonly seed: number;
  /** Reviewers per project (default 3). */
  readonly slots?: number;
  /** Share of reviewers who sit on the STC (default 0.3). */
  readonly stcShare?: number;
  /** Total reviewer capacity over total slots (default 1.2). */
  readonly capacitySlack?: number;
}

/** sfc32: a small, fast generator with a 128-bit state; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

const LANGUAGE_SHARE: readonly [Language, number][] = [
  ['en', 0.6],
  ['fr', 0.25],
  ['es', 0.15],
];
const PRACTICES = 24;
const LAND_USES = 8;
const DISCIPLINES = 8;
const CRITERIA = ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '2.4', '2.5', '3.1', '3.2', '3.3', '4.1', '4.2'];
const REGIONS = ['africa', 'asia_pacific', 'europe', 'latin_america_caribbean', 'north_america'];
const COUNTRIES_PER_REGION = 12;
const ORGANISATIONS = 40;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A call of `projects` x `reviewers`: K slots and a lead per project; three languages with a
 * realistic skew (en 60%, fr 25%, es 15%, and 30% of reviewers read a second one); a share of
 * STC members; each reviewer with 3 to 5 expertise tags out of 40 (24 practices, 8 land uses,
 * 8 disciplines), 1-2 criteria of focus, one region and 1-2 of its countries; organisations such
 * that about 5% of pairs are conflicted (holder or partner organisation), a few declines; and
 * capacities spread around the load needed (total capacity = slack x total slots).
 */
export function generateSyntheticCall(options: SyntheticCallOptions): MatchingInput {
  const random = seededRandom(options.seed);
  const K = options.slots ?? 3;
  const stcShare = options.stcShare ?? 0.3;
  const slack = options.capacitySlack ?? 1.2;
  const int = (n: number): number => Math.floor(random() * n);
  const sample = (n: number, count: number): number[] => {
    const picked = new Set<number>();
    while (picked.size < Math.min(n, count)) picked.add(int(n));
    return [...picked];
  };
  const language = (): Language => {
    let x = random();
    for (const [code, share] of LANGUAGE_SHARE) {
      if (x < share) return code;
      x -= share;
    }
    return 'en';
  };
  const country = (region: number): string => `c${region}${pad(int(COUNTRIES_PER_REGION))}`;

  const reviewerWidth = String(options.reviewers).length;
  const reviewers: MatchingReviewer[] = [];
  const meanCapacity = (K * options.projects * slack) / Math.max(1, options.reviewers);
  for (let i = 0; i < options.reviewers; i++) {
    const first = language();
    const languages: Language[] = [first];
    if (random() < 0.3) {
      const others = LANGUAGE_SHARE.map(([code]) => code).filter((code) => code !== first);
      languages.push(others[int(others.length)]);
    }
    const tags = sample(PRACTICES + LAND_USES + DISCIPLINES, 3 + int(3));
    const region = int(REGIONS.length);
    reviewers.push({
      id: `r${String(i).padStart(reviewerWidth, '0')}`,
      languages,
      stcMember: random() < stcShare,
      capacity: Math.max(1, Math.round(meanCapacity * (0.6 + 0.8 * random()))),
      currentLoad: random() < 0.2 ? 1 + int(2) : 0,
      practices: tags.filter((t) => t < PRACTICES).map((t) => `practice_${pad(t)}`),
      landUses: tags.filter((t) => t >= PRACTICES && t < PRACTICES + LAND_USES).map((t) => `land_use_${pad(t - PRACTICES)}`),
      disciplines: tags.filter((t) => t >= PRACTICES + LAND_USES).map((t) => `discipline_${pad(t - PRACTICES - LAND_USES)}`),
      criteriaFocus: sample(CRITERIA.length, 1 + int(2)).map((c) => CRITERIA[c]),
      regions: [REGIONS[region]],
      countries: [...new Set([country(region), ...(random() < 0.5 ? [country(region)] : [])])],
      organisationIds: [`org${pad(int(ORGANISATIONS))}`],
    });
  }

  const projectWidth = String(options.projects).length;
  const projects: MatchingProject[] = [];
  for (let i = 0; i < options.projects; i++) {
    const region = int(REGIONS.length);
    const organisations = sample(ORGANISATIONS, 1 + int(3)).map((o) => `org${pad(o)}`);
    const declined =
      random() < 0.02 && reviewers.length > 0 ? sample(reviewers.length, 1 + int(2)).map((r) => reviewers[r].id) : [];
    projects.push({
      id: `p${String(i).padStart(projectWidth, '0')}`,
      language: language(),
      slots: K,
      needsLead: K > 0,
      excludedReviewerIds: declined,
      practices: sample(PRACTICES, 1 + int(3)).map((t) => `practice_${pad(t)}`),
      landUses: sample(LAND_USES, 1 + int(2)).map((t) => `land_use_${pad(t)}`),
      disciplines: random() < 0.5 ? [`discipline_${pad(int(DISCIPLINES))}`] : [],
      criteriaFocus: sample(CRITERIA.length, 2 + int(2)).map((c) => CRITERIA[c]),
      regions: [REGIONS[region]],
      countries: [country(region)],
      holderOrganisationId: organisations[0],
      partnerOrganisationIds: organisations.slice(1),
    });
  }
  return { projects, reviewers };
}
