import { ProjectLocation } from '@fasp/core';
import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { csrfField, FieldErrors, textarea } from '../forms';
import { formatDate, formatDateTime, outcomeLabel, stageLabel } from '../format';
import { page } from '../layout';
import { AttachmentRow, attachmentList } from './attachments';
import { missingText, paragraphs, ProjectHead, projectHeader } from './common';
import { placeOfItem, SectionKey, SECTIONS } from './dossier-form';
import { nextStep } from './projects';
import { locationFigure } from './sections';

export interface HistoryRow {
  at: Date;
  action: string;
  fromStage: string | null;
  toStage: string;
  actorRole: string;
  reason: string | null;
  round: number;
}

export interface OverviewPage {
  head: ProjectHead;
  stage: string;
  version: number;
  outcome: string | null;
  stageDeadline: Date | null;
  submittedAt: Date | null;
  editable: boolean;
  /** what is still missing (editable stages), labelled in the reader's language */
  missing: Array<{ item: string; label: string }> | null;
  statements: { written: number; total: number };
  attachments: AttachmentRow[];
  history: HistoryRow[];
  /** the holder's actions the stage allows now (submit, resubmit, withdraw) */
  actions: string[];
  /** the secretariat's request, when the stage is info_requested */
  infoRequest: string | null;
  /** the reason given when the project was not admitted */
  refusal: string | null;
  /** released feedback exists */
  feedbackReleased: boolean;
  documents: { report: boolean; letter: boolean };
  consent: { given: boolean; budget: boolean; changeable: boolean };
  location: ProjectLocation | null;
  areaHa: number | null;
  /** after a refused submit: what the engine said was missing, or why it refused */
  problems: { missing: Array<{ item: string; label: string }>; message: string | null } | null;
}

function missingBySection(missing: OverviewPage['missing']): Partial<Record<SectionKey | 'statements' | 'attachments', number>> {
  const counts: Partial<Record<SectionKey | 'statements' | 'attachments', number>> = {};
  for (const entry of missing ?? []) {
    const section = placeOfItem(entry.item).section;
    counts[section] = (counts[section] ?? 0) + 1;
  }
  return counts;
}

function checklist(context: WebContext, projectId: string, missing: Array<{ item: string; label: string }>): SafeHtml {
  return html`<ul class="checklist">${missing.map((entry) => {
    const place = placeOfItem(entry.item);
    return html`<li class="todo"><a href="/projects/${projectId}/${place.path}#${place.anchor}">${entry.label}</a></li>`;
  })}</ul>`;
}

function actionForms(context: WebContext, data: OverviewPage): SafeHtml {
  const id = data.head.id;
  const submit = data.actions.find((action) => action === 'submit' || action === 'resubmit');
  return html`${when(
    submit,
    () => html`<form method="post" action="/projects/${id}/transitions" class="inline">${csrfField(context)}<input type="hidden" name="action" value="${submit ?? ''}"><input type="hidden" name="expectedVersion" value="${data.version}"><button type="submit">${context.t(submit === 'resubmit' ? (data.stage === 'revision' ? 'holder.action.resubmitRevision' : 'holder.action.resubmitAnswer') : 'holder.action.submitNow')}</button></form>`,
  )}
${when(data.actions.includes('withdraw'), () => html`<a class="button secondary" href="/projects/${id}/withdraw">${context.t('holder.withdraw.link')}</a>`)}`;
}

export function overviewView(context: WebContext, data: OverviewPage): SafeHtml {
  const id = data.head.id;
  const counts = missingBySection(data.missing);
  const main = html`${projectHeader(context, data.head, 'overview', { feedback: data.feedbackReleased, revise: data.stage === 'revision' })}
<h1>${data.head.title}</h1>
<p class="next"><strong>${context.t('holder.overview.next')}</strong> ${nextStep(context, { stage: data.stage, missing: data.missing?.length ?? null, outcome: data.outcome })}${when(
    data.stageDeadline,
    () => html` · ${context.t('holder.overview.deadline', { date: formatDateTime(context, data.stageDeadline) })}`,
  )}</p>
${when(
  data.problems,
  () => html`<div class="error-summary" role="alert" tabindex="-1"><p>${data.problems?.message ?? context.t('holder.submit.incomplete')}</p>${when(data.problems && data.problems.missing.length > 0, () => checklist(context, id, data.problems?.missing ?? []))}</div>`,
)}
${when(
  data.infoRequest !== null,
  () => html`<section class="notice" aria-labelledby="request-title"><h2 id="request-title">${context.t('holder.overview.infoRequest')}</h2>${paragraphs(data.infoRequest)}<p>${context.t('holder.overview.infoRequestHow')}</p></section>`,
)}
${when(data.refusal !== null, () => html`<section class="notice" aria-labelledby="refusal-title"><h2 id="refusal-title">${context.t('holder.overview.refusal')}</h2>${paragraphs(data.refusal)}</section>`)}
${when(
  data.feedbackReleased,
  () => html`<section class="released" aria-labelledby="released-title"><h2 id="released-title">${context.t('holder.overview.feedback')}</h2>
${when(data.outcome, () => html`<p>${context.t('holder.overview.outcome')} <strong>${outcomeLabel(context, data.outcome ?? '')}</strong></p>`)}
<ul><li><a href="/projects/${id}/feedback">${context.t('holder.overview.readFeedback')}</a></li>
${when(data.stage === 'revision', () => html`<li><a href="/projects/${id}/revise">${context.t('holder.overview.revise')}</a></li>`)}
${when(data.documents.report, () => html`<li><a href="/projects/${id}/report.pdf">${context.t('holder.documents.report')}</a></li>`)}
${when(data.documents.letter, () => html`<li><a href="/projects/${id}/letter.pdf">${context.t('holder.documents.letter')}</a></li>`)}</ul></section>`,
)}
${when(
  data.actions.length > 0,
  () => html`<div class="actions">${actionForms(context, data)}</div>`,
)}
${when(
  data.editable && data.missing,
  () => html`<section aria-labelledby="checklist-title"><h2 id="checklist-title">${context.t('holder.overview.checklist')}</h2>
${(data.missing?.length ?? 0) === 0 ? html`<p class="flash">${context.t('holder.overview.complete')}</p>` : html`<p>${missingText(context, data.missing?.length ?? 0)}</p>${checklist(context, id, data.missing ?? [])}`}</section>`,
)}
<div class="two-columns">
<section aria-labelledby="sections-title"><h2 id="sections-title">${context.t('holder.overview.sections')}</h2>
<table><thead><tr><th scope="col">${context.t('holder.overview.section')}</th><th scope="col">${context.t('holder.overview.status')}</th></tr></thead><tbody>
${SECTIONS.map((section) => {
  const missing = counts[section.key] ?? 0;
  return html`<tr><td><a href="/projects/${id}/edit/${section.key}">${context.t(`holder.section.${section.key}`)}</a></td><td>${
    missing > 0 ? html`<span class="todo-count">${context.t('holder.sections.missing', { count: missing })}</span>` : context.t('holder.sections.done')
  }</td></tr>`;
})}
<tr><td><a href="/projects/${id}/statements">${context.t('holder.tab.statements')}</a></td><td>${context.t('holder.statements.progress', { written: data.statements.written, total: data.statements.total })}</td></tr>
<tr><td><a href="/projects/${id}/attachments">${context.t('holder.tab.attachments')}</a></td><td>${
    (counts.attachments ?? 0) > 0 ? html`<span class="todo-count">${context.t('holder.sections.missing', { count: counts.attachments ?? 0 })}</span>` : context.t('holder.attachments.count', { count: data.attachments.length })
  }</td></tr>
</tbody></table></section>
<section aria-labelledby="location-title"><h2 id="location-title">${context.t('holder.section.location')}</h2>${locationFigure(context, data.location, data.areaHa)}</section>
</div>
<section aria-labelledby="files-title"><h2 id="files-title">${context.t('holder.tab.attachments')}</h2>${attachmentList(context, id, data.attachments)}</section>
${when(
  data.consent.changeable,
  () => html`<section aria-labelledby="consent-title"><h2 id="consent-title">${context.t('holder.consent.title')}</h2>
<form method="post" action="/projects/${id}/consent">${csrfField(context)}
<p class="hint">${context.t('holder.consent.intro')}</p>
<label class="check"><input type="checkbox" name="consentToPublish" value="true"${data.consent.given ? html` checked` : ''}> ${context.t('holder.consent.publish')}</label>
<label class="check"><input type="checkbox" name="publishBudget" value="true"${data.consent.budget ? html` checked` : ''}> ${context.t('holder.consent.budget')}</label>
<div class="actions"><button type="submit" class="secondary">${context.t('holder.consent.save')}</button></div></form></section>`,
)}
<section aria-labelledby="history-title"><h2 id="history-title">${context.t('holder.overview.history')}</h2>
<ol class="timeline">${data.history.map(
    (entry) => html`<li><time datetime="${entry.at.toISOString()}">${formatDateTime(context, entry.at)}</time> — ${context.t(`holder.action.${entry.action}`)}${
      entry.fromStage !== entry.toStage ? html` → <span class="stage">${stageLabel(context, entry.toStage)}</span>` : ''
    } <span class="muted">(${context.t(`holder.actor.${entry.actorRole}`)}${entry.round > 1 ? html`, ${context.t('holder.round', { round: entry.round })}` : ''})</span>${when(entry.reason, () => html`<blockquote>${paragraphs(entry.reason)}</blockquote>`)}</li>`,
  )}</ol>
${when(data.submittedAt, () => html`<p class="muted">${context.t('holder.overview.submittedAt', { date: formatDate(context, data.submittedAt) })}</p>`)}</section>`;
  return page(context, data.head.title, main, { wide: true });
}

export function withdrawView(context: WebContext, head: ProjectHead, version: number, reason = '', errors: FieldErrors | null = null): SafeHtml {
  const main = html`${projectHeader(context, head, 'overview')}
<h1>${context.t('holder.withdraw.title')}</h1>
<p class="notice">${context.t('holder.withdraw.warning', { title: head.title })}</p>
<form method="post" action="/projects/${head.id}/transitions" novalidate>${csrfField(context)}<input type="hidden" name="action" value="withdraw"><input type="hidden" name="expectedVersion" value="${version}">
${textarea({ label: context.t('holder.withdraw.reason'), name: 'reason', value: reason, errors, rows: 3 })}
<div class="actions"><button type="submit" class="danger">${context.t('holder.withdraw.confirm')}</button><a class="button secondary" href="/projects/${head.id}">${context.t('form.cancel')}</a></div></form>`;
  return page(context, context.t('holder.withdraw.title'), main);
}

/** A stale page: the project moved on since it was read; nothing was changed. */
export function staleView(context: WebContext, head: ProjectHead): SafeHtml {
  const main = html`<h1>${context.t('error.409.title')}</h1><p>${context.t('holder.stale.action', { stage: stageLabel(context, head.stage) })}</p><p><a href="/projects/${head.id}">${context.t('holder.stale.reload')}</a></p>`;
  return page(context, context.t('error.409.title'), main);
}
