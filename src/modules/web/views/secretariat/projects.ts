import { COLLEGES, labelOf, LAND_USES, OBJECTIVES, PRACTICES, PROJECT_TYPES, REGIONS, STAGES, countryName } from '@fasp/core';
import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { Assignment } from '../../../assignment/entities/assignment.entity';
import { Call } from '../../../calls/entities/call.entity';
import { ProjectHistory } from '../../../projects/entities/project-history.entity';
import { Project } from '../../../projects/entities/project.entity';
import { Completeness } from '../../../projects/projects.service';
import { formatDate, formatDateTime, formatMoney, formatNumber, outcomeLabel, stageLabel } from '../format';
import { csrfField, field, FieldErrors, fieldId, select, textarea } from '../forms';
import { page } from '../layout';
import { collegeLabel, errorList, explanation, formProblem, languageName, modalityLabel, query, regionLabel } from './common';

export interface ProjectFilters {
  callId?: string;
  stage?: string;
  region?: string;
  college?: string;
  q?: string;
  /** projects per page (the API's `limit`), when not the default */
  limit?: string;
}

export interface ProjectsListView {
  projects: Project[];
  nextCursor: string | null;
  cursor: string | null;
  filters: ProjectFilters;
  errors: FieldErrors | null;
  calls: Array<{ id: string; title: string }>;
  now: Date;
}

function late(project: Pick<Project, 'stageDeadline'>, now: Date): boolean {
  return !!project.stageDeadline && project.stageDeadline.getTime() < now.getTime();
}

export function projectsPage(context: WebContext, view: ProjectsListView): SafeHtml {
  const { filters } = view;
  const labels = { callId: context.t('sec.filter.call'), stage: context.t('sec.stage'), region: context.t('sec.region'), college: context.t('sec.college'), q: context.t('sec.filter.q'), cursor: context.t('sec.pager'), limit: context.t('sec.pager') };
  const main = html`<h1>${context.t('sec.projects.title')}</h1>
${errorList(context, view.errors, labels)}
<form method="get" action="/secretariat/projects" class="sec-filters">
${select({ label: labels.callId, name: 'callId', value: filters.callId ?? '', errors: view.errors, choices: [{ value: '', label: context.t('sec.filter.allCalls') }, ...view.calls.map((call) => ({ value: call.id, label: call.title }))] })}
${select({ label: labels.stage, name: 'stage', value: filters.stage ?? '', errors: view.errors, choices: [{ value: '', label: context.t('sec.filter.all') }, ...STAGES.map((stage) => ({ value: stage, label: stageLabel(context, stage) }))] })}
${select({ label: labels.region, name: 'region', value: filters.region ?? '', errors: view.errors, choices: [{ value: '', label: context.t('sec.filter.all') }, ...REGIONS.map((region) => ({ value: region.code, label: region.labels[context.lang] }))] })}
${select({ label: labels.college, name: 'college', value: filters.college ?? '', errors: view.errors, choices: [{ value: '', label: context.t('sec.filter.all') }, ...COLLEGES.map((college) => ({ value: college.code, label: college.labels[context.lang] }))] })}
${field({ label: labels.q, name: 'q', type: 'search', value: filters.q ?? '', hint: context.t('sec.filter.qHint'), errors: view.errors })}
<div class="actions"><button type="submit">${context.t('sec.filter.show')}</button> <a href="/secretariat/projects">${context.t('sec.filter.reset')}</a></div>
</form>
${
  view.projects.length === 0
    ? html`<p>${context.t('sec.projects.none')}</p>`
    : html`<div class="sec-scroll"><table class="sec-projects"><caption>${context.t('sec.projects.caption')}</caption><thead><tr><th scope="col">${context.t('sec.project.faspId')}</th><th scope="col">${context.t('sec.project.title')}</th><th scope="col">${context.t('sec.stage')}</th><th scope="col">${context.t('sec.region')}</th><th scope="col">${context.t('sec.college')}</th><th scope="col">${context.t('sec.project.language')}</th><th scope="col">${context.t('sec.project.submittedAt')}</th><th scope="col">${context.t('sec.project.deadline')}</th></tr></thead>
<tbody>${view.projects.map(
        (project) =>
          html`<tr><td>${project.faspId ?? '—'}</td><td><a href="/secretariat/projects/${project.id}">${project.title}</a></td><td><span class="stage">${stageLabel(context, project.stage)}</span></td><td>${regionLabel(context, project.region)}</td><td>${collegeLabel(context, project.college)}</td><td>${languageName(context, project.language)}</td><td>${formatDate(context, project.submittedAt)}</td><td${late(project, view.now) ? html` class="sec-late"` : ''}>${formatDate(context, project.stageDeadline)}${late(project, view.now) ? html` <strong>${context.t('sec.project.overdue')}</strong>` : ''}</td></tr>`,
      )}</tbody></table></div>`
}
<nav class="sec-pager" aria-label="${context.t('sec.pager')}">${when(view.cursor, () => html`<a href="/secretariat/projects${query({ ...filters })}">${context.t('sec.pager.first')}</a>`)}${when(view.nextCursor, () => html`<a href="/secretariat/projects${query({ ...filters, cursor: view.nextCursor })}">${context.t('sec.pager.next')}</a>`)}</nav>`;
  return page(context, context.t('sec.projects.title'), main, { wide: true });
}

/** The form on the page that was sent and refused, to show again with what was typed and why. */
export interface RefusedForm {
  form: 'admit' | 'request_info' | 'refuse' | 'release_feedback' | 'publish' | 'assign' | 'unassign';
  values: Record<string, string>;
  errors: FieldErrors | null;
  problem: string | null;
  /** a manual assignment refused for a conflict of interest: the conflicts, in words */
  conflicts?: string[];
  /** the seat whose removal was refused */
  assignmentId?: string;
}

export interface ReviewerChoice {
  id: string;
  name: string;
  stcMember: boolean;
  languages: string[];
  load: number;
  capacity: number;
}

export interface ProjectPageView {
  project: Project;
  call: Call;
  organization: { name: string; country: string; verified: boolean } | null;
  holder: { name: string; email: string } | null;
  completeness: Completeness;
  history: ProjectHistory[];
  names: Map<string, string>;
  assignments: Assignment[];
  reviewers: ReviewerChoice[];
  consolidation: { proposedOutcome: string | null; proposedAt: string | null; reviewsSubmitted: number; allowedOutcomes: string[]; reasons: string[] } | null;
  refused: RefusedForm | null;
  now: Date;
}

const ACTIVE_SEATS = ['invited', 'accepted'];

function list<T>(values: readonly T[] | undefined, label: (value: T) => string): string {
  return values && values.length > 0 ? values.map(label).join(', ') : '—';
}

function dossierSummary(context: WebContext, view: ProjectPageView): SafeHtml {
  const { project } = view;
  const d = project.dossier as Record<string, unknown> & {
    summary?: string;
    projectType?: string;
    objectives?: string[];
    areaHa?: number;
    landUses?: string[];
    practices?: string[];
    startDate?: string;
    endDate?: string;
    budget?: { amount: number; currency: string };
    fundingSought?: { amount: number; currency: string };
  };
  const vocabulary = <V extends ReadonlyArray<{ code: string | number; labels: Record<string, string> }>>(entries: V, code: unknown) =>
    labelOf(entries as never, code as never, context.lang) ?? String(code);
  return html`<dl class="sec-facts">
<dt>${context.t('sec.project.organization')}</dt><dd>${view.organization ? `${view.organization.name} (${countryName(view.organization.country, context.lang) ?? view.organization.country})` : '—'}${when(view.organization && !view.organization.verified, () => html` <strong>${context.t('sec.project.unverified')}</strong>`)}</dd>
<dt>${context.t('sec.project.holder')}</dt><dd>${view.holder ? html`${view.holder.name} &lt;<a href="mailto:${view.holder.email}">${view.holder.email}</a>&gt;` : '—'}</dd>
<dt>${context.t('sec.region')} · ${context.t('sec.college')}</dt><dd>${regionLabel(context, project.region)} · ${collegeLabel(context, project.college)}</dd>
<dt>${context.t('sec.call')}</dt><dd><a href="/calls/${view.call.id}">${view.call.title}</a></dd>
<dt>${context.t('sec.project.language')}</dt><dd>${languageName(context, project.language)}</dd>
<dt>${context.t('sec.call.modalities')}</dt><dd>${project.modality ? modalityLabel(context, project.modality) : '—'}</dd>
<dt>${context.t('sec.project.type')}</dt><dd>${d.projectType ? vocabulary(PROJECT_TYPES, d.projectType) : '—'}</dd>
<dt>${context.t('sec.project.objectives')}</dt><dd>${list(d.objectives, (code) => vocabulary(OBJECTIVES, code))}</dd>
<dt>${context.t('sec.project.countries')}</dt><dd>${list(project.countries, (code) => countryName(code, context.lang) ?? code)}</dd>
<dt>${context.t('sec.project.area')}</dt><dd>${d.areaHa !== undefined ? `${formatNumber(context, d.areaHa)} ha` : '—'}</dd>
<dt>${context.t('sec.project.landUses')}</dt><dd>${list(d.landUses, (code) => vocabulary(LAND_USES, code))}</dd>
<dt>${context.t('sec.project.practices')}</dt><dd>${list(d.practices, (code) => vocabulary(PRACTICES, code))}</dd>
<dt>${context.t('sec.project.period')}</dt><dd>${d.startDate ? formatDate(context, d.startDate) : '—'} – ${d.endDate ? formatDate(context, d.endDate) : '—'}</dd>
<dt>${context.t('sec.project.budget')}</dt><dd>${formatMoney(context, d.budget?.amount, d.budget?.currency)} · ${context.t('sec.project.fundingSought')}: ${formatMoney(context, d.fundingSought?.amount, d.fundingSought?.currency)}</dd>
<dt>${context.t('sec.project.consent')}</dt><dd>${project.consentToPublish ? context.t('sec.yes') : context.t('sec.no')}</dd>
</dl>
${when(d.summary, () => html`<h3>${context.t('sec.project.summary')}</h3><p class="sec-summary">${d.summary}</p>`)}`;
}

function refusedFor(view: ProjectPageView, form: RefusedForm['form']): RefusedForm | null {
  return view.refused?.form === form ? view.refused : null;
}

/** A form that moves the project, carrying the version the page was drawn from. */
function transitionForm(context: WebContext, view: ProjectPageView, action: string, body: SafeHtml | '', button: SafeHtml, className = ''): SafeHtml {
  return html`<form method="post" action="/secretariat/projects/${view.project.id}/transitions" novalidate class="${className}">${csrfField(context)}<input type="hidden" name="action" value="${action}"><input type="hidden" name="expectedVersion" value="${view.project.version}">${body}${button}</form>`;
}

function eligibility(context: WebContext, view: ProjectPageView): SafeHtml {
  const info = refusedFor(view, 'request_info');
  const refuse = refusedFor(view, 'refuse');
  const admit = refusedFor(view, 'admit');
  const objectives = (view.project.dossier as { objectives?: string[] }).objectives ?? [];
  return html`<section aria-labelledby="eligibility"><h2 id="eligibility">${context.t('sec.eligibility.title')}</h2>
<ul class="checklist">
<li class="${view.completeness.complete ? 'done' : 'todo'}">${view.completeness.complete ? context.t('sec.eligibility.complete') : context.t('sec.eligibility.incomplete')}</li>
<li class="${view.organization?.verified ? 'done' : 'todo'}">${view.organization?.verified ? context.t('sec.eligibility.organization') : context.t('sec.eligibility.organizationMissing')}</li>
<li class="${objectives.length > 0 ? 'done' : 'todo'}">${objectives.length > 0 ? context.t('sec.eligibility.objectives') : context.t('sec.eligibility.objectivesMissing')}</li>
</ul>
<div class="sec-decisions">
<div class="sec-decision">
<h3>${context.t('sec.eligibility.admit')}</h3>
<p>${context.t('sec.eligibility.admitHint')}</p>
${formProblem(admit?.problem)}
${transitionForm(context, view, 'admit', '', html`<button type="submit">${context.t('sec.eligibility.admitButton')}</button>`)}
</div>
<div class="sec-decision">
<h3>${context.t('sec.eligibility.requestInfo')}</h3>
${formProblem(info?.problem)}
${transitionForm(
  context,
  view,
  'request_info',
  textarea({ label: context.t('sec.eligibility.message'), name: 'infoMessage', value: info?.values.infoMessage ?? '', required: true, rows: 4, hint: context.t('sec.eligibility.messageHint'), errors: info?.errors }),
  html`<button type="submit" class="secondary">${context.t('sec.eligibility.requestInfoButton')}</button>`,
)}
</div>
<div class="sec-decision">
<h3>${context.t('sec.eligibility.refuse')}</h3>
${formProblem(refuse?.problem)}
${transitionForm(
  context,
  view,
  'refuse',
  textarea({ label: context.t('sec.eligibility.reasons'), name: 'refusalReasons', value: refuse?.values.refusalReasons ?? '', required: true, rows: 4, hint: context.t('sec.eligibility.reasonsHint'), errors: refuse?.errors }),
  html`<button type="submit" class="danger">${context.t('sec.eligibility.refuseButton')}</button>`,
)}
</div>
</div>
</section>`;
}

function seatStatus(context: WebContext, seat: Assignment): string {
  return context.t(`sec.seat.${seat.status}`);
}

function assignments(context: WebContext, view: ProjectPageView): SafeHtml {
  const { project } = view;
  const canAssign = project.stage === 'assignment' || project.stage === 'review';
  const assign = refusedFor(view, 'assign');
  const unassign = refusedFor(view, 'unassign');
  const labels = { reviewerId: context.t('sec.assign.reviewer'), role: context.t('sec.assign.role'), assignReason: context.t('sec.assign.reason'), overrideConflict: context.t('sec.assign.acknowledge') };
  const chosen = assign?.values.reviewerId ?? '';
  return html`<section aria-labelledby="assignments"><h2 id="assignments">${context.t('sec.assignments.title')}</h2>
${
  view.assignments.length === 0
    ? html`<p>${context.t('sec.assignments.none')}</p>`
    : html`<div class="sec-scroll"><table class="sec-seats"><caption>${context.t('sec.assignments.caption', { k: view.call.reviewersPerProject })}</caption><thead><tr><th scope="col">${context.t('sec.reviewer')}</th><th scope="col">${context.t('sec.assign.role')}</th><th scope="col">${context.t('sec.assignments.status')}</th><th scope="col">${context.t('sec.assignments.why')}</th><th scope="col">${context.t('sec.assignments.respondBy')}</th><th scope="col">${context.t('sec.assignments.remove')}</th></tr></thead>
<tbody>${view.assignments.map((seat) => {
        const refusedHere = unassign?.assignmentId === seat.id ? unassign : null;
        const name = seat.reviewer?.name ?? view.names.get(seat.reviewerId) ?? seat.reviewerId;
        return html`<tr><th scope="row">${name}</th><td>${context.t(`sec.role.${seat.role}`)}</td><td>${seatStatus(context, seat)}${when(seat.declineReason, () => html`<br><span class="muted">${seat.declineReason}</span>`)}</td><td>${
          seat.source === 'run' ? explanation(context, seat.explanation) : html`${context.t('sec.assignments.manual')}${when(seat.note, () => html`: ${seat.note}`)}`
        }${when(seat.conflictOverridden, () => html`<br><strong>${context.t('sec.assignments.conflictOverridden')}</strong>`)}</td><td>${seat.status === 'invited' ? formatDateTime(context, seat.respondBy) : '—'}</td><td>${
          ACTIVE_SEATS.includes(seat.status)
            ? html`<form method="post" action="/secretariat/projects/${project.id}/assignments/${seat.id}/remove" novalidate class="sec-remove">${csrfField(context)}${formProblem(refusedHere?.problem)}
${field({ label: context.t('sec.assignments.removeReason', { name }), name: `removeReason-${seat.id}`, value: refusedHere?.values[`removeReason-${seat.id}`] ?? '', required: true, errors: refusedHere?.errors })}
<button type="submit" class="secondary">${context.t('sec.assignments.removeButton')}</button></form>`
            : '—'
        }</td></tr>`;
      })}</tbody></table></div>`
}
${
  canAssign
    ? html`<h3 id="assign">${context.t('sec.assign.title')}</h3>
<p>${context.t('sec.assign.intro')}</p>
${errorList(context, assign?.errors, labels)}${formProblem(assign?.problem)}
<form method="post" action="/secretariat/projects/${project.id}/assignments" novalidate class="sec-assign">${csrfField(context)}
${select({
  label: labels.reviewerId,
  name: 'reviewerId',
  value: chosen,
  required: true,
  errors: assign?.errors,
  choices: [
    { value: '', label: '—' },
    ...view.reviewers.map((reviewer) => ({
      value: reviewer.id,
      label: `${reviewer.name}${reviewer.stcMember ? ` (${context.t('sec.assign.stc')})` : ''} — ${reviewer.languages.map((code) => code.toUpperCase()).join('/')} — ${context.t('sec.assign.load', { load: reviewer.load, capacity: reviewer.capacity })}`,
    })),
  ],
})}
${select({ label: labels.role, name: 'role', value: assign?.values.role ?? 'member', errors: assign?.errors, choices: [{ value: 'member', label: context.t('sec.role.member') }, { value: 'lead', label: context.t('sec.role.lead') }] })}
${textarea({ label: labels.assignReason, name: 'assignReason', value: assign?.values.assignReason ?? '', required: true, rows: 3, hint: context.t('sec.assign.reasonHint'), errors: assign?.errors })}
${
  assign?.conflicts && assign.conflicts.length > 0
    ? html`<div class="notice sec-conflicts" id="${fieldId('overrideConflict')}"><p><strong>${context.t('sec.assign.conflicts')}</strong></p><ul>${assign.conflicts.map((conflict) => html`<li>${conflict}</li>`)}</ul>
<label class="sec-check"><input type="checkbox" name="overrideConflict" value="true"> ${labels.overrideConflict}</label></div>`
    : ''
}
<div class="actions"><button type="submit">${context.t('sec.assign.button')}</button></div>
</form>`
    : ''
}
</section>`;
}

function consolidation(context: WebContext, view: ProjectPageView): SafeHtml {
  const state = view.consolidation;
  const release = refusedFor(view, 'release_feedback');
  if (!state) return html``;
  const chosen = release?.values.outcome ?? state.proposedOutcome ?? '';
  return html`<section aria-labelledby="release"><h2 id="release">${context.t('sec.release.title')}</h2>
<dl class="sec-facts">
<dt>${context.t('sec.release.reviews')}</dt><dd>${state.reviewsSubmitted}</dd>
<dt>${context.t('sec.release.proposed')}</dt><dd>${state.proposedOutcome ? html`<strong>${outcomeLabel(context, state.proposedOutcome)}</strong> (${formatDateTime(context, state.proposedAt)})` : context.t('sec.release.waiting')}</dd>
<dt>${context.t('sec.release.allowed')}</dt><dd>${state.allowedOutcomes.length > 0 ? state.allowedOutcomes.map((outcome) => outcomeLabel(context, outcome)).join(', ') : '—'}</dd>
</dl>
${when(state.reasons.length > 0, () => html`<h3>${context.t('sec.release.rules')}</h3><ul>${state.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>`)}
${
  state.proposedOutcome
    ? html`${formProblem(release?.problem)}${transitionForm(
        context,
        view,
        'release_feedback',
        html`<fieldset class="checks${release?.errors?.outcome ? ' invalid' : ''}" id="${fieldId('outcome')}"><legend>${context.t('sec.release.outcome')}</legend>
${when(release?.errors?.outcome, () => html`<p class="error">${(release?.errors?.outcome ?? []).join(' ')}</p>`)}
${state.allowedOutcomes.map((outcome) => html`<label><input type="radio" name="outcome" value="${outcome}"${outcome === chosen ? html` checked` : ''}> ${outcomeLabel(context, outcome)}${outcome === state.proposedOutcome ? ` (${context.t('sec.release.leadProposal')})` : ''}</label>`)}
</fieldset>
${textarea({ label: context.t('sec.release.note'), name: 'releaseNote', value: release?.values.releaseNote ?? '', rows: 3, hint: context.t('sec.release.noteHint'), errors: release?.errors })}`,
        html`<div class="actions"><button type="submit">${context.t('sec.release.button')}</button></div>`,
      )}`
    : ''
}
</section>`;
}

function publication(context: WebContext, view: ProjectPageView): SafeHtml {
  const { project } = view;
  const refused = refusedFor(view, 'publish');
  if (project.stage === 'published') {
    return html`<section aria-labelledby="publication"><h2 id="publication">${context.t('sec.publish.title')}</h2><p>${context.t('sec.publish.done', { at: formatDateTime(context, project.publishedAt) })}</p>${when(project.faspId, () => html`<p><a href="/opportunities/${project.faspId}">${context.t('sec.publish.public')}</a></p>`)}</section>`;
  }
  return html`<section aria-labelledby="publication"><h2 id="publication">${context.t('sec.publish.title')}</h2>
<p>${context.t('sec.publish.outcome', { outcome: project.outcome ? outcomeLabel(context, project.outcome) : '—' })}</p>
${formProblem(refused?.problem)}
${
  project.outcome !== 'positive'
    ? html`<p>${context.t('sec.publish.notPositive')}</p>`
    : !project.consentToPublish
      ? html`<p class="notice">${context.t('sec.publish.noConsent')}</p>`
      : transitionForm(context, view, 'publish', html`<p>${context.t('sec.publish.consented')}</p>`, html`<button type="submit">${context.t('sec.publish.button')}</button>`)
}
</section>`;
}

function history(context: WebContext, view: ProjectPageView): SafeHtml {
  return html`<section aria-labelledby="history"><h2 id="history">${context.t('sec.history.title')}</h2>
<div class="sec-scroll"><table class="sec-history"><caption>${context.t('sec.history.caption')}</caption><thead><tr><th scope="col">${context.t('sec.history.at')}</th><th scope="col">${context.t('sec.history.action')}</th><th scope="col">${context.t('sec.stage')}</th><th scope="col">${context.t('sec.history.by')}</th><th scope="col">${context.t('sec.history.reason')}</th></tr></thead>
<tbody>${view.history.map(
    (entry) =>
      html`<tr><td>${formatDateTime(context, entry.at)}</td><td>${context.t(`sec.action.${entry.action}`)}</td><td>${entry.fromStage && entry.fromStage !== entry.toStage ? `${stageLabel(context, entry.fromStage)} → ` : ''}${stageLabel(context, entry.toStage)}</td><td>${entry.actorId ? (view.names.get(entry.actorId) ?? '—') : ''} <span class="muted">(${context.t(`sec.actor.${entry.actorRole}`)})</span></td><td>${entry.reason ?? ''}</td></tr>`,
  )}</tbody></table></div>
</section>`;
}

export function projectPage(context: WebContext, view: ProjectPageView): SafeHtml {
  const { project } = view;
  const overdue = late(project, view.now);
  const seated = view.assignments.length > 0 || project.stage === 'assignment' || project.stage === 'review';
  const main = html`<p><a href="/secretariat/projects${query({ callId: project.callId })}">${context.t('sec.projects.back')}</a></p>
<h1>${project.faspId ? html`<span class="sec-fasp-id">${project.faspId}</span> ` : ''}${project.title}</h1>
<p><span class="stage">${stageLabel(context, project.stage)}</span> · ${context.t('sec.project.round', { round: project.round })} · ${context.t('sec.project.version', { version: project.version })}${
    project.stageDeadline ? html` · <span class="${overdue ? 'sec-late' : ''}">${context.t('sec.project.due', { at: formatDateTime(context, project.stageDeadline) })}${overdue ? html` <strong>${context.t('sec.project.overdue')}</strong>` : ''}</span>` : ''
  }</p>
<section aria-labelledby="dossier"><h2 id="dossier">${context.t('sec.project.dossier')}</h2>${dossierSummary(context, view)}</section>
<section aria-labelledby="completeness"><h2 id="completeness">${context.t('sec.project.completeness')}</h2>
${view.completeness.complete ? html`<p>${context.t('sec.project.completeYes')}</p>` : html`<ul class="checklist">${view.completeness.missing.map((item) => html`<li class="todo">${item.label}</li>`)}</ul>`}
</section>
${when(project.stage === 'submitted', () => eligibility(context, view))}
${when(seated, () => assignments(context, view))}
${when(project.stage === 'consolidation', () => consolidation(context, view))}
${when(project.stage === 'completed' || project.stage === 'published', () => publication(context, view))}
${history(context, view)}`;
  return page(context, project.faspId ?? project.title, main, { wide: true });
}

/** The page changed under the reader: what happened and the way back. */
export function stalePage(context: WebContext, href: string): SafeHtml {
  const main = html`<h1>${context.t('sec.stale.title')}</h1><p>${context.t('sec.stale.text')}</p><p><a class="button" href="${href}">${context.t('sec.stale.reload')}</a></p>`;
  return page(context, context.t('sec.stale.title'), main);
}
