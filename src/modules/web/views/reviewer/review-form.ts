import { OUTCOMES } from '@fasp/core';
import type { ReviewForm, ReviewFormCriterion } from '../../../reviews/review-form';
import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { csrfField, errorSummary, FieldErrors, fieldId } from '../forms';
import { formatDateTime, outcomeLabel } from '../format';
import { page } from '../layout';
import { facts, harmWords, languageName, paragraphs, scoreWords } from './shared';

/** What the reviewer has typed (or saved), as form strings: the form is re-rendered from it after a refusal. */
export interface ReviewDraft {
  ratings: Record<string, { score?: string; harm?: string; comment?: string; recommendation?: string }>;
  overallRecommendation?: string;
  overallComment?: string;
  confidentialNotes?: string;
}

export interface ReviewGap {
  path: string;
  message: string;
}

export interface ReviewPageData {
  assignmentId: string;
  role: 'lead' | 'member';
  project: { id: string; faspId: string | null; title: string; language: string; round: number; stage: string; reviewDeadline: string | null };
  review: { status: string; submittedAt: string | null; late: boolean };
  form: ReviewForm;
  diff: { changes: Array<{ path: string; kind: string }> } | null;
  draft: ReviewDraft;
  errors?: FieldErrors | null;
  gaps?: ReviewGap[] | null;
}

const TEXT_LIMIT = 20000;

export function ratingName(code: string, key: 'score' | 'harm' | 'comment' | 'recommendation'): string {
  return `ratings.${code}.${key}`;
}

function radioId(name: string, value: string): string {
  return `${fieldId(name)}-${value === 'n/a' ? 'na' : value.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function fieldError(errors: FieldErrors | null | undefined, name: string): SafeHtml | '' {
  const messages = errors?.[name];
  return when(messages, () => html`<p class="error" id="${fieldId(name)}-error">${(messages ?? []).join(' ')}</p>`);
}

/** A group of radio buttons: a fieldset with its legend, each choice a large label around its input. */
function radios(options: { legend: string; name: string; choices: Array<{ value: string; label: string }>; checked: string | undefined; errors?: FieldErrors | null; className?: string }): SafeHtml {
  const invalid = !!options.errors?.[options.name];
  return html`<fieldset class="${options.className ?? 'scale'}${invalid ? ' invalid' : ''}" id="${fieldId(options.name)}" tabindex="-1"><legend>${options.legend}</legend>
${fieldError(options.errors, options.name)}
<div class="rv-choices">${options.choices.map(
    (choice) =>
      html`<label for="${radioId(options.name, choice.value)}"><input type="radio" id="${radioId(options.name, choice.value)}" name="${options.name}" value="${choice.value}"${choice.value === options.checked ? html` checked` : ''}> ${choice.label}</label>`,
  )}</div></fieldset>`;
}

function textBox(options: { label: string; name: string; value: string | undefined; hint?: string; rows?: number; errors?: FieldErrors | null }): SafeHtml {
  const id = fieldId(options.name);
  const invalid = !!options.errors?.[options.name];
  const describedBy = [options.hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(' ');
  return html`<div class="field${invalid ? ' invalid' : ''}"><label for="${id}">${options.label}</label>
${when(options.hint, () => html`<p class="hint" id="${id}-hint">${options.hint}</p>`)}
${fieldError(options.errors, options.name)}
<textarea id="${id}" name="${options.name}" rows="${options.rows ?? 3}" maxlength="${TEXT_LIMIT}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${invalid ? html` aria-invalid="true"` : ''}>${options.value ?? ''}</textarea></div>`;
}

function guidance(context: WebContext, criterion: ReviewFormCriterion, projectLanguage: string): SafeHtml {
  return html`<div class="two-columns">
<div><h4>${context.t('reviewer.review.guidance')}</h4>
<dl class="rv-guidance"><dt>${context.t('reviewer.review.harmQuestion')}</dt><dd>${criterion.guidance.harm}</dd><dt>${context.t('reviewer.review.contributeQuestion')}</dt><dd>${criterion.guidance.contribute}</dd></dl>
${when(criterion.indicators.length > 0, () => html`<h4>${context.t('reviewer.review.indicators')}</h4><ul class="rv-indicators">${criterion.indicators.map((indicator) => html`<li>${indicator.name} <span class="muted">(${indicator.method} → ${indicator.metric})</span></li>`)}</ul>`)}
</div>
<div class="rv-statement"><h4>${context.t('reviewer.review.statement')}</h4>
${criterion.statement ? html`<blockquote lang="${projectLanguage}">${paragraphs(criterion.statement)}</blockquote>` : html`<p class="muted">${context.t('reviewer.review.noStatement')}</p>`}
</div></div>`;
}

function previousRound(context: WebContext, data: ReviewPageData, criterion: ReviewFormCriterion): SafeHtml | '' {
  if (!criterion.previous) return '';
  const value = [scoreWords(context, data.form, criterion.previous.score), criterion.safeguard && criterion.previous.harm ? harmWords(data.form, criterion.previous.harm) : null].filter(Boolean).join(' · ');
  return html`<p class="hint">${context.t('reviewer.review.previous', { value })}</p>`;
}

function editableCriterion(context: WebContext, data: ReviewPageData, criterion: ReviewFormCriterion): SafeHtml {
  const draft = data.draft.ratings[criterion.code] ?? {};
  const anchor = `c-${criterion.code.replace(/[^A-Za-z0-9]/g, '-')}`;
  const choices = data.form.scale.map((level) => ({ value: String(level.score), label: `${level.score} — ${level.label}` }));
  if (criterion.naAllowed) choices.push({ value: 'n/a', label: data.form.notApplicableLabel });
  return html`<section class="criterion" id="${anchor}" aria-labelledby="${anchor}-title">
<h3 id="${anchor}-title">${criterion.code} ${criterion.name}</h3>
${guidance(context, criterion, data.project.language)}
${previousRound(context, data, criterion)}
${radios({ legend: context.t('reviewer.review.rating', { code: criterion.code }), name: ratingName(criterion.code, 'score'), choices, checked: draft.score, errors: data.errors })}
${when(criterion.safeguard, () =>
  radios({
    legend: context.t('reviewer.review.harm', { code: criterion.code }),
    name: ratingName(criterion.code, 'harm'),
    choices: data.form.harmLevels.map((level) => ({ value: level.judgement, label: level.label })),
    checked: draft.harm,
    errors: data.errors,
    className: 'scale rv-harm',
  }),
)}
${textBox({ label: context.t('reviewer.field.comment'), name: ratingName(criterion.code, 'comment'), value: draft.comment, errors: data.errors })}
${textBox({ label: context.t('reviewer.field.recommendation'), name: ratingName(criterion.code, 'recommendation'), value: draft.recommendation, hint: context.t('reviewer.review.recommendationHint'), errors: data.errors })}
</section>`;
}

function readOnlyCriterion(context: WebContext, data: ReviewPageData, criterion: ReviewFormCriterion): SafeHtml {
  const draft = data.draft.ratings[criterion.code] ?? {};
  const score = draft.score === undefined ? undefined : draft.score === 'n/a' ? 'n/a' : Number(draft.score);
  const anchor = `c-${criterion.code.replace(/[^A-Za-z0-9]/g, '-')}`;
  return html`<section class="criterion" id="${anchor}" aria-labelledby="${anchor}-title">
<h3 id="${anchor}-title">${criterion.code} ${criterion.name}</h3>
${guidance(context, criterion, data.project.language)}
<dl class="rv-answers"><dt>${context.t('reviewer.field.score')}</dt><dd>${scoreWords(context, data.form, score)}</dd>
${when(criterion.safeguard, () => html`<dt>${context.t('reviewer.field.harm')}</dt><dd>${harmWords(data.form, draft.harm)}</dd>`)}
<dt>${context.t('reviewer.field.comment')}</dt><dd>${draft.comment ? paragraphs(draft.comment) : '—'}</dd>
<dt>${context.t('reviewer.field.recommendation')}</dt><dd>${draft.recommendation ? paragraphs(draft.recommendation) : '—'}</dd></dl>
</section>`;
}

/** "n of m criteria rated" with a progress bar; re-sent by the autosave to stay current. */
export function progressBox(context: WebContext, progress: { rated: number; total: number }, outOfBand = false): SafeHtml {
  return html`<div id="review-progress" class="rv-progress"${outOfBand ? html` hx-swap-oob="true"` : ''}><p id="review-progress-text"><span class="visually-hidden">${context.t('reviewer.review.progressLabel')}: </span>${context.t('reviewer.review.progress', progress)}</p>
<progress value="${progress.rated}" max="${progress.total}" aria-labelledby="review-progress-text"></progress></div>`;
}

function gapList(context: WebContext, data: ReviewPageData): SafeHtml | '' {
  if (!data.gaps || data.gaps.length === 0) return '';
  const criteria = new Map(data.form.steps.flatMap((step) => step.criteria).map((criterion) => [criterion.code, criterion]));
  const items = data.gaps.map((gap) => {
    if (gap.path === 'overallRecommendation') return { href: `#${fieldId('overallRecommendation')}`, text: context.t('reviewer.gap.overall') };
    const harm = gap.path.endsWith('.harm');
    const code = gap.path.replace(/^ratings\./, '').replace(/\.(harm|score)$/, '');
    const name = criteria.get(code)?.name ?? '';
    return {
      href: `#${fieldId(ratingName(code, harm ? 'harm' : 'score'))}`,
      text: context.t(harm ? 'reviewer.gap.harm' : 'reviewer.gap.rating', { code, name }),
    };
  });
  return html`<div class="error-summary" id="review-gaps" role="alert" tabindex="-1"><p>${context.t('reviewer.review.incomplete')}</p><ul>${items.map((item) => html`<li><a href="${item.href}">${item.text}</a></li>`)}</ul></div>`;
}

function overall(context: WebContext, data: ReviewPageData, editable: boolean): SafeHtml {
  if (!editable) {
    return html`<section aria-labelledby="overall-title"><h2 id="overall-title">${context.t('reviewer.review.overall')}</h2>
<dl class="rv-answers"><dt>${context.t('reviewer.review.overallRecommendation')}</dt><dd>${data.draft.overallRecommendation ? outcomeLabel(context, data.draft.overallRecommendation) : '—'}</dd>
<dt>${context.t('reviewer.review.overallComment')}</dt><dd>${data.draft.overallComment ? paragraphs(data.draft.overallComment) : '—'}</dd>
<dt>${context.t('reviewer.review.confidential')}</dt><dd>${data.draft.confidentialNotes ? paragraphs(data.draft.confidentialNotes) : '—'}</dd></dl></section>`;
  }
  return html`<section aria-labelledby="overall-title"><h2 id="overall-title">${context.t('reviewer.review.overall')}</h2>
${radios({
  legend: context.t('reviewer.review.overallRecommendation'),
  name: 'overallRecommendation',
  choices: OUTCOMES.map((outcome) => ({ value: outcome, label: outcomeLabel(context, outcome) })),
  checked: data.draft.overallRecommendation,
  errors: data.errors,
})}
${textBox({ label: context.t('reviewer.review.overallComment'), name: 'overallComment', value: data.draft.overallComment, rows: 4, errors: data.errors })}
${textBox({ label: context.t('reviewer.review.confidential'), name: 'confidentialNotes', value: data.draft.confidentialNotes, hint: context.t('reviewer.review.confidentialHint'), rows: 3, errors: data.errors })}
</section>`;
}

/**
 * The review form, criterion by criterion and step by step: the guidance and indicators beside
 * the holder's statement, the rating as radio buttons, the harm judgement on safeguards, the
 * reviewer's texts. A plain form (save draft, submit); htmx autosaves it when scripts run.
 * Read-only once submitted or when the project left review.
 */
export function reviewPage(context: WebContext, data: ReviewPageData): SafeHtml {
  const editable = data.review.status === 'draft' && data.project.stage === 'review';
  const action = `/assignments/${data.assignmentId}/review`;
  const steps = data.form.steps.map(
    (step) => html`<section class="rv-step" aria-labelledby="step-${step.number}"><h2 id="step-${step.number}">${context.t('reviewer.review.step', { number: step.number, name: step.name })}</h2>
${step.criteria.map((criterion) => (editable ? editableCriterion(context, data, criterion) : readOnlyCriterion(context, data, criterion)))}</section>`,
  );
  const status = data.review.status === 'submitted'
    ? html`<p class="flash">${context.t('reviewer.review.readOnly', { date: formatDateTime(context, data.review.submittedAt) })}${data.review.late ? html` (${context.t('reviewer.review.late')})` : ''} <a href="/projects/${data.project.id}/reviews">${context.t('reviewer.link.reviews')}</a></p>`
    : when(!editable, () => html`<p class="notice">${context.t(data.project.stage === 'assignment' ? 'reviewer.review.notYetOpen' : 'reviewer.review.closed')}</p>`);
  const main = html`<h1>${context.t('reviewer.review.heading', { title: data.project.title })}</h1>
${facts([
  [context.t('reviewer.field.faspId'), data.project.faspId ?? '—'],
  [context.t('reviewer.field.language'), languageName(context, data.project.language)],
  [context.t('reviewer.field.role'), context.t(data.role === 'lead' ? 'reviewer.role.lead' : 'reviewer.role.member')],
  [context.t('reviewer.field.deadline'), data.project.reviewDeadline ? formatDateTime(context, data.project.reviewDeadline) : '—'],
  [context.t('reviewer.field.round'), String(data.project.round)],
])}
${status}
${when(data.role === 'lead' && data.project.stage !== 'review', () => html`<p><a href="/projects/${data.project.id}/consolidation">${context.t('reviewer.link.consolidation')}</a></p>`)}
${when(data.diff && data.diff.changes.length > 0, () => html`<details class="rv-changes"><summary>${context.t('reviewer.review.changes')}</summary><ul>${(data.diff?.changes ?? []).map((change) => html`<li><code>${change.path}</code> (${change.kind})</li>`)}</ul></details>`)}
${
  editable
    ? html`<p>${context.t('reviewer.review.intro')}</p>
${progressBox(context, data.form.progress)}
${errorSummary(context, data.errors)}
${gapList(context, data)}
<form method="post" action="${action}" class="rv-review-form" novalidate hx-post="${action}/autosave" hx-trigger="change delay:500ms, input delay:2s" hx-target="#autosave-status" hx-swap="innerHTML" hx-sync="this:queue last">${csrfField(context)}
${steps}
${overall(context, data, true)}
<div class="actions rv-actions"><button type="submit">${context.t('reviewer.review.save')}</button>
<button type="submit" class="secondary" formaction="${action}/submit">${context.t('reviewer.review.submit')}</button>
<p id="autosave-status" class="rv-autosave" role="status"></p></div>
<p class="hint">${context.t('reviewer.review.submitHint')}</p>
</form>`
    : html`${steps}${overall(context, data, false)}`
}`;
  return page(context, context.t('reviewer.review.heading', { title: data.project.title }), main);
}

/** The autosave's answer: the status line, and the progress box swapped in place. */
export function autosaveFragment(context: WebContext, message: string, progress: { rated: number; total: number } | null, failed = false): SafeHtml {
  return html`<span class="${failed ? 'error' : 'rv-saved'}">${message}</span>${progress ? progressBox(context, progress, true) : ''}`;
}
