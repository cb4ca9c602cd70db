import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import {
  MAX_SCORE,
  PRACTICES,
  countryName,
  criteriaOf,
  isPracticeCode,
  labelOf,
  radarChart,
  type CriteriaFramework,
  type Criterion,
  type CriterionAggregate,
  type Evaluation,
  type Language,
  type Outcome,
  type RadarChart,
} from '@fasp/core';
import {
  OUTCOME_LABEL_KEYS,
  OUTCOME_TEXT_KEYS,
  documentLabel,
  formatDocumentDate,
  formatDocumentNumber,
  type DocumentLabelKey,
} from './document-labels';

// The formative evaluation report as a PDF: pure data in, bytes out. No database, no clock (the
// document's dates come from `releasedAt`), no randomness: the same data renders to the same
// bytes. Reviewer identities are not part of the input, and must never become part of it: the
// holder reads this report.

export interface CriterionFeedback {
  strengths?: string;
  weaknesses?: string;
  recommendations?: string;
}

export interface GeneralFeedback {
  summary?: string;
  strengths?: string;
  weaknesses?: string;
  recommendations?: string;
}

export interface ReportData {
  /** The dossier's language: every fixed text of the report is in it. */
  language: Language;
  project: {
    faspId: string;
    title: string;
    organization: string;
    /** ISO 3166-1 alpha-2 codes (printed as names in the language); other strings print as given. */
    countries: string[];
    summary: string;
    areaHa: number | null;
    /** Practice codes of the dossier vocabulary (printed as labels); other strings print as given. */
    practices: string[];
  };
  call: { title: string; year: number };
  /** Names of steps, criteria and scale levels are taken from it, in `language`. */
  framework: CriteriaFramework;
  /** From `evaluate()`: per-criterion values, step scores, overall score, safeguards. */
  evaluation: Evaluation;
  /** Consolidated feedback, by criterion code. */
  feedback: Record<string, CriterionFeedback>;
  general: GeneralFeedback;
  outcome: Outcome;
  /** Sentences already written in `language` that explain the outcome. */
  reasons: string[];
  round: number;
  /** ISO instant; also the creation date of the PDF. */
  releasedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Shared with the letter of support: fonts, document set-up, output.

/**
 * DejaVu Sans Condensed, embedded (subset to the glyphs used) from the `dejavu-fonts-ttf`
 * package. The 14 standard PDF fonts would cover English, French and Spanish, but names of
 * projects, organisations and places come from the whole world (Łódź, Đồng Tháp, Şanlıurfa,
 * Москва...), and the standard fonts cannot print them. DejaVu covers Latin, Greek and Cyrillic
 * in full, and embedding makes the text extractable (ToUnicode) and the same on every viewer.
 * Scripts it lacks (CJK, for one) print as empty boxes rather than failing the document.
 */
export const FONTS = { regular: 'fasp-regular', bold: 'fasp-bold', italic: 'fasp-italic' } as const;
export type FontName = keyof typeof FONTS;

const FONT_FILES: Readonly<Record<FontName, string>> = {
  regular: 'DejaVuSansCondensed.ttf',
  bold: 'DejaVuSansCondensed-Bold.ttf',
  italic: 'DejaVuSansCondensed-Oblique.ttf',
};

let fontData: Readonly<Record<FontName, Buffer>> | undefined;

/** Read once per process: the files never change while it runs. */
function loadFonts(): Readonly<Record<FontName, Buffer>> {
  if (!fontData) {
    const directory = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontData = {
      regular: readFileSync(join(directory, FONT_FILES.regular)),
      bold: readFileSync(join(directory, FONT_FILES.bold)),
      italic: readFileSync(join(directory, FONT_FILES.italic)),
    };
  }
  return fontData;
}

export const COLOURS = {
  text: '#222222',
  muted: '#5f5f5f',
  accent: '#3f6b24',
  accentFill: '#5b8c3a',
  rule: '#c8ccc4',
  headerFill: '#eef2ea',
  white: '#ffffff',
} as const;

export interface PdfSetup {
  language: Language;
  /** ISO instant: the document's creation date, so equal data gives equal bytes. */
  createdAt: string;
  title: string;
  subject: string;
  author: string;
  margins: { top: number; bottom: number; left: number; right: number };
}

/**
 * Creates an A4 document with the fonts registered, lets `draw` fill it, and resolves with the
 * bytes. Pages are buffered so that `draw` can come back to number them.
 */
export function renderPdf(setup: PdfSetup, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const createdAt = new Date(setup.createdAt);
  if (Number.isNaN(createdAt.getTime())) return Promise.reject(new RangeError(`Not a date: ${setup.createdAt}`));
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: setup.margins,
      bufferPages: true,
      pdfVersion: '1.7',
      lang: setup.language,
      displayTitle: true,
      info: {
        Title: setup.title,
        Author: setup.author,
        Subject: setup.subject,
        Creator: 'FASP',
        CreationDate: createdAt,
        ModDate: createdAt,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      const fonts = loadFonts();
      for (const name of Object.keys(FONTS) as FontName[]) doc.registerFont(FONTS[name], fonts[name]);
      doc.font(FONTS.regular).fillColor(COLOURS.text);
      draw(doc);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/**
 * Text typed by people, made safe to print: line breaks normalised, tabs as spaces, other control
 * characters dropped (a font has no glyph for them), blank lines at the ends removed.
 */
export function cleanText(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  let out = '';
  for (const char of String(text).replace(/\r\n?/g, '\n')) {
    const code = char.codePointAt(0) as number;
    if (char === '\n') out += char;
    else if (char === '\t') out += ' ';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else out += char;
  }
  return out.trim();
}

// ---------------------------------------------------------------------------------------------
// Layout: a column of blocks that flows down the pages.

const REPORT_MARGINS = { top: 56, bottom: 64, left: 56, right: 56 };
const BODY_SIZE = 10;
const SMALL_SIZE = 8.5;

interface Cell {
  text: string;
  font?: FontName;
  color?: string;
  align?: 'left' | 'right' | 'center';
}

interface Column {
  header: string;
  /** Width in points; a column without one shares what is left. */
  width?: number;
  align?: 'left' | 'right' | 'center';
}

class Flow {
  constructor(readonly doc: PDFKit.PDFDocument) {}

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` points are left on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  gap(points: number): void {
    this.doc.y += points;
  }

  font(name: FontName, size: number, color: string = COLOURS.text): this {
    this.doc.font(FONTS[name]).fontSize(size).fillColor(color);
    return this;
  }

  /**
   * A section title, kept on a page with the first `keepWith` points of what follows, and a
   * bookmark in the outline.
   */
  section(title: string, keepWith = 60): void {
    this.gap(10);
    this.ensure(30 + keepWith);
    this.font('bold', 13.5, COLOURS.accent);
    this.doc.text(title, this.left, this.doc.y, { width: this.width });
    const y = this.doc.y + 2;
    this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.75).strokeColor(COLOURS.rule).stroke();
    this.doc.y = y + 8;
    this.doc.outline.addItem(title);
  }

  subheading(title: string, size = 11, keepWith = 36): void {
    this.gap(4);
    this.font('bold', size);
    this.ensure(this.doc.heightOfString(title, { width: this.width }) + 3 + keepWith);
    this.font('bold', size);
    this.doc.text(title, this.left, this.doc.y, { width: this.width });
    this.gap(3);
  }

  /** Text of any length: pdfkit wraps it and continues it on new pages. */
  paragraph(text: string, options: { font?: FontName; size?: number; color?: string; indent?: number; after?: number } = {}): void {
    const indent = options.indent ?? 0;
    this.font(options.font ?? 'regular', options.size ?? BODY_SIZE, options.color ?? COLOURS.text);
    this.ensure(this.doc.currentLineHeight(true) * 2);
    this.doc.text(text, this.left + indent, this.doc.y, { width: this.width - indent, lineGap: 1.5, paragraphGap: 3 });
    this.gap(options.after ?? 4);
  }

  /** A labelled block of text, e.g. "Strengths" then the holder's feedback. */
  labelled(label: string, text: string): void {
    this.font('bold', BODY_SIZE, COLOURS.accent);
    this.ensure(this.doc.currentLineHeight(true) * 3);
    this.doc.text(label, this.left + 8, this.doc.y, { width: this.width - 8 });
    this.gap(1);
    this.paragraph(text, { indent: 8, after: 5 });
  }

  bullets(items: readonly string[]): void {
    for (const item of items) {
      this.font('regular', BODY_SIZE);
      this.ensure(this.doc.currentLineHeight(true) * 2);
      const y = this.doc.y;
      this.doc.text('•', this.left + 4, y, { width: 10, lineBreak: false });
      this.doc.text(item, this.left + 16, y, { width: this.width - 16, lineGap: 1.5 });
      this.gap(3);
    }
  }

  /**
   * A table whose rows never split across pages; the header row is repeated on each page. Cell
   * texts wrap within their column. A `heading` is printed above it, on the same page.
   */
  table(columns: readonly Column[], rows: readonly (readonly Cell[])[], options: { size?: number; heading?: string } = {}): void {
    const size = options.size ?? 9;
    const pad = 4;
    const fixed = columns.reduce((sum, column) => sum + (column.width ?? 0), 0);
    const flexible = columns.filter((column) => column.width === undefined).length;
    const share = flexible === 0 ? 0 : Math.max(40, (this.width - fixed) / flexible);
    const widths = columns.map((column) => column.width ?? share);
    const header: Cell[] = columns.map((column) => ({ text: column.header, font: 'bold', align: column.align }));

    const heightOf = (cells: readonly Cell[]) =>
      Math.max(
        ...cells.map((cell, index) => {
          this.font(cell.font ?? 'regular', size);
          return this.doc.heightOfString(cell.text === '' ? ' ' : cell.text, { width: widths[index] - 2 * pad });
        }),
      ) +
      2 * pad;

    const drawRow = (cells: readonly Cell[], isHeader: boolean) => {
      const height = heightOf(cells);
      const y = this.doc.y;
      if (isHeader) this.doc.rect(this.left, y, this.width, height).fill(COLOURS.headerFill);
      let x = this.left;
      cells.forEach((cell, index) => {
        this.font(cell.font ?? 'regular', size, cell.color ?? COLOURS.text);
        this.doc.text(cell.text, x + pad, y + pad, {
          width: widths[index] - 2 * pad,
          align: cell.align ?? columns[index].align ?? 'left',
        });
        x += widths[index];
      });
      this.doc
        .moveTo(this.left, y + height)
        .lineTo(this.left + this.width, y + height)
        .lineWidth(0.5)
        .strokeColor(COLOURS.rule)
        .stroke();
      this.doc.y = y + height;
    };

    const headerHeight = heightOf(header);
    const rowHeights = rows.map(heightOf);
    const total = headerHeight + rowHeights.reduce((sum, height) => sum + height, 0);
    // A short table (the usual case: a step has a handful of criteria) is kept on one page;
    // a long one starts wherever at least its first row fits.
    const pageHeight = this.bottom - this.doc.page.margins.top;
    const keep = total <= pageHeight / 3 ? total : headerHeight + (rowHeights[0] ?? 0);
    if (options.heading !== undefined) this.subheading(options.heading, 10.5, keep);
    else this.ensure(keep);
    drawRow(header, true);
    rows.forEach((row, index) => {
      if (this.doc.y + rowHeights[index] > this.bottom) {
        this.doc.addPage();
        drawRow(header, true);
      }
      drawRow(row, false);
    });
    this.gap(6);
  }

  /** Two columns: a bold label and its value. */
  facts(rows: readonly (readonly [string, string])[]): void {
    const labelWidth = 130;
    for (const [label, value] of rows) {
      this.font('regular', BODY_SIZE);
      const height = Math.max(
        this.doc.heightOfString(value || ' ', { width: this.width - labelWidth }),
        this.font('bold', BODY_SIZE).doc.heightOfString(label, { width: labelWidth - 8 }),
      );
      this.ensure(height + 3);
      const y = this.doc.y;
      this.font('bold', BODY_SIZE, COLOURS.muted);
      this.doc.text(label, this.left, y, { width: labelWidth - 8 });
      this.font('regular', BODY_SIZE);
      this.doc.text(value, this.left + labelWidth, y, { width: this.width - labelWidth });
      this.doc.y = y + height + 3;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The chart, drawn as vector graphics from the geometry shared with the web pages.

export function drawChart(doc: PDFKit.PDFDocument, chart: RadarChart, language: Language, x: number, y: number, scale: number): void {
  doc.save();
  doc.translate(x, y);
  doc.scale(scale);

  doc.lineWidth(0.75).strokeColor(COLOURS.rule);
  for (const ring of chart.rings) {
    if (chart.kind === 'radar') doc.polygon(...ring.points.map((point) => [point.x, point.y])).stroke();
    else doc.moveTo(ring.points[0].x, ring.points[0].y).lineTo(ring.points[1].x, ring.points[1].y).stroke();
  }
  doc.strokeColor('#9aa094');
  for (const axis of chart.axes) doc.moveTo(axis.start.x, axis.start.y).lineTo(axis.end.x, axis.end.y).stroke();

  doc.save();
  if (chart.kind === 'radar') {
    if (chart.polygon.length > 0) {
      doc
        .polygon(...chart.polygon.map((point) => [point.x, point.y]))
        .lineWidth(1.75)
        .lineJoin('round')
        .fillOpacity(0.35)
        .fillAndStroke(COLOURS.accentFill, COLOURS.accent);
    }
  } else {
    doc.fillOpacity(0.8).fillColor(COLOURS.accentFill);
    for (const axis of chart.axes) {
      const width = axis.point.x - axis.start.x;
      if (width > 0) doc.rect(axis.start.x, axis.start.y - chart.barThickness / 2, width, chart.barThickness).fill();
    }
  }
  doc.restore();

  doc.lineWidth(1.25);
  for (const axis of chart.axes) {
    doc.circle(axis.point.x, axis.point.y, 2.75).fillAndStroke(axis.missing ? COLOURS.white : COLOURS.accent, COLOURS.accent);
  }

  const label = (lines: readonly string[], anchor: RadarChart['axes'][number]['labelAnchor'], size: number, color: string) => {
    doc.font(FONTS.regular).fontSize(size).fillColor(color);
    const lineHeight = size * 1.2;
    const block = lines.length * lineHeight;
    const top = anchor.baseline === 'top' ? anchor.y : anchor.baseline === 'bottom' ? anchor.y - block : anchor.y - block / 2;
    lines.forEach((line, index) => {
      const width = doc.widthOfString(line);
      const left = anchor.align === 'start' ? anchor.x : anchor.align === 'end' ? anchor.x - width : anchor.x - width / 2;
      doc.text(line, left, top + index * lineHeight + (lineHeight - size) / 2, { lineBreak: false });
    });
  };
  for (const ring of chart.rings) label([formatDocumentNumber(ring.value, language)], ring.labelAnchor, chart.fontSize - 2, COLOURS.muted);
  for (const axis of chart.axes) label(axis.labelLines, axis.labelAnchor, chart.fontSize, COLOURS.text);

  doc.restore();
}

// ---------------------------------------------------------------------------------------------
// The report

/** Renders the formative evaluation report. */
export async function renderReportPdf(data: ReportData): Promise<Buffer> {
  const language = data.language;
  const l = (key: DocumentLabelKey, values?: Readonly<Record<string, string | number>>) => documentLabel(key, language, values);
  const title = cleanText(data.project.title);
  const faspId = cleanText(data.project.faspId);
  return renderPdf(
    {
      language,
      createdAt: data.releasedAt,
      title: `${l('reportTitle')}: ${title} (${faspId})`,
      subject: l('programme'),
      author: l('committeeOfInitiative'),
      margins: REPORT_MARGINS,
    },
    (doc) => {
      const flow = new Flow(doc);
      drawHeader(flow, data, l);
      drawSummary(flow, data, l);
      drawScores(flow, data, l);
      drawRatings(flow, data, l);
      drawCriterionFeedback(flow, data, l);
      drawGeneralFeedback(flow, data, l);
      drawOutcome(flow, data, l);
      drawFooters(doc, faspId, l);
    },
  );
}

type Label = (key: DocumentLabelKey, values?: Readonly<Record<string, string | number>>) => string;

function drawHeader(flow: Flow, data: ReportData, l: Label): void {
  const { doc } = flow;
  const language = data.language;
  flow.font('bold', 9, COLOURS.accent);
  doc.text(`${l('initiative')} · ${l('committee')}`, flow.left, doc.y, { width: flow.width });
  flow.font('regular', 9, COLOURS.muted);
  doc.text(l('programme'), flow.left, doc.y, { width: flow.width });
  flow.gap(14);
  flow.font('bold', 20, COLOURS.accent);
  doc.text(l('reportTitle'), flow.left, doc.y, { width: flow.width });
  flow.gap(4);
  flow.font('bold', 15);
  doc.text(cleanText(data.project.title) || l('notProvided'), flow.left, doc.y, { width: flow.width });
  flow.gap(10);

  const countries = data.project.countries.map((code) => countryName(code, language) ?? cleanText(code)).filter((name) => name !== '');
  const practices = data.project.practices
    .map((code) => (isPracticeCode(code) ? (labelOf(PRACTICES, code, language) ?? code) : cleanText(code)))
    .filter((name) => name !== '');
  const area = data.project.areaHa;
  flow.facts([
    [l('faspId'), cleanText(data.project.faspId)],
    [l('organization'), cleanText(data.project.organization) || l('notProvided')],
    [l('countries'), countries.length > 0 ? countries.join(', ') : l('notProvided')],
    [l('call'), callText(data.call, l)],
    [l('area'), area === null || !Number.isFinite(area) ? l('notProvided') : l('areaValue', { value: formatDocumentNumber(area, language) })],
    [l('practices'), practices.length > 0 ? practices.join(', ') : l('notProvided')],
    [l('round'), String(data.round)],
    [l('releasedOn'), formatDocumentDate(data.releasedAt, language)],
    [l('outcome'), l(OUTCOME_LABEL_KEYS[data.outcome])],
  ]);
}

/** `FASP call 2026`, or `FASP call (2026)` when the title does not already say the year. */
export function callText(call: { title: string; year: number }, l: Label): string {
  const title = cleanText(call.title);
  if (title === '') return String(call.year);
  return title.includes(String(call.year)) ? title : l('callWithYear', { title, year: call.year });
}

function drawSummary(flow: Flow, data: ReportData, l: Label): void {
  flow.section(l('sectionSummary'));
  const summary = cleanText(data.project.summary);
  flow.paragraph(summary || l('notProvided'), summary ? {} : { font: 'italic', color: COLOURS.muted });
}

function scaleMax(framework: CriteriaFramework): number {
  const scores = framework.scale.levels.map((level) => level.score);
  return scores.length > 0 ? Math.max(...scores) : MAX_SCORE;
}

function scaleLabel(framework: CriteriaFramework, score: number, language: Language): string | undefined {
  return framework.scale.levels.find((level) => level.score === score)?.labels[language];
}

function drawScores(flow: Flow, data: ReportData, l: Label): void {
  const { doc } = flow;
  const { framework, evaluation, language } = data;
  const max = scaleMax(framework);
  const stepScore = (number: number) => evaluation.steps.find((step) => step.step === number)?.score ?? null;
  const chart = radarChart({
    axes: framework.steps.map((step) => {
      const score = stepScore(step.number);
      return {
        label: `${step.number}. ${step.names[language]}`,
        value: score,
        valueLabel: score === null ? l('notScored') : formatDocumentNumber(score, language, { min: 1 }),
      };
    }),
    max,
    size: 440,
    title: l('sectionScores'),
    noValueText: l('notScored'),
  });
  const scale = Math.min(1, flow.width / chart.width);
  const height = chart.height * scale;
  // The title, its two lines of explanation and the figure stay together.
  flow.section(l('sectionScores'), height + 40);
  flow.paragraph(
    l('scoresIntro', {
      lowest: scaleLabel(framework, 0, language) ?? '0',
      highest: scaleLabel(framework, max, language) ?? String(max),
      max,
    }),
    { size: 9, color: COLOURS.muted },
  );

  flow.ensure(height + 10);
  // Drawing text moves pdfkit's cursor (in the chart's own coordinates): the flow resumes from
  // the figure's bottom, not from wherever the last label left it.
  const top = doc.y;
  drawChart(doc, chart, language, flow.left + (flow.width - chart.width * scale) / 2, top, scale);
  doc.x = flow.left;
  doc.y = top + height + 8;

  const rows: Cell[][] = framework.steps.map((step) => {
    const score = stepScore(step.number);
    return [
      { text: String(step.number) },
      { text: step.names[language] },
      { text: formatDocumentNumber(step.weight, language) },
      score === null ? { text: l('notScored'), font: 'italic', color: COLOURS.muted } : { text: formatDocumentNumber(score, language, { min: 1 }), font: 'bold' },
    ];
  });
  rows.push([
    { text: '' },
    { text: l('overallScore'), font: 'bold' },
    { text: '' },
    evaluation.overall === null
      ? { text: l('notScored'), font: 'italic', color: COLOURS.muted }
      : { text: formatDocumentNumber(evaluation.overall, language, { min: 1 }), font: 'bold' },
  ]);
  flow.table(
    [
      { header: l('colStep'), width: 48 },
      { header: '' },
      { header: l('colWeight'), width: 80, align: 'right' },
      { header: l('colScore'), width: 90, align: 'right' },
    ],
    rows,
  );
}

function ratingText(aggregate: CriterionAggregate | undefined, data: ReportData, l: Label): Cell {
  const { framework, language } = data;
  if (!aggregate || aggregate.value === null) {
    const notApplicable = aggregate && (aggregate.consolidated === 'n/a' || (aggregate.n === 0 && aggregate.naCount > 0));
    return notApplicable
      ? { text: framework.scale.notApplicable[language], font: 'italic', color: COLOURS.muted }
      : { text: l('notRated'), font: 'italic', color: COLOURS.muted };
  }
  const value = aggregate.value;
  const label = Number.isInteger(value) ? scaleLabel(framework, value, language) : undefined;
  let text = formatDocumentNumber(value, language);
  if (label) text += ` – ${label}`;
  if (aggregate.source === 'consolidated') text += ` (${l('consolidated')})`;
  return { text };
}

function drawRatings(flow: Flow, data: ReportData, l: Label): void {
  const { framework, evaluation, language } = data;
  flow.section(l('sectionRatings'));
  flow.paragraph(l('ratingsIntro'), { size: 9, color: COLOURS.muted });
  const gate = framework.rules.safeguardGate.step;
  for (const step of framework.steps) {
    const score = evaluation.steps.find((candidate) => candidate.step === step.number)?.score ?? null;
    const scoreText = score === null ? l('notScored') : formatDocumentNumber(score, language, { min: 1 });
    const heading = `${l('stepNumbered', { number: step.number, name: step.names[language] })} · ${scoreText}`;
    const safeguards = step.number === gate;
    const columns: Column[] = [
      { header: l('colCode'), width: 38 },
      { header: l('colCriterion') },
      { header: l('colRating'), width: 120 },
      { header: l('colN'), width: 26, align: 'right' },
    ];
    if (safeguards) columns.push({ header: l('colHarm'), width: 92 });
    const rows = step.criteria.map((criterion) => {
      const aggregate = evaluation.criteria.find((candidate) => candidate.code === criterion.code);
      const cells: Cell[] = [
        { text: criterion.code, font: 'bold' },
        { text: criterion.names[language] },
        ratingText(aggregate, data, l),
        { text: aggregate ? String(aggregate.n) : '0' },
      ];
      if (safeguards) {
        const harm = evaluation.safeguards.criteria.find((candidate) => candidate.criterion === criterion.code)?.harm ?? null;
        const label = harm === null ? undefined : framework.scale.harm.find((level) => level.judgement === harm)?.labels[language];
        cells.push(
          harm === null ? { text: l('notJudged'), font: 'italic', color: COLOURS.muted } : { text: label ?? harm, font: harm === 'risk' ? 'bold' : 'regular' },
        );
      }
      return cells;
    });
    flow.table(columns, rows, { heading });
  }
}

const FEEDBACK_PARTS = ['strengths', 'weaknesses', 'recommendations'] as const;

function drawCriterionFeedback(flow: Flow, data: ReportData, l: Label): void {
  const { framework, language } = data;
  flow.section(l('sectionFeedback'));
  const known = new Set(criteriaOf(framework).map((criterion) => criterion.code));
  // Feedback on a code the framework does not hold would be a bug upstream; it is still printed
  // (under its code) rather than silently lost.
  const unknown = Object.keys(data.feedback)
    .filter((code) => !known.has(code))
    .sort();
  const entries: { code: string; criterion?: Criterion }[] = [
    ...criteriaOf(framework).map((criterion) => ({ code: criterion.code, criterion })),
    ...unknown.map((code) => ({ code })),
  ];
  let printed = 0;
  for (const { code, criterion } of entries) {
    const feedback = data.feedback[code] ?? {};
    const parts = FEEDBACK_PARTS.map((part) => [part, cleanText(feedback[part])] as const).filter(([, text]) => text !== '');
    if (parts.length === 0) continue;
    flow.subheading(criterion ? `${code} ${criterion.names[language]}` : cleanText(code), 10.5);
    for (const [part, text] of parts) flow.labelled(l(part), text);
    printed += 1;
  }
  if (printed === 0) flow.paragraph(l('noCriterionFeedback'), { font: 'italic', color: COLOURS.muted });
}

function drawGeneralFeedback(flow: Flow, data: ReportData, l: Label): void {
  flow.section(l('sectionGeneral'));
  const parts = (
    [
      ['generalSummary', data.general.summary],
      ['strengths', data.general.strengths],
      ['weaknesses', data.general.weaknesses],
      ['recommendations', data.general.recommendations],
    ] as const
  )
    .map(([key, text]) => [key, cleanText(text)] as const)
    .filter(([, text]) => text !== '');
  if (parts.length === 0) flow.paragraph(l('noGeneralFeedback'), { font: 'italic', color: COLOURS.muted });
  for (const [key, text] of parts) flow.labelled(l(key), text);
}

function drawOutcome(flow: Flow, data: ReportData, l: Label): void {
  const { doc } = flow;
  flow.section(l('sectionOutcome'));
  flow.ensure(60);
  flow.font('bold', 14, data.outcome === 'positive' ? COLOURS.accent : COLOURS.text);
  doc.text(l(OUTCOME_LABEL_KEYS[data.outcome]), flow.left, doc.y, { width: flow.width });
  flow.gap(4);
  flow.paragraph(l(OUTCOME_TEXT_KEYS[data.outcome]));
  const reasons = data.reasons.map(cleanText).filter((reason) => reason !== '');
  if (reasons.length > 0) {
    flow.subheading(l('reasons'), 10.5);
    flow.bullets(reasons);
  }
  flow.gap(8);
  flow.paragraph(l('roundReleased', { round: data.round, date: formatDocumentDate(data.releasedAt, data.language) }));
  flow.paragraph(l('reportDisclaimer'), { font: 'italic', size: SMALL_SIZE, color: COLOURS.muted });
}

/** Every page: the FASP id and the document's name on the left, "Page i of n" on the right. */
function drawFooters(doc: PDFKit.PDFDocument, faspId: string, l: Label): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    // The footer sits in the bottom margin; with the margin in force pdfkit would move the text
    // to a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    const y = doc.page.height - margin + 24;
    doc
      .moveTo(left, y - 6)
      .lineTo(left + width, y - 6)
      .lineWidth(0.5)
      .strokeColor(COLOURS.rule)
      .stroke();
    doc.font(FONTS.regular).fontSize(SMALL_SIZE).fillColor(COLOURS.muted);
    doc.text(`${faspId} · ${l('reportTitle')}`, left, y, { lineBreak: false });
    const page = l('pageOf', { page: index - range.start + 1, pages: range.count });
    doc.text(page, left + width - doc.widthOfString(page), y, { lineBreak: false });
    doc.page.margins.bottom = margin;
  }
}
