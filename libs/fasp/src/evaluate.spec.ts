import {
  evaluate,
  evaluationInputIssues,
  InvalidEvaluationInputError,
  ratingIssues,
  type EvaluateOptions,
  type Evaluation,
  type OutcomeReasonCode,
  type Review,
} from './evaluate';
import { type Outcome } from './framework';
import { REFERENCE_FRAMEWORK } from './reference-framework';
import { reviewOf, smallFramework } from './test-builders';

const STEP2 = ['2.1', '2.2', '2.3', '2.4', '2.5'];
/** Step-2 scores by position, as a scores override for reviewOf. */
const step2 = (...scores: (0 | 1 | 2 | 3 | 4)[]) => Object.fromEntries(STEP2.map((code, index) => [code, scores[index]]));

const criterionOf = (evaluation: Evaluation, code: string) => evaluation.criteria.find((criterion) => criterion.code === code);
const stepOf = (evaluation: Evaluation, step: number) => evaluation.steps.find((candidate) => candidate.step === step);
const reasonCodes = (evaluation: Evaluation): OutcomeReasonCode[] => evaluation.reasons.map((reason) => reason.code);

describe('evaluate: outcomes (decision table)', () => {
  const cases: [string, Review[], EvaluateOptions, Outcome[], OutcomeReasonCode[]][] = [
    ['all good, safeguards clear', [reviewOf('a', 3), reviewOf('b', 3)], {}, ['positive', 'not_positive', 'revise'], []],
    ['all good on the last round', [reviewOf('a', 3), reviewOf('b', 3)], { lastRound: true }, ['positive', 'not_positive'], ['ROUNDS_EXHAUSTED']],
    ['mitigated risks count as clear', [reviewOf('a', 3, { harm: 'risk_mitigated' })], {}, ['positive', 'not_positive', 'revise'], []],
    [
      'one reviewer sees a risk on 1.2',
      [reviewOf('a', 4), reviewOf('b', 4, { harms: { '1.2': 'risk' } })],
      {},
      ['not_positive', 'revise'],
      ['SAFEGUARD_RISK'],
    ],
    [
      'a risk on the last round',
      [reviewOf('a', 4, { harms: { '1.1': 'risk' } })],
      { lastRound: true },
      ['not_positive'],
      ['SAFEGUARD_RISK', 'ROUNDS_EXHAUSTED'],
    ],
    ['an unclear safeguard', [reviewOf('a', 4), reviewOf('b', 4, { harms: { '1.3': 'unclear' } })], {}, ['revise'], ['UNCLEAR_SAFEGUARD']],
    [
      'an unclear safeguard on the last round',
      [reviewOf('a', 4, { harms: { '1.3': 'unclear' } })],
      { lastRound: true },
      ['not_positive'],
      ['UNCLEAR_SAFEGUARD', 'ROUNDS_EXHAUSTED'],
    ],
    [
      'a risk and an unclear: the risk decides',
      [reviewOf('a', 4, { harms: { '1.1': 'unclear', '1.2': 'risk' } })],
      {},
      ['not_positive', 'revise'],
      ['SAFEGUARD_RISK'],
    ],
    [
      'the lead clears an unclear safeguard',
      [reviewOf('a', 4, { harms: { '1.3': 'unclear' } })],
      { consolidated: { '1.3': { harm: 'risk_mitigated' } } },
      ['positive', 'not_positive', 'revise'],
      [],
    ],
    [
      'the lead finds a risk the reviewers did not',
      [reviewOf('a', 4)],
      { consolidated: { '1.1': { harm: 'risk' } } },
      ['not_positive', 'revise'],
      ['SAFEGUARD_RISK'],
    ],
    ['step 2 mean below 2.5', [reviewOf('a', 3, { scores: step2(2, 2, 2, 3, 3) })], {}, ['not_positive', 'revise'], ['THRESHOLD_NOT_MET']],
    [
      'step 2 mean exactly 2.5 (medians of 2 and 3)',
      [reviewOf('a', 3, { scores: step2(2, 3, 2, 3, 2) }), reviewOf('b', 3, { scores: step2(3, 2, 3, 2, 3) })],
      {},
      ['positive', 'not_positive', 'revise'],
      [],
    ],
    ['2.2 below 2 despite a high mean', [reviewOf('a', 4, { scores: step2(4, 1, 4, 4, 4) })], {}, ['not_positive', 'revise'], ['CRITERION_BELOW_MINIMUM']],
    ['a step-2 criterion at 0', [reviewOf('a', 4, { scores: step2(4, 4, 0, 4, 4) })], {}, ['not_positive', 'revise'], ['ZERO_IN_STEP']],
    [
      'every positive rule failing at once',
      [reviewOf('a', 1, { scores: step2(0, 1, 1, 1, 1) })],
      {},
      ['not_positive', 'revise'],
      ['THRESHOLD_NOT_MET', 'CRITERION_BELOW_MINIMUM', 'ZERO_IN_STEP'],
    ],
    [
      'n/a where allowed does not count as 0',
      [reviewOf('a', 3, { scores: { '2.3': 'n/a', '2.5': 'n/a', '3.2': 'n/a', '3.3': 'n/a' } })],
      {},
      ['positive', 'not_positive', 'revise'],
      [],
    ],
    [
      'a criterion nobody rated',
      [reviewOf('a', 3, { scores: { '3.2': undefined } }), reviewOf('b', 3, { scores: { '3.2': undefined } })],
      {},
      [],
      ['INCOMPLETE'],
    ],
    ['a safeguard nobody judged', [reviewOf('a', 3, { harms: { '1.2': undefined } })], {}, [], ['INCOMPLETE']],
    ['no review at all', [], {}, [], ['INCOMPLETE', 'THRESHOLD_NOT_MET', 'CRITERION_BELOW_MINIMUM']],
    [
      'the lead completes what reviewers left out',
      [reviewOf('a', 3, { scores: { '3.2': undefined }, harms: { '1.2': undefined } })],
      { consolidated: { '3.2': { score: 'n/a' }, '1.2': { harm: 'no_risk' } } },
      ['positive', 'not_positive', 'revise'],
      [],
    ],
    [
      'the lead raises 2.2 to its minimum',
      [reviewOf('a', 4, { scores: step2(4, 1, 4, 4, 4) })],
      { consolidated: { '2.2': { score: 2 } } },
      ['positive', 'not_positive', 'revise'],
      [],
    ],
    [
      'divergence alone restricts nothing',
      [reviewOf('a', 4, { scores: { '3.1': 1 } }), reviewOf('b', 4, { scores: { '3.1': 4 } })],
      {},
      ['positive', 'not_positive', 'revise'],
      [],
    ],
  ];

  it.each(cases)('%s', (_name, reviews, options, allowed, reasons) => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, reviews, options);
    expect(evaluation.allowedOutcomes).toEqual(allowed);
    expect(reasonCodes(evaluation)).toEqual(reasons);
  });

  it('explains each reason with its rule and values', () => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, [
      reviewOf('a', 2, { scores: step2(0, 1, 2, 2, 2), harms: { '1.2': 'risk' } }),
      reviewOf('b', 2, { scores: step2(1, 1, 2, 2, 3) }),
    ]);
    expect(evaluation.reasons).toEqual([
      { code: 'SAFEGUARD_RISK', forbids: ['positive'], rule: 'rules.safeguardGate', step: 1, criteria: ['1.2'] },
      // Step 2 values: 0.5, 1, 2, 2, 2.5.
      { code: 'THRESHOLD_NOT_MET', forbids: ['positive'], rule: 'rules.positiveThreshold.stepMeans[0]', step: 2, min: 2.5, actual: 1.6 },
      {
        code: 'CRITERION_BELOW_MINIMUM',
        forbids: ['positive'],
        rule: 'rules.positiveThreshold.criterionMinimums[0]',
        criterion: '2.2',
        min: 2,
        actual: 1,
      },
    ]);
  });

  it('lists a zero value (not a single zero score) under ZERO_IN_STEP', () => {
    const oneZero = evaluate(REFERENCE_FRAMEWORK, [reviewOf('a', 3, { scores: { '2.4': 0 } }), reviewOf('b', 3), reviewOf('c', 3)]);
    expect(reasonCodes(oneZero)).toEqual([]);
    const zeroMedian = evaluate(REFERENCE_FRAMEWORK, [
      reviewOf('a', 3, { scores: { '2.4': 0, '2.5': 0 } }),
      reviewOf('b', 3, { scores: { '2.4': 0, '2.5': 0 } }),
    ]);
    expect(zeroMedian.reasons).toContainEqual({
      code: 'ZERO_IN_STEP',
      forbids: ['positive'],
      rule: 'rules.positiveThreshold.noZeroInSteps[0]',
      step: 2,
      criteria: ['2.4', '2.5'],
    });
  });

  it('names what is missing under INCOMPLETE, in framework order', () => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, [reviewOf('a', 3, { scores: { '4.2': undefined, '2.1': undefined }, harms: { '1.3': undefined } })]);
    expect(evaluation.reasons[0]).toEqual({
      code: 'INCOMPLETE',
      forbids: ['positive', 'not_positive', 'revise'],
      rule: 'completeness',
      missing: [
        { criterion: '1.3', what: 'harm' },
        { criterion: '2.1', what: 'rating' },
        { criterion: '4.2', what: 'rating' },
      ],
    });
  });

  it('lets an unclear safeguard on the last round forbid only positive', () => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, [reviewOf('a', 3, { harms: { '1.1': 'unclear' } })], { lastRound: true });
    expect(evaluation.reasons.map((reason) => [reason.code, reason.forbids])).toEqual([
      ['UNCLEAR_SAFEGUARD', ['positive']],
      ['ROUNDS_EXHAUSTED', ['revise']],
    ]);
  });
});

describe('evaluate: aggregates', () => {
  it('gives median, mean, min, max and n per criterion, n/a excluded', () => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, [
      reviewOf('a', 3, { scores: { '2.3': 1 } }),
      reviewOf('b', 3, { scores: { '2.3': 4 } }),
      reviewOf('c', 3, { scores: { '2.3': 2 } }),
      reviewOf('d', 3, { scores: { '2.3': 'n/a' } }),
    ]);
    expect(criterionOf(evaluation, '2.3')).toEqual({
      code: '2.3',
      step: 2,
      scores: [
        { reviewerId: 'a', score: 1 },
        { reviewerId: 'b', score: 4 },
        { reviewerId: 'c', score: 2 },
      ],
      n: 3,
      naCount: 1,
      median: 2,
      mean: 7 / 3,
      min: 1,
      max: 4,
      consolidated: null,
      value: 2,
      source: 'median',
    });
  });

  it('takes the middle of the two central scores as median for an even count', () => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, [reviewOf('a', 2), reviewOf('b', 3)]);
    expect(criterionOf(evaluation, '3.1')).toMatchObject({ median: 2.5, mean: 2.5, value: 2.5 });
  });

  it('has no value for a criterion everyone rated n/a, and leaves it out of the step mean', () => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, [reviewOf('a', 2, { scores: { '3.2': 'n/a', '3.1': 4 } })]);
    expect(criterionOf(evaluation, '3.2')).toMatchObject({ n: 0, naCount: 1, median: null, value: null, source: 'none' });
    expect(stepOf(evaluation, 3)).toMatchObject({ score: 3, scoredCriteria: ['3.1', '3.3'] });
  });

  it('uses the lead’s consolidated score as value, keeping the reviewers’ statistics', () => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, [reviewOf('a', 3, { scores: { '2.5': 1 } }), reviewOf('b', 3, { scores: { '2.5': 1 } })], {
      consolidated: { '2.5': { score: 'n/a' }, '2.4': { score: 4 } },
    });
    expect(criterionOf(evaluation, '2.5')).toMatchObject({ median: 1, consolidated: 'n/a', value: null, source: 'consolidated' });
    expect(criterionOf(evaluation, '2.4')).toMatchObject({ median: 3, consolidated: 4, value: 4, source: 'consolidated' });
    // Step 2: 3, 3, 3, 4 (2.5 left out).
    expect(stepOf(evaluation, 2)?.score).toBe(3.25);
  });

  it('weighs the overall score by step weight (1, 3, 2, 1)', () => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, [
      reviewOf('a', 4, { scores: { '2.1': 2, '2.2': 2, '2.3': 2, '2.4': 2, '2.5': 2, '3.1': 3, '3.2': 3, '3.3': 3, '4.1': 1, '4.2': 1 } }),
    ]);
    expect(evaluation.steps.map((step) => step.score)).toEqual([4, 2, 3, 1]);
    expect(evaluation.overall).toBeCloseTo((1 * 4 + 3 * 2 + 2 * 3 + 1 * 1) / 7, 12);
  });

  it('leaves a step without score out of the overall, and scores nothing without ratings', () => {
    const framework = smallFramework({ weights: [1, 2, 5] });
    const evaluation = evaluate(framework, [reviewOf('a', 3, { framework, scores: { '3.1': 'n/a', '2.2': 4 } })]);
    expect(stepOf(evaluation, 3)).toMatchObject({ score: null, scoredCriteria: [] });
    expect(evaluation.overall).toBeCloseTo((1 * 3 + 2 * 3.5) / 3, 12);
    const empty = evaluate(framework, []);
    expect(empty.overall).toBeNull();
    expect(empty.steps.every((step) => step.score === null)).toBe(true);
  });

  it('reports a step threshold on a step without score as not met, with a null actual', () => {
    const base = smallFramework();
    const framework = { ...base, rules: { ...base.rules, positiveThreshold: { ...base.rules.positiveThreshold, stepMeans: [{ step: 3, min: 1 }] } } };
    const evaluation = evaluate(framework, [reviewOf('a', 3, { framework, scores: { '3.1': 'n/a' } })]);
    expect(evaluation.reasons).toEqual([
      { code: 'THRESHOLD_NOT_MET', forbids: ['positive'], rule: 'rules.positiveThreshold.stepMeans[0]', step: 3, min: 1, actual: null },
    ]);
  });
});

describe('evaluate: divergence', () => {
  it('flags a criterion whose scores spread by the threshold or more, with the scores', () => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, [
      reviewOf('b', 3, { scores: { '3.1': 1, '4.1': 2 } }),
      reviewOf('a', 3, { scores: { '3.1': 3, '4.1': 3 } }),
    ]);
    expect(evaluation.divergence).toEqual([
      {
        criterion: '3.1',
        min: 1,
        max: 3,
        spread: 2,
        minSpread: 2,
        scores: [
          { reviewerId: 'a', score: 3 },
          { reviewerId: 'b', score: 1 },
        ],
      },
    ]);
  });

  it('ignores n/a when measuring the spread', () => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, [reviewOf('a', 3, { scores: { '3.2': 'n/a' } }), reviewOf('b', 3, { scores: { '3.2': 4 } })]);
    expect(evaluation.divergence).toEqual([]);
  });
});

describe('evaluate: safeguard verdict', () => {
  it('keeps each reviewer’s judgement, the worst, and the lead’s', () => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, [reviewOf('a', 3, { harms: { '1.2': 'unclear' } }), reviewOf('b', 3, { harms: { '1.2': 'risk_mitigated' } })], {
      consolidated: { '1.2': { harm: 'no_risk' } },
    });
    expect(evaluation.safeguards.verdict).toBe('clear');
    expect(evaluation.safeguards.criteria[1]).toEqual({
      criterion: '1.2',
      judgements: [
        { reviewerId: 'a', harm: 'unclear' },
        { reviewerId: 'b', harm: 'risk_mitigated' },
      ],
      worst: 'unclear',
      consolidated: 'no_risk',
      harm: 'no_risk',
    });
  });

  it.each([
    [['no_risk', 'no_risk', 'no_risk'], 'clear'],
    [['no_risk', 'risk_mitigated', 'no_risk'], 'clear'],
    [['unclear', 'no_risk', 'no_risk'], 'unclear'],
    [['unclear', 'risk', 'no_risk'], 'risk'],
    [['no_risk', 'no_risk', undefined], 'unclear'],
  ] as const)('judges %p as %s', (harms, verdict) => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, [reviewOf('a', 3, { harms: { '1.1': harms[0], '1.2': harms[1], '1.3': harms[2] } })]);
    expect(evaluation.safeguards.verdict).toBe(verdict);
  });
});

describe('evaluate: input', () => {
  const invalid: [string, Review[], EvaluateOptions, string, string][] = [
    ['an unknown criterion', [{ reviewerId: 'a', ratings: { '9.9': { score: 2 } } }], {}, 'reviews[0].ratings.9.9', 'UNKNOWN_CRITERION'],
    ['a score off the scale', [{ reviewerId: 'a', ratings: { '2.1': { score: 5 as never } } }], {}, 'reviews[0].ratings.2.1.score', 'SCORE_INVALID'],
    ['a fractional score', [{ reviewerId: 'a', ratings: { '2.1': { score: 2.5 as never } } }], {}, 'reviews[0].ratings.2.1.score', 'SCORE_INVALID'],
    ['a rating without score', [{ reviewerId: 'a', ratings: { '2.1': {} as never } }], {}, 'reviews[0].ratings.2.1.score', 'SCORE_INVALID'],
    ['n/a on 2.2', [{ reviewerId: 'a', ratings: { '2.2': { score: 'n/a' } } }], {}, 'reviews[0].ratings.2.2.score', 'NA_NOT_ALLOWED'],
    ['n/a on a safeguard', [{ reviewerId: 'a', ratings: { '1.1': { score: 'n/a' } } }], {}, 'reviews[0].ratings.1.1.score', 'NA_NOT_ALLOWED'],
    ['a harm judgement off a safeguard', [{ reviewerId: 'a', ratings: { '2.1': { score: 2, harm: 'risk' } } }], {}, 'reviews[0].ratings.2.1.harm', 'HARM_NOT_EXPECTED'],
    ['an unknown harm judgement', [{ reviewerId: 'a', ratings: { '1.1': { score: 2, harm: 'bad' as never } } }], {}, 'reviews[0].ratings.1.1.harm', 'HARM_INVALID'],
    ['two reviews by one reviewer', [reviewOf('a', 3), reviewOf('a', 2)], {}, 'reviews[1].reviewerId', 'DUPLICATE_REVIEWER'],
    ['a blank reviewer id', [reviewOf(' ', 3)], {}, 'reviews[0].reviewerId', 'BLANK_REVIEWER'],
    ['ratings that are not an object', [{ reviewerId: 'a', ratings: null as never }], {}, 'reviews[0].ratings', 'SCORE_INVALID'],
    ['a consolidated n/a where not allowed', [reviewOf('a', 3)], { consolidated: { '4.2': { score: 'n/a' } } }, 'consolidated.4.2.score', 'NA_NOT_ALLOWED'],
    ['a consolidated unknown criterion', [reviewOf('a', 3)], { consolidated: { '5.1': { harm: 'risk' } } }, 'consolidated.5.1', 'UNKNOWN_CRITERION'],
  ];

  it.each(invalid)('refuses %s', (_name, reviews, options, path, code) => {
    expect(evaluationInputIssues(REFERENCE_FRAMEWORK, reviews, options).map((issue) => [issue.path, issue.code])).toEqual([[path, code]]);
    expect(() => evaluate(REFERENCE_FRAMEWORK, reviews, options)).toThrow(InvalidEvaluationInputError);
  });

  it('checks that a review is complete before it is submitted', () => {
    const partial = reviewOf('a', 3, { scores: { '3.3': undefined }, harms: { '1.1': undefined } });
    expect(ratingIssues(REFERENCE_FRAMEWORK, partial.ratings).map((issue) => issue.code)).toEqual([]);
    expect(ratingIssues(REFERENCE_FRAMEWORK, partial.ratings, { requireComplete: true }).map((issue) => [issue.path, issue.code])).toEqual([
      ['ratings.1.1.harm', 'HARM_MISSING'],
      ['ratings.3.3', 'RATING_MISSING'],
    ]);
    expect(ratingIssues(REFERENCE_FRAMEWORK, reviewOf('a', 3).ratings, { requireComplete: true })).toEqual([]);
  });

  it('accepts a consolidated harm without score', () => {
    expect(evaluationInputIssues(REFERENCE_FRAMEWORK, [reviewOf('a', 3)], { consolidated: { '1.1': { harm: 'risk' } } })).toEqual([]);
  });

  it('does not modify its input', () => {
    const reviews = [reviewOf('b', 3), reviewOf('a', 1)];
    const copy = structuredClone(reviews);
    evaluate(REFERENCE_FRAMEWORK, reviews);
    expect(reviews).toEqual(copy);
  });
});
