import { Stage, STAGES } from '@fasp/core';
import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { OverdueListDto, PipelineSummaryDto, ReviewerWorkloadDto } from '../../../pipeline/pipeline.dto';
import { formatDateTime, formatNumber, stageLabel } from '../format';
import { select } from '../forms';
import { page } from '../layout';
import { barFigure, collegeLabel, countTable, query, regionLabel } from './common';

/** Rows shown in the long lists of the dashboard; the CSV export has everything. */
export const DASHBOARD_LIST_LIMIT = 50;

export interface DashboardView {
  summary: PipelineSummaryDto;
  overdue: OverdueListDto;
  reviewers: ReviewerWorkloadDto[];
  calls: Array<{ id: string; title: string }>;
  callId: string | null;
}

function percent(context: WebContext, value: number | null): string {
  return value === null ? '—' : new Intl.NumberFormat(context.lang, { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

export function dashboardPage(context: WebContext, view: DashboardView): SafeHtml {
  const { summary, overdue, reviewers } = view;
  const callTitle = new Map(view.calls.map((call) => [call.id, call.title]));
  const byStage = new Map(summary.byStage.map((row) => [row.stage, row]));
  const stageRows = STAGES.map((stage) => ({ label: stageLabel(context, stage), count: byStage.get(stage)?.count ?? 0 }));
  const main = html`<h1>${context.t('sec.dashboard.title')}</h1>
<form method="get" action="/pipeline" class="sec-filters">
${select({
  label: context.t('sec.filter.call'),
  name: 'callId',
  value: view.callId ?? '',
  choices: [{ value: '', label: context.t('sec.filter.allCalls') }, ...view.calls.map((call) => ({ value: call.id, label: call.title }))],
})}
<div class="actions"><button type="submit">${context.t('sec.filter.show')}</button></div>
</form>
<p class="sec-totals"><strong>${context.t('sec.dashboard.total', { count: formatNumber(context, summary.total) })}</strong> · ${context.t('sec.dashboard.overdueTotal', { count: formatNumber(context, summary.overdueTotal) })} · <a href="/pipeline/export.csv${query({ callId: view.callId })}" download>${context.t('sec.dashboard.export')}</a></p>
<p class="muted">${context.t('sec.dashboard.generatedAt', { at: formatDateTime(context, summary.generatedAt) })}</p>

<section aria-labelledby="by-stage"><h2 id="by-stage">${context.t('sec.dashboard.byStage')}</h2>
${barFigure(context, context.t('sec.dashboard.byStageChart'), context.t('sec.stage'), stageRows)}
</section>

<div class="two-columns">
<section aria-labelledby="by-region"><h2 id="by-region">${context.t('sec.dashboard.byRegion')}</h2>
${countTable(context, context.t('sec.dashboard.byRegion'), context.t('sec.region'), summary.byRegion.map((row) => ({ label: regionLabel(context, row.key), count: row.count })))}
</section>
<section aria-labelledby="by-college"><h2 id="by-college">${context.t('sec.dashboard.byCollege')}</h2>
${countTable(context, context.t('sec.dashboard.byCollege'), context.t('sec.college'), summary.byCollege.map((row) => ({ label: collegeLabel(context, row.key), count: row.count })))}
</section>
</div>

<section aria-labelledby="funnel"><h2 id="funnel">${context.t('sec.dashboard.funnel')}</h2>
<table><caption>${context.t('sec.dashboard.funnelCaption')}</caption><thead><tr><th scope="col">${context.t('sec.dashboard.step')}</th><th scope="col" class="sec-num">${context.t('sec.count')}</th><th scope="col" class="sec-num">${context.t('sec.dashboard.conversion')}</th></tr></thead>
<tbody>${summary.funnel.map(
    (step) => html`<tr><th scope="row">${context.t(`sec.funnel.${step.step}`)}</th><td class="sec-num">${formatNumber(context, step.count)}</td><td class="sec-num">${percent(context, step.conversion)}</td></tr>`,
  )}</tbody></table>
</section>

<section aria-labelledby="time-in-stage"><h2 id="time-in-stage">${context.t('sec.dashboard.timeInStage')}</h2>
<table><caption>${context.t('sec.dashboard.timeCaption')}</caption><thead><tr><th scope="col">${context.t('sec.stage')}</th><th scope="col" class="sec-num">${context.t('sec.dashboard.stays')}</th><th scope="col" class="sec-num">${context.t('sec.dashboard.median')}</th><th scope="col" class="sec-num">${context.t('sec.dashboard.p90')}</th><th scope="col" class="sec-num">${context.t('sec.dashboard.max')}</th></tr></thead>
<tbody>${
    summary.timeInStage.length === 0
      ? html`<tr><td colspan="5" class="muted">${context.t('sec.none')}</td></tr>`
      : [...summary.timeInStage].sort((a, b) => STAGES.indexOf(a.stage as Stage) - STAGES.indexOf(b.stage as Stage)).map(
          (row) =>
            html`<tr><th scope="row">${stageLabel(context, row.stage)}</th><td class="sec-num">${formatNumber(context, row.stays)}</td><td class="sec-num">${formatNumber(context, row.medianDays, 1)}</td><td class="sec-num">${formatNumber(context, row.p90Days, 1)}</td><td class="sec-num">${formatNumber(context, row.maxDays, 1)}</td></tr>`,
        )
  }</tbody></table>
</section>

<section aria-labelledby="overdue"><h2 id="overdue">${context.t('sec.dashboard.overdue')}</h2>
${
  overdue.total === 0
    ? html`<p>${context.t('sec.dashboard.nothingOverdue')}</p>`
    : html`<table class="sec-overdue"><caption>${context.t('sec.dashboard.overdueCaption', { count: formatNumber(context, overdue.total) })}</caption><thead><tr><th scope="col">${context.t('sec.project')}</th><th scope="col">${context.t('sec.dashboard.waitingFor')}</th><th scope="col">${context.t('sec.stage')}</th><th scope="col">${context.t('sec.dashboard.due')}</th><th scope="col" class="sec-num">${context.t('sec.dashboard.daysLate')}</th></tr></thead>
<tbody>${overdue.items.slice(0, DASHBOARD_LIST_LIMIT).map(
        (item) =>
          html`<tr><td><a href="/secretariat/projects/${item.projectId}">${item.faspId ? `${item.faspId} — ` : ''}${item.title}</a></td><td>${context.t(`sec.overdue.${item.type}`)}: ${context.t(`sec.blockedBy.${item.blockedBy}`)}${when(item.personName, () => html` (${item.personName})`)}</td><td>${stageLabel(context, item.stage)}</td><td>${formatDateTime(context, item.dueAt)}</td><td class="sec-num">${formatNumber(context, item.daysLate, 1)}</td></tr>`,
      )}</tbody></table>
${when(overdue.total > DASHBOARD_LIST_LIMIT, () => html`<p class="muted">${context.t('sec.dashboard.more', { count: formatNumber(context, overdue.total - DASHBOARD_LIST_LIMIT) })}</p>`)}`
}
</section>

<section aria-labelledby="workload"><h2 id="workload">${context.t('sec.dashboard.workload')}</h2>
${
  reviewers.length === 0
    ? html`<p>${context.t('sec.none')}</p>`
    : html`<div class="sec-scroll"><table class="sec-workload"><caption>${context.t('sec.dashboard.workloadCaption')}</caption><thead><tr><th scope="col">${context.t('sec.reviewer')}</th>${when(!view.callId, () => html`<th scope="col">${context.t('sec.call')}</th>`)}<th scope="col" class="sec-num">${context.t('sec.workload.invited')}</th><th scope="col" class="sec-num">${context.t('sec.workload.accepted')}</th><th scope="col" class="sec-num">${context.t('sec.workload.declined')}</th><th scope="col" class="sec-num">${context.t('sec.workload.expired')}</th><th scope="col" class="sec-num">${context.t('sec.workload.active')}</th><th scope="col" class="sec-num">${context.t('sec.workload.submitted')}</th><th scope="col" class="sec-num">${context.t('sec.workload.onTime')}</th><th scope="col" class="sec-num">${context.t('sec.workload.averageDays')}</th><th scope="col" class="sec-num">${context.t('sec.workload.load')}</th></tr></thead>
<tbody>${reviewers.slice(0, DASHBOARD_LIST_LIMIT * 2).map(
        (row) =>
          html`<tr><th scope="row">${row.name}</th>${when(!view.callId, () => html`<td>${callTitle.get(row.callId) ?? '—'}</td>`)}<td class="sec-num">${row.invited}</td><td class="sec-num">${row.accepted}</td><td class="sec-num">${row.declined}</td><td class="sec-num">${row.expired}</td><td class="sec-num">${row.active}</td><td class="sec-num">${row.submitted}</td><td class="sec-num">${row.onTime}</td><td class="sec-num">${formatNumber(context, row.averageDaysToSubmit, 1)}</td><td class="sec-num${row.load > row.capacity ? ' sec-late' : ''}">${row.load} / ${row.capacity}</td></tr>`,
      )}</tbody></table></div>
${when(reviewers.length > DASHBOARD_LIST_LIMIT * 2, () => html`<p class="muted">${context.t('sec.dashboard.more', { count: formatNumber(context, reviewers.length - DASHBOARD_LIST_LIMIT * 2) })}</p>`)}`
}
</section>`;
  return page(context, context.t('sec.dashboard.title'), main, { wide: true });
}
