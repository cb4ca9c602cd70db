import {
  COUNTRIES,
  countryName,
  CURRENCY_CODES,
  DOSSIER_FIELD_LABELS,
  LAND_USES,
  Language,
  locationAreaHectares,
  locationCentroid,
  locationOutline,
  MODALITIES,
  OBJECTIVES,
  PRACTICES,
  PROJECT_TYPES,
  ProjectLocation,
} from '@fasp/core';
import { html, raw, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { checkboxes, csrfField, field, FieldErrors, select, textarea } from '../forms';
import { formatNumber } from '../format';
import { page } from '../layout';
import { CriterionFeedbackView, feedbackTexts, paragraphs, ProjectHead, problemSummary, projectHeader } from './common';
import { FormValues, inputId, many, one, rowCount, SectionDefinition, SectionKey, SECTIONS } from './dossier-form';

export interface RevisionFeedback {
  round: number;
  general: Record<string, unknown>;
  criteria: CriterionFeedbackView[];
}

export interface SectionPage {
  head: ProjectHead;
  section: SectionDefinition;
  values: FormValues;
  errors: FieldErrors | null;
  version: number;
  editable: boolean;
  callLanguages: readonly string[];
  callModalities: readonly number[];
  /** missing items per section (for the section list) */
  missingBySection: Partial<Record<SectionKey, number>>;
  /** the stored location (the outline shows what is saved, not what was typed) */
  location: ProjectLocation | null;
  /** during a revision: the released feedback of the previous round */
  feedback: RevisionFeedback | null;
  /** the project changed since the page was read: the typed values are kept, saving again overwrites */
  stale: boolean;
  showFeedbackTab: boolean;
}

const DECIMAL = raw(' inputmode="decimal" autocomplete="off"');
const INTEGER = raw(' inputmode="numeric" autocomplete="off"');

function label(context: WebContext, name: keyof typeof DOSSIER_FIELD_LABELS): string {
  return DOSSIER_FIELD_LABELS[name][context.lang];
}

function countryChoices(lang: Language): Array<{ value: string; label: string }> {
  return COUNTRIES.map((country) => ({ value: country.code, label: countryName(country.code, lang) ?? country.name })).sort((a, b) => a.label.localeCompare(b.label, lang));
}

/** The outline of a stored location, its area and centroid. */
export function locationFigure(context: WebContext, location: ProjectLocation | null, declaredAreaHa?: number | null): SafeHtml {
  if (!location) return html`<p class="muted">${context.t('holder.location.none')}</p>`;
  const outline = locationOutline(location, { title: context.t('holder.location.outlineTitle') });
  const [lon, lat] = locationCentroid(location);
  const area = locationAreaHectares(location);
  return html`<figure class="outline">${raw(outline.svg)}<figcaption><dl>
<dt>${context.t(location.type === 'Point' ? 'holder.location.point' : 'holder.location.centroid')}</dt><dd>${formatNumber(context, lat, 5)}, ${formatNumber(context, lon, 5)}</dd>
${when(location.type !== 'Point', () => html`<dt>${context.t('holder.location.outlineArea')}</dt><dd>${formatNumber(context, area, area < 10 ? 2 : 0)} ha</dd>`)}
${when(declaredAreaHa !== undefined && declaredAreaHa !== null, () => html`<dt>${context.t('holder.location.declaredArea')}</dt><dd>${formatNumber(context, declaredAreaHa ?? 0, 0)} ha</dd>`)}
</dl></figcaption></figure>`;
}

function sectionList(context: WebContext, data: SectionPage): SafeHtml {
  return html`<nav class="sections" aria-label="${context.t('holder.sections.label')}"><ol>${SECTIONS.map((section) => {
    const missing = data.missingBySection[section.key] ?? 0;
    return html`<li><a href="/projects/${data.head.id}/edit/${section.key}"${section.key === data.section.key ? html` aria-current="page"` : ''}>${context.t(`holder.section.${section.key}`)}</a>${when(
      missing > 0,
      () => html` <span class="todo-count">${context.t('holder.sections.missing', { count: missing })}</span>`,
    )}</li>`;
  })}</ol></nav>`;
}

function numberField(context: WebContext, data: SectionPage, name: string, labelText: string, options: { integer?: boolean; hint?: string; required?: boolean } = {}): SafeHtml {
  return field({ label: labelText, name, value: one(data.values, name), errors: data.errors, hint: options.hint, required: options.required, attributes: options.integer ? INTEGER : DECIMAL });
}

/** A group of checkboxes with an id to link to from the checklist and the error summary. */
function choices(context: WebContext, data: SectionPage, name: string, legend: string, vocabulary: ReadonlyArray<{ code: string; labels: Record<Language, string> }>): SafeHtml {
  return html`<div id="${inputId(name)}">${checkboxes({
    legend,
    name,
    selected: many(data.values, name),
    errors: data.errors,
    choices: vocabulary.map((entry) => ({ value: entry.code, label: entry.labels[context.lang] })),
  })}</div>`;
}

function generalFields(context: WebContext, data: SectionPage): SafeHtml {
  const languages: Record<string, string> = { en: 'English', fr: 'Français', es: 'Español' };
  return html`${field({ label: label(context, 'title'), name: 'title', value: one(data.values, 'title'), required: true, errors: data.errors })}
${textarea({ label: label(context, 'summary'), name: 'summary', value: one(data.values, 'summary'), errors: data.errors, rows: 6, hint: context.t('holder.hint.summary') })}
${select({ label: context.t('holder.field.language'), name: 'language', value: one(data.values, 'language'), errors: data.errors, choices: data.callLanguages.map((code) => ({ value: code, label: languages[code] ?? code })) })}
${select({
  label: label(context, 'modality'),
  name: 'modality',
  value: one(data.values, 'modality'),
  errors: data.errors,
  choices: [{ value: '', label: context.t('holder.choose') }, ...MODALITIES.filter((entry) => data.callModalities.includes(entry.code)).map((entry) => ({ value: String(entry.code), label: entry.labels[context.lang] }))],
})}
${select({
  label: label(context, 'projectType'),
  name: 'projectType',
  value: one(data.values, 'projectType'),
  errors: data.errors,
  hint: context.t('holder.hint.projectType'),
  choices: [{ value: '', label: context.t('holder.choose') }, ...PROJECT_TYPES.map((entry) => ({ value: entry.code, label: entry.labels[context.lang] }))],
})}
${choices(context, data, 'objectives', label(context, 'objectives'), OBJECTIVES)}
<div class="pair">${field({ label: label(context, 'startDate'), name: 'startDate', type: 'date', value: one(data.values, 'startDate'), errors: data.errors })}
${field({ label: label(context, 'endDate'), name: 'endDate', type: 'date', value: one(data.values, 'endDate'), errors: data.errors })}</div>`;
}

function landFields(context: WebContext, data: SectionPage): SafeHtml {
  return html`${choices(context, data, 'landUses', label(context, 'landUses'), LAND_USES)}
${choices(context, data, 'practices', label(context, 'practices'), PRACTICES)}`;
}

function carbonFields(context: WebContext, data: SectionPage): SafeHtml {
  return html`<fieldset id="${inputId('socBaseline')}"><legend>${label(context, 'socBaseline')}</legend>
<div class="pair">${numberField(context, data, 'socBaseline.stockTonnesPerHa', context.t('holder.field.stock'))}
${numberField(context, data, 'socBaseline.depthCm', context.t('holder.field.depth'))}</div>
${textarea({ label: context.t('holder.field.method'), name: 'socBaseline.method', value: one(data.values, 'socBaseline.method'), errors: data.errors, rows: 2 })}
${numberField(context, data, 'socBaseline.year', context.t('holder.field.year'), { integer: true })}
</fieldset>
<fieldset id="${inputId('expectedChange')}"><legend>${label(context, 'expectedChange')}</legend>
<div class="pair">${numberField(context, data, 'expectedChange.tonnesPerHaPerYear', context.t('holder.field.change'), { hint: context.t('holder.hint.change') })}
${numberField(context, data, 'expectedChange.horizonYears', context.t('holder.field.horizon'), { integer: true })}</div>
</fieldset>
${textarea({ label: label(context, 'monitoringPlan'), name: 'monitoringPlan', value: one(data.values, 'monitoringPlan'), errors: data.errors, rows: 6, hint: context.t('holder.hint.monitoringPlan') })}`;
}

function peopleFields(context: WebContext, data: SectionPage): SafeHtml {
  const countries = [{ value: '', label: '—' }, ...countryChoices(context.lang)];
  const partners = rowCount(data.values, 'partners', 2);
  const team = rowCount(data.values, 'team', 2);
  return html`<fieldset id="${inputId('beneficiaries')}"><legend>${label(context, 'beneficiaries')}</legend>
${textarea({ label: context.t('holder.field.description'), name: 'beneficiaries.description', value: one(data.values, 'beneficiaries.description'), errors: data.errors, rows: 3 })}
<div class="pair">${numberField(context, data, 'beneficiaries.people', context.t('holder.field.people'), { integer: true })}
${numberField(context, data, 'beneficiaries.households', context.t('holder.field.households'), { integer: true })}</div>
</fieldset>
<div id="${inputId('partners')}"><h2>${label(context, 'partners')}</h2><p class="hint">${context.t('holder.hint.rows')}</p>
${Array.from({ length: partners }, (_, index) => {
  const prefix = `partners.${index}`;
  return html`<fieldset class="row"><legend>${context.t('holder.row.partner', { n: index + 1 })}</legend>
${field({ label: context.t('holder.field.name'), name: `${prefix}.name`, value: one(data.values, `${prefix}.name`), errors: data.errors })}
${select({ label: context.t('holder.field.country'), name: `${prefix}.country`, value: one(data.values, `${prefix}.country`), errors: data.errors, choices: countries })}
${field({ label: context.t('holder.field.role'), name: `${prefix}.role`, value: one(data.values, `${prefix}.role`), errors: data.errors })}
${when(one(data.values, `${prefix}.organizationId`), () => html`<input type="hidden" name="${prefix}.organizationId" value="${one(data.values, `${prefix}.organizationId`)}">`)}
</fieldset>`;
})}</div>
<div id="${inputId('team')}"><h2>${label(context, 'team')}</h2><p class="hint">${context.t('holder.hint.team')}</p>
${Array.from({ length: team }, (_, index) => {
  const prefix = `team.${index}`;
  return html`<fieldset class="row"><legend>${context.t('holder.row.person', { n: index + 1 })}</legend>
${field({ label: context.t('holder.field.name'), name: `${prefix}.name`, value: one(data.values, `${prefix}.name`), errors: data.errors })}
${field({ label: context.t('holder.field.email'), name: `${prefix}.email`, type: 'email', value: one(data.values, `${prefix}.email`), errors: data.errors })}
${field({ label: context.t('holder.field.role'), name: `${prefix}.role`, value: one(data.values, `${prefix}.role`), errors: data.errors })}
</fieldset>`;
})}</div>`;
}

function budgetFields(context: WebContext, data: SectionPage): SafeHtml {
  const currencies = [{ value: '', label: '—' }, ...CURRENCY_CODES.map((code) => ({ value: code, label: code }))];
  const money = (name: 'budget' | 'fundingSought', hint: string) => html`<fieldset id="${inputId(name)}"><legend>${label(context, name)}</legend>
<p class="hint">${hint}</p>
<div class="pair">${numberField(context, data, `${name}.amount`, context.t('holder.field.amount'))}
${select({ label: context.t('holder.field.currency'), name: `${name}.currency`, value: one(data.values, `${name}.currency`), errors: data.errors, choices: currencies })}</div>
</fieldset>`;
  return html`${money('budget', context.t('holder.hint.budget'))}${money('fundingSought', context.t('holder.hint.fundingSought'))}`;
}

function locationFields(context: WebContext, data: SectionPage): SafeHtml {
  const locationErrors = data.errors?.location;
  return html`${select({
    label: label(context, 'countries'),
    name: 'countries',
    multiple: true,
    selected: many(data.values, 'countries'),
    errors: data.errors,
    hint: context.t('holder.hint.countries'),
    choices: countryChoices(context.lang),
  })}
${when(many(data.values, 'countries').length > 0, () => html`<p class="hint">${context.t('holder.location.chosen', { countries: many(data.values, 'countries').map((code) => countryName(code, context.lang) ?? code).join(', ') })}</p>`)}
${numberField(context, data, 'areaHa', label(context, 'areaHa'))}
<fieldset id="${inputId('location')}"${locationErrors ? html` class="invalid"` : ''}><legend>${context.t('holder.field.location')}</legend>
<p class="hint">${context.t('holder.hint.location')}</p>
${when(locationErrors, () => html`<p class="error">${(locationErrors ?? []).join(' ')}</p>`)}
<div class="pair">${numberField(context, data, 'latitude', context.t('holder.field.latitude'), { hint: context.t('holder.hint.latitude') })}
${numberField(context, data, 'longitude', context.t('holder.field.longitude'), { hint: context.t('holder.hint.longitude') })}</div>
${textarea({ label: context.t('holder.field.geojson'), name: 'geojson', value: one(data.values, 'geojson'), errors: data.errors, rows: 4, hint: context.t('holder.hint.geojson') })}
${when(data.location, () => html`<label class="check"><input type="checkbox" name="clearLocation" value="1"${one(data.values, 'clearLocation') ? html` checked` : ''}> ${context.t('holder.location.clear')}</label>`)}
</fieldset>`;
}

const RENDERERS: Record<Exclude<SectionKey, never>, (context: WebContext, data: SectionPage) => SafeHtml> = {
  general: generalFields,
  location: locationFields,
  land: landFields,
  carbon: carbonFields,
  people: peopleFields,
  budget: budgetFields,
};

function feedbackAside(context: WebContext, data: SectionPage): SafeHtml | '' {
  if (!data.feedback) return '';
  const related = data.feedback.criteria.filter((criterion) => data.section.criteria.includes(criterion.code));
  const general = data.feedback.general;
  const generalTexts = (['summary', 'recommendations'] as const).map((key) => [key, typeof general[key] === 'string' ? (general[key]) : ''] as const).filter(([, text]) => text.trim() !== '');
  return html`<aside class="feedback-side" aria-labelledby="feedback-side-title"><h2 id="feedback-side-title">${context.t('holder.revise.previous', { round: data.feedback.round })}</h2>
${generalTexts.map(([key, text]) => html`<h3>${context.t(`holder.feedback.general.${key}`)}</h3>${paragraphs(text)}`)}
${related.map((criterion) => html`<section class="criterion"><h3>${criterion.code} ${criterion.name}</h3>${feedbackTexts(context, criterion.feedback, criterion.recommendations)}</section>`)}
${when(related.length === 0 && generalTexts.length === 0, () => html`<p class="muted">${context.t('holder.revise.noRelated')}</p>`)}
</aside>`;
}

export function sectionView(context: WebContext, data: SectionPage): SafeHtml {
  const key = data.section.key;
  const index = SECTIONS.findIndex((section) => section.key === key);
  const next = SECTIONS[index + 1];
  const title = context.t(`holder.section.${key}`);
  const form = html`<form method="post" action="/projects/${data.head.id}/edit/${key}" novalidate class="dossier">${csrfField(context)}<input type="hidden" name="expectedVersion" value="${data.version}">
<fieldset class="plain"${data.editable ? '' : html` disabled`}><legend class="visually-hidden">${title}</legend>
${RENDERERS[key](context, data)}
</fieldset>
${when(
  data.editable,
  () => html`<div class="actions"><button type="submit">${context.t('form.save')}</button>${when(next, () => html`<button type="submit" name="then" value="next" class="secondary">${context.t('holder.saveNext')}</button>`)}</div>`,
)}
</form>`;
  const upload =
    key === 'location' && data.editable
      ? html`<form method="post" action="/projects/${data.head.id}/edit/location/file" enctype="multipart/form-data" class="upload" novalidate>${csrfField(context)}<input type="hidden" name="expectedVersion" value="${data.version}">
<h2>${context.t('holder.location.fileTitle')}</h2>
${field({ label: context.t('holder.field.file'), name: 'file', type: 'file', errors: data.errors, hint: context.t('holder.hint.file'), attributes: raw(' accept=".geojson,.json,application/geo+json,application/json"') })}
<div class="actions"><button type="submit" class="secondary">${context.t('holder.location.upload')}</button></div></form>`
      : '';
  const main = html`${projectHeader(context, data.head, data.feedback ? 'revise' : 'dossier', { feedback: data.showFeedbackTab, revise: !!data.feedback })}
<h1>${title}</h1>
${sectionList(context, data)}
${when(data.stale, () => html`<p class="notice" role="alert">${context.t('holder.stale.form')}</p>`)}
${when(!data.editable, () => html`<p class="notice">${context.t('holder.readOnly')}</p>`)}
${problemSummary(context, data.errors)}
${when(key === 'location', () => html`<h2>${context.t('holder.location.current')}</h2>${locationFigure(context, data.location)}`)}
${data.feedback ? html`<div class="two-columns"><div>${form}${upload}</div>${feedbackAside(context, data)}</div>` : html`${form}${upload}`}`;
  return page(context, `${title} — ${data.head.title}`, main, { wide: !!data.feedback });
}
