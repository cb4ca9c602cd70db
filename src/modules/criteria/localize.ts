import { isLocalizedText, Language } from '@fasp/core';

/** Replaces every {en, fr, es} label in a tree by its text in one language. */
export function localize(value: unknown, language: Language): unknown {
  if (Array.isArray(value)) return value.map((item) => localize(item, language));
  if (isLocalizedText(value)) return value[language];
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, localize(item, language)]));
  }
  return value;
}
