import { dirname, join } from 'node:path';
import { LANGUAGES, countryName, type Language } from '@fasp/core';
import { definePDFJSModule, extractText } from 'unpdf';
import { DOCUMENT_LABELS, formatDocumentDate } from './document-labels';
import { renderLetterPdf, type LetterData } from './letter-pdf';

interface Extracted {
  pages: string[];
  text: string;
}

beforeAll(async () => {
  // unpdf's CommonJS build loads pdf.js with a native import(), which Jest's CommonJS runtime
  // cannot run; it is handed the module from here instead, where the project's transformer
  // compiles both this import() and the ES module file to CommonJS.
  const pdfjs = join(dirname(require.resolve('unpdf')), 'pdfjs.mjs');
  await definePDFJSModule(() => import(pdfjs));
}, 60000); // the first run compiles pdf.js (about 2 MB) for Jest

async function extract(pdf: Buffer): Promise<Extracted> {
  const { text } = await extractText(new Uint8Array(pdf), { mergePages: false });
  return { pages: text, text: text.join('\n') };
}

const squash = (text: string) => text.replace(/\s+/g, '');
const contains = (extracted: Extracted, expected: string) => squash(extracted.text).includes(squash(expected));

const TITLE = 'Réseau Sahel — Sols vivants';

function letterData(language: Language, overrides: Partial<LetterData> = {}): LetterData {
  return {
    language,
    project: { faspId: 'FASP-2026-0042', title: TITLE, organization: 'Asociación Tierra & Vida (Perú)', countries: ['SN', 'PE'] },
    call: { title: 'FASP call 2026', year: 2026 },
    releasedAt: '2026-03-01T10:00:00Z',
    signatory: 'Dra. Ana Núñez Ibáñez',
    ...overrides,
  };
}

describe.each(LANGUAGES)('renderLetterPdf (%s)', (language) => {
  let pdf: Buffer;
  let extracted: Extracted;

  beforeAll(async () => {
    pdf = await renderLetterPdf(letterData(language));
    extracted = await extract(pdf);
  }, 60000);

  it('is a complete one-page PDF file', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1').trim()).toBe('%%EOF');
    expect(extracted.pages).toHaveLength(1);
  });

  it('names the project, its FASP id, its organisation, the call and the signatory', () => {
    expect(extracted.text).toContain(TITLE);
    expect(extracted.text).toContain('FASP-2026-0042');
    expect(contains(extracted, 'Asociación Tierra & Vida (Perú)')).toBe(true);
    expect(contains(extracted, 'FASP call 2026')).toBe(true);
    expect(contains(extracted, 'Dra. Ana Núñez Ibáñez')).toBe(true);
    for (const code of ['SN', 'PE']) expect(contains(extracted, countryName(code, language) as string)).toBe(true);
  });

  it('is from the Committee, in the language, dated from the release', () => {
    for (const key of ['letterTitle', 'letterSalutation', 'letterPositive', 'letterSupport', 'letterClosing', 'committeeOfInitiative'] as const) {
      expect(contains(extracted, DOCUMENT_LABELS[key][language])).toBe(true);
    }
    expect(contains(extracted, formatDocumentDate('2026-03-01T10:00:00Z', language))).toBe(true);
  });

  it('states that the project was positively assessed', () => {
    const sentence = DOCUMENT_LABELS.letterAssessed[language]
      .replace('{title}', TITLE)
      .replace('{faspId}', 'FASP-2026-0042')
      .replace('{organization}', 'Asociación Tierra & Vida (Perú)')
      .replace('{call}', 'FASP call 2026');
    expect(contains(extracted, sentence)).toBe(true);
  });

  it('renders the same bytes twice', async () => {
    expect((await renderLetterPdf(letterData(language))).equals(pdf)).toBe(true);
  });
});

describe('renderLetterPdf: unusual data', () => {
  it('stays on one page with a very long title and organisation', async () => {
    const title = `${'Restauration des sols dégradés et séquestration du carbone organique '.repeat(8)}— fin`;
    const organization = `${'Fédération régionale des coopératives agricoles '.repeat(5)}— fin`;
    const pdf = await renderLetterPdf(letterData('fr', { project: { faspId: 'FASP-2026-0001', title, organization, countries: [] } }));
    const extracted = await extract(pdf);
    expect(extracted.pages).toHaveLength(1);
    expect(contains(extracted, title)).toBe(true);
    expect(contains(extracted, 'Dra. Ana Núñez Ibáñez')).toBe(true);
  });

  it('adds the year to a call title that lacks it', async () => {
    const extracted = await extract(await renderLetterPdf(letterData('en', { call: { title: 'Annual call', year: 2027 } })));
    expect(contains(extracted, 'Annual call (2027)')).toBe(true);
  });

  it('prints names in any Latin, Greek or Cyrillic script', async () => {
    const extracted = await extract(
      await renderLetterPdf(letterData('es', { project: { faspId: 'FASP-2026-0003', title: 'Đồng Tháp — Şanlıurfa — Ελλάδα — Москва', organization: 'Łódź', countries: ['VN'] } })),
    );
    expect(contains(extracted, 'Đồng Tháp — Şanlıurfa — Ελλάδα — Москва')).toBe(true);
    expect(contains(extracted, 'Łódź')).toBe(true);
  });

  it('rejects a release date that is not a date', async () => {
    await expect(renderLetterPdf(letterData('en', { releasedAt: '' }))).rejects.toThrow(RangeError);
  });
});
