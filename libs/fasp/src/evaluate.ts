import {
  HARM_JUDGEMENTS,
  NOT_APPLICABLE,
  OUTCOMES,
  criteriaOf,
  isHarmJudgement,
  isRatingScore,
  type CriteriaFramework,
  type HarmJudgement,
  type Outcome,
  type RatingScore,
  type StepType,
} from './framework';

/** One reviewer's rating of one criterion. */
export interface Rating {
  readonly score: RatingScore;
  /** Required on safeguard criteria, refused on the others. */
  readonly harm?: HarmJudgement;
}

/** One reviewer's ratings, keyed by criterion code. A criterion left out is "not rated yet". */
export interface Review {
  readonly reviewerId: string;
  readonly ratings: Readonly<Record<string, Rating>>;
}

/**
 * The lead's consolidated rating of a criterion. Each field, when present, replaces what the
 * reviewers' ratings would give: `score` replaces the median, `harm` the worst judgement.
 */
export interface ConsolidatedRating {
  readonly score?: RatingScore;
  readonly harm?: HarmJudgement;
}

export interface EvaluateOptions {
  /** The lead's consolidated ratings, keyed by criterion code. */
  readonly consolidated?: Readonly<Record<string, ConsolidatedRating>>;
  /** True when this round is the call's last (`maxRounds` reached): `revise` is not possible. */
  readonly lastRound?: boolean;
}

export interface ReviewerScore {
  readonly reviewerId: string;
  readonly score: number;
}

export interface CriterionAggregate {
  readonly code: string;
  readonly step: number;
  /** Reviewers' numeric scores, in reviewer id order; n/a excluded. */
  readonly scores: readonly ReviewerScore[];
  /** How many numeric scores; n/a is never counted (and never as 0). */
  readonly n: number;
  /** How many reviewers rated the criterion n/a. */
  readonly naCount: number;
  readonly median: number | null;
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** The lead's consolidated score, when given. */
  readonly consolidated: RatingScore | null;
  /**
   * The value the rules and step scores use: the consolidated score when the lead gave one,
   * else the median; null when the criterion is n/a or not rated at all.
   */
  readonly value: number | null;
  readonly source: 'consolidated' | 'median' | 'none';
}

export interface StepScore {
  readonly step: number;
  readonly type: StepType;
  readonly weight: number;
  /** Mean of the values of the step's criteria that have one; null when none has. */
  readonly score: number | null;
  /** Codes of the criteria that entered the mean. */
  readonly scoredCriteria: readonly string[];
}

export interface DivergenceFlag {
  readonly criterion: string;
  readonly min: number;
  readonly max: number;
  readonly spread: number;
  readonly minSpread: number;
  readonly scores: readonly ReviewerScore[];
}

export interface SafeguardJudgement {
  readonly criterion: string;
  /** What each reviewer said, in reviewer id order. */
  readonly judgements: readonly { readonly reviewerId: string; readonly harm: HarmJudgement }[];
  /** The worst of the reviewers' judgements, or null when none was given. */
  readonly worst: HarmJudgement | null;
  /** The lead's consolidated judgement, when given. */
  readonly consolidated: HarmJudgement | null;
  /** What the gate uses: the consolidated judgement, else the worst. */
  readonly harm: HarmJudgement | null;
}

export type SafeguardVerdictValue = 'clear' | 'risk' | 'unclear';

export interface SafeguardVerdict {
  readonly step: number;
  /**
   * `risk` when any safeguard is judged at risk; else `unclear` when any is unclear or has no
   * judgement yet; else `clear` (every safeguard `no_risk` or `risk_mitigated`).
   */
  readonly verdict: SafeguardVerdictValue;
  readonly criteria: readonly SafeguardJudgement[];
}

interface ReasonBase {
  /** Outcomes this reason rules out. */
  readonly forbids: readonly Outcome[];
  /** Where the rule lives: a path in the framework, or `options.lastRound`, or `completeness`. */
  readonly rule: string;
}

export type OutcomeReason =
  | (ReasonBase & {
      readonly code: 'INCOMPLETE';
      readonly missing: readonly { readonly criterion: string; readonly what: 'rating' | 'harm' }[];
    })
  | (ReasonBase & { readonly code: 'SAFEGUARD_RISK'; readonly step: number; readonly criteria: readonly string[] })
  | (ReasonBase & { readonly code: 'UNCLEAR_SAFEGUARD'; readonly step: number; readonly criteria: readonly string[] })
  | (ReasonBase & { readonly code: 'THRESHOLD_NOT_MET'; readonly step: number; readonly min: number; readonly actual: number | null })
  | (ReasonBase & {
      readonly code: 'CRITERION_BELOW_MINIMUM';
      readonly criterion: string;
      readonly min: number;
      readonly actual: number | null;
    })
  | (ReasonBase & { readonly code: 'ZERO_IN_STEP'; readonly step: number; readonly criteria: readonly string[] })
  | (ReasonBase & { readonly code: 'ROUNDS_EXHAUSTED' });

export type OutcomeReasonCode = OutcomeReason['code'];

export interface Evaluation {
  readonly criteria: readonly CriterionAggregate[];
  readonly steps: readonly StepScore[];
  /** Mean of the step scores weighted by step weight, over the steps that have a score. */
  readonly overall: number | null;
  readonly divergence: readonly DivergenceFlag[];
  readonly safeguards: SafeguardVerdict;
  /** In the order positive, not_positive, revise. Empty only when the assessment is incomplete. */
  readonly allowedOutcomes: readonly Outcome[];
  /** Every rule that restricts the outcome, in a fixed order; empty when all three are allowed. */
  readonly reasons: readonly OutcomeReason[];
}

export type EvaluationIssueCode =
  | 'DUPLICATE_REVIEWER'
  | 'BLANK_REVIEWER'
  | 'UNKNOWN_CRITERION'
  | 'SCORE_INVALID'
  | 'NA_NOT_ALLOWED'
  | 'HARM_INVALID'
  | 'HARM_NOT_EXPECTED'
  | 'RATING_MISSING'
  | 'HARM_MISSING';

export interface EvaluationIssue {
  readonly path: string;
  readonly code: EvaluationIssueCode;
  readonly message: string;
}

export class InvalidEvaluationInputError extends Error {
  constructor(readonly issues: readonly EvaluationIssue[]) {
    super(`Invalid ratings: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
    this.name = 'InvalidEvaluationInputError';
  }
}

/**
 * Checks one set of ratings (a reviewer's review, or the lead's consolidated set) against a
 * framework. With `requireComplete`, every criterion must be rated and every safeguard judged:
 * what a reviewer must have done before submitting.
 */
export function ratingIssues(
  framework: CriteriaFramework,
  ratings: Readonly<Record<string, Partial<Rating>>>,
  options: { readonly requireComplete?: boolean; readonly path?: string; readonly scoreOptional?: boolean } = {},
): EvaluationIssue[] {
  const issues: EvaluationIssue[] = [];
  const base = options.path ?? 'ratings';
  const criteria = new Map(criteriaOf(framework).map((criterion) => [criterion.code, criterion]));
  const gateStep = framework.rules.safeguardGate.step;

  for (const [code, rating] of Object.entries(ratings)) {
    const path = `${base}.${code}`;
    const criterion = criteria.get(code);
    if (!criterion) {
      issues.push({ path, code: 'UNKNOWN_CRITERION', message: `Criterion ${code} is not in framework ${framework.key} v${framework.version}.` });
      continue;
    }
    if (typeof rating !== 'object' || rating === null) {
      issues.push({ path, code: 'SCORE_INVALID', message: `The rating of ${code} must be an object with a score.` });
      continue;
    }
    const hasScore = rating.score !== undefined;
    if (!hasScore && !options.scoreOptional) {
      issues.push({ path: `${path}.score`, code: 'SCORE_INVALID', message: `A rating of ${code} needs a score.` });
    } else if (hasScore && !isRatingScore(rating.score)) {
      issues.push({
        path: `${path}.score`,
        code: 'SCORE_INVALID',
        message: `Score ${JSON.stringify(rating.score)} on ${code} is not on the scale (0-4 or n/a).`,
      });
    } else if (rating.score === NOT_APPLICABLE && !criterion.naAllowed) {
      issues.push({ path: `${path}.score`, code: 'NA_NOT_ALLOWED', message: `Criterion ${code} cannot be rated n/a.` });
    }
    if (rating.harm !== undefined) {
      if (criterion.step !== gateStep) {
        issues.push({
          path: `${path}.harm`,
          code: 'HARM_NOT_EXPECTED',
          message: `Criterion ${code} is not a safeguard and takes no harm judgement.`,
        });
      } else if (!isHarmJudgement(rating.harm)) {
        issues.push({
          path: `${path}.harm`,
          code: 'HARM_INVALID',
          message: `Harm judgement ${JSON.stringify(rating.harm)} on ${code} must be one of ${HARM_JUDGEMENTS.join(', ')}.`,
        });
      }
    }
  }

  if (options.requireComplete) {
    for (const criterion of criteria.values()) {
      const rating = ratings[criterion.code];
      if (rating === undefined) {
        issues.push({ path: `${base}.${criterion.code}`, code: 'RATING_MISSING', message: `Criterion ${criterion.code} is not rated.` });
      } else if (criterion.step === gateStep && rating.harm === undefined) {
        issues.push({
          path: `${base}.${criterion.code}.harm`,
          code: 'HARM_MISSING',
          message: `Safeguard ${criterion.code} needs a harm judgement.`,
        });
      }
    }
  }
  return issues;
}

/** Checks everything `evaluate` receives; `evaluate` throws when this is not empty. */
export function evaluationInputIssues(
  framework: CriteriaFramework,
  reviews: readonly Review[],
  options: EvaluateOptions = {},
): EvaluationIssue[] {
  const issues: EvaluationIssue[] = [];
  const seen = new Set<string>();
  reviews.forEach((review, index) => {
    if (typeof review.reviewerId !== 'string' || review.reviewerId.trim() === '') {
      issues.push({ path: `reviews[${index}].reviewerId`, code: 'BLANK_REVIEWER', message: 'A review needs a reviewer id.' });
    } else if (seen.has(review.reviewerId)) {
      issues.push({
        path: `reviews[${index}].reviewerId`,
        code: 'DUPLICATE_REVIEWER',
        message: `Reviewer ${review.reviewerId} has more than one review in this round.`,
      });
    }
    seen.add(review.reviewerId);
    if (typeof review.ratings !== 'object' || review.ratings === null) {
      issues.push({ path: `reviews[${index}].ratings`, code: 'SCORE_INVALID', message: 'A review needs its ratings as an object.' });
      return;
    }
    issues.push(...ratingIssues(framework, review.ratings, { path: `reviews[${index}].ratings` }));
  });
  if (options.consolidated) {
    issues.push(...ratingIssues(framework, options.consolidated, { path: 'consolidated', scoreOptional: true }));
  }
  return issues;
}

// Comparisons against thresholds tolerate floating-point noise: a step mean that is 2.5 on
// paper must meet a 2.5 threshold even if the division rounds a hair below.
const EPSILON = 1e-9;
const atLeast = (value: number, min: number): boolean => value >= min - EPSILON;

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

const harmRank = (harm: HarmJudgement): number => HARM_JUDGEMENTS.indexOf(harm);
const byReviewer = (a: { reviewerId: string }, b: { reviewerId: string }): number =>
  a.reviewerId < b.reviewerId ? -1 : a.reviewerId > b.reviewerId ? 1 : 0;

/**
 * Applies a framework version's rules to the reviews of one round.
 *
 * Aggregation: per criterion, the median (and mean, min, max, n) of the reviewers' numeric
 * scores, n/a excluded; the criterion's value is the lead's consolidated score when given, else
 * that median. Per step, the mean of the values of its criteria that have one (null when none
 * has). Overall, the mean of the step scores weighted by step weight, over the steps with a
 * score. Divergence compares raw reviewer scores, so a consolidation does not hide it.
 *
 * Outcomes. Each reason forbids some outcomes; the allowed ones are those no reason forbids:
 *
 *   reason                    when                                         positive  not_positive  revise
 *   INCOMPLETE                a criterion has no rating at all (neither       no        no           no
 *                             reviewers nor lead), or a safeguard has no
 *                             harm judgement: the lead must complete it
 *   SAFEGUARD_RISK            a safeguard's judgement is `risk`               no        yes          yes
 *   UNCLEAR_SAFEGUARD         no `risk`, but a safeguard is `unclear`:        no        no           yes
 *                             the holder must clear it in a revision
 *     ... on the last round   revising is impossible, so the project          no        yes          (no)
 *                             cannot be shown safe: it ends not_positive
 *   THRESHOLD_NOT_MET         a step score < its minimum (or no score)        no        yes          yes
 *   CRITERION_BELOW_MINIMUM   a criterion value < its minimum (or none)       no        yes          yes
 *   ZERO_IN_STEP              a criterion value of 0 in a listed step         no        yes          yes
 *   ROUNDS_EXHAUSTED          options.lastRound                               yes       yes          no
 *   (none)                                                                    yes       yes          yes
 *
 * DOMAIN.md lets an unclear safeguard lead to "revise or an information request"; information
 * requests exist only before admission, so in consolidation it means `revise`. On the last round
 * the lead can still settle the question by consolidating the judgement to a definite one.
 * Divergence restricts no outcome: it is reported so the call can invite one more reviewer.
 * Only INCOMPLETE empties the allowed set.
 *
 * The framework must be valid (`validateFramework`); the reviews and consolidated ratings are
 * checked here and an `InvalidEvaluationInputError` lists every problem.
 */
export function evaluate(framework: CriteriaFramework, reviews: readonly Review[], options: EvaluateOptions = {}): Evaluation {
  const inputIssues = evaluationInputIssues(framework, reviews, options);
  if (inputIssues.length > 0) throw new InvalidEvaluationInputError(inputIssues);

  const consolidated = options.consolidated ?? {};
  const ordered = [...reviews].sort(byReviewer);
  const rules = framework.rules;

  const criteria: CriterionAggregate[] = [];
  const divergence: DivergenceFlag[] = [];
  const missing: { criterion: string; what: 'rating' | 'harm' }[] = [];

  for (const criterion of criteriaOf(framework)) {
    const scores: ReviewerScore[] = [];
    let naCount = 0;
    for (const review of ordered) {
      const score = review.ratings[criterion.code]?.score;
      if (score === NOT_APPLICABLE) naCount += 1;
      else if (score !== undefined) scores.push({ reviewerId: review.reviewerId, score });
    }
    const values = scores.map((entry) => entry.score).sort((a, b) => a - b);
    const n = values.length;
    const stats =
      n === 0
        ? { median: null, mean: null, min: null, max: null }
        : { median: median(values), mean: mean(values), min: values[0], max: values[n - 1] };
    const lead = consolidated[criterion.code]?.score;

    let value: number | null;
    let source: CriterionAggregate['source'];
    if (lead !== undefined) {
      value = lead === NOT_APPLICABLE ? null : lead;
      source = 'consolidated';
    } else {
      value = stats.median;
      source = stats.median === null ? 'none' : 'median';
    }
    criteria.push({
      code: criterion.code,
      step: criterion.step,
      scores,
      n,
      naCount,
      ...stats,
      consolidated: lead ?? null,
      value,
      source,
    });

    if (lead === undefined && n === 0 && naCount === 0) missing.push({ criterion: criterion.code, what: 'rating' });

    if (stats.min !== null && stats.max !== null && stats.max - stats.min >= rules.divergence.minSpread) {
      divergence.push({
        criterion: criterion.code,
        min: stats.min,
        max: stats.max,
        spread: stats.max - stats.min,
        minSpread: rules.divergence.minSpread,
        scores,
      });
    }
  }

  const valueOf = new Map(criteria.map((aggregate) => [aggregate.code, aggregate.value]));

  const steps: StepScore[] = framework.steps.map((step) => {
    const scored = step.criteria.filter((criterion) => valueOf.get(criterion.code) !== null);
    const values = scored.map((criterion) => valueOf.get(criterion.code) as number);
    return {
      step: step.number,
      type: step.type,
      weight: step.weight,
      score: values.length === 0 ? null : mean(values),
      scoredCriteria: scored.map((criterion) => criterion.code),
    };
  });

  let weightSum = 0;
  let weighted = 0;
  for (const step of steps) {
    if (step.score === null) continue;
    weightSum += step.weight;
    weighted += step.weight * step.score;
  }
  const overall = weightSum === 0 ? null : weighted / weightSum;

  // Safeguard gate.
  const gateStep = framework.steps.find((step) => step.number === rules.safeguardGate.step);
  const safeguardJudgements: SafeguardJudgement[] = (gateStep?.criteria ?? []).map((criterion) => {
    const judgements = ordered.flatMap((review) => {
      const harm = review.ratings[criterion.code]?.harm;
      return harm === undefined ? [] : [{ reviewerId: review.reviewerId, harm }];
    });
    const worst = judgements.reduce<HarmJudgement | null>(
      (acc, { harm }) => (acc === null || harmRank(harm) > harmRank(acc) ? harm : acc),
      null,
    );
    const lead = consolidated[criterion.code]?.harm ?? null;
    const harm = lead ?? worst;
    if (harm === null) missing.push({ criterion: criterion.code, what: 'harm' });
    return { criterion: criterion.code, judgements, worst, consolidated: lead, harm };
  });
  const atRisk = safeguardJudgements.filter((judgement) => judgement.harm === 'risk').map((judgement) => judgement.criterion);
  const unclear = safeguardJudgements.filter((judgement) => judgement.harm === 'unclear').map((judgement) => judgement.criterion);
  const unjudged = safeguardJudgements.some((judgement) => judgement.harm === null);
  const verdict: SafeguardVerdictValue = atRisk.length > 0 ? 'risk' : unclear.length > 0 || unjudged ? 'unclear' : 'clear';

  // Reasons, in a fixed order: completeness, gate, thresholds, rounds.
  const reasons: OutcomeReason[] = [];
  if (missing.length > 0) {
    reasons.push({ code: 'INCOMPLETE', forbids: [...OUTCOMES], rule: 'completeness', missing: sortMissing(missing, framework) });
  }
  if (atRisk.length > 0) {
    reasons.push({ code: 'SAFEGUARD_RISK', forbids: ['positive'], rule: 'rules.safeguardGate', step: rules.safeguardGate.step, criteria: atRisk });
  } else if (unclear.length > 0) {
    reasons.push({
      code: 'UNCLEAR_SAFEGUARD',
      forbids: options.lastRound ? ['positive'] : ['positive', 'not_positive'],
      rule: 'rules.safeguardGate',
      step: rules.safeguardGate.step,
      criteria: unclear,
    });
  }

  const threshold = rules.positiveThreshold;
  threshold.stepMeans.forEach((entry, index) => {
    const actual = steps.find((step) => step.step === entry.step)?.score ?? null;
    if (actual === null || !atLeast(actual, entry.min)) {
      reasons.push({
        code: 'THRESHOLD_NOT_MET',
        forbids: ['positive'],
        rule: `rules.positiveThreshold.stepMeans[${index}]`,
        step: entry.step,
        min: entry.min,
        actual,
      });
    }
  });
  threshold.criterionMinimums.forEach((entry, index) => {
    const actual = valueOf.get(entry.code) ?? null;
    if (actual === null || !atLeast(actual, entry.min)) {
      reasons.push({
        code: 'CRITERION_BELOW_MINIMUM',
        forbids: ['positive'],
        rule: `rules.positiveThreshold.criterionMinimums[${index}]`,
        criterion: entry.code,
        min: entry.min,
        actual,
      });
    }
  });
  threshold.noZeroInSteps.forEach((stepNumber, index) => {
    const zeros = criteria.filter((aggregate) => aggregate.step === stepNumber && aggregate.value === 0).map((aggregate) => aggregate.code);
    if (zeros.length > 0) {
      reasons.push({
        code: 'ZERO_IN_STEP',
        forbids: ['positive'],
        rule: `rules.positiveThreshold.noZeroInSteps[${index}]`,
        step: stepNumber,
        criteria: zeros,
      });
    }
  });
  if (options.lastRound) {
    reasons.push({ code: 'ROUNDS_EXHAUSTED', forbids: ['revise'], rule: 'options.lastRound' });
  }

  const forbidden = new Set(reasons.flatMap((reason) => reason.forbids));
  const allowedOutcomes = OUTCOMES.filter((outcome) => !forbidden.has(outcome));

  return {
    criteria,
    steps,
    overall,
    divergence,
    safeguards: { step: rules.safeguardGate.step, verdict, criteria: safeguardJudgements },
    allowedOutcomes,
    reasons,
  };
}

function sortMissing(
  missing: readonly { criterion: string; what: 'rating' | 'harm' }[],
  framework: CriteriaFramework,
): { criterion: string; what: 'rating' | 'harm' }[] {
  const order = new Map(criteriaOf(framework).map((criterion, index) => [criterion.code, index]));
  return [...missing].sort(
    (a, b) => (order.get(a.criterion) ?? 0) - (order.get(b.criterion) ?? 0) || (a.what === b.what ? 0 : a.what === 'rating' ? -1 : 1),
  );
}
