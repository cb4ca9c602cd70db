import { barChart, COLLEGES, labelOf, LAND_USES, MODALITIES, PRACTICES, REGIONS, REVIEWER_DISCIPLINES, countryName } from '@fasp/core';
import { html, raw, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { FieldErrors, fieldId } from '../forms';
import { formatNumber } from '../format';

/** The words of the Initiative's categories, in the reader's language (the code when unknown). */
export function regionLabel(context: WebContext, code: string | null | undefined): string {
  if (!code) return '—';
  return labelOf(REGIONS, code as (typeof REGIONS)[number]['code'], context.lang) ?? code;
}

export function collegeLabel(context: WebContext, code: string | null | undefined): string {
  if (!code) return '—';
  return labelOf(COLLEGES, code as (typeof COLLEGES)[number]['code'], context.lang) ?? code;
}

export function modalityLabel(context: WebContext, code: string | number): string {
  return labelOf(MODALITIES, Number(code) as (typeof MODALITIES)[number]['code'], context.lang) ?? String(code);
}

export function languageName(context: WebContext, code: string): string {
  return context.t(`sec.language.${code}`);
}

/** A tag an affinity term matched (a practice, land use, discipline, country, region or criterion). */
export function tagLabel(context: WebContext, term: string, tag: string): string {
  switch (term) {
    case 'practices':
      return labelOf(PRACTICES, tag as (typeof PRACTICES)[number]['code'], context.lang) ?? tag;
    case 'landUses':
      return labelOf(LAND_USES, tag as (typeof LAND_USES)[number]['code'], context.lang) ?? tag;
    case 'disciplines':
      return labelOf(REVIEWER_DISCIPLINES, tag as (typeof REVIEWER_DISCIPLINES)[number]['code'], context.lang) ?? tag;
    case 'countries':
      return countryName(tag, context.lang) ?? tag;
    case 'regions':
      return regionLabel(context, tag);
    default:
      return tag;
  }
}

/** Why a reviewer was chosen: the affinity terms that matched, with their tags. */
export function explanation(context: WebContext, affinity: { total?: number; terms?: ReadonlyArray<{ term: string; matched: readonly string[]; score: number }> } | null | undefined): SafeHtml {
  const terms = (affinity?.terms ?? []).filter((term) => term.matched.length > 0);
  if (terms.length === 0) return html`<span class="muted">${context.t('sec.affinity.none')}</span>`;
  return html`<ul class="sec-explanation">${terms.map(
    (term) =>
      html`<li>${context.t(`sec.affinity.${term.term}`)}: ${term.matched.map((tag) => tagLabel(context, term.term, tag)).join(', ')} <span class="muted">(+${formatNumber(context, term.score, 1)})</span></li>`,
  )}</ul>`;
}

/**
 * A field error for people: the API's rule names become sentences in the reader's language;
 * a rule without a sentence keeps the API's message.
 */
const RULE_MESSAGES: Record<string, string> = {
  required: 'sec.error.required',
  afterOpensAt: 'sec.error.closesAfterOpens',
  isInt: 'sec.error.integer',
  min: 'sec.error.range',
  max: 'sec.error.range',
  isInstant: 'sec.error.dateTime',
  isUuid: 'sec.error.choose',
  isIn: 'sec.error.choose',
  arrayNotEmpty: 'sec.error.chooseOne',
  isLength: 'sec.error.length',
  reviewer: 'sec.error.reviewer',
};

interface FieldProblem {
  field: string;
  rules?: string[];
  messages?: string[];
}

/** Field errors carried by a refusal (VALIDATION_FAILED, or a rule refusal that names a field). */
export function fieldProblems(context: WebContext, error: unknown): FieldErrors | null {
  const details = (error as { details?: { fields?: unknown } } | undefined)?.details;
  if (!details || !Array.isArray(details.fields) || details.fields.length === 0 || typeof details.fields[0] !== 'object') return null;
  const errors: FieldErrors = {};
  for (const problem of details.fields as FieldProblem[]) {
    const messages = (problem.rules ?? []).map((rule, index) => (RULE_MESSAGES[rule] ? context.t(RULE_MESSAGES[rule]) : (problem.messages?.[index] ?? rule)));
    errors[problem.field] = [...(errors[problem.field] ?? []), ...(messages.length > 0 ? messages : (problem.messages ?? []))];
  }
  return errors;
}

/** The errors at the top of a form, each linking to its field, named as the form labels it. */
export function errorList(context: WebContext, errors: FieldErrors | null | undefined, labels: Record<string, string>): SafeHtml | '' {
  if (!errors || Object.keys(errors).length === 0) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1"><p>${context.t('form.errors')}</p><ul>${Object.entries(errors).map(
    ([field, messages]) => html`<li><a href="#${fieldId(field)}">${labels[field] ?? field}</a>: ${(messages ?? []).join(' ')}</li>`,
  )}</ul></div>`;
}

/** A message about the whole form (a rule refused it), shown above it. */
export function formProblem(message: string | null | undefined): SafeHtml | '' {
  return when(message, () => html`<p class="error" role="alert">${message}</p>`);
}

/** Counts as a table (its caption says what is counted). */
export function countTable(context: WebContext, caption: string, heading: string, rows: ReadonlyArray<{ label: string; count: number }>): SafeHtml {
  return html`<table><caption>${caption}</caption><thead><tr><th scope="col">${heading}</th><th scope="col" class="sec-num">${context.t('sec.count')}</th></tr></thead><tbody>${
    rows.length === 0
      ? html`<tr><td colspan="2" class="muted">${context.t('sec.none')}</td></tr>`
      : rows.map((row) => html`<tr><th scope="row">${row.label}</th><td class="sec-num">${formatNumber(context, row.count)}</td></tr>`)
  }</tbody></table>`;
}

/**
 * Counts as a bar chart drawn on the server (the same pure function family as the report's
 * radar), with the numbers as a table for screen readers: the picture is hidden from them, the
 * table from sight.
 */
export function barFigure(context: WebContext, title: string, heading: string, rows: ReadonlyArray<{ label: string; count: number }>): SafeHtml {
  const chart = barChart({ bars: rows.map((row) => ({ label: row.label, value: row.count, valueLabel: formatNumber(context, row.count) })), title, size: 560 });
  return html`<figure class="chart sec-bar-chart"><figcaption>${title}</figcaption><div aria-hidden="true">${raw(chart.svg)}</div><div class="sec-hidden">${countTable(context, title, heading, rows)}</div></figure>`;
}

/** Query string of the non-empty parameters, for links that keep the filters. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
