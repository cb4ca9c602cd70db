import fc from 'fast-check';

import { evaluate, type Evaluation, type Rating, type Review } from './evaluate';
import {
  HARM_JUDGEMENTS,
  MAX_SCORE,
  MIN_SCORE,
  OUTCOMES,
  SCORES,
  criteriaOf,
  type CriteriaFramework,
  type RatingScore,
} from './framework';
import { REFERENCE_FRAMEWORK } from './reference-framework';
import { smallFramework } from './test-builders';

// Properties of `evaluate` over random rounds: any number of reviewers, any scores, n/a where
// the framework allows it, criteria and harm judgements sometimes left out.

const FRAMEWORKS: [string, CriteriaFramework][] = [
  ['reference', REFERENCE_FRAMEWORK],
  ['small', smallFramework()],
];

/**
 * A random review. `favourable` rounds lean towards good scores, clear safeguards and complete
 * reviews: uniform draws almost never reach `positive`, which would leave the properties about
 * it nearly untested.
 */
function reviewArbitrary(framework: CriteriaFramework, reviewerId: string, favourable: boolean): fc.Arbitrary<Review> {
  const gate = framework.rules.safeguardGate.step;
  const entries = criteriaOf(framework).map((criterion) => {
    const scores: RatingScore[] = criterion.naAllowed ? [...SCORES, 'n/a'] : [...SCORES];
    const score = favourable
      ? fc.oneof({ weight: 6, arbitrary: fc.constantFrom<RatingScore>(2, 3, 4) }, { weight: 1, arbitrary: fc.constantFrom(...scores) })
      : fc.constantFrom(...scores);
    const harm = favourable
      ? fc.oneof(
          { weight: 12, arbitrary: fc.constantFrom('no_risk' as const, 'risk_mitigated' as const) },
          { weight: 1, arbitrary: fc.constantFrom(...HARM_JUDGEMENTS) },
        )
      : fc.constantFrom(...HARM_JUDGEMENTS);
    const rating: fc.Arbitrary<Rating> =
      criterion.step === gate ? fc.record({ score, harm }, { requiredKeys: ['score'] }) : fc.record({ score });
    // Mostly rated; sometimes left out, as in a review still in progress.
    return fc.option(rating, { freq: favourable ? 40 : 8, nil: undefined }).map((value) => [criterion.code, value] as const);
  });
  return fc.tuple(...entries).map((pairs) => {
    const ratings: Record<string, Rating> = {};
    for (const [code, rating] of pairs) if (rating !== undefined) ratings[code] = rating;
    return { reviewerId, ratings };
  });
}

function reviewsArbitrary(framework: CriteriaFramework, maxReviewers = 5): fc.Arbitrary<Review[]> {
  return fc
    .tuple(fc.integer({ min: 0, max: maxReviewers }), fc.boolean())
    .chain(([count, favourable]) =>
      fc.tuple(...Array.from({ length: count }, (_, index) => reviewArbitrary(framework, `reviewer-${index}`, favourable))),
    );
}

const numbersOf = (evaluation: Evaluation): (number | null)[] => [
  ...evaluation.criteria.flatMap((criterion) => [criterion.median, criterion.mean, criterion.min, criterion.max, criterion.value]),
  ...evaluation.steps.map((step) => step.score),
  evaluation.overall,
];

/** `a` is not lower than `b`: a value that exists only with n/a counted as 0 is no loss. */
const notLower = (a: number | null, b: number | null): boolean => a === null || (b !== null && a >= b - 1e-9);

const replaceNa = (reviews: readonly Review[], by: RatingScore | undefined): Review[] =>
  reviews.map((review) => {
    const ratings: Record<string, Rating> = {};
    for (const [code, rating] of Object.entries(review.ratings)) {
      if (rating.score !== 'n/a') ratings[code] = rating;
      else if (by !== undefined) ratings[code] = { ...rating, score: by };
    }
    return { reviewerId: review.reviewerId, ratings };
  });

describe.each(FRAMEWORKS)('evaluate properties (%s framework)', (_name, framework) => {
  it('n/a never lowers a criterion, step or overall score compared with counting it as 0', () => {
    fc.assert(
      fc.property(reviewsArbitrary(framework), (reviews) => {
        const withNa = evaluate(framework, reviews);
        const asZero = evaluate(framework, replaceNa(reviews, 0));
        withNa.criteria.forEach((criterion, index) => {
          expect(notLower(criterion.value, asZero.criteria[index].value)).toBe(true);
        });
        withNa.steps.forEach((step, index) => {
          expect(notLower(step.score, asZero.steps[index].score)).toBe(true);
        });
        expect(notLower(withNa.overall, asZero.overall)).toBe(true);
      }),
    );
  });

  it('a reviewer who rates everything n/a changes no score', () => {
    fc.assert(
      fc.property(reviewsArbitrary(framework), (reviews) => {
        const ratings: Record<string, Rating> = {};
        for (const criterion of criteriaOf(framework)) if (criterion.naAllowed) ratings[criterion.code] = { score: 'n/a' };
        const before = evaluate(framework, reviews);
        const after = evaluate(framework, [...reviews, { reviewerId: 'only-na', ratings }]);
        expect(numbersOf(after)).toEqual(numbersOf(before));
        expect(after.divergence).toEqual(before.divergence);
      }),
    );
  });

  it('permuting the reviewers changes nothing', () => {
    fc.assert(
      fc.property(
        reviewsArbitrary(framework).chain((reviews) => fc.tuple(fc.constant(reviews), fc.shuffledSubarray(reviews, { minLength: reviews.length }))),
        fc.boolean(),
        ([reviews, permuted], lastRound) => {
          expect(evaluate(framework, permuted, { lastRound })).toEqual(evaluate(framework, reviews, { lastRound }));
        },
      ),
    );
  });

  it('one risk on a safeguard always forbids positive', () => {
    const safeguards = criteriaOf(framework).filter((criterion) => criterion.step === framework.rules.safeguardGate.step);
    fc.assert(
      fc.property(
        reviewsArbitrary(framework).filter((reviews) => reviews.length > 0),
        fc.nat(),
        fc.constantFrom(...safeguards.map((criterion) => criterion.code)),
        fc.boolean(),
        (reviews, pick, code, lastRound) => {
          const index = pick % reviews.length;
          const target = reviews[index];
          const risky: Review = {
            reviewerId: target.reviewerId,
            ratings: { ...target.ratings, [code]: { score: target.ratings[code]?.score ?? 2, harm: 'risk' } },
          };
          const evaluation = evaluate(framework, reviews.map((review, i) => (i === index ? risky : review)), { lastRound });
          expect(evaluation.allowedOutcomes).not.toContain('positive');
          expect(evaluation.safeguards.verdict).toBe('risk');
        },
      ),
    );
  });

  it('adding a review equal to the median leaves every median unchanged', () => {
    fc.assert(
      fc.property(reviewsArbitrary(framework), (reviews) => {
        const before = evaluate(framework, reviews);
        const ratings: Record<string, Rating> = {};
        for (const criterion of before.criteria) {
          // Only a median that is itself a score can be given; a half-point median is left unrated.
          if (criterion.median !== null && Number.isInteger(criterion.median)) {
            ratings[criterion.code] = { score: criterion.median as RatingScore };
          }
        }
        const after = evaluate(framework, [...reviews, { reviewerId: 'at-median', ratings }]);
        expect(after.criteria.map((criterion) => criterion.median)).toEqual(before.criteria.map((criterion) => criterion.median));
      }),
    );
  });

  it('keeps every score within the scale', () => {
    fc.assert(
      fc.property(reviewsArbitrary(framework), (reviews) => {
        for (const value of numbersOf(evaluate(framework, reviews))) {
          if (value === null) continue;
          expect(value).toBeGreaterThanOrEqual(MIN_SCORE);
          expect(value).toBeLessThanOrEqual(MAX_SCORE);
        }
      }),
    );
  });

  it('flags divergence exactly when max - min reaches the threshold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), reviewsArbitrary(framework), (minSpread, reviews) => {
        const withSpread = { ...framework, rules: { ...framework.rules, divergence: { minSpread } } };
        const evaluation = evaluate(withSpread, reviews);
        const flagged = new Set(evaluation.divergence.map((flag) => flag.criterion));
        for (const criterion of evaluation.criteria) {
          const spread = criterion.n === 0 ? 0 : (criterion.max as number) - (criterion.min as number);
          expect(flagged.has(criterion.code)).toBe(criterion.n > 0 && spread >= minSpread);
        }
      }),
    );
  });

  it('is deterministic and its result is plain JSON', () => {
    fc.assert(
      fc.property(reviewsArbitrary(framework), fc.boolean(), (reviews, lastRound) => {
        const first = evaluate(framework, reviews, { lastRound });
        expect(evaluate(framework, structuredClone(reviews), { lastRound })).toEqual(first);
        expect(JSON.parse(JSON.stringify(first))).toEqual(first);
      }),
    );
  });

  it('allows exactly the outcomes no reason forbids; only INCOMPLETE empties the set', () => {
    fc.assert(
      fc.property(reviewsArbitrary(framework), fc.boolean(), (reviews, lastRound) => {
        const evaluation = evaluate(framework, reviews, { lastRound });
        const forbidden = new Set(evaluation.reasons.flatMap((reason) => reason.forbids));
        expect(evaluation.allowedOutcomes).toEqual(OUTCOMES.filter((outcome) => !forbidden.has(outcome)));
        const incomplete = evaluation.reasons.some((reason) => reason.code === 'INCOMPLETE');
        expect(evaluation.allowedOutcomes.length === 0).toBe(incomplete);
        expect(evaluation.allowedOutcomes.includes('revise')).toBe(!lastRound && !incomplete);
      }),
    );
  });

  it('allows positive exactly when complete, safeguards clear and every threshold met', () => {
    const threshold = framework.rules.positiveThreshold;
    let positives = 0;
    fc.assert(
      fc.property(reviewsArbitrary(framework), (reviews) => {
        const evaluation = evaluate(framework, reviews);
        const value = (code: string) => evaluation.criteria.find((criterion) => criterion.code === code)?.value ?? null;
        const stepScore = (step: number) => evaluation.steps.find((candidate) => candidate.step === step)?.score ?? null;
        const complete = criteriaOf(framework).every((criterion) =>
          reviews.some((review) => review.ratings[criterion.code] !== undefined),
        );
        const expected =
          complete &&
          evaluation.safeguards.criteria.every((criterion) => criterion.harm === 'no_risk' || criterion.harm === 'risk_mitigated') &&
          threshold.stepMeans.every(({ step, min }) => (stepScore(step) ?? -1) >= min) &&
          threshold.criterionMinimums.every(({ code, min }) => (value(code) ?? -1) >= min) &&
          evaluation.criteria.every((criterion) => !threshold.noZeroInSteps.includes(criterion.step) || criterion.value !== 0);
        expect(evaluation.allowedOutcomes.includes('positive')).toBe(expected);
        if (expected) positives += 1;
      }),
      { numRuns: 300 },
    );
    // The property must have met both answers, not only "no".
    expect(positives).toBeGreaterThan(10);
  });
});
