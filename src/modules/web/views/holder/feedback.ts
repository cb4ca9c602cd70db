import { CriteriaFramework, MAX_SCORE, radarChart } from '@fasp/core';
import { html, raw, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { csrfField } from '../forms';
import { formatDateTime, formatNumber, outcomeLabel } from '../format';
import { page } from '../layout';
import { CriterionFeedbackView, feedbackTexts, missingText, paragraphs, ProjectHead, projectHeader } from './common';
import { criterionAnchor, placeOfItem, SECTIONS } from './dossier-form';

export interface FeedbackData {
  round: number;
  outcome: string;
  releasedAt: string;
  steps: Array<{ number: number; name: string; score: number | null }>;
  overall: number | null;
  criteria: CriterionFeedbackView[];
  general: Record<string, unknown>;
  reasons: string[];
  documents: { report: string | null; letter: string | null };
}

function scaleMax(framework: CriteriaFramework): number {
  const scores = framework.scale.levels.map((level) => level.score);
  return scores.length > 0 ? Math.max(...scores) : MAX_SCORE;
}

/** A consolidated value in words: the scale's label, or "between" two labels for a half point. */
export function ratingWords(context: WebContext, framework: CriteriaFramework, value: number | null): string {
  if (value === null) return context.t('holder.feedback.notRated');
  const label = (score: number) => framework.scale.levels.find((level) => level.score === score)?.labels[context.lang] ?? String(score);
  if (Number.isInteger(value)) return label(value);
  return context.t('holder.feedback.between', { low: label(Math.floor(value)), high: label(Math.ceil(value)) });
}

function harmWords(context: WebContext, framework: CriteriaFramework, harm: string): string {
  return framework.scale.harm.find((level) => level.judgement === harm)?.labels[context.lang] ?? harm;
}

/** The chart of scores by step: the same function, with the same input, as the PDF report. */
export function stepsChart(context: WebContext, framework: CriteriaFramework, feedback: FeedbackData): SafeHtml {
  const chart = radarChart({
    axes: feedback.steps.map((step) => ({
      label: `${step.number}. ${step.name}`,
      value: step.score,
      valueLabel: step.score === null ? context.t('holder.feedback.notScored') : formatNumber(context, step.score, 1),
    })),
    max: scaleMax(framework),
    size: 440,
    title: context.t('holder.feedback.chartTitle'),
    noValueText: context.t('holder.feedback.notScored'),
  });
  return html`<figure class="chart">${raw(chart.svg)}</figure>`;
}

function generalFeedback(context: WebContext, general: Record<string, unknown>): SafeHtml {
  const parts = (['summary', 'strengths', 'weaknesses', 'recommendations'] as const)
    .map((key) => [key, typeof general[key] === 'string' ? (general[key]).trim() : ''] as const)
    .filter(([, text]) => text !== '');
  if (parts.length === 0) return html``;
  return html`<section aria-labelledby="general-title"><h2 id="general-title">${context.t('holder.feedback.general')}</h2>${parts.map(
    ([key, text]) => html`<h3>${context.t(`holder.feedback.general.${key}`)}</h3>${paragraphs(text)}`,
  )}</section>`;
}

export function feedbackView(context: WebContext, head: ProjectHead, framework: CriteriaFramework, feedback: FeedbackData, options: { revision: boolean }): SafeHtml {
  const max = scaleMax(framework);
  const main = html`${projectHeader(context, head, 'feedback', { feedback: true, revise: options.revision })}
<h1>${context.t('holder.feedback.title')}</h1>
<p>${context.t('holder.feedback.released', { round: feedback.round, date: formatDateTime(context, feedback.releasedAt) })}</p>
<section class="outcome" aria-labelledby="outcome-title"><h2 id="outcome-title">${context.t('holder.feedback.outcome', { outcome: outcomeLabel(context, feedback.outcome) })}</h2>
<p>${context.t(`holder.feedback.outcome.${feedback.outcome}`)}</p>
${when(feedback.reasons.length > 0, () => html`<h3>${context.t('holder.feedback.reasons')}</h3><ul>${feedback.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>`)}
${when(options.revision, () => html`<p><a class="button" href="/projects/${head.id}/revise">${context.t('holder.overview.revise')}</a></p>`)}
${when(
  feedback.documents.report || feedback.documents.letter,
  () => html`<ul>${when(feedback.documents.report, () => html`<li><a href="/projects/${head.id}/report.pdf">${context.t('holder.documents.report')}</a></li>`)}${when(
    feedback.documents.letter,
    () => html`<li><a href="/projects/${head.id}/letter.pdf">${context.t('holder.documents.letter')}</a></li>`,
  )}</ul>`,
)}
</section>
<section aria-labelledby="scores-title"><h2 id="scores-title">${context.t('holder.feedback.chartTitle')}</h2>
<p class="hint">${context.t('holder.feedback.chartIntro', { max })}</p>
<div class="chart-with-table">${stepsChart(context, framework, feedback)}
<table><caption>${context.t('holder.feedback.stepTable')}</caption><thead><tr><th scope="col">${context.t('holder.feedback.step')}</th><th scope="col">${context.t('holder.feedback.score')}</th></tr></thead><tbody>
${feedback.steps.map((step) => html`<tr><td>${step.number}. ${step.name}</td><td>${step.score === null ? context.t('holder.feedback.notScored') : `${formatNumber(context, step.score, 1)} / ${max}`}</td></tr>`)}
${when(feedback.overall !== null, () => html`<tr><th scope="row">${context.t('holder.feedback.overall')}</th><td>${formatNumber(context, feedback.overall ?? 0, 1)} / ${max}</td></tr>`)}
</tbody></table></div></section>
${generalFeedback(context, feedback.general)}
<section aria-labelledby="criteria-title"><h2 id="criteria-title">${context.t('holder.feedback.byCriterion')}</h2>
${feedback.criteria.map(
  (criterion) => html`<section class="criterion" id="${criterionAnchor(criterion.code)}" aria-labelledby="${criterionAnchor(criterion.code)}-title"><h3 id="${criterionAnchor(criterion.code)}-title">${criterion.code} ${criterion.name}</h3>
<p class="rating"><strong>${context.t('holder.feedback.rating')}</strong> ${ratingWords(context, framework, criterion.value)}${
    criterion.value !== null ? html` <span class="muted">(${formatNumber(context, criterion.value, Number.isInteger(criterion.value) ? 0 : 1)} / ${max})</span>` : ''
  }${when(criterion.harm, () => html`<br><strong>${context.t('holder.feedback.harm')}</strong> ${harmWords(context, framework, criterion.harm ?? '')}`)}</p>
${feedbackTexts(context, criterion.feedback, criterion.recommendations)}</section>`,
)}</section>`;
  return page(context, `${context.t('holder.feedback.title')} — ${head.title}`, main, { wide: true });
}

export interface RevisePage {
  head: ProjectHead;
  feedback: FeedbackData;
  version: number;
  missing: Array<{ item: string; label: string }>;
}

/** The revision: what the committee asked, section by section, and the resubmission. */
export function reviseView(context: WebContext, data: RevisePage): SafeHtml {
  const id = data.head.id;
  const related = (codes: readonly string[]) => data.feedback.criteria.filter((criterion) => codes.includes(criterion.code));
  const main = html`${projectHeader(context, data.head, 'revise', { feedback: true, revise: true })}
<h1>${context.t('holder.revise.title')}</h1>
<p>${context.t('holder.revise.intro')}</p>
${generalFeedback(context, data.feedback.general)}
<section aria-labelledby="plan-title"><h2 id="plan-title">${context.t('holder.revise.sections')}</h2>
<ul class="revise-list">${SECTIONS.map((section) => {
    const criteria = related(section.criteria);
    return html`<li><a href="/projects/${id}/edit/${section.key}">${context.t(`holder.section.${section.key}`)}</a>${when(
      criteria.length > 0,
      () => html` <span class="muted">— ${context.t('holder.revise.related', { codes: criteria.map((criterion) => criterion.code).join(', ') })}</span>`,
    )}</li>`;
  })}
<li><a href="/projects/${id}/statements">${context.t('holder.tab.statements')}</a> <span class="muted">— ${context.t('holder.revise.statements')}</span></li></ul></section>
${
  data.missing.length > 0
    ? html`<p class="notice">${missingText(context, data.missing.length)}</p><ul class="checklist">${data.missing.map((entry) => {
        const place = placeOfItem(entry.item);
        return html`<li class="todo"><a href="/projects/${id}/${place.path}#${place.anchor}">${entry.label}</a></li>`;
      })}</ul>`
    : ''
}
<form method="post" action="/projects/${id}/transitions">${csrfField(context)}<input type="hidden" name="action" value="resubmit"><input type="hidden" name="expectedVersion" value="${data.version}">
<div class="actions"><button type="submit">${context.t('holder.action.resubmitRevision')}</button></div></form>`;
  return page(context, `${context.t('holder.revise.title')} — ${data.head.title}`, main);
}
