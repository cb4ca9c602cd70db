import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { formatDateTime, outcomeLabel } from '../format';
import { page } from '../layout';
import { harmWords, paragraphs, ScaleWords, scoreWords } from './shared';

export interface CriterionWords {
  code: string;
  name: string;
  safeguard: boolean;
}

export interface ReviewView {
  assignmentId: string;
  reviewerName?: string;
  status: string;
  submittedAt: string | null;
  late: boolean;
  ratings: Record<string, { score?: number | 'n/a' | null; harm?: string | null; comment?: string | null; recommendation?: string | null }>;
  overallRecommendation: string | null;
  overallComment: string | null;
  confidentialNotes?: string | null;
}

export interface ReviewsPageData {
  project: { id: string; title: string; faspId: string | null; round: number };
  /** the reader's own seat on the project, to mark their review */
  ownAssignmentId: string | null;
  reviews: ReviewView[];
  criteria: CriterionWords[];
  words: ScaleWords;
}

function author(context: WebContext, data: ReviewsPageData, review: ReviewView): string {
  return review.assignmentId === data.ownAssignmentId ? context.t('reviewer.reviews.yours') : context.t('reviewer.reviews.by', { name: review.reviewerName ?? '—' });
}

function shortScore(data: ReviewsPageData, criterion: CriterionWords, review: ReviewView): string {
  const rating = review.ratings[criterion.code];
  const score = rating?.score;
  const value = score === 'n/a' ? data.words.notApplicableLabel : typeof score === 'number' ? String(score) : '—';
  return criterion.safeguard && rating?.harm ? `${value} · ${harmWords(data.words, rating.harm)}` : value;
}

function reviewSection(context: WebContext, data: ReviewsPageData, review: ReviewView, index: number): SafeHtml {
  const id = `review-${index + 1}`;
  return html`<section class="rv-review" aria-labelledby="${id}"><h2 id="${id}">${author(context, data, review)}</h2>
<p class="muted">${review.status === 'submitted' ? context.t('reviewer.reviews.submittedOn', { date: formatDateTime(context, review.submittedAt) }) : context.t('reviewer.reviews.draft')}${review.late ? html` (${context.t('reviewer.review.late')})` : ''}</p>
<dl class="rv-answers"><dt>${context.t('reviewer.review.overallRecommendation')}</dt><dd>${review.overallRecommendation ? outcomeLabel(context, review.overallRecommendation) : '—'}</dd>
<dt>${context.t('reviewer.review.overallComment')}</dt><dd>${review.overallComment ? paragraphs(review.overallComment) : '—'}</dd>
${when(review.confidentialNotes, () => html`<dt>${context.t('reviewer.review.confidential')}</dt><dd>${paragraphs(review.confidentialNotes)}</dd>`)}</dl>
<div class="rv-scroll"><table><caption class="visually-hidden">${author(context, data, review)}</caption><thead><tr><th scope="col">${context.t('reviewer.field.criterion')}</th><th scope="col">${context.t('reviewer.field.score')}</th><th scope="col">${context.t('reviewer.field.comment')}</th><th scope="col">${context.t('reviewer.field.recommendation')}</th></tr></thead><tbody>
${data.criteria.map((criterion) => {
  const rating = review.ratings[criterion.code] ?? {};
  return html`<tr><th scope="row">${criterion.code} ${criterion.name}</th><td>${scoreWords(context, data.words, rating.score ?? undefined)}${criterion.safeguard ? html`<br>${context.t('reviewer.field.harm')}: ${harmWords(data.words, rating.harm)}` : ''}</td><td>${rating.comment ? paragraphs(rating.comment) : '—'}</td><td>${rating.recommendation ? paragraphs(rating.recommendation) : '—'}</td></tr>`;
})}
</tbody></table></div></section>`;
}

/** The reviews a reviewer may read once their own is submitted (the service decides which, and whose names). */
export function reviewsPage(context: WebContext, data: ReviewsPageData): SafeHtml {
  const title = context.t('reviewer.reviews.title', { title: data.project.title });
  const main = html`<h1>${title}</h1>
<p>${context.t('reviewer.reviews.intro', { round: data.project.round })}</p>
${when(data.ownAssignmentId, () => html`<p><a href="/assignments/${data.ownAssignmentId}/review">${context.t('reviewer.reviews.back')}</a></p>`)}
${
  data.reviews.length === 0
    ? html`<p class="muted">${context.t('reviewer.reviews.none')}</p>`
    : html`<section aria-labelledby="matrix-title"><h2 id="matrix-title">${context.t('reviewer.reviews.matrix')}</h2>
<div class="rv-scroll"><table class="rv-matrix"><thead><tr><th scope="col">${context.t('reviewer.field.criterion')}</th>${data.reviews.map((review) => html`<th scope="col">${author(context, data, review)}</th>`)}</tr></thead>
<tbody>${data.criteria.map((criterion) => html`<tr><th scope="row">${criterion.code} ${criterion.name}</th>${data.reviews.map((review) => html`<td>${shortScore(data, criterion, review)}</td>`)}</tr>`)}</tbody></table></div></section>
${data.reviews.map((review, index) => reviewSection(context, data, review, index))}`
}`;
  return page(context, title, main, { wide: true });
}

/** Before the reader's own review is submitted: why the others stay closed (403). */
export function reviewsClosedPage(context: WebContext, project: { title: string }, ownAssignmentId: string | null): SafeHtml {
  const title = context.t('reviewer.reviews.title', { title: project.title });
  const main = html`<h1>${title}</h1><p class="notice">${context.t('reviewer.reviews.notYet')}</p>
${when(ownAssignmentId, () => html`<p><a href="/assignments/${ownAssignmentId}/review">${context.t('reviewer.reviews.back')}</a></p>`)}`;
  return page(context, title, main);
}
