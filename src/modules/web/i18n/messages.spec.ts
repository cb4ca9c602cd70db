import { LANGUAGES } from '@fasp/core';
import { COMMON } from './common';
import { PAGE_MESSAGES } from './pages';

describe('page dictionaries', () => {
  it.each([COMMON, ...PAGE_MESSAGES].map((dictionary, index) => [index, dictionary] as const))('dictionary %i has every key in every language, none blank', (_index, dictionary) => {
    const keys = new Set(LANGUAGES.flatMap((language) => Object.keys(dictionary[language])));
    for (const language of LANGUAGES) {
      for (const key of keys) {
        expect({ language, key, value: dictionary[language][key]?.trim() || undefined }).toEqual({ language, key, value: expect.any(String) });
      }
    }
  });

  it('placeholders match across languages', () => {
    for (const dictionary of [COMMON, ...PAGE_MESSAGES]) {
      for (const key of Object.keys(dictionary.en)) {
        const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
        expect({ key, fr: names(dictionary.fr[key]) }).toEqual({ key, fr: names(dictionary.en[key]) });
        expect({ key, es: names(dictionary.es[key]) }).toEqual({ key, es: names(dictionary.en[key]) });
      }
    }
  });
});
