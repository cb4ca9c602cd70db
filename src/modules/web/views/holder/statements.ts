import { CriteriaFramework } from '@fasp/core';
import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { csrfField, FieldErrors, textarea } from '../forms';
import { page } from '../layout';
import { CriterionFeedbackView, feedbackTexts, ProjectHead, problemSummary, projectHeader } from './common';
import { criterionAnchor, FormValues, one } from './dossier-form';

export interface StatementsPage {
  head: ProjectHead;
  framework: CriteriaFramework;
  values: FormValues;
  errors: FieldErrors | null;
  version: number;
  editable: boolean;
  stale: boolean;
  /** during a revision: the previous round's feedback, by criterion code */
  feedback: { round: number; criteria: CriterionFeedbackView[] } | null;
  showFeedbackTab: boolean;
}

/**
 * The holder's statement for each criterion of the call's framework, with the criterion's
 * guidance questions and indicators beside it (and, during a revision, the feedback received).
 * One form: every button saves every statement that changed, so nothing typed is lost.
 */
export function statementsView(context: WebContext, data: StatementsPage): SafeHtml {
  const lang = context.lang;
  const criteria = data.framework.steps.flatMap((step) => step.criteria);
  const written = criteria.filter((criterion) => one(data.values, `statements.${criterion.code}`).trim() !== '').length;
  const nameOf = (code: string) => criteria.find((criterion) => criterion.code === code)?.names[lang];
  const main = html`${projectHeader(context, data.head, data.feedback ? 'revise' : 'statements', { feedback: data.showFeedbackTab, revise: !!data.feedback })}
<h1>${context.t('holder.statements.title')}</h1>
<p>${context.t('holder.statements.intro')}</p>
<p><strong>${context.t('holder.statements.progress', { written, total: criteria.length })}</strong></p>
${when(data.stale, () => html`<p class="notice" role="alert">${context.t('holder.stale.form')}</p>`)}
${when(!data.editable, () => html`<p class="notice">${context.t('holder.readOnly')}</p>`)}
${problemSummary(context, data.errors, nameOf)}
<form method="post" action="/projects/${data.head.id}/statements" novalidate>${csrfField(context)}<input type="hidden" name="expectedVersion" value="${data.version}">
<fieldset class="plain"${data.editable ? '' : html` disabled`}><legend class="visually-hidden">${context.t('holder.statements.title')}</legend>
${data.framework.steps.map(
  (step) => html`<h2>${context.t('holder.statements.step', { number: step.number, name: step.names[lang] })}</h2>
${step.criteria.map((criterion) => {
  const anchor = criterionAnchor(criterion.code);
  const feedback = data.feedback?.criteria.find((item) => item.code === criterion.code);
  return html`<section class="criterion" id="${anchor}" aria-labelledby="${anchor}-title"><h3 id="${anchor}-title">${criterion.code} ${criterion.names[lang]}</h3>
<div class="two-columns"><div>
${textarea({
  label: context.t('holder.statements.yours'),
  name: `statements.${criterion.code}`,
  value: one(data.values, `statements.${criterion.code}`),
  errors: data.errors,
  rows: 8,
})}
${when(data.editable, () => html`<button type="submit" name="save" value="${criterion.code}" class="secondary">${context.t('form.save')}<span class="visually-hidden"> ${criterion.code}</span></button>`)}
</div><div class="guidance">
<h4>${context.t('holder.statements.guidance')}</h4>
<ul><li>${criterion.guidance.harm[lang]}</li><li>${criterion.guidance.contribute[lang]}</li></ul>
${when(
  criterion.indicators.length > 0,
  () => html`<h4>${context.t('holder.statements.indicators')}</h4><ul>${criterion.indicators.map(
    (indicator) => html`<li>${indicator.name[lang]} <span class="muted">— ${indicator.method[lang]} (${indicator.metric})</span></li>`,
  )}</ul>`,
)}
${when(criterion.naAllowed, () => html`<p class="muted">${context.t('holder.statements.naAllowed')}</p>`)}
${when(feedback, () => html`<div class="feedback-side"><h4>${context.t('holder.revise.previous', { round: data.feedback?.round ?? 1 })}</h4>${feedbackTexts(context, feedback?.feedback ?? {}, feedback?.recommendations ?? [], 'h4')}</div>`)}
</div></div></section>`;
})}`,
)}
</fieldset>
${when(data.editable, () => html`<div class="actions"><button type="submit">${context.t('holder.statements.saveAll')}</button></div>`)}
</form>`;
  return page(context, `${context.t('holder.statements.title')} — ${data.head.title}`, main, { wide: true });
}
