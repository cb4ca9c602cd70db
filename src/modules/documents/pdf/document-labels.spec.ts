import { LANGUAGES, OUTCOMES } from '@fasp/core';
import {
  DOCUMENT_LABELS,
  OUTCOME_LABEL_KEYS,
  OUTCOME_TEXT_KEYS,
  documentLabel,
  formatDocumentDate,
  formatDocumentNumber,
  placeholdersOf,
  type DocumentLabelKey,
} from './document-labels';

const KEYS = Object.keys(DOCUMENT_LABELS) as DocumentLabelKey[];

describe('DOCUMENT_LABELS', () => {
  it.each(KEYS)('%s exists, non-empty, in en, fr and es', (key) => {
    const text = DOCUMENT_LABELS[key] as Record<string, unknown>;
    expect(Object.keys(text).sort()).toEqual([...LANGUAGES].sort());
    for (const language of LANGUAGES) {
      expect(typeof text[language]).toBe('string');
      expect((text[language] as string).trim()).not.toBe('');
    }
  });

  it.each(KEYS)('%s has the same placeholders in every language', (key) => {
    const [first, ...others] = LANGUAGES.map((language) => placeholdersOf(DOCUMENT_LABELS[key][language]).sort());
    for (const other of others) expect(other).toEqual(first);
  });

  // Texts that are rightly the same in English and another language; any other equal pair is
  // a translation that was forgotten.
  const SAME_AS_ENGLISH: Partial<Record<DocumentLabelKey, readonly string[]>> = {
    organization: ['fr'],
    colCode: ['fr'],
    colN: ['fr', 'es'],
    callWithYear: ['fr', 'es'],
    letterDate: ['es'],
  };

  it.each(KEYS)('%s is translated', (key) => {
    for (const language of ['fr', 'es'] as const) {
      if (SAME_AS_ENGLISH[key]?.includes(language)) continue;
      expect(DOCUMENT_LABELS[key][language]).not.toBe(DOCUMENT_LABELS[key].en);
    }
  });

  it('keeps French punctuation off the start of a line (no-break space before : ; ? ! and inside « »)', () => {
    for (const key of KEYS) {
      const text = DOCUMENT_LABELS[key].fr;
      expect(text).not.toMatch(/ [:;?!»]/);
      expect(text).not.toMatch(/« /);
      expect(text).not.toMatch(/\S[;?!»]/);
    }
  });

  it('has a label and an explanation for every outcome', () => {
    for (const outcome of OUTCOMES) {
      expect(KEYS).toContain(OUTCOME_LABEL_KEYS[outcome]);
      expect(KEYS).toContain(OUTCOME_TEXT_KEYS[outcome]);
    }
    expect(new Set(OUTCOMES.map((outcome) => documentLabel(OUTCOME_LABEL_KEYS[outcome], 'fr'))).size).toBe(OUTCOMES.length);
  });
});

describe('documentLabel', () => {
  it('fills placeholders', () => {
    expect(documentLabel('pageOf', 'en', { page: 2, pages: 5 })).toBe('Page 2 of 5');
    expect(documentLabel('pageOf', 'fr', { page: 2, pages: 5 })).toBe('Page 2 sur 5');
    expect(documentLabel('pageOf', 'es', { page: 2, pages: 5 })).toBe('Página 2 de 5');
  });

  it('inserts values as they are, even ones that look like placeholders', () => {
    expect(documentLabel('callWithYear', 'en', { title: 'Call {year}', year: 2026 })).toBe('Call {year} (2026)');
  });

  it('refuses a missing value instead of printing {name}', () => {
    expect(() => documentLabel('pageOf', 'en', { page: 1 })).toThrow(/pages/);
  });
});

describe('formatDocumentDate', () => {
  it('writes the date out in each language, in UTC', () => {
    expect(formatDocumentDate('2026-03-01T10:00:00Z', 'en')).toBe('1 March 2026');
    expect(formatDocumentDate('2026-03-01T10:00:00Z', 'fr')).toBe('1 mars 2026');
    expect(formatDocumentDate('2026-03-01T10:00:00Z', 'es')).toBe('1 de marzo de 2026');
    expect(formatDocumentDate('2026-02-28T23:30:00-05:00', 'en')).toBe('1 March 2026');
  });

  it('rejects what is not a date', () => {
    expect(() => formatDocumentDate('yesterday', 'en')).toThrow(RangeError);
  });
});

describe('formatDocumentNumber', () => {
  it('uses the decimal separator of the language', () => {
    expect(formatDocumentNumber(2.5, 'en')).toBe('2.5');
    expect(formatDocumentNumber(2.5, 'fr')).toBe('2,5');
    expect(formatDocumentNumber(2.5, 'es')).toBe('2,5');
  });

  it('rounds to at most two decimals and pads to the minimum', () => {
    expect(formatDocumentNumber(2.666666, 'en')).toBe('2.67');
    expect(formatDocumentNumber(3, 'en', { min: 1 })).toBe('3.0');
    expect(formatDocumentNumber(3, 'fr')).toBe('3');
  });
});
