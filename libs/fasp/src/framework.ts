import { type LocalizedText } from './vocabulary';

// The criteria framework is data: one version is stored as JSON, bound to a call, and then
// immutable. Every type here is plain JSON (no classes, no Dates, no Maps) so that a version
// can be stored in a jsonb column, sent to a worker thread, and compared by value.

/** What a step assesses; step 1 of the FASP framework holds the safeguards. */
export const STEP_TYPES = ['safeguards', 'direct', 'indirect', 'enabling'] as const;
export type StepType = (typeof STEP_TYPES)[number];

/**
 * `verified` criteria come from the STC's published table; `provisional` ones are a
 * reconstruction awaiting the secretariat's confirmation in a later version.
 */
export const CRITERION_STATUSES = ['verified', 'provisional'] as const;
export type CriterionStatus = (typeof CRITERION_STATUSES)[number];

/** The scale every reviewer uses on every criterion: 0 not addressed ... 4 strong. */
export const SCORES = [0, 1, 2, 3, 4] as const;
export type Score = (typeof SCORES)[number];
export const MIN_SCORE = 0;
export const MAX_SCORE = 4;

/** "Not applicable": allowed per criterion, excluded from every aggregate, never counted as 0. */
export const NOT_APPLICABLE = 'n/a';
export type NotApplicable = typeof NOT_APPLICABLE;
export type RatingScore = Score | NotApplicable;

/**
 * The judgement each reviewer gives on a safeguard criterion, ordered from best to worst: the
 * consolidated judgement of several reviewers is the worst one. `risk` is worse than `unclear`
 * because it is a finding, where `unclear` is a question the holder can still answer.
 */
export const HARM_JUDGEMENTS = ['no_risk', 'risk_mitigated', 'unclear', 'risk'] as const;
export type HarmJudgement = (typeof HARM_JUDGEMENTS)[number];

/** What the lead proposes and the secretariat releases at the end of a review round. */
export const OUTCOMES = ['positive', 'not_positive', 'revise'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function isScore(value: unknown): value is Score {
  return typeof value === 'number' && (SCORES as readonly number[]).includes(value);
}

export function isRatingScore(value: unknown): value is RatingScore {
  return value === NOT_APPLICABLE || isScore(value);
}

export function isHarmJudgement(value: unknown): value is HarmJudgement {
  return typeof value === 'string' && (HARM_JUDGEMENTS as readonly string[]).includes(value);
}

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

/** How a criterion is observed: a method that yields a metric in a unit. */
export interface Indicator {
  /** Unique in the version; by convention the criterion code and a counter, e.g. `2.2.1`. */
  readonly code: string;
  readonly name: LocalizedText;
  readonly method: LocalizedText;
  /**
   * The unit of the value, written in a language-neutral notation (`t C/ha/yr`, `ha`, `%`, `yr`,
   * `t/ha/yr`, `boolean`, `count`, `USD/ha/yr`...); what is measured is said by `name`.
   */
  readonly metric: string;
}

export interface Criterion {
  /** `<step>.<n>`, e.g. `2.2`. */
  readonly code: string;
  /** The number of the step that holds this criterion (repeated so a criterion stands alone). */
  readonly step: number;
  readonly names: LocalizedText;
  /** Sustainable Development Goals (1-17) the criterion serves. */
  readonly sdgs: readonly number[];
  /** The two guidance questions reviewers answer: does the project harm, does it contribute? */
  readonly guidance: { readonly harm: LocalizedText; readonly contribute: LocalizedText };
  readonly indicators: readonly Indicator[];
  readonly naAllowed: boolean;
  readonly status: CriterionStatus;
}

export interface FrameworkStep {
  readonly number: number;
  readonly type: StepType;
  /** Weight of the step in the overall score; > 0. */
  readonly weight: number;
  readonly names: LocalizedText;
  readonly criteria: readonly Criterion[];
}

export interface ScaleLevel {
  readonly score: Score;
  readonly labels: LocalizedText;
}

export interface HarmLevel {
  readonly judgement: HarmJudgement;
  readonly labels: LocalizedText;
}

export interface Scale {
  /** Exactly the scores 0 to 4, once each. */
  readonly levels: readonly ScaleLevel[];
  /** The label of "not applicable". */
  readonly notApplicable: LocalizedText;
  /** Exactly the four harm judgements, once each. */
  readonly harm: readonly HarmLevel[];
}

export interface StepMeanThreshold {
  readonly step: number;
  /** The step score (mean of its criterion values) must be >= min. */
  readonly min: number;
}

export interface CriterionMinimum {
  readonly code: string;
  /** The criterion value (median, or the lead's consolidated score) must be >= min. */
  readonly min: number;
}

export interface FrameworkRules {
  /** Any consolidated `risk` on a criterion of this step forbids `positive`; `unclear` forces `revise`. */
  readonly safeguardGate: { readonly step: number };
  /** All of these must hold for `positive` to be allowed. */
  readonly positiveThreshold: {
    readonly stepMeans: readonly StepMeanThreshold[];
    readonly criterionMinimums: readonly CriterionMinimum[];
    /** No criterion of these steps may have a value of 0. */
    readonly noZeroInSteps: readonly number[];
  };
  /** A criterion is flagged when max - min of the reviewers' scores >= minSpread. */
  readonly divergence: { readonly minSpread: number };
  /**
   * Named so that a stored version says how it was aggregated; these are the only methods the
   * engine implements, and validation rejects others.
   */
  readonly aggregation: {
    readonly criterion: 'median';
    readonly step: 'mean_of_criterion_values';
    readonly overall: 'weighted_mean_of_step_scores';
  };
}

export const AGGREGATION: FrameworkRules['aggregation'] = {
  criterion: 'median',
  step: 'mean_of_criterion_values',
  overall: 'weighted_mean_of_step_scores',
};

/** One version of a criteria framework. */
export interface CriteriaFramework {
  /** Stable name of the framework family, e.g. `fasp`. */
  readonly key: string;
  /** Positive integer; a published version never changes, edits make a new version. */
  readonly version: number;
  readonly names: LocalizedText;
  readonly steps: readonly FrameworkStep[];
  readonly scale: Scale;
  readonly rules: FrameworkRules;
}

/** All criteria of a version, in step then declaration order. */
export function criteriaOf(framework: CriteriaFramework): Criterion[] {
  return framework.steps.flatMap((step) => step.criteria);
}

export function findCriterion(framework: CriteriaFramework, code: string): Criterion | undefined {
  for (const step of framework.steps) {
    const criterion = step.criteria.find((candidate) => candidate.code === code);
    if (criterion) return criterion;
  }
  return undefined;
}

export function findStep(framework: CriteriaFramework, number: number): FrameworkStep | undefined {
  return framework.steps.find((step) => step.number === number);
}

/** The criteria that carry a harm judgement: those of the safeguard gate's step. */
export function safeguardCriteria(framework: CriteriaFramework): readonly Criterion[] {
  return findStep(framework, framework.rules.safeguardGate.step)?.criteria ?? [];
}
