import type { Language } from '@fasp/core';

// The input and output of reviewer assignment. Everything here is plain data (strings, numbers,
// booleans, arrays, objects) so that a call can be posted to a worker thread as it is and the
// result stored or sent over the API without conversion.

/** The affinity terms, in the order they appear in an explanation. */
export const AFFINITY_TERMS = ['practices', 'landUses', 'criteriaFocus', 'disciplines', 'countries', 'regions'] as const;
export type AffinityTermName = (typeof AFFINITY_TERMS)[number];

/**
 * A project waiting for reviewers in this run.
 *
 * Conflicts of interest: the library computes them itself from `holderOrganisationId`,
 * `partnerOrganisationIds` and `namedPersonIds` against each reviewer's organisations and
 * declared conflicts (see `findConflicts`). `excludedReviewerIds` carries the hard exclusions only
 * the caller knows: reviewers who declined this project, who already sit on it (for a top-up), or
 * whom the secretariat ruled out. The two are combined; a reviewer in either is never assigned.
 */
export interface MatchingProject {
  readonly id: string;
  /** The dossier language: a reviewer must read it. */
  readonly language: Language;
  /** K: how many reviewers this run must find (the call setting, or 1 for a top-up). */
  readonly slots: number;
  /** Whether one of the slots is the lead, which only an STC member may fill (false for a top-up when a lead exists). */
  readonly needsLead: boolean;
  readonly excludedReviewerIds?: readonly string[];
  readonly practices?: readonly string[];
  readonly landUses?: readonly string[];
  /** Codes of the criteria the dossier leans on (e.g. '2.2'), matched against a reviewer's focus. */
  readonly criteriaFocus?: readonly string[];
  /** Disciplines the dossier calls for (e.g. 'soil_science'), when the caller derives any. */
  readonly disciplines?: readonly string[];
  /** ISO 3166-1 alpha-2 codes of the countries the project works in. */
  readonly countries?: readonly string[];
  readonly regions?: readonly string[];
  readonly holderOrganisationId?: string | null;
  readonly partnerOrganisationIds?: readonly string[];
  /** People named in the dossier (contacts, team members), in the same id space as reviewer ids. */
  readonly namedPersonIds?: readonly string[];
}

/** Conflicts a reviewer declared. */
export interface DeclaredConflicts {
  readonly organisationIds?: readonly string[];
  readonly personIds?: readonly string[];
  readonly projectIds?: readonly string[];
}

export interface MatchingReviewer {
  /** The reviewer's person id; a dossier naming this id conflicts the reviewer out. */
  readonly id: string;
  readonly languages: readonly Language[];
  readonly stcMember: boolean;
  /** How many more dossiers this reviewer may take in this run (the load cap minus what is already held). */
  readonly capacity: number;
  /** Dossiers already held in this call; the load-balancing cost starts from here. */
  readonly currentLoad: number;
  readonly practices?: readonly string[];
  readonly landUses?: readonly string[];
  readonly disciplines?: readonly string[];
  readonly criteriaFocus?: readonly string[];
  readonly countries?: readonly string[];
  readonly regions?: readonly string[];
  /** Organisations the reviewer belongs to: the holder or a partner among them is a conflict. */
  readonly organisationIds?: readonly string[];
  readonly conflicts?: DeclaredConflicts;
}

/** Weight (points per matched tag) and cap (most matched tags that count) of one affinity term. */
export interface AffinityTermWeight {
  readonly weight: number;
  readonly cap: number;
}

export type AffinityWeights = Readonly<Record<AffinityTermName, AffinityTermWeight>>;

export interface MatchingSettings {
  /** Overrides of the default affinity weights; integers >= 0. */
  readonly weights?: Partial<AffinityWeights>;
  /** Points charged per dossier already held when one more is given (integer >= 0). */
  readonly loadStep?: number;
}

export interface MatchingInput {
  readonly projects: readonly MatchingProject[];
  readonly reviewers: readonly MatchingReviewer[];
  readonly settings?: MatchingSettings;
}

/** One term of the affinity, kept so an assignment can say why this reviewer was chosen. */
export interface AffinityTerm {
  readonly term: AffinityTermName;
  readonly weight: number;
  readonly cap: number;
  /** Tags found on both sides, sorted. */
  readonly matched: readonly string[];
  /** weight x min(cap, matched.length). */
  readonly score: number;
}

export interface Affinity {
  readonly total: number;
  readonly terms: readonly AffinityTerm[];
}

export type ReviewerRole = 'lead' | 'member';

export interface AssignedReviewer {
  readonly reviewerId: string;
  readonly role: ReviewerRole;
  readonly stcMember: boolean;
  /** The explanation: "why this reviewer". */
  readonly affinity: Affinity;
}

export interface ProjectAssignment {
  readonly projectId: string;
  readonly slots: number;
  readonly needsLead: boolean;
  /** Lead first, then members, each group by decreasing affinity then id. */
  readonly reviewers: readonly AssignedReviewer[];
}

export type ConflictKind =
  | 'HOLDER_ORGANISATION'
  | 'PARTNER_ORGANISATION'
  | 'DECLARED_ORGANISATION'
  | 'NAMED_PERSON'
  | 'DECLARED_PERSON'
  | 'DECLARED_PROJECT';

export interface Conflict {
  readonly kind: ConflictKind;
  /** The organisation, person or project id behind the conflict. */
  readonly ref: string;
}

/** Which slots a shortfall reason speaks about: the lead slot (STC members only) or the others. */
export type ShortfallScope = 'lead' | 'member';

/**
 * Why a project is short. Codes are stable and machine-readable; the secretariat's screen turns
 * them into sentences.
 * - NO_STC_MEMBER_FOR_LANGUAGE: no STC member reads the dossier language (lead slot).
 * - NO_REVIEWER_FOR_LANGUAGE: nobody reads the dossier language.
 * - ALL_CANDIDATES_CONFLICTED: every reader has a conflict of interest with the project.
 * - ALL_CANDIDATES_EXCLUDED: every reader is conflicted or excluded by the caller, at least one excluded.
 * - NOT_ENOUGH_CANDIDATES: fewer eligible reviewers than slots, whatever their load.
 * - CAPACITY_EXHAUSTED: eligible reviewers not on the project exist but all are at their load cap
 *   (some of them may have been full before the run, others were needed elsewhere).
 */
export type ShortfallReason =
  | { readonly code: 'NO_STC_MEMBER_FOR_LANGUAGE'; readonly scope: 'lead'; readonly language: Language }
  | { readonly code: 'NO_REVIEWER_FOR_LANGUAGE'; readonly scope: ShortfallScope; readonly language: Language }
  | { readonly code: 'ALL_CANDIDATES_CONFLICTED'; readonly scope: ShortfallScope; readonly conflicted: number }
  | {
      readonly code: 'ALL_CANDIDATES_EXCLUDED';
      readonly scope: ShortfallScope;
      readonly conflicted: number;
      readonly excluded: number;
    }
  | { readonly code: 'NOT_ENOUGH_CANDIDATES'; readonly scope: 'member'; readonly eligible: number; readonly slots: number }
  | { readonly code: 'CAPACITY_EXHAUSTED'; readonly scope: ShortfallScope; readonly full: number };

export type ShortfallCode = ShortfallReason['code'];

/** Counts behind a shortfall, over all reviewers of the run. */
export interface CandidateCounts {
  /** Reviewers who read the dossier language. */
  readonly readers: number;
  readonly stcReaders: number;
  /** Readers with a conflict of interest (computed by the library). */
  readonly conflicted: number;
  /** Readers excluded by the caller and not already counted as conflicted. */
  readonly excluded: number;
  /** Readers neither conflicted nor excluded. */
  readonly eligible: number;
  readonly eligibleStc: number;
  /** Eligible reviewers not on this project who are at their load cap after the run. */
  readonly eligibleFull: number;
  readonly eligibleStcFull: number;
}

export interface Shortfall {
  readonly projectId: string;
  readonly slots: number;
  readonly filled: number;
  readonly missing: number;
  readonly leadMissing: boolean;
  readonly reasons: readonly ShortfallReason[];
  readonly candidates: CandidateCounts;
}

export interface ReviewerLoad {
  readonly reviewerId: string;
  /** Dossiers given in this run. */
  readonly assigned: number;
  /** currentLoad + assigned. */
  readonly load: number;
  readonly capacity: number;
}

export interface MatchingTotals {
  readonly slots: number;
  readonly filledSlots: number;
  readonly leadSlots: number;
  readonly filledLeadSlots: number;
  readonly totalAffinity: number;
  readonly loadPenalty: number;
  /** totalAffinity - loadPenalty: what the solver maximises once the filled slots are maximal. */
  readonly objective: number;
}

/** How the result was produced, for logs and the benchmark. */
export interface SolverStats {
  readonly algorithm: 'min-cost-flow' | 'greedy';
  /** Pricing rounds of the column generation (1 when the first candidate set was enough). */
  readonly rounds: number;
  /** Reviewer-project pairs in the last network solved. */
  readonly candidatePairs: number;
  /** Shortest-path searches over all rounds. */
  readonly searches: number;
  /** Pairs outside the network whose reduced cost was computed, over all rounds. */
  readonly pricedPairs: number;
}

export interface MatchingResult {
  /** One entry per project, by project id. */
  readonly assignments: readonly ProjectAssignment[];
  /** One entry per project that did not get all its slots, by project id. */
  readonly shortfalls: readonly Shortfall[];
  /** One entry per reviewer, by reviewer id. */
  readonly loads: readonly ReviewerLoad[];
  readonly totals: MatchingTotals;
  readonly stats: SolverStats;
}
