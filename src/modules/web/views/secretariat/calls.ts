import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { Call } from '../../../calls/entities/call.entity';
import { AssignmentRun } from '../../../assignment/entities/assignment-run.entity';
import { formatDateTime } from '../format';
import { actionButton, checkboxes, csrfField, field, FieldErrors, select, textarea } from '../forms';
import { page } from '../layout';
import { errorList, formProblem, languageName, modalityLabel, query } from './common';
import { localFromInstant } from './time';

/** What may still change once a call is open (CallsService refuses the rest). */
export const EDITABLE_WHEN_OPEN = ['title', 'description', 'closesAt', 'deadlines', 'divergenceAutoInvite', 'reviewersPerProject', 'maxRounds'] as const;

export function callStatusLabel(context: WebContext, status: string): string {
  return context.t(`sec.callStatus.${status}`);
}

export function callsPage(context: WebContext, calls: Call[], nextCursor: string | null, accepting: (call: Call) => boolean, cursor: string | null): SafeHtml {
  const main = html`<h1>${context.t('sec.calls.title')}</h1>
<p class="actions"><a class="button" href="/calls/new">${context.t('sec.calls.new')}</a></p>
${
  calls.length === 0
    ? html`<p>${context.t('sec.calls.none')}</p>`
    : html`<table><caption>${context.t('sec.calls.caption')}</caption><thead><tr><th scope="col">${context.t('sec.call.title')}</th><th scope="col">${context.t('sec.call.year')}</th><th scope="col">${context.t('sec.call.status')}</th><th scope="col">${context.t('sec.call.window')}</th><th scope="col">${context.t('sec.call.framework')}</th></tr></thead>
<tbody>${calls.map(
        (call) =>
          html`<tr><td><a href="/calls/${call.id}">${call.title}</a></td><td>${call.year}</td><td><span class="stage">${callStatusLabel(context, call.status)}</span>${when(accepting(call), () => html` <span class="muted">${context.t('sec.call.accepting')}</span>`)}</td><td>${formatDateTime(context, call.opensAt)} – ${formatDateTime(context, call.closesAt)}</td><td>${call.framework ? `${call.framework.key} v${call.framework.version}` : '—'}</td></tr>`,
      )}</tbody></table>`
}
<nav class="sec-pager" aria-label="${context.t('sec.pager')}">${when(cursor, () => html`<a href="/calls">${context.t('sec.pager.first')}</a>`)}${when(nextCursor, () => html`<a href="/calls${query({ cursor: nextCursor })}">${context.t('sec.pager.next')}</a>`)}</nav>`;
  return page(context, context.t('sec.calls.title'), main);
}

/** The values of the call form as typed (strings), so that a refused form loses nothing. */
export type CallFormValues = Record<string, string | string[] | undefined>;

export function callFormValues(context: WebContext, call: Call): CallFormValues {
  return {
    title: call.title,
    year: String(call.year),
    description: call.description,
    frameworkId: call.frameworkId,
    opensAt: localFromInstant(call.opensAt, context.timeZone),
    closesAt: localFromInstant(call.closesAt, context.timeZone),
    reviewersPerProject: String(call.reviewersPerProject),
    maxRounds: String(call.maxRounds),
    'deadlines.eligibilityDays': String(call.deadlines.eligibilityDays),
    'deadlines.invitationDays': String(call.deadlines.invitationDays),
    'deadlines.reviewDays': String(call.deadlines.reviewDays),
    'deadlines.revisionDays': String(call.deadlines.revisionDays),
    divergenceAutoInvite: call.divergenceAutoInvite ? 'true' : undefined,
    languages: call.languages,
    modalities: call.modalities.map(String),
  };
}

export function callFieldLabels(context: WebContext): Record<string, string> {
  return {
    title: context.t('sec.call.title'),
    year: context.t('sec.call.year'),
    description: context.t('sec.call.description'),
    frameworkId: context.t('sec.call.framework'),
    opensAt: context.t('sec.call.opensAt'),
    closesAt: context.t('sec.call.closesAt'),
    reviewersPerProject: context.t('sec.call.reviewersPerProject'),
    maxRounds: context.t('sec.call.maxRounds'),
    deadlines: context.t('sec.call.deadlines'),
    'deadlines.eligibilityDays': context.t('sec.call.eligibilityDays'),
    'deadlines.invitationDays': context.t('sec.call.invitationDays'),
    'deadlines.reviewDays': context.t('sec.call.reviewDays'),
    'deadlines.revisionDays': context.t('sec.call.revisionDays'),
    divergenceAutoInvite: context.t('sec.call.divergenceAutoInvite'),
    languages: context.t('sec.call.languages'),
    modalities: context.t('sec.call.modalities'),
  };
}

interface CallFormOptions {
  action: string;
  values: CallFormValues;
  errors: FieldErrors | null;
  problem?: string | null;
  frameworks: Array<{ id: string; label: string }>;
  /** open calls: only what may still change is a field; the rest is shown as text */
  status: 'draft' | 'open';
  expectedVersion?: number;
  submitLabel: string;
}

function callForm(context: WebContext, options: CallFormOptions): SafeHtml {
  const { values, errors } = options;
  const labels = callFieldLabels(context);
  const v = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? value.join(',') : (value ?? '');
  };
  const editable = (name: string) => options.status === 'draft' || (EDITABLE_WHEN_OPEN as readonly string[]).includes(name.split('.')[0]);
  const zone = context.t('sec.call.inZone', { zone: context.timeZone });
  const frozen = (name: string, shown: string) => html`<div class="field"><span class="sec-label">${labels[name]}</span><p>${shown}</p></div>`;
  const frameworkLabel = options.frameworks.find((framework) => framework.id === v('frameworkId'))?.label ?? v('frameworkId');
  return html`${errorList(context, errors, labels)}${formProblem(options.problem)}
<form method="post" action="${options.action}" novalidate class="sec-call-form">${csrfField(context)}${when(options.expectedVersion !== undefined, () => html`<input type="hidden" name="expectedVersion" value="${options.expectedVersion}">`)}
${field({ label: labels.title, name: 'title', value: v('title'), required: true, errors })}
${editable('year') ? field({ label: labels.year, name: 'year', type: 'number', value: v('year'), required: true, errors, attributes: html` min="2015" max="2100" inputmode="numeric"` }) : frozen('year', v('year'))}
${textarea({ label: labels.description, name: 'description', value: v('description'), rows: 4, errors })}
${
  editable('frameworkId')
    ? select({
        label: labels.frameworkId,
        name: 'frameworkId',
        value: v('frameworkId'),
        required: true,
        hint: context.t('sec.call.frameworkHint'),
        errors,
        choices: [{ value: '', label: '—' }, ...options.frameworks.map((framework) => ({ value: framework.id, label: framework.label }))],
      })
    : frozen('frameworkId', frameworkLabel)
}
${
  editable('opensAt')
    ? field({ label: labels.opensAt, name: 'opensAt', type: 'datetime-local', value: v('opensAt'), required: true, hint: zone, errors })
    : frozen('opensAt', formatDateTimeLocal(context, v('opensAt')))
}
${field({ label: labels.closesAt, name: 'closesAt', type: 'datetime-local', value: v('closesAt'), required: true, hint: zone, errors })}
${field({ label: labels.reviewersPerProject, name: 'reviewersPerProject', type: 'number', value: v('reviewersPerProject'), hint: context.t('sec.call.reviewersHint'), errors, attributes: html` min="1" max="5" inputmode="numeric"` })}
${field({ label: labels.maxRounds, name: 'maxRounds', type: 'number', value: v('maxRounds'), hint: context.t('sec.call.roundsHint'), errors, attributes: html` min="1" max="5" inputmode="numeric"` })}
<fieldset><legend>${labels.deadlines}</legend>
${field({ label: labels['deadlines.eligibilityDays'], name: 'deadlines.eligibilityDays', type: 'number', value: v('deadlines.eligibilityDays'), hint: context.t('sec.call.daysHint', { max: 180 }), errors, attributes: html` min="1" max="180" inputmode="numeric"` })}
${field({ label: labels['deadlines.invitationDays'], name: 'deadlines.invitationDays', type: 'number', value: v('deadlines.invitationDays'), hint: context.t('sec.call.daysHint', { max: 60 }), errors, attributes: html` min="1" max="60" inputmode="numeric"` })}
${field({ label: labels['deadlines.reviewDays'], name: 'deadlines.reviewDays', type: 'number', value: v('deadlines.reviewDays'), hint: context.t('sec.call.daysHint', { max: 180 }), errors, attributes: html` min="1" max="180" inputmode="numeric"` })}
${field({ label: labels['deadlines.revisionDays'], name: 'deadlines.revisionDays', type: 'number', value: v('deadlines.revisionDays'), hint: context.t('sec.call.daysHint', { max: 365 }), errors, attributes: html` min="1" max="365" inputmode="numeric"` })}
</fieldset>
<div class="field"><label class="sec-check"><input type="checkbox" name="divergenceAutoInvite" value="true"${values.divergenceAutoInvite ? html` checked` : ''}> ${labels.divergenceAutoInvite}</label></div>
${
  editable('languages')
    ? checkboxes({ legend: labels.languages, name: 'languages', selected: list(values.languages), errors, choices: ['en', 'fr', 'es'].map((code) => ({ value: code, label: languageName(context, code) })) })
    : frozen('languages', list(values.languages).map((code) => languageName(context, code)).join(', '))
}
${
  editable('modalities')
    ? checkboxes({ legend: labels.modalities, name: 'modalities', selected: list(values.modalities), errors, choices: ['1', '2'].map((code) => ({ value: code, label: modalityLabel(context, code) })) })
    : frozen('modalities', list(values.modalities).map((code) => modalityLabel(context, code)).join(', '))
}
<div class="actions"><button type="submit">${options.submitLabel}</button></div>
</form>`;
}

function list(value: string | string[] | undefined): string[] {
  return Array.isArray(value) ? value : value ? [value] : [];
}

/** A datetime-local value shown as text (an open call's frozen opening). */
function formatDateTimeLocal(context: WebContext, local: string): string {
  return local ? `${local.replace('T', ' ')} (${context.timeZone})` : '—';
}

export function newCallPage(context: WebContext, values: CallFormValues, errors: FieldErrors | null, frameworks: Array<{ id: string; label: string }>, problem: string | null = null): SafeHtml {
  const main = html`<p><a href="/calls">${context.t('sec.calls.back')}</a></p><h1>${context.t('sec.calls.new')}</h1>
${callForm(context, { action: '/calls/new', values, errors, problem, frameworks, status: 'draft', submitLabel: context.t('sec.call.create') })}`;
  return page(context, context.t('sec.calls.new'), main);
}

export interface CallPageView {
  call: Call;
  accepting: boolean;
  values: CallFormValues;
  errors: FieldErrors | null;
  problem: string | null;
  frameworks: Array<{ id: string; label: string }>;
  runs: AssignmentRun[];
}

export function callPage(context: WebContext, view: CallPageView): SafeHtml {
  const { call } = view;
  const main = html`<p><a href="/calls">${context.t('sec.calls.back')}</a></p>
<h1>${call.title}</h1>
<p><span class="stage">${callStatusLabel(context, call.status)}</span> ${when(view.accepting, () => html`<span>${context.t('sec.call.accepting')}</span>`)}</p>
<dl class="sec-facts">
<dt>${context.t('sec.call.window')}</dt><dd>${formatDateTime(context, call.opensAt)} – ${formatDateTime(context, call.closesAt)}</dd>
<dt>${context.t('sec.call.framework')}</dt><dd>${call.framework ? `${call.framework.key} v${call.framework.version}` : '—'}</dd>
<dt>${context.t('sec.call.reviewersPerProject')}</dt><dd>${call.reviewersPerProject}</dd>
<dt>${context.t('sec.call.maxRounds')}</dt><dd>${call.maxRounds}</dd>
${when(call.openedAt, () => html`<dt>${context.t('sec.call.openedAt')}</dt><dd>${formatDateTime(context, call.openedAt)}</dd>`)}
${when(call.closedAt, () => html`<dt>${context.t('sec.call.closedAt')}</dt><dd>${formatDateTime(context, call.closedAt)}</dd>`)}
</dl>
<p><a href="/secretariat/projects${query({ callId: call.id })}">${context.t('sec.call.projects')}</a> · <a href="/pipeline${query({ callId: call.id })}">${context.t('sec.call.pipeline')}</a></p>
<div class="actions">
${when(call.status === 'draft', () => actionButton(context, `/calls/${call.id}/open`, context.t('sec.call.open'), { expectedVersion: call.version }))}
${when(call.status === 'open', () => actionButton(context, `/calls/${call.id}/close`, context.t('sec.call.close'), { expectedVersion: call.version }, 'button secondary'))}
</div>
${
  call.status === 'draft'
    ? ''
    : html`<section aria-labelledby="runs"><h2 id="runs">${context.t('sec.runs.title')}</h2>
<p>${context.t('sec.runs.intro')}</p>
${actionButton(context, `/calls/${call.id}/assignment-runs`, context.t('sec.runs.start'))}
${
  view.runs.length === 0
    ? html`<p class="muted">${context.t('sec.runs.none')}</p>`
    : html`<table><caption>${context.t('sec.runs.caption')}</caption><thead><tr><th scope="col">${context.t('sec.runs.requested')}</th><th scope="col">${context.t('sec.runs.trigger')}</th><th scope="col">${context.t('sec.runs.status')}</th></tr></thead><tbody>${view.runs.map(
        (run) =>
          html`<tr><td><a href="/assignment-runs/${run.id}">${formatDateTime(context, run.createdAt)}</a></td><td>${context.t(`sec.runs.trigger.${run.trigger}`)}</td><td>${context.t(`sec.runs.status.${run.status}`)}</td></tr>`,
      )}</tbody></table>`
}
</section>`
}
${
  call.status === 'draft' || call.status === 'open'
    ? html`<section aria-labelledby="edit"><h2 id="edit">${context.t('sec.call.edit')}</h2>
${when(call.status === 'open', () => html`<p class="notice">${context.t('sec.call.openRules')}</p>`)}
${callForm(context, { action: `/calls/${call.id}`, values: view.values, errors: view.errors, problem: view.problem, frameworks: view.frameworks, status: call.status, expectedVersion: call.version, submitLabel: context.t('form.save') })}
</section>`
    : html`<p class="notice">${context.t('sec.call.closedRules')}</p>`
}`;
  return page(context, call.title, main);
}
