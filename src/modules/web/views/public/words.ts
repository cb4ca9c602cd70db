import { COLLEGES, COUNTRIES, LAND_USES, MODALITIES, OBJECTIVES, PRACTICES, PROJECT_TYPES, REGIONS, VocabularyEntry } from '@fasp/core';
import { WebContext } from '../../web-context';

/**
 * Names of the controlled vocabularies in the reader's language. Country names come from the
 * runtime's CLDR data (the vocabulary only holds English names).
 */
const displayNames = new Map<string, Intl.DisplayNames>();

export function countryName(context: WebContext, code: string): string {
  let names = displayNames.get(context.lang);
  if (!names) {
    names = new Intl.DisplayNames(context.lang, { type: 'region', fallback: 'none' });
    displayNames.set(context.lang, names);
  }
  try {
    return names.of(code) ?? COUNTRIES.find((country) => country.code === code)?.name ?? code;
  } catch {
    return code;
  }
}

/** Every country, sorted by its name in the reader's language. */
export function countryChoices(context: WebContext): Array<{ value: string; label: string }> {
  const collator = new Intl.Collator(context.lang);
  return COUNTRIES.map((country) => ({ value: country.code, label: countryName(context, country.code) })).sort((a, b) => collator.compare(a.label, b.label));
}

function label(vocabulary: readonly VocabularyEntry<string | number>[], context: WebContext, code: string | number | null | undefined): string {
  if (code === null || code === undefined) return '—';
  return vocabulary.find((entry) => entry.code === code)?.labels[context.lang] ?? String(code);
}

export const regionName = (context: WebContext, code: string | null | undefined) => label(REGIONS, context, code);
export const collegeName = (context: WebContext, code: string | null | undefined) => label(COLLEGES, context, code);
export const practiceName = (context: WebContext, code: string) => label(PRACTICES, context, code);
export const landUseName = (context: WebContext, code: string) => label(LAND_USES, context, code);
export const objectiveName = (context: WebContext, code: string) => label(OBJECTIVES, context, code);
export const projectTypeName = (context: WebContext, code: string | null) => label(PROJECT_TYPES, context, code);
export const modalityName = (context: WebContext, code: number | null) => label(MODALITIES, context, code);

export function choicesOf(vocabulary: readonly VocabularyEntry[], context: WebContext): Array<{ value: string; label: string }> {
  return vocabulary.map((entry) => ({ value: entry.code, label: entry.labels[context.lang] }));
}

/** A calendar day (`2027-03-01`) is the same day everywhere: never shifted by a time zone. */
export function formatDay(context: WebContext, day: string | null | undefined): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return '—';
  return new Intl.DateTimeFormat(context.lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** "One" or "other" form of a counted message, by the language's plural rules. */
export function counted(context: WebContext, key: string, count: number): string {
  const form = new Intl.PluralRules(context.lang).select(count) === 'one' ? 'one' : 'other';
  return context.t(`${key}.${form}`, { count: new Intl.NumberFormat(context.lang).format(count) });
}
