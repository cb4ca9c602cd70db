import { Language, LANGUAGES } from '@fasp/core';

export type Messages = Readonly<Record<Language, Readonly<Record<string, string>>>>;

/**
 * Looks a message up in the dictionaries of the pages (each area has its own file, all merged
 * here) and fills `{placeholders}`. A missing key shows as the key itself, and a test fails on
 * any key missing in a language.
 */
export class Translator {
  private readonly merged: Record<Language, Record<string, string>> = { en: {}, fr: {}, es: {} };

  constructor(...dictionaries: Messages[]) {
    for (const dictionary of dictionaries) {
      for (const language of LANGUAGES) Object.assign(this.merged[language], dictionary[language]);
    }
  }

  t(language: Language, key: string, params: Readonly<Record<string, string | number>> = {}): string {
    const template = this.merged[language][key] ?? this.merged.en[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }

  keys(language: Language): string[] {
    return Object.keys(this.merged[language]);
  }
}

/** The best of en/fr/es for an Accept-Language header (q-values honoured), else English. */
export function negotiateLanguage(header: string | undefined): Language {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
      return { language: tag.trim().toLowerCase().slice(0, 2), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => !Number.isNaN(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked.find((entry) => (LANGUAGES as readonly string[]).includes(entry.language))?.language as Language | undefined) ?? 'en';
}
