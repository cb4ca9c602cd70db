import { Language } from '@fasp/core';
import { DomainException } from '../../../../platform/errors/domain-exception';
import { FieldErrors } from '../forms';

/*
 * The dossier as forms: which fields each section of the editor holds, how the text a person
 * typed becomes the API's update (numbers as they write them in their language, repeated rows,
 * nested groups), and how the API's field errors come back onto the inputs they typed in.
 * Input names are the DTO's field paths (`socBaseline.depthCm`, `partners.0.name`), so an error
 * path of the API is the name of the input to mark.
 */

export const SECTION_KEYS = ['general', 'location', 'land', 'carbon', 'people', 'budget'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export interface SectionDefinition {
  readonly key: SectionKey;
  /** the dossier fields (DTO names) this section edits */
  readonly fields: readonly string[];
  /** criteria whose feedback bears on this section (shown beside it during a revision) */
  readonly criteria: readonly string[];
}

export const SECTIONS: readonly SectionDefinition[] = [
  { key: 'general', fields: ['title', 'summary', 'language', 'modality', 'projectType', 'objectives', 'startDate', 'endDate'], criteria: ['2.3', '2.4', '2.5'] },
  { key: 'location', fields: ['countries', 'location', 'areaHa'], criteria: ['1.2', '2.1'] },
  { key: 'land', fields: ['landUses', 'practices'], criteria: ['2.1', '2.2', '3.1', '3.2'] },
  { key: 'carbon', fields: ['socBaseline', 'expectedChange', 'monitoringPlan'], criteria: ['2.2', '2.5', '4.2'] },
  { key: 'people', fields: ['beneficiaries', 'partners', 'team'], criteria: ['1.1', '1.3', '3.3', '4.1'] },
  { key: 'budget', fields: ['budget', 'fundingSought'], criteria: ['3.3'] },
];

export function sectionByKey(key: string): SectionDefinition | undefined {
  return SECTIONS.find((section) => section.key === key);
}

/** Where a missing item of the completeness check is fixed (a path under /projects/:id). */
export function placeOfItem(item: string): { path: string; anchor: string; section: SectionKey | 'statements' | 'attachments' } {
  if (item.startsWith('statement:')) {
    const code = item.slice('statement:'.length);
    return { path: 'statements', anchor: criterionAnchor(code), section: 'statements' };
  }
  if (item.startsWith('attachment:')) return { path: 'attachments', anchor: 'upload', section: 'attachments' };
  const section = SECTIONS.find((candidate) => candidate.fields.includes(item)) ?? SECTIONS[0];
  return { path: `edit/${section.key}`, anchor: inputId(item), section: section.key };
}

/** The id of a criterion's block on the statements and feedback pages. */
export function criterionAnchor(code: string): string {
  return `c-${code.replace(/[^A-Za-z0-9]/g, '-')}`;
}

/** The id of the input (or group) named `name`; the same rule as the shared form helpers. */
export function inputId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** Form values by input name: one string, or a list for repeated names (checkboxes, multiple selects). */
export type FormValues = Record<string, string | string[] | undefined>;

/** The posted form as strings and lists only (anything else is dropped). */
export function formValuesOf(body: unknown): FormValues {
  const values: FormValues = {};
  if (!body || typeof body !== 'object') return values;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value)) values[name] = value.filter((item): item is string => typeof item === 'string');
  }
  return values;
}

export function one(values: FormValues, name: string): string {
  const value = values[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

export function many(values: FormValues, name: string): string[] {
  const value = values[name];
  if (Array.isArray(value)) return value.filter((item) => item !== '');
  return value ? [value] : [];
}

/** A number as the person's language writes it, for an input. */
export function numberText(value: unknown, language: Language): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  const text = String(value);
  return language === 'en' ? text : text.replace('.', ',');
}

/**
 * What a person typed in a number input: `1 200,5` (French), `1,200.5` (English), `18.4`.
 * Blank gives undefined; text that is no number stays text, for the API to refuse by its rule.
 */
export function parseNumber(raw: string, language: Language): number | string | undefined {
  let text = raw.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (text === '') return undefined;
  if (language === 'en') text = text.replace(/,(?=\d{3}(\D|$))/g, '');
  else if (text.includes(',')) text = text.replace(/\.(?=\d{3}(\D|,|$))/g, '').replace(',', '.');
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : raw.trim();
}

/** Rows of repeated groups (partners, team) and the inputs of each. */
const ROWS: Record<string, readonly string[]> = {
  partners: ['name', 'country', 'role', 'organizationId'],
  team: ['name', 'email', 'role'],
};

/** Nested groups: their inputs, and which of them are numbers. */
const GROUPS: Record<string, { inputs: readonly string[]; numbers: readonly string[] }> = {
  budget: { inputs: ['amount', 'currency'], numbers: ['amount'] },
  fundingSought: { inputs: ['amount', 'currency'], numbers: ['amount'] },
  beneficiaries: { inputs: ['description', 'people', 'households'], numbers: ['people', 'households'] },
  socBaseline: { inputs: ['stockTonnesPerHa', 'depthCm', 'method', 'year'], numbers: ['stockTonnesPerHa', 'depthCm', 'year'] },
  expectedChange: { inputs: ['tonnesPerHaPerYear', 'horizonYears'], numbers: ['tonnesPerHaPerYear', 'horizonYears'] },
};

const LISTS = new Set(['objectives', 'countries', 'landUses', 'practices']);
const NUMBERS = new Set(['areaHa', 'modality']);
const TEXTS = new Set(['title', 'summary', 'language', 'projectType', 'startDate', 'endDate', 'monitoringPlan']);

/** How many rows a repeated group shows: those typed (or stored) and `spare` blank ones. */
export function rowCount(values: FormValues, group: string, spare: number): number {
  let count = 0;
  const prefix = `${group}.`;
  for (const name of Object.keys(values)) {
    if (!name.startsWith(prefix)) continue;
    const index = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(index) && index >= 0) count = Math.max(count, index + 1);
  }
  return Math.min(100, count + spare);
}

export interface ParsedSection {
  /** the fields to send in the update */
  patch: Record<string, unknown>;
  /** API path prefix → input name prefix, where rows were renumbered (blank rows left out) */
  renamed: Record<string, string>;
}

/**
 * The update a section's form asks for. Every field of the section is sent: a blank input
 * clears its field (null, or an empty list), so what the page shows is what is stored.
 */
export function parseSection(section: SectionDefinition, values: FormValues, language: Language): ParsedSection {
  const patch: Record<string, unknown> = {};
  const renamed: Record<string, string> = {};
  for (const name of section.fields) {
    if (name === 'location') continue;
    if (LISTS.has(name)) {
      patch[name] = many(values, name);
    } else if (NUMBERS.has(name)) {
      patch[name] = parseNumber(one(values, name), language) ?? null;
    } else if (TEXTS.has(name)) {
      const text = one(values, name);
      if (name === 'title' || name === 'language') patch[name] = text;
      else patch[name] = text.trim() === '' ? null : text;
    } else if (GROUPS[name]) {
      const group = GROUPS[name];
      const object: Record<string, unknown> = {};
      let blank = true;
      for (const input of group.inputs) {
        const text = one(values, `${name}.${input}`);
        if (text.trim() === '') continue;
        blank = false;
        object[input] = group.numbers.includes(input) ? parseNumber(text, language) : text;
      }
      patch[name] = blank ? null : object;
    } else if (ROWS[name]) {
      const rows: Array<Record<string, unknown>> = [];
      for (let index = 0; index < rowCount(values, name, 0); index++) {
        const row: Record<string, unknown> = {};
        for (const input of ROWS[name]) {
          const text = one(values, `${name}.${index}.${input}`).trim();
          if (text !== '') row[input] = text;
        }
        // A row with nothing but its hidden link to an organisation was cleared by the person.
        const typed = Object.keys(row).filter((input) => input !== 'organizationId');
        if (typed.length === 0) continue;
        if (rows.length !== index) renamed[`${name}.${rows.length}`] = `${name}.${index}`;
        rows.push(row);
      }
      patch[name] = rows;
    }
  }
  return { patch, renamed };
}

/** API field paths back to input names (rows renumbered by `parseSection`). */
export function renameErrors(errors: FieldErrors, renamed: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, messages] of Object.entries(errors)) {
    const prefix = Object.keys(renamed).find((candidate) => path === candidate || path.startsWith(`${candidate}.`));
    const name = prefix ? renamed[prefix] + path.slice(prefix.length) : path;
    out[name] = [...(out[name] ?? []), ...(messages ?? [])];
  }
  return out;
}

/** The stored dossier as form values (the inverse of `parseSection`). */
/** A stored scalar as an input's text (objects have no text of their own). */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

export function valuesOfDossier(dossier: Record<string, unknown>, language: Language): FormValues {
  const values: FormValues = {};
  for (const [name, value] of Object.entries(dossier)) {
    if (value === null || value === undefined) continue;
    if (LISTS.has(name) && Array.isArray(value)) values[name] = value.map(scalarText);
    else if (NUMBERS.has(name)) values[name] = name === 'modality' ? scalarText(value) : numberText(value, language);
    else if (TEXTS.has(name)) values[name] = scalarText(value);
    else if (GROUPS[name] && typeof value === 'object') {
      for (const input of GROUPS[name].inputs) {
        const item = (value as Record<string, unknown>)[input];
        if (item === null || item === undefined) continue;
        values[`${name}.${input}`] = GROUPS[name].numbers.includes(input) ? numberText(item, language) : scalarText(item);
      }
    } else if (ROWS[name] && Array.isArray(value)) {
      value.forEach((row: unknown, index) => {
        if (!row || typeof row !== 'object') return;
        for (const input of ROWS[name]) {
          const item = (row as Record<string, unknown>)[input];
          if (item !== null && item !== undefined) values[`${name}.${index}.${input}`] = scalarText(item);
        }
      });
    }
  }
  const location = dossier.location as { type?: string; coordinates?: unknown } | undefined;
  if (location?.type === 'Point' && Array.isArray(location.coordinates)) {
    values.longitude = numberText(location.coordinates[0], language);
    values.latitude = numberText(location.coordinates[1], language);
  }
  return values;
}

/** A location from latitude and longitude inputs; text that is no number goes to the API's rule as is. */
export function pointOf(values: FormValues, language: Language): { type: 'Point'; coordinates: unknown[] } | null {
  const latitude = one(values, 'latitude');
  const longitude = one(values, 'longitude');
  if (latitude.trim() === '' && longitude.trim() === '') return null;
  return { type: 'Point', coordinates: [parseNumber(longitude, language) ?? '', parseNumber(latitude, language) ?? ''] };
}

/**
 * The geometry of a GeoJSON text. GIS tools export features: a Feature, or a collection of one
 * feature, gives its geometry; the API's rule judges the rest. Null when the text is no JSON.
 */
export function geometryOfGeoJson(text: string): { geometry: unknown } | null {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  const object = value as { type?: unknown; geometry?: unknown; features?: unknown } | null;
  if (object && typeof object === 'object' && object.type === 'Feature') return { geometry: object.geometry };
  if (object && typeof object === 'object' && object.type === 'FeatureCollection' && Array.isArray(object.features) && object.features.length === 1) {
    const feature = object.features[0] as { geometry?: unknown } | null;
    return { geometry: feature && typeof feature === 'object' ? feature.geometry : feature };
  }
  return { geometry: value };
}

interface ApiFieldError {
  field: string;
  rules?: string[];
  messages?: string[];
}

/**
 * Field errors of an API refusal in the reader's language: the common rules (a number, a
 * whole number, a date, a choice, lengths and bounds) get a sentence of the pages' own, with
 * the bound read from the API's message; other rules keep the API's message.
 */
export function localizedFieldErrors(error: unknown, t: (key: string, params?: Record<string, string | number>) => string, language: Language): FieldErrors | null {
  if (!(error instanceof DomainException) || error.code !== 'VALIDATION_FAILED') return null;
  const fields = (error.details as { fields?: ApiFieldError[] } | undefined)?.fields;
  if (!fields) return null;
  const errors: FieldErrors = {};
  for (const field of fields) {
    const rules = field.rules ?? [];
    const messages = field.messages ?? [];
    const sentences = messages.map((message, index) => localize(field.field, rules[index] ?? '', message, t, language));
    errors[field.field] = [...(errors[field.field] ?? []), ...sentences];
  }
  return errors;
}

function bound(message: string, pattern: RegExp, language: Language): string | null {
  const match = pattern.exec(message);
  if (!match) return null;
  const value = Number(match[1]);
  return Number.isFinite(value) ? new Intl.NumberFormat(language, { maximumFractionDigits: 6 }).format(value) : null;
}

function localize(field: string, rule: string, message: string, t: (key: string, params?: Record<string, string | number>) => string, language: Language): string {
  switch (rule) {
    case 'isNumber':
      return t('holder.error.number');
    case 'isInt':
      return t('holder.error.integer');
    case 'isIn':
    case 'isUuid':
      return t('holder.error.choice');
    case 'isCalendarDate':
      return t('holder.error.date');
    case 'isEmail':
      return t('holder.error.email');
    case 'isString':
      return t('holder.error.text');
    case 'min': {
      const value = bound(message, /less than (-?[\d.e+-]+)/, language);
      return value ? t('holder.error.min', { min: value }) : message;
    }
    case 'max': {
      const value = bound(message, /greater than (-?[\d.e+-]+)/, language);
      return value ? t('holder.error.max', { max: value }) : message;
    }
    case 'isLength':
    case 'maxLength':
    case 'minLength': {
      const shorter = bound(message, /shorter than or equal to (\d+)/, language);
      if (shorter) return t('holder.error.maxLength', { max: shorter });
      const longer = bound(message, /longer than or equal to (\d+)/, language);
      if (longer) return longer === '1' ? t('holder.error.required') : t('holder.error.minLength', { min: longer });
      return message;
    }
    case 'isProjectLocation': {
      const detail = message.includes(': ') ? message.slice(message.indexOf(': ') + 2) : message;
      return `${t('holder.error.location')} ${detail}`;
    }
    case 'rule':
      if (field === 'endDate') return t('holder.error.endAfterStart');
      if (field === 'language' || field === 'modality') return t('holder.error.notInCall', { detail: message.replace(/^this call accepts (dossiers in |modalities )?/, '') });
      return message;
    default:
      return message;
  }
}
