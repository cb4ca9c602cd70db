import type { Shortfall, ShortfallReason } from '@fasp/matching';
import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { AssignmentRun, RunResult } from '../../../assignment/entities/assignment-run.entity';
import { formatDateTime, formatNumber } from '../format';
import { page } from '../layout';
import { explanation, languageName, query } from './common';

/** Projects shown on one page of a run's result. */
export const RUN_PAGE_SIZE = 50;

export interface RunPageView {
  run: AssignmentRun;
  call: { id: string; title: string };
  projects: Map<string, { faspId: string | null; title: string }>;
  names: Map<string, string>;
  /** first project of the page (the result lists every project of the run) */
  from: number;
}

function shortfallReason(context: WebContext, reason: ShortfallReason): string {
  const scope = context.t(`sec.shortfall.scope.${reason.scope}`);
  switch (reason.code) {
    case 'NO_STC_MEMBER_FOR_LANGUAGE':
    case 'NO_REVIEWER_FOR_LANGUAGE':
      return context.t(`sec.shortfall.${reason.code}`, { scope, language: languageName(context, reason.language) });
    case 'ALL_CANDIDATES_CONFLICTED':
      return context.t(`sec.shortfall.${reason.code}`, { scope, conflicted: reason.conflicted });
    case 'ALL_CANDIDATES_EXCLUDED':
      return context.t(`sec.shortfall.${reason.code}`, { scope, conflicted: reason.conflicted, excluded: reason.excluded });
    case 'NOT_ENOUGH_CANDIDATES':
      return context.t(`sec.shortfall.${reason.code}`, { scope, eligible: reason.eligible, slots: reason.slots });
    case 'CAPACITY_EXHAUSTED':
      return context.t(`sec.shortfall.${reason.code}`, { scope, full: reason.full });
  }
}

function shortfallOf(context: WebContext, shortfall: Shortfall | undefined): SafeHtml | '' {
  if (!shortfall || shortfall.missing <= 0) return '';
  return html`<div class="sec-shortfall"><p><strong>${context.t('sec.run.unfilled', { missing: shortfall.missing, slots: shortfall.slots })}</strong>${when(shortfall.leadMissing, () => html` ${context.t('sec.run.leadMissing')}`)}</p>
<ul>${shortfall.reasons.map((reason) => html`<li>${shortfallReason(context, reason)}</li>`)}</ul></div>`;
}

function results(context: WebContext, view: RunPageView, result: RunResult): SafeHtml {
  const shortfalls = new Map(result.shortfalls.map((shortfall) => [shortfall.projectId, shortfall]));
  const ids = [...new Set([...result.projects.map((project) => project.projectId), ...result.shortfalls.map((shortfall) => shortfall.projectId)])];
  const shown = ids.slice(view.from, view.from + RUN_PAGE_SIZE);
  const invited = new Map(result.projects.map((project) => [project.projectId, project]));
  const totals = result.totals;
  return html`<dl class="sec-facts">
<dt>${context.t('sec.run.seats')}</dt><dd>${context.t('sec.run.filled', { filled: formatNumber(context, totals.filledSlots), slots: formatNumber(context, totals.slots) })}</dd>
<dt>${context.t('sec.run.leads')}</dt><dd>${context.t('sec.run.filled', { filled: formatNumber(context, totals.filledLeadSlots), slots: formatNumber(context, totals.leadSlots) })}</dd>
<dt>${context.t('sec.run.projects')}</dt><dd>${formatNumber(context, ids.length)}</dd>
</dl>
${
  ids.length === 0
    ? html`<p>${context.t('sec.run.nothing')}</p>`
    : html`<ol class="sec-run-projects" start="${view.from + 1}">${shown.map((projectId) => {
        const project = view.projects.get(projectId);
        const seats = invited.get(projectId)?.invited ?? [];
        return html`<li><h2><a href="/secretariat/projects/${projectId}">${project?.faspId ? `${project.faspId} — ` : ''}${project?.title ?? projectId}</a></h2>
${
  seats.length === 0
    ? html`<p class="muted">${context.t('sec.run.noneInvited')}</p>`
    : html`<ul class="sec-chosen">${seats.map(
        (seat) =>
          html`<li><strong>${view.names.get(seat.reviewerId) ?? seat.reviewerId}</strong> — ${context.t(`sec.role.${seat.role}`)} · ${context.t('sec.run.affinity', { total: formatNumber(context, (seat.affinity as { total?: number } | null)?.total ?? 0, 1) })}${explanation(context, seat.affinity as Parameters<typeof explanation>[1])}</li>`,
      )}</ul>`
}
${shortfallOf(context, shortfalls.get(projectId))}</li>`;
      })}</ol>
<nav class="sec-pager" aria-label="${context.t('sec.pager')}">${when(view.from > 0, () => html`<a href="/assignment-runs/${view.run.id}${query({ from: Math.max(0, view.from - RUN_PAGE_SIZE) || null })}">${context.t('sec.pager.previous')}</a>`)}${when(view.from + RUN_PAGE_SIZE < ids.length, () => html`<a href="/assignment-runs/${view.run.id}${query({ from: view.from + RUN_PAGE_SIZE })}">${context.t('sec.pager.next')}</a>`)}</nav>`
}`;
}

export function runPage(context: WebContext, view: RunPageView): SafeHtml {
  const { run } = view;
  const working = run.status === 'queued' || run.status === 'running';
  // While the worker solves, htmx asks for the page again and swaps this section in place
  // (without JavaScript, the refresh link does the same).
  const polling = working ? html` hx-get="/assignment-runs/${run.id}" hx-trigger="every 2s" hx-select="#run-status" hx-swap="outerHTML"` : '';
  const main = html`<p><a href="/calls/${view.call.id}">${context.t('sec.run.backToCall', { call: view.call.title })}</a></p>
<h1>${context.t('sec.run.title')}</h1>
<section id="run-status" aria-live="polite"${polling}>
<p><span class="stage">${context.t(`sec.runs.status.${run.status}`)}</span> · ${context.t(`sec.runs.trigger.${run.trigger}`)}</p>
<dl class="sec-facts">
<dt>${context.t('sec.runs.requested')}</dt><dd>${formatDateTime(context, run.createdAt)}</dd>
${when(run.startedAt, () => html`<dt>${context.t('sec.run.started')}</dt><dd>${formatDateTime(context, run.startedAt)}</dd>`)}
${when(run.finishedAt, () => html`<dt>${context.t('sec.run.finished')}</dt><dd>${formatDateTime(context, run.finishedAt)}</dd>`)}
</dl>
${when(working, () => html`<p>${context.t('sec.run.working')} <a href="/assignment-runs/${run.id}">${context.t('sec.run.refresh')}</a></p>`)}
${when(run.status === 'failed', () => html`<p class="error">${context.t('sec.run.failed')}${when(run.error, () => html` (${run.error})`)}</p>`)}
${when(run.status === 'completed' && run.result, () => results(context, view, run.result as RunResult))}
</section>`;
  return page(context, context.t('sec.run.title'), main, { wide: true });
}
