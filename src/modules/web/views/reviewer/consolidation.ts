import { Evaluation, OUTCOMES } from '@fasp/core';
import { html, raw, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { csrfField, errorSummary, FieldErrors, fieldId, select, textarea } from '../forms';
import { formatDateTime, outcomeLabel, stageLabel } from '../format';
import { page } from '../layout';
import { facts, formatScore, harmWords, ScaleWords, scoreWords } from './shared';

export const FEEDBACK_KEYS = ['strengths', 'weaknesses', 'recommendations'] as const;
export const GENERAL_KEYS = ['summary', 'strengths', 'weaknesses', 'recommendations'] as const;

export interface ConsolidationCriterion {
  code: string;
  name: string;
  step: number;
  safeguard: boolean;
  naAllowed: boolean;
}

/** The lead's consolidation as form strings (saved values, or what was just typed). */
export interface ConsolidationDraft {
  ratings: Record<string, { score?: string; harm?: string }>;
  feedback: Record<string, Partial<Record<(typeof FEEDBACK_KEYS)[number], string>>>;
  general: Partial<Record<(typeof GENERAL_KEYS)[number], string>>;
}

export interface ConsolidationPageData {
  project: { id: string; title: string; faspId: string | null; stage: string; round: number; version: number };
  /** the lead, while the project is in consolidation */
  canEdit: boolean;
  /** an own review seat, for the link back to it */
  ownAssignmentId: string | null;
  reviewsSubmitted: number;
  evaluation: Evaluation;
  minSpread: number;
  steps: Array<{ number: number; name: string }>;
  criteria: ConsolidationCriterion[];
  words: ScaleWords;
  draft: ConsolidationDraft;
  /** why the rules restrict the outcome, as sentences in the reader's language */
  reasons: string[];
  proposedOutcome: string | null;
  proposedAt: string | null;
  releasedOutcome: string | null;
  releasedAt: string | null;
  chartSvg: string;
  errors?: FieldErrors | null;
  proposal?: { outcome?: string; reason?: string };
  proposalErrors?: FieldErrors | null;
  /** the rules' refusal of the proposed outcome (the service's explanation) */
  refusal?: string[] | null;
  stale?: boolean;
}

function anchor(code: string): string {
  return `agg-${code.replace(/[^A-Za-z0-9]/g, '-')}`;
}

function aggregates(context: WebContext, data: ConsolidationPageData): SafeHtml {
  const divergence = new Map(data.evaluation.divergence.map((flag) => [flag.criterion, flag]));
  const byCode = new Map(data.evaluation.criteria.map((aggregate) => [aggregate.code, aggregate]));
  return html`<section aria-labelledby="aggregates-title"><h2 id="aggregates-title">${context.t('reviewer.consolidation.aggregates')}</h2>
<div class="rv-scroll"><table class="rv-aggregates"><thead><tr><th scope="col">${context.t('reviewer.field.criterion')}</th><th scope="col">${context.t('reviewer.consolidation.scores')}</th><th scope="col">${context.t('reviewer.consolidation.median')}</th><th scope="col">${context.t('reviewer.consolidation.mean')}</th><th scope="col">${context.t('reviewer.consolidation.range')}</th><th scope="col">${context.t('reviewer.consolidation.value')}</th><th scope="col">${context.t('reviewer.consolidation.flag')}</th></tr></thead>
<tbody>${data.criteria.map((criterion) => {
  const aggregate = byCode.get(criterion.code);
  const flag = divergence.get(criterion.code);
  const scores = (aggregate?.scores ?? []).map((score) => String(score.score));
  if (aggregate && aggregate.naCount > 0) scores.push(context.t('reviewer.consolidation.naCount', { count: aggregate.naCount }));
  const range = aggregate?.min !== null && aggregate?.min !== undefined ? `${formatScore(context, aggregate.min)}–${formatScore(context, aggregate.max)}` : '—';
  const source = aggregate && aggregate.source !== 'none' ? ` (${context.t(`reviewer.consolidation.source.${aggregate.source}`)})` : '';
  return html`<tr id="${anchor(criterion.code)}"${flag ? html` class="rv-divergent"` : ''}><th scope="row">${criterion.code} ${criterion.name}</th>
<td>${scores.join(', ') || '—'}</td><td>${formatScore(context, aggregate?.median)}</td><td>${formatScore(context, aggregate?.mean)}</td><td>${range}</td>
<td>${formatScore(context, aggregate?.value)}${source}</td>
<td>${flag ? html`<strong class="rv-flag"><span aria-hidden="true">⚠ </span>${context.t('reviewer.consolidation.divergent', { min: formatScore(context, flag.min), max: formatScore(context, flag.max), spread: formatScore(context, flag.spread), limit: formatScore(context, flag.minSpread) })}</strong>` : context.t('reviewer.consolidation.agree')}</td></tr>`;
})}</tbody></table></div></section>`;
}

function safeguards(context: WebContext, data: ConsolidationPageData): SafeHtml {
  const verdict = data.evaluation.safeguards;
  const names = new Map(data.criteria.map((criterion) => [criterion.code, criterion.name]));
  return html`<section aria-labelledby="safeguards-title"><h2 id="safeguards-title">${context.t('reviewer.consolidation.safeguards')}</h2>
<p class="rv-verdict rv-verdict-${verdict.verdict}">${context.t('reviewer.consolidation.verdict', { verdict: context.t(`reviewer.verdict.${verdict.verdict}`) })}</p>
<ul>${verdict.criteria.map(
    (item) =>
      html`<li>${item.criterion} ${names.get(item.criterion) ?? ''}: <strong>${harmWords(data.words, item.harm)}</strong> — ${context.t('reviewer.consolidation.judgements')}: ${item.judgements.map((judgement) => harmWords(data.words, judgement.harm)).join(', ') || '—'}</li>`,
  )}</ul></section>`;
}

function scores(context: WebContext, data: ConsolidationPageData): SafeHtml {
  const byStep = new Map(data.evaluation.steps.map((step) => [step.step, step]));
  return html`<section aria-labelledby="chart-title"><h2 id="chart-title">${context.t('reviewer.consolidation.steps')}</h2>
<div class="two-columns"><figure class="chart">${raw(data.chartSvg)}<figcaption>${context.t('reviewer.consolidation.chart')}</figcaption></figure>
<div><table><thead><tr><th scope="col">${context.t('reviewer.field.step')}</th><th scope="col">${context.t('reviewer.field.score')}</th></tr></thead>
<tbody>${data.steps.map((step) => html`<tr><th scope="row">${step.number}. ${step.name}</th><td>${formatScore(context, byStep.get(step.number)?.score)}</td></tr>`)}</tbody></table>
<p><strong>${context.t('reviewer.consolidation.overall', { value: formatScore(context, data.evaluation.overall) })}</strong></p></div></div></section>`;
}

function consolidationForm(context: WebContext, data: ConsolidationPageData): SafeHtml {
  const byCode = new Map(data.evaluation.criteria.map((aggregate) => [aggregate.code, aggregate]));
  const worst = new Map(data.evaluation.safeguards.criteria.map((item) => [item.criterion, item.worst]));
  const scoreChoices = (criterion: ConsolidationCriterion) => [
    { value: '', label: context.t('reviewer.consolidation.useMedian', { value: formatScore(context, byCode.get(criterion.code)?.median) }) },
    ...data.words.scale.map((level) => ({ value: String(level.score), label: `${level.score} — ${level.label}` })),
    ...(criterion.naAllowed ? [{ value: 'n/a', label: data.words.notApplicableLabel }] : []),
  ];
  return html`<section aria-labelledby="form-title"><h2 id="form-title">${context.t('reviewer.consolidation.form')}</h2>
<p>${context.t('reviewer.consolidation.formIntro')}</p>
${errorSummary(context, data.errors)}
<form method="post" action="/projects/${data.project.id}/consolidation" novalidate>${csrfField(context)}
${data.criteria.map((criterion) => {
  const rating = data.draft.ratings[criterion.code] ?? {};
  const feedback = data.draft.feedback[criterion.code] ?? {};
  return html`<fieldset class="criterion"><legend>${criterion.code} ${criterion.name}</legend>
<div class="rv-grid">${select({ label: context.t('reviewer.consolidation.score', { code: criterion.code }), name: `ratings.${criterion.code}.score`, value: rating.score ?? '', choices: scoreChoices(criterion), errors: data.errors })}
${when(criterion.safeguard, () =>
  select({
    label: context.t('reviewer.consolidation.harm', { code: criterion.code }),
    name: `ratings.${criterion.code}.harm`,
    value: rating.harm ?? '',
    choices: [{ value: '', label: context.t('reviewer.consolidation.useWorst', { value: harmWords(data.words, worst.get(criterion.code)) }) }, ...data.words.harmLevels.map((level) => ({ value: level.judgement, label: level.label }))],
    errors: data.errors,
  }),
)}</div>
<div class="rv-grid">${FEEDBACK_KEYS.map((key) => textarea({ label: context.t('reviewer.feedback.for', { label: context.t(`reviewer.feedback.${key}`), code: criterion.code }), name: `feedback.${criterion.code}.${key}`, value: feedback[key] ?? '', rows: 2, errors: data.errors, attributes: html` maxlength="20000"` }))}</div>
</fieldset>`;
})}
<fieldset><legend>${context.t('reviewer.consolidation.general')}</legend>
<div class="rv-grid rv-grid-2">${GENERAL_KEYS.map((key) => textarea({ label: context.t(`reviewer.feedback.${key}`), name: `general.${key}`, value: data.draft.general[key] ?? '', rows: 3, errors: data.errors, attributes: html` maxlength="20000"` }))}</div>
</fieldset>
<div class="actions"><button type="submit">${context.t('reviewer.consolidation.save')}</button></div></form></section>`;
}

function outcome(context: WebContext, data: ConsolidationPageData): SafeHtml {
  const allowed = data.evaluation.allowedOutcomes;
  const chosen = data.proposal?.outcome ?? data.proposedOutcome ?? undefined;
  const outcomeErrors = data.proposalErrors?.outcome;
  return html`<section aria-labelledby="outcome-title"><h2 id="outcome-title">${context.t('reviewer.outcome.title')}</h2>
${when(data.proposedOutcome, () => html`<p class="flash">${context.t('reviewer.outcome.current', { outcome: outcomeLabel(context, data.proposedOutcome ?? ''), date: formatDateTime(context, data.proposedAt) })}</p>`)}
${when(data.releasedOutcome, () => html`<p class="flash">${context.t('reviewer.consolidation.released', { outcome: outcomeLabel(context, data.releasedOutcome ?? ''), date: formatDateTime(context, data.releasedAt) })}</p>`)}
<p>${allowed.length > 0 ? context.t('reviewer.outcome.allowed', { outcomes: allowed.map((item) => outcomeLabel(context, item)).join(', ') }) : context.t('reviewer.outcome.noneAllowed')}</p>
${when(data.reasons.length > 0, () => html`<p>${context.t('reviewer.outcome.why')}</p><ul class="rv-reasons">${data.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>`)}
${when(data.refusal && data.refusal.length > 0, () => html`<div class="error-summary" id="outcome-refusal" role="alert" tabindex="-1"><p>${context.t('reviewer.outcome.refused')}</p><ul>${(data.refusal ?? []).map((sentence) => html`<li>${sentence}</li>`)}</ul></div>`)}
${when(data.stale, () => html`<p class="error-summary" role="alert">${context.t('reviewer.outcome.stale')}</p>`)}
${when(
  data.canEdit,
  () => html`<form method="post" action="/projects/${data.project.id}/consolidation/propose" novalidate>${csrfField(context)}<input type="hidden" name="expectedVersion" value="${data.project.version}">
<fieldset class="scale rv-outcome${outcomeErrors ? ' invalid' : ''}" id="${fieldId('outcome')}"><legend>${context.t('reviewer.outcome.choice')}</legend>
${when(outcomeErrors, () => html`<p class="error">${(outcomeErrors ?? []).join(' ')}</p>`)}
<div class="rv-choices">${OUTCOMES.map(
    (item) =>
      html`<label for="outcome-${item}"><input type="radio" id="outcome-${item}" name="outcome" value="${item}"${item === chosen ? html` checked` : ''}> ${outcomeLabel(context, item)}${allowed.includes(item) ? '' : html` <span class="muted">(${context.t('reviewer.outcome.notAllowed')})</span>`}</label>`,
  )}</div></fieldset>
${textarea({ label: context.t('reviewer.outcome.reason'), name: 'reason', value: data.proposal?.reason ?? '', rows: 3, errors: data.proposalErrors, attributes: html` maxlength="5000"` })}
<div class="actions"><button type="submit">${context.t('reviewer.outcome.submit')}</button></div></form>`,
)}</section>`;
}

/**
 * The lead's consolidation: aggregates per criterion with divergence marked in words (not only
 * by colour), the step scores as a chart and a table, the safeguard verdict, the consolidated
 * ratings and formative feedback, and the outcome proposed within what the rules allow.
 */
export function consolidationPage(context: WebContext, data: ConsolidationPageData): SafeHtml {
  const title = context.t('reviewer.consolidation.title', { title: data.project.title });
  const divergence = data.evaluation.divergence;
  const main = html`<h1>${title}</h1>
${facts([
  [context.t('reviewer.field.faspId'), data.project.faspId ?? '—'],
  [context.t('reviewer.field.stage'), stageLabel(context, data.project.stage)],
  [context.t('reviewer.field.round'), String(data.project.round)],
  [context.t('reviewer.field.reviewsSubmitted'), String(data.reviewsSubmitted)],
])}
<p>${context.t('reviewer.consolidation.intro')} <a href="/projects/${data.project.id}/reviews">${context.t('reviewer.consolidation.readReviews')}</a>${data.ownAssignmentId ? html` · <a href="/assignments/${data.ownAssignmentId}/review">${context.t('reviewer.reviews.back')}</a>` : ''}</p>
${
  divergence.length > 0
    ? html`<div class="rv-divergence" role="note"><p><strong><span aria-hidden="true">⚠ </span>${context.t('reviewer.consolidation.divergence', { codes: divergence.map((flag) => flag.criterion).join(', ') })}</strong></p>
<ul>${divergence.map((flag) => html`<li><a href="#${anchor(flag.criterion)}">${flag.criterion}</a>: ${context.t('reviewer.consolidation.divergent', { min: formatScore(context, flag.min), max: formatScore(context, flag.max), spread: formatScore(context, flag.spread), limit: formatScore(context, flag.minSpread) })}</li>`)}</ul></div>`
    : html`<p>${context.t('reviewer.consolidation.noDivergence')}</p>`
}
${scores(context, data)}
${aggregates(context, data)}
${safeguards(context, data)}
${data.canEdit ? consolidationForm(context, data) : html`<p class="notice">${context.t('reviewer.consolidation.readOnly')}</p>${readOnlyConsolidation(context, data)}`}
${outcome(context, data)}`;
  return page(context, title, main, { wide: true });
}

function readOnlyConsolidation(context: WebContext, data: ConsolidationPageData): SafeHtml {
  const written = data.criteria.filter((criterion) => Object.values(data.draft.feedback[criterion.code] ?? {}).some(Boolean) || data.draft.ratings[criterion.code]);
  if (written.length === 0 && !Object.values(data.draft.general).some(Boolean)) return html``;
  return html`<section aria-labelledby="written-title"><h2 id="written-title">${context.t('reviewer.consolidation.form')}</h2>
${written.map((criterion) => {
  const rating = data.draft.ratings[criterion.code] ?? {};
  const feedback = data.draft.feedback[criterion.code] ?? {};
  return html`<h3>${criterion.code} ${criterion.name}</h3><dl class="rv-answers">
${when(rating.score, () => html`<dt>${context.t('reviewer.consolidation.score', { code: criterion.code })}</dt><dd>${scoreWords(context, data.words, rating.score === 'n/a' ? 'n/a' : Number(rating.score))}</dd>`)}
${when(rating.harm, () => html`<dt>${context.t('reviewer.consolidation.harm', { code: criterion.code })}</dt><dd>${harmWords(data.words, rating.harm)}</dd>`)}
${FEEDBACK_KEYS.filter((key) => feedback[key]).map((key) => html`<dt>${context.t(`reviewer.feedback.${key}`)}</dt><dd class="rv-written">${feedback[key]}</dd>`)}</dl>`;
})}
<h3>${context.t('reviewer.consolidation.general')}</h3><dl class="rv-answers">${GENERAL_KEYS.filter((key) => data.draft.general[key]).map((key) => html`<dt>${context.t(`reviewer.feedback.${key}`)}</dt><dd class="rv-written">${data.draft.general[key]}</dd>`)}</dl></section>`;
}
