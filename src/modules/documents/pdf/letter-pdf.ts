import { countryName, type Language } from '@fasp/core';
import { documentLabel, formatDocumentDate, type DocumentLabelKey } from './document-labels';
import { COLOURS, FONTS, callText, cleanText, renderPdf, type FontName } from './report-pdf';

// The letter of support a positively assessed project receives: one page from the Scientific
// and Technical Committee, in the dossier's language. Whether the outcome was positive is the
// caller's business (the workflow only offers the letter then); the letter states it as a fact.

export interface LetterData {
  language: Language;
  project: { faspId: string; title: string; organization: string; countries: string[] };
  call: { title: string; year: number };
  /** ISO instant of the release of the feedback: the date of the letter. */
  releasedAt: string;
  /** Name printed under the closing, e.g. the chair of the Committee. */
  signatory: string;
}

const MARGINS = { top: 64, bottom: 64, left: 72, right: 72 };

type Block =
  | { kind: 'text'; text: string; font: FontName; size: number; color?: string; align?: 'left' | 'right' | 'justify'; after: number }
  | { kind: 'facts'; rows: readonly (readonly [string, string])[]; size: number; after: number }
  | { kind: 'rule'; after: number }
  | { kind: 'gap'; points: number };

/** Renders the letter of support: always exactly one page. */
export async function renderLetterPdf(data: LetterData): Promise<Buffer> {
  const language = data.language;
  const l = (key: DocumentLabelKey, values?: Readonly<Record<string, string | number>>) => documentLabel(key, language, values);
  const title = cleanText(data.project.title);
  const faspId = cleanText(data.project.faspId);
  const organization = cleanText(data.project.organization);
  const call = callText(data.call, l);
  const countries = data.project.countries.map((code) => countryName(code, language) ?? cleanText(code)).filter((name) => name !== '');

  const blocks: Block[] = [
    { kind: 'text', text: l('initiative'), font: 'bold', size: 17, color: COLOURS.accent, after: 2 },
    { kind: 'text', text: l('committee'), font: 'regular', size: 11, color: COLOURS.muted, after: 6 },
    { kind: 'rule', after: 18 },
    { kind: 'text', text: l('letterDate', { date: formatDocumentDate(data.releasedAt, language) }), font: 'regular', size: 11, align: 'right', after: 18 },
    { kind: 'text', text: l('letterTitle'), font: 'bold', size: 15, color: COLOURS.accent, after: 10 },
    {
      kind: 'facts',
      size: 9.5,
      after: 18,
      rows: [
        [l('project'), title],
        [l('faspId'), faspId],
        [l('organization'), organization || l('notProvided')],
        [l('countries'), countries.length > 0 ? countries.join(', ') : l('notProvided')],
        [l('call'), call],
      ],
    },
    { kind: 'text', text: l('letterSalutation'), font: 'regular', size: 11, after: 10 },
    ...(['letterAssessed', 'letterPositive', 'letterSupport', 'letterScope'] as const).map(
      (key): Block => ({
        kind: 'text',
        text: l(key, { title, faspId, organization: organization || l('notProvided'), call }),
        font: 'regular',
        size: 11,
        align: 'justify',
        after: 9,
      }),
    ),
    { kind: 'gap', points: 8 },
    { kind: 'text', text: l('letterClosing'), font: 'regular', size: 11, after: 40 },
    { kind: 'text', text: cleanText(data.signatory), font: 'bold', size: 11, after: 2 },
    { kind: 'text', text: l('committeeOfInitiative'), font: 'regular', size: 10, color: COLOURS.muted, after: 0 },
  ];

  return renderPdf(
    {
      language,
      createdAt: data.releasedAt,
      title: `${l('letterTitle')}: ${title} (${faspId})`,
      subject: l('programme'),
      author: l('committeeOfInitiative'),
      margins: MARGINS,
    },
    (doc) => {
      const available = doc.page.height - MARGINS.top - MARGINS.bottom;
      // A very long title or name must not push the signature onto a second page: the whole
      // letter shrinks, in small steps, until it fits.
      let factor = 1;
      while (factor > 0.5 && layout(doc, blocks, factor, false) > available) factor -= 0.05;
      layout(doc, blocks, factor, true);
    },
  );
}

/** Lays the blocks out from the top margin, scaled by `factor`; draws them when `draw`. Returns the height used. */
function layout(doc: PDFKit.PDFDocument, blocks: readonly Block[], factor: number, draw: boolean): number {
  const left = MARGINS.left;
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  let y = MARGINS.top;
  for (const block of blocks) {
    switch (block.kind) {
      case 'gap':
        y += block.points * factor;
        break;
      case 'rule':
        if (draw) doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.75).strokeColor(COLOURS.rule).stroke();
        y += block.after * factor;
        break;
      case 'text': {
        doc.font(FONTS[block.font]).fontSize(block.size * factor).fillColor(block.color ?? COLOURS.text);
        const options = { width, align: block.align ?? 'left', lineGap: 2 * factor };
        const height = doc.heightOfString(block.text || ' ', options);
        if (draw) doc.text(block.text, left, y, options);
        y += height + block.after * factor;
        break;
      }
      case 'facts': {
        const size = block.size * factor;
        const labelWidth = 110 * factor;
        for (const [label, value] of block.rows) {
          doc.font(FONTS.bold).fontSize(size);
          const labelHeight = doc.heightOfString(label, { width: labelWidth - 6 });
          doc.font(FONTS.regular).fontSize(size);
          const valueHeight = doc.heightOfString(value || ' ', { width: width - labelWidth });
          if (draw) {
            doc.font(FONTS.bold).fontSize(size).fillColor(COLOURS.muted).text(label, left, y, { width: labelWidth - 6 });
            doc.font(FONTS.regular).fontSize(size).fillColor(COLOURS.text).text(value, left + labelWidth, y, { width: width - labelWidth });
          }
          y += Math.max(labelHeight, valueHeight) + 2 * factor;
        }
        y += block.after * factor;
        break;
      }
    }
  }
  return y - MARGINS.top;
}
