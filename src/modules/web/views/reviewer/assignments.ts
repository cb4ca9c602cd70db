import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { csrfField, FieldErrors, fieldId } from '../forms';
import { formatDateTime, stageLabel } from '../format';
import { page } from '../layout';
import { facts, languageName } from './shared';

export interface InvitationItem {
  id: string;
  role: 'lead' | 'member';
  respondBy: Date;
  overdue: boolean;
  project: { title: string; faspId: string | null; language: string };
  callTitle: string;
}

export interface CurrentItem {
  id: string;
  role: 'lead' | 'member';
  project: { id: string; title: string; faspId: string | null; stage: string };
  reviewStatus: 'notStarted' | 'draft' | 'submitted';
  progress: { rated: number; total: number };
  deadline: Date | null;
  overdue: boolean;
}

export interface PastItem {
  id: string;
  status: string;
  role: 'lead' | 'member';
  project: { id: string; title: string; faspId: string | null };
  at: Date | null;
}

/** A decline refused for its reason: the invitation opens again with what was typed and the error. */
export interface DeclineDraft {
  id: string;
  reason: string;
  errors: FieldErrors;
}

export interface AssignmentsPage {
  invitations: InvitationItem[];
  current: CurrentItem[];
  past: PastItem[];
  /** a refusal of the last accept or decline, shown above the invitations */
  problem?: string | null;
  decline?: DeclineDraft | null;
}

function roleLabel(context: WebContext, role: 'lead' | 'member'): string {
  return context.t(role === 'lead' ? 'reviewer.role.lead' : 'reviewer.role.member');
}

function overdueBadge(context: WebContext, overdue: boolean): SafeHtml | '' {
  return when(overdue, () => html` <strong class="rv-overdue">${context.t('reviewer.overdue')}</strong>`);
}

function invitation(context: WebContext, item: InvitationItem, decline: DeclineDraft | null | undefined): SafeHtml {
  const reasonId = fieldId(`reason-${item.id}`);
  const typed = decline?.id === item.id ? decline : null;
  const errors = typed?.errors.reason;
  return html`<li class="card rv-invitation" id="invitation-${item.id}">
<h3>${item.project.title}</h3>
${facts([
  [context.t('reviewer.field.faspId'), item.project.faspId ?? '—'],
  [context.t('reviewer.field.call'), item.callTitle],
  [context.t('reviewer.field.language'), languageName(context, item.project.language)],
  [context.t('reviewer.field.answerBy'), html`${formatDateTime(context, item.respondBy)}${overdueBadge(context, item.overdue)}`],
  [context.t('reviewer.field.role'), roleLabel(context, item.role)],
])}
<div class="actions">
<form method="post" action="/assignments/${item.id}/accept" class="inline">${csrfField(context)}<button type="submit">${context.t('reviewer.accept')}</button></form>
<details class="rv-decline"${typed ? html` open` : ''}><summary>${context.t('reviewer.decline.open')}</summary>
<form method="post" action="/assignments/${item.id}/decline">${csrfField(context)}
<div class="field${errors ? ' invalid' : ''}"><label for="${reasonId}">${context.t('reviewer.decline.reason')}</label>
${when(errors, () => html`<p class="error" id="${reasonId}-error">${(errors ?? []).join(' ')}</p>`)}
<textarea id="${reasonId}" name="reason" rows="3" maxlength="2000"${errors ? html` aria-invalid="true" aria-describedby="${reasonId}-error"` : ''}>${typed?.reason ?? ''}</textarea></div>
<button type="submit" class="secondary">${context.t('reviewer.decline')}</button></form></details>
</div></li>`;
}

function current(context: WebContext, item: CurrentItem): SafeHtml {
  const links: SafeHtml[] = [];
  if (item.reviewStatus === 'submitted' || item.role === 'lead') links.push(html`<a href="/projects/${item.project.id}/reviews">${context.t('reviewer.link.reviews')}</a>`);
  if (item.role === 'lead' && ['consolidation', 'revision', 'completed', 'published'].includes(item.project.stage)) {
    links.push(html`<a href="/projects/${item.project.id}/consolidation">${context.t('reviewer.link.consolidation')}</a>`);
  }
  const progressId = `progress-${item.id}`;
  return html`<tr${item.overdue ? html` class="rv-late"` : ''}>
<th scope="row"><a href="/assignments/${item.id}/review">${item.project.title}</a><br><span class="muted">${item.project.faspId ?? ''}</span></th>
<td>${roleLabel(context, item.role)}</td>
<td><span class="stage">${stageLabel(context, item.project.stage)}</span></td>
<td>${context.t(`reviewer.status.${item.reviewStatus}`)}</td>
<td><span id="${progressId}">${context.t('reviewer.progress', item.progress)}</span><br><progress value="${item.progress.rated}" max="${item.progress.total}" aria-labelledby="${progressId}"></progress></td>
<td>${formatDateTime(context, item.deadline)}${overdueBadge(context, item.overdue)}</td>
<td>${links.map((link, index) => html`${index > 0 ? html`<br>` : ''}${link}`)}</td>
</tr>`;
}

function past(context: WebContext, item: PastItem): SafeHtml {
  const title = item.status === 'completed' ? html`<a href="/assignments/${item.id}/review">${item.project.title}</a>` : html`${item.project.title}`;
  return html`<li>${title} <span class="muted">${item.project.faspId ?? ''}</span> — ${context.t(`reviewer.seat.${item.status}`)}${item.at ? html` (${formatDateTime(context, item.at)})` : ''}</li>`;
}

/** The reviewer's invitations (accept / decline), reviews in progress with their progress, and the rest. */
export function assignmentsPage(context: WebContext, data: AssignmentsPage): SafeHtml {
  const main = html`<h1>${context.t('reviewer.assignments.title')}</h1>
${when(data.problem, () => html`<p class="error-summary" role="alert">${data.problem}</p>`)}
<section aria-labelledby="invitations-title"><h2 id="invitations-title">${context.t('reviewer.invitations.title')}</h2>
${
  data.invitations.length > 0
    ? html`<p>${context.t('reviewer.invitations.intro')}</p><ul class="cards">${data.invitations.map((item) => invitation(context, item, data.decline))}</ul>`
    : html`<p class="muted">${context.t('reviewer.invitations.none')}</p>`
}</section>
<section aria-labelledby="current-title"><h2 id="current-title">${context.t('reviewer.current.title')}</h2>
${
  data.current.length > 0
    ? html`<div class="rv-scroll"><table><thead><tr><th scope="col">${context.t('reviewer.field.project')}</th><th scope="col">${context.t('reviewer.field.role')}</th><th scope="col">${context.t('reviewer.field.stage')}</th><th scope="col">${context.t('reviewer.field.review')}</th><th scope="col">${context.t('reviewer.field.progress')}</th><th scope="col">${context.t('reviewer.field.deadline')}</th><th scope="col"><span class="visually-hidden">${context.t('reviewer.link.reviews')}</span></th></tr></thead>
<tbody>${data.current.map((item) => current(context, item))}</tbody></table></div>`
    : html`<p class="muted">${context.t('reviewer.current.none')}</p>`
}</section>
${when(data.past.length > 0, () => html`<section aria-labelledby="past-title"><h2 id="past-title">${context.t('reviewer.past.title')}</h2><ul>${data.past.map((item) => past(context, item))}</ul></section>`)}
<p><a href="/reviewer/profile">${context.t('reviewer.link.profile')}</a></p>`;
  return page(context, context.t('reviewer.assignments.title'), main, { wide: true });
}
