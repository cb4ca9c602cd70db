import { COLLEGES, PRACTICES, REGIONS } from '@fasp/core';
import { OpportunityDto } from '../../../public/public.dto';
import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { errorSummary, field, FieldErrors, select } from '../forms';
import { formatDate, formatMoney, formatNumber } from '../format';
import { page } from '../layout';
import { choicesOf, counted, countryChoices, countryName, formatDay, landUseName, modalityName, objectiveName, practiceName, projectTypeName, regionName } from './words';

/** The filters of the list, as typed in the query string (kept as typed, even when refused). */
export interface OpportunityFilters {
  q?: string;
  region?: string;
  country?: string;
  practice?: string;
  college?: string;
}

export const FILTER_NAMES = ['q', 'region', 'country', 'practice', 'college'] as const;

export interface OpportunityListModel {
  filters: OpportunityFilters;
  /** page size asked in the address (kept while paging) */
  limit: string | undefined;
  items: OpportunityDto[];
  total: number;
  nextCursor: string | null;
  /** a later page is shown: offer the way back to the first */
  paged: boolean;
  errors: FieldErrors | null;
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

function filterForm(context: WebContext, filters: OpportunityFilters, limit: string | undefined, errors: FieldErrors | null): SafeHtml {
  const any = (label: string) => [{ value: '', label }];
  return html`<form method="get" action="/opportunities" class="filters" role="search" aria-label="${context.t('public.filters')}">${when(limit, () => html`<input type="hidden" name="limit" value="${limit}">`)}
${field({ label: context.t('public.filter.q'), name: 'q', type: 'search', value: filters.q, errors, hint: context.t('public.filter.qHint') })}
<div class="filter-row">
${select({ label: context.t('public.filter.region'), name: 'region', value: filters.region ?? '', errors, choices: [...any(context.t('public.filter.anyRegion')), ...choicesOf(REGIONS, context)] })}
${select({ label: context.t('public.filter.country'), name: 'country', value: filters.country ?? '', errors, choices: [...any(context.t('public.filter.anyCountry')), ...countryChoices(context)] })}
${select({ label: context.t('public.filter.practice'), name: 'practice', value: filters.practice ?? '', errors, choices: [...any(context.t('public.filter.anyPractice')), ...choicesOf(PRACTICES, context)] })}
${select({ label: context.t('public.filter.college'), name: 'college', value: filters.college ?? '', errors, choices: [...any(context.t('public.filter.anyCollege')), ...choicesOf(COLLEGES, context)] })}
</div>
<div class="actions"><button type="submit">${context.t('public.filter.submit')}</button>${when(
    FILTER_NAMES.some((name) => filters[name]),
    () => html`<a class="button secondary" href="/opportunities">${context.t('public.filter.clear')}</a>`,
  )}</div>
</form>`;
}

function budgetOf(context: WebContext, item: OpportunityDto): string {
  if (!item.budget) return '—';
  return formatMoney(context, item.budget.amount, item.budget.currency);
}

function card(context: WebContext, item: OpportunityDto): SafeHtml {
  return html`<li class="card opportunity">
<h3><a href="/opportunities/${item.faspId}">${item.title}</a></h3>
<dl class="facts">
<div><dt>${context.t('public.organization')}</dt><dd>${item.organization.name}</dd></div>
<div><dt>${context.t('public.countries')}</dt><dd>${item.countries.map((code) => countryName(context, code)).join(', ')}</dd></div>
<div><dt>${context.t('public.area')}</dt><dd>${item.areaHa === null ? '—' : context.t('public.hectares', { area: formatNumber(context, item.areaHa) })}</dd></div>
<div><dt>${context.t('public.budget')}</dt><dd>${budgetOf(context, item)}</dd></div>
<div><dt>${context.t('public.published')}</dt><dd>${formatDate(context, item.publishedAt)}</dd></div>
</dl>
<p class="muted">${item.faspId} · ${regionName(context, item.region)}</p>
</li>`;
}

export function opportunitiesView(context: WebContext, model: OpportunityListModel): SafeHtml {
  const { filters, items, total, nextCursor, errors } = model;
  const results = errors
    ? ''
    : html`<h2 id="results" aria-live="polite">${counted(context, 'public.results', total)}</h2>
${
  items.length === 0
    ? html`<p>${context.t('public.none')}</p>`
    : html`<ul class="cards" aria-labelledby="results">${items.map((item) => card(context, item))}</ul>`
}
<nav class="pager" aria-label="${context.t('public.pages')}">${when(model.paged, () => html`<a href="/opportunities${query({ ...filters, limit: model.limit })}">${context.t('public.firstPage')}</a>`)}${when(
        nextCursor,
        () => html`<a href="/opportunities${query({ ...filters, limit: model.limit, cursor: nextCursor ?? undefined })}" rel="next">${context.t('public.nextPage')}</a>`,
      )}</nav>`;
  const main = html`<h1>${context.t('public.title')}</h1>
<p>${context.t('public.intro')}</p>
${errorSummary(context, errors)}
${filterForm(context, filters, model.limit, errors)}
${results}`;
  return page(context, context.t('public.title'), main);
}

function list(values: string[]): SafeHtml {
  return values.length === 0 ? html`—` : html`<ul class="tags">${values.map((value) => html`<li>${value}</li>`)}</ul>`;
}

function expectedChange(context: WebContext, change: Record<string, unknown> | null): string {
  const rate = change?.tonnesPerHaPerYear;
  const years = change?.horizonYears;
  if (typeof rate !== 'number') return '—';
  return typeof years === 'number'
    ? context.t('public.change.withHorizon', { rate: formatNumber(context, rate, 2), years: formatNumber(context, years) })
    : context.t('public.change', { rate: formatNumber(context, rate, 2) });
}

function coordinates(context: WebContext, centroid: number[] | null): string {
  if (!centroid || centroid.length < 2) return '—';
  const [longitude, latitude] = centroid;
  const degrees = (value: number, positive: string, negative: string) => `${formatNumber(context, Math.abs(value), 2)}° ${value >= 0 ? positive : negative}`;
  return `${degrees(latitude, 'N', 'S')}, ${degrees(longitude, 'E', 'W')}`;
}

export function opportunityView(context: WebContext, item: OpportunityDto): SafeHtml {
  const main = html`<p><a href="/opportunities">← ${context.t('public.back')}</a></p>
<h1>${item.title}</h1>
<p class="muted">${item.faspId} · ${context.t('public.publishedOn', { date: formatDate(context, item.publishedAt) })}</p>
${when(item.summary, () => html`<p class="lead">${item.summary}</p>`)}
<div class="two-columns">
<section aria-labelledby="who"><h2 id="who">${context.t('public.section.who')}</h2>
<dl class="facts">
<div><dt>${context.t('public.organization')}</dt><dd>${item.organization.name}${item.organization.country ? ` (${countryName(context, item.organization.country)})` : ''}</dd></div>
<div><dt>${context.t('public.modality')}</dt><dd>${modalityName(context, item.modality)}</dd></div>
<div><dt>${context.t('public.projectType')}</dt><dd>${projectTypeName(context, item.projectType)}</dd></div>
<div><dt>${context.t('public.period')}</dt><dd>${context.t('public.period.value', { start: formatDay(context, item.startDate), end: formatDay(context, item.endDate) })}</dd></div>
</dl></section>
<section aria-labelledby="where"><h2 id="where">${context.t('public.section.where')}</h2>
<dl class="facts">
<div><dt>${context.t('public.countries')}</dt><dd>${item.countries.map((code) => countryName(context, code)).join(', ')}</dd></div>
<div><dt>${context.t('public.region')}</dt><dd>${regionName(context, item.region)}</dd></div>
<div><dt>${context.t('public.area')}</dt><dd>${item.areaHa === null ? '—' : context.t('public.hectares', { area: formatNumber(context, item.areaHa) })}</dd></div>
<div><dt>${context.t('public.centre')}</dt><dd>${coordinates(context, item.centroid)}</dd></div>
</dl></section>
</div>
<section aria-labelledby="what"><h2 id="what">${context.t('public.section.what')}</h2>
<h3>${context.t('public.objectives')}</h3>${list(item.objectives.map((code) => objectiveName(context, code)))}
<h3>${context.t('public.practices')}</h3>${list(item.practices.map((code) => practiceName(context, code)))}
<h3>${context.t('public.landUses')}</h3>${list(item.landUses.map((code) => landUseName(context, code)))}
<dl class="facts"><div><dt>${context.t('public.expectedChange')}</dt><dd>${expectedChange(context, item.expectedChange)}</dd></div></dl>
</section>
<section aria-labelledby="funding"><h2 id="funding">${context.t('public.section.funding')}</h2>
${
  item.budget === undefined && item.fundingSought === undefined
    ? html`<p>${context.t('public.budgetPrivate')}</p>`
    : html`<dl class="facts">
<div><dt>${context.t('public.budget')}</dt><dd>${item.budget ? formatMoney(context, item.budget.amount, item.budget.currency) : '—'}</dd></div>
<div><dt>${context.t('public.fundingSought')}</dt><dd>${item.fundingSought ? formatMoney(context, item.fundingSought.amount, item.fundingSought.currency) : '—'}</dd></div>
</dl>`
}
</section>
<section aria-labelledby="assessment"><h2 id="assessment">${context.t('public.section.assessment')}</h2>
<p>${context.t('public.assessed')}</p>
${when(item.overallScore !== null, () => html`<p>${context.t('public.overallScore', { score: formatNumber(context, item.overallScore ?? 0, 1) })}</p>`)}
</section>
<section aria-labelledby="contact"><h2 id="contact">${context.t('public.section.contact')}</h2>
<p>${context.t('public.consent')}</p>
<p>${context.t('public.contact', { id: item.faspId })}</p>
</section>`;
  return page(context, item.title, main);
}

