// Builders shared by the specs of this library (not part of its public API).
import { type Review, type Rating } from './evaluate';
import {
  AGGREGATION,
  criteriaOf,
  type CriteriaFramework,
  type HarmJudgement,
  type RatingScore,
} from './framework';
import { REFERENCE_FRAMEWORK } from './reference-framework';
import { type LocalizedText } from './vocabulary';

export type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;

/** An unfrozen copy of the reference framework that a test may edit. */
export function editableReference(): DeepMutable<CriteriaFramework> {
  return structuredClone(REFERENCE_FRAMEWORK) as DeepMutable<CriteriaFramework>;
}

const text = (label: string): LocalizedText => ({ en: label, fr: `${label} (fr)`, es: `${label} (es)` });

/**
 * A small valid framework: a safeguard step (1.1), a direct step (2.1, 2.2; 2.1 allows n/a) and
 * an indirect step whose only criterion allows n/a (3.1), so a step can be left without score.
 */
export function smallFramework(overrides: { minSpread?: number; weights?: [number, number, number] } = {}): CriteriaFramework {
  const [w1, w2, w3] = overrides.weights ?? [1, 2, 1];
  const criterion = (code: string, naAllowed: boolean) => ({
    code,
    step: Number(code.split('.')[0]),
    names: text(`Criterion ${code}`),
    sdgs: [15],
    guidance: { harm: text(`Harm ${code}?`), contribute: text(`Contribute ${code}?`) },
    indicators: [{ code: `${code}.1`, name: text(`Indicator ${code}.1`), method: text('Method'), metric: '%' }],
    naAllowed,
    status: 'provisional' as const,
  });
  return {
    key: 'small',
    version: 1,
    names: text('Small framework'),
    steps: [
      { number: 1, type: 'safeguards', weight: w1, names: text('Safeguards'), criteria: [criterion('1.1', false)] },
      { number: 2, type: 'direct', weight: w2, names: text('Direct'), criteria: [criterion('2.1', true), criterion('2.2', false)] },
      { number: 3, type: 'indirect', weight: w3, names: text('Indirect'), criteria: [criterion('3.1', true)] },
    ],
    scale: REFERENCE_FRAMEWORK.scale,
    rules: {
      safeguardGate: { step: 1 },
      positiveThreshold: { stepMeans: [{ step: 2, min: 2.5 }], criterionMinimums: [{ code: '2.2', min: 2 }], noZeroInSteps: [2] },
      divergence: { minSpread: overrides.minSpread ?? 2 },
      aggregation: AGGREGATION,
    },
  };
}

/**
 * A complete review: `score` on every criterion unless `scores` says otherwise (a code mapped
 * to `undefined` is left unrated), and `harm` on every safeguard unless `harms` says otherwise.
 */
export function reviewOf(
  reviewerId: string,
  score: RatingScore,
  options: {
    framework?: CriteriaFramework;
    scores?: Readonly<Record<string, RatingScore | undefined>>;
    harm?: HarmJudgement;
    harms?: Readonly<Record<string, HarmJudgement | undefined>>;
  } = {},
): Review {
  const framework = options.framework ?? REFERENCE_FRAMEWORK;
  const gate = framework.rules.safeguardGate.step;
  const ratings: Record<string, Rating> = {};
  for (const criterion of criteriaOf(framework)) {
    const chosen = options.scores && criterion.code in options.scores ? options.scores[criterion.code] : score;
    if (chosen === undefined) continue;
    if (criterion.step === gate) {
      const harm = options.harms && criterion.code in options.harms ? options.harms[criterion.code] : (options.harm ?? 'no_risk');
      ratings[criterion.code] = harm === undefined ? { score: chosen } : { score: chosen, harm };
    } else {
      ratings[criterion.code] = { score: chosen };
    }
  }
  return { reviewerId, ratings };
}
