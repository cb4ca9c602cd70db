import { criteriaOf, CriteriaFramework, evaluate, EvaluateOptions, Evaluation, ratingIssues, Review as EvaluatedReview } from '@fasp/core';
import { DomainException } from '../../platform/errors/domain-exception';
import { Consolidation } from './entities/consolidation.entity';
import { Review, ReviewRating } from './entities/review.entity';

const TEXT_LIMIT = 20000;
const RATING_KEYS = new Set(['score', 'harm', 'comment', 'recommendation']);

function badRequest(fields: Array<{ field: string; message: string }>): DomainException {
  return new DomainException('VALIDATION_FAILED', `Invalid input: ${fields.map((f) => f.field).join(', ')}`, {
    fields: fields.map(({ field, message }) => ({ field, rules: ['rating'], messages: [message] })),
  });
}

/**
 * Merges submitted ratings into the saved ones, checking them against the framework: known
 * criterion codes, scores 0-4 (n/a only where allowed), harm judgements on safeguards only,
 * texts of reasonable length. A null clears a value. 400 with the field paths otherwise.
 */
export function mergeRatings(framework: CriteriaFramework, current: Readonly<Record<string, ReviewRating>>, changes: Record<string, unknown>): Record<string, ReviewRating> {
  const problems: Array<{ field: string; message: string }> = [];
  const next: Record<string, ReviewRating> = { ...current };
  const codes = new Set(criteriaOf(framework).map((criterion) => criterion.code));
  for (const [code, raw] of Object.entries(changes)) {
    const path = `ratings.${code}`;
    if (!codes.has(code)) {
      problems.push({ field: path, message: `criterion ${code} is not in this call's framework` });
      continue;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push({ field: path, message: 'must be an object { score, harm, comment, recommendation }' });
      continue;
    }
    const rating = { ...(next[code] ?? {}) };
    for (const [key, value] of Object.entries(raw)) {
      if (!RATING_KEYS.has(key)) {
        problems.push({ field: `${path}.${key}`, message: `unknown field ${key}` });
      } else if ((key === 'comment' || key === 'recommendation') && value !== null && (typeof value !== 'string' || value.length > TEXT_LIMIT)) {
        problems.push({ field: `${path}.${key}`, message: `${key} must be a text of at most ${TEXT_LIMIT} characters` });
      } else {
        (rating as Record<string, unknown>)[key] = value;
      }
    }
    next[code] = rating;
  }
  const scored: Record<string, { score?: unknown; harm?: unknown }> = {};
  for (const [code, rating] of Object.entries(next)) {
    const entry: { score?: unknown; harm?: unknown } = {};
    if (rating.score !== undefined && rating.score !== null) entry.score = rating.score;
    if (rating.harm !== undefined && rating.harm !== null) entry.harm = rating.harm;
    scored[code] = entry;
  }
  for (const issue of ratingIssues(framework, scored as Parameters<typeof ratingIssues>[1], { scoreOptional: true })) {
    problems.push({ field: issue.path, message: issue.message });
  }
  if (problems.length > 0) throw badRequest(problems);
  return next;
}

/** What is missing before a review can be submitted (empty when complete). */
export function reviewGaps(framework: CriteriaFramework, review: Pick<Review, 'ratings' | 'overallRecommendation'>): Array<{ path: string; message: string }> {
  const gaps = ratingIssues(framework, toScores(review.ratings), { requireComplete: true }).map(({ path, message }) => ({ path, message }));
  if (!review.overallRecommendation) gaps.push({ path: 'overallRecommendation', message: 'an overall recommendation is required' });
  return gaps;
}

function toScores(ratings: Readonly<Record<string, ReviewRating>>): Record<string, { score: never; harm?: never }> {
  const result: Record<string, { score: never; harm?: never }> = {};
  for (const [code, rating] of Object.entries(ratings)) {
    if (rating.score === undefined || rating.score === null) continue;
    result[code] = { score: rating.score as never, ...(rating.harm ? { harm: rating.harm as never } : {}) };
  }
  return result;
}

/** The round's evaluation from its submitted reviews and the lead's consolidated ratings. */
export function evaluateRound(framework: CriteriaFramework, reviews: readonly Review[], consolidation: Consolidation | null, lastRound: boolean): Evaluation {
  const evaluated: EvaluatedReview[] = reviews
    .filter((review) => review.status === 'submitted')
    .map((review) => ({ reviewerId: review.reviewerId, ratings: toScores(review.ratings) }));
  return evaluate(framework, evaluated, {
    consolidated: (consolidation?.ratings ?? {}) as EvaluateOptions['consolidated'],
    lastRound,
  });
}
