import { CriteriaFramework, Language, safeguardCriteria } from '@fasp/core';
import type { ReviewRating } from './entities/review.entity';

export interface ReviewFormCriterion {
  code: string;
  name: string;
  /** the two questions reviewers answer */
  guidance: { harm: string; contribute: string };
  indicators: Array<{ code: string; name: string; method: string; metric: string }>;
  naAllowed: boolean;
  /** a safeguard: asks for a harm judgement too */
  safeguard: boolean;
  /** what the holder wrote for this criterion */
  statement: string | null;
  /** the reviewer's current answer */
  rating: ReviewRating;
  /** the reviewer's answer in the previous round, when this is a re-review */
  previous: ReviewRating | null;
}

export interface ReviewForm {
  language: Language;
  steps: Array<{ number: number; type: string; name: string; criteria: ReviewFormCriterion[] }>;
  scale: Array<{ score: number; label: string }>;
  notApplicableLabel: string;
  harmLevels: Array<{ judgement: string; label: string }>;
  /** criteria rated so far, of how many */
  progress: { rated: number; total: number };
}

/**
 * The review form of a round, built from the call's framework version in the reviewer's
 * language: for each criterion its guidance, indicators, the holder's statement, the rating
 * buttons (0-4, n/a where allowed), the harm judgement on safeguards, and what the reviewer
 * already wrote (now and, on a re-review, in the previous round).
 */
export function buildReviewForm(input: {
  framework: CriteriaFramework;
  language: Language;
  statements: Readonly<Record<string, string>>;
  ratings: Readonly<Record<string, ReviewRating>>;
  previous?: Readonly<Record<string, ReviewRating>> | null;
}): ReviewForm {
  const { framework, language } = input;
  const safeguards = new Set(safeguardCriteria(framework).map((criterion) => criterion.code));
  let rated = 0;
  let total = 0;
  const steps = framework.steps.map((step) => ({
    number: step.number,
    type: step.type,
    name: step.names[language],
    criteria: step.criteria.map((criterion): ReviewFormCriterion => {
      const rating = input.ratings[criterion.code] ?? {};
      const safeguard = safeguards.has(criterion.code);
      total += 1;
      const hasScore = rating.score !== undefined && rating.score !== null;
      if (hasScore && (!safeguard || (rating.harm !== undefined && rating.harm !== null))) rated += 1;
      return {
        code: criterion.code,
        name: criterion.names[language],
        guidance: { harm: criterion.guidance.harm[language], contribute: criterion.guidance.contribute[language] },
        indicators: criterion.indicators.map((indicator) => ({
          code: indicator.code,
          name: indicator.name[language],
          method: indicator.method[language],
          metric: indicator.metric,
        })),
        naAllowed: criterion.naAllowed,
        safeguard,
        statement: input.statements[criterion.code] ?? null,
        rating,
        previous: input.previous?.[criterion.code] ?? null,
      };
    }),
  }));
  return {
    language,
    steps,
    scale: framework.scale.levels.map((level) => ({ score: level.score, label: level.labels[language] })),
    notApplicableLabel: framework.scale.notApplicable[language],
    harmLevels: framework.scale.harm.map((level) => ({ judgement: level.judgement, label: level.labels[language] })),
    progress: { rated, total },
  };
}
