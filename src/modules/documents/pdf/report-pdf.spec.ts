import { dirname, join } from 'node:path';
import {
  LANGUAGES,
  REFERENCE_FRAMEWORK,
  countryName,
  criteriaOf,
  evaluate,
  type CriteriaFramework,
  type Criterion,
  type Language,
  type Rating,
  type RatingScore,
  type Review,
} from '@fasp/core';
import { definePDFJSModule, extractText } from 'unpdf';
import { DOCUMENT_LABELS, formatDocumentDate } from './document-labels';
import { renderReportPdf, type ReportData } from './report-pdf';

// The PDFs are read back with pdf.js (through unpdf): what a person's viewer would show, not
// what the renderer meant to write.

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

/** Whitespace-insensitive: long texts are wrapped into lines by the layout. */
const squash = (text: string) => text.replace(/\s+/g, '');
const contains = (extracted: Extracted, expected: string) => squash(extracted.text).includes(squash(expected));

/** A review with `score` on every criterion (overrides by code) and `no_risk` on safeguards unless told. */
function review(
  reviewerId: string,
  score: RatingScore,
  options: { framework?: CriteriaFramework; scores?: Record<string, RatingScore>; harms?: Record<string, Rating['harm']> } = {},
): Review {
  const framework = options.framework ?? REFERENCE_FRAMEWORK;
  const gate = framework.rules.safeguardGate.step;
  const ratings: Record<string, Rating> = {};
  for (const criterion of criteriaOf(framework)) {
    const rating: Rating = { score: options.scores?.[criterion.code] ?? score };
    ratings[criterion.code] = criterion.step === gate ? { ...rating, harm: options.harms?.[criterion.code] ?? 'no_risk' } : rating;
  }
  return { reviewerId, ratings };
}

const REVIEWERS = ['reviewer-ana-0001', 'reviewer-omar-0002'];

const EVALUATION = evaluate(
  REFERENCE_FRAMEWORK,
  [
    review(REVIEWERS[0], 3, { scores: { '2.3': 'n/a', '4.2': 2 } }),
    review(REVIEWERS[1], 2, { scores: { '2.3': 'n/a', '2.2': 4 }, harms: { '1.2': 'risk_mitigated' } }),
  ],
  { consolidated: { '3.1': { score: 4 } } },
);

const TITLE = 'Réseau Sahel — Sols vivants';
const FASP_ID = 'FASP-2026-0042';

const FEEDBACK: Record<Language, ReportData['feedback']> = {
  en: {
    '1.1': { strengths: 'A grievance mechanism open to every village.', weaknesses: 'Little data on women’s access to land.' },
    '2.2': { recommendations: 'Measure SOC stocks at 0–30 cm on an equivalent soil mass basis, every five years.' },
  },
  fr: {
    '1.1': { strengths: 'Un mécanisme de réclamation ouvert à chaque village.', weaknesses: 'Peu de données sur l’accès des femmes à la terre.' },
    '2.2': { recommendations: 'Mesurer les stocks de COS sur 0–30 cm en masse équivalente de sol, tous les cinq ans ; « échantillonnage » à préciser.' },
  },
  es: {
    '1.1': { strengths: 'Un mecanismo de quejas abierto a cada aldea.', weaknesses: '¿Datos sobre el acceso de las mujeres a la tierra? Muy pocos.' },
    '2.2': { recommendations: '¡Medir las existencias de COS a 0–30 cm en masa de suelo equivalente, cada cinco años! Coste estimado: 1 200 €.' },
  },
};

const REASONS: Record<Language, string[]> = {
  en: ['The mean of step 2 reaches the threshold of 2.5.', 'No safeguard is at risk.'],
  fr: ['La moyenne de l’étape 2 atteint le seuil de 2,5.', 'Aucune garantie n’est en risque.'],
  es: ['La media de la etapa 2 alcanza el umbral de 2,5.', 'Ninguna salvaguarda está en riesgo.'],
};

function reportData(language: Language, overrides: Partial<ReportData> = {}): ReportData {
  return {
    language,
    project: {
      faspId: FASP_ID,
      title: TITLE,
      organization: 'Association Terre & Vie (Sénégal)',
      countries: ['SN', 'ML', 'BF'],
      summary: 'Le projet restaure des sols dégradés par l’agroforesterie, le zaï et le compost, avec 40 coopératives.',
      areaHa: 12500.5,
      practices: ['agroforestry', 'compost', 'zaï pits'],
    },
    call: { title: 'FASP call 2026', year: 2026 },
    framework: REFERENCE_FRAMEWORK,
    evaluation: EVALUATION,
    feedback: FEEDBACK[language],
    general: {
      summary: language === 'fr' ? 'Un projet solide, ancré localement.' : language === 'es' ? 'Un proyecto sólido y bien anclado.' : 'A sound, locally rooted project.',
      strengths: 'Ñandutí & çà: «ok» ¿sí? ¡sí! ü é è ê à',
      recommendations: language === 'en' ? 'Strengthen the monitoring plan.' : 'Renforcer le plan de suivi.',
    },
    outcome: 'positive',
    reasons: REASONS[language],
    round: 2,
    releasedAt: '2026-03-01T10:00:00Z',
    ...overrides,
  };
}

describe('renderReportPdf: the reference framework in each language', () => {
  const rendered = new Map<Language, { pdf: Buffer; extracted: Extracted }>();

  beforeAll(async () => {
    for (const language of LANGUAGES) {
      const pdf = await renderReportPdf(reportData(language));
      rendered.set(language, { pdf, extracted: await extract(pdf) });
    }
  }, 60000);

  const get = (language: Language) => rendered.get(language) as { pdf: Buffer; extracted: Extracted };

  describe.each(LANGUAGES)('%s', (language) => {
    it('is a complete PDF file', () => {
      const { pdf } = get(language);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.subarray(-6).toString('latin1').trim()).toBe('%%EOF');
    });

    it('carries the project: title with its accents, FASP id, organisation, countries', () => {
      const { extracted } = get(language);
      expect(extracted.text).toContain(TITLE);
      expect(extracted.text).toContain(FASP_ID);
      expect(contains(extracted, 'Association Terre & Vie (Sénégal)')).toBe(true);
      for (const code of ['SN', 'ML', 'BF']) expect(contains(extracted, countryName(code, language) as string)).toBe(true);
      expect(contains(extracted, 'FASP call 2026')).toBe(true);
    });

    it('writes its fixed texts in the language', () => {
      const { extracted } = get(language);
      for (const key of ['reportTitle', 'sectionSummary', 'sectionScores', 'sectionRatings', 'sectionFeedback', 'sectionGeneral', 'sectionOutcome'] as const) {
        expect(contains(extracted, DOCUMENT_LABELS[key][language])).toBe(true);
      }
      expect(contains(extracted, formatDocumentDate('2026-03-01T10:00:00Z', language))).toBe(true);
    });

    it('lists every criterion by code and name, and every step by name', () => {
      const { extracted } = get(language);
      for (const criterion of criteriaOf(REFERENCE_FRAMEWORK)) {
        expect(extracted.text).toContain(criterion.code);
        expect(contains(extracted, criterion.names[language])).toBe(true);
      }
      for (const step of REFERENCE_FRAMEWORK.steps) expect(contains(extracted, step.names[language])).toBe(true);
    });

    it('shows ratings with scale labels, n/a and harm judgements in the language', () => {
      const { extracted } = get(language);
      const { scale } = REFERENCE_FRAMEWORK;
      expect(contains(extracted, scale.notApplicable[language])).toBe(true);
      expect(contains(extracted, scale.harm.find((level) => level.judgement === 'no_risk')?.labels[language] as string)).toBe(true);
      expect(contains(extracted, scale.harm.find((level) => level.judgement === 'risk_mitigated')?.labels[language] as string)).toBe(true);
      expect(contains(extracted, scale.levels.find((level) => level.score === 4)?.labels[language] as string)).toBe(true);
      expect(contains(extracted, DOCUMENT_LABELS.consolidated[language])).toBe(true);
      // Step 2: medians 2.5 (2.1, 2.4, 2.5) and 3.5 (2.2), 2.3 n/a: mean 2.75, in the language's notation.
      expect(EVALUATION.steps[1].score).toBe(2.75);
      expect(extracted.text).toContain(language === 'en' ? '2.75' : '2,75');
      expect(extracted.text).toContain(language === 'en' ? '3.5' : '3,5');
    });

    it('prints the outcome, its reasons, the feedback and the round', () => {
      const { extracted } = get(language);
      expect(contains(extracted, DOCUMENT_LABELS.outcomePositive[language])).toBe(true);
      expect(contains(extracted, DOCUMENT_LABELS.outcomePositiveText[language])).toBe(true);
      for (const reason of REASONS[language]) expect(contains(extracted, reason)).toBe(true);
      for (const feedback of Object.values(FEEDBACK[language])) {
        for (const text of Object.values(feedback)) expect(contains(extracted, text as string)).toBe(true);
      }
      expect(contains(extracted, 'Ñandutí & çà: «ok» ¿sí? ¡sí! ü é è ê à')).toBe(true);
      expect(contains(extracted, DOCUMENT_LABELS.roundReleased[language].replace('{round}', '2').replace('{date}', formatDocumentDate('2026-03-01T10:00:00Z', language)))).toBe(true);
    });

    it('numbers its pages', () => {
      const { extracted } = get(language);
      const total = extracted.pages.length;
      extracted.pages.forEach((page, index) => {
        const expected = DOCUMENT_LABELS.pageOf[language].replace('{page}', String(index + 1)).replace('{pages}', String(total));
        expect(squash(page)).toContain(squash(expected));
      });
    });

    it('names no reviewer', () => {
      const { pdf, extracted } = get(language);
      for (const reviewer of REVIEWERS) {
        expect(extracted.text).not.toContain(reviewer);
        expect(pdf.toString('latin1')).not.toContain(reviewer);
      }
    });

    it('draws the chart as vector graphics, not an image', () => {
      expect(get(language).pdf.toString('latin1')).not.toMatch(/\/Subtype\s*\/Image/);
    });

    it('declares its language and takes its dates from the release', () => {
      const raw = get(language).pdf.toString('latin1');
      expect(raw).toContain(`/Lang (${language})`);
      const date = (name: string) => {
        const reference = new RegExp(`/${name} (\\d+) 0 R`).exec(raw)?.[1];
        return reference === undefined ? undefined : new RegExp(`\\n${reference} 0 obj\\s*\\((D:[^)]*)\\)`).exec(raw)?.[1];
      };
      expect(date('CreationDate')).toBe('D:20260301100000Z');
      expect(date('ModDate')).toBe('D:20260301100000Z');
    });
  });

  it('renders the same bytes twice', async () => {
    expect((await renderReportPdf(reportData('fr'))).equals(get('fr').pdf)).toBe(true);
  });
});

/** The reference framework grown to 30 criteria (copies of its own, renumbered). */
function thirtyCriteriaFramework(): CriteriaFramework {
  const base = criteriaOf(REFERENCE_FRAMEWORK);
  const perStep = [3, 12, 9, 6];
  let next = 0;
  const steps = REFERENCE_FRAMEWORK.steps.map((step, index) => ({
    ...step,
    criteria: Array.from({ length: perStep[index] }, (_, position): Criterion => {
      const model = base[next++ % base.length];
      const code = `${step.number}.${position + 1}`;
      return {
        ...model,
        code,
        step: step.number,
        naAllowed: step.number !== REFERENCE_FRAMEWORK.rules.safeguardGate.step && model.naAllowed,
      };
    }),
  }));
  return { ...REFERENCE_FRAMEWORK, steps };
}

describe('renderReportPdf: long feedback', () => {
  it('flows feedback on 30 criteria over several pages, losing nothing', async () => {
    const framework = thirtyCriteriaFramework();
    const codes = criteriaOf(framework).map((criterion) => criterion.code);
    expect(codes).toHaveLength(30);
    const feedback = Object.fromEntries(
      codes.map((code) => [
        code,
        {
          strengths: `Strength of ${code}: ${'the project documents its baseline carefully and involves farmers in sampling. '.repeat(4)}`,
          weaknesses: `Weakness of ${code}: ${'the monitoring plan does not yet say how uncertainty will be reported. '.repeat(4)}`,
          recommendations: `Recommendation for ${code}: end-of-text-${code}.`,
        },
      ]),
    );
    const evaluation = evaluate(framework, [review('r1', 3, { framework }), review('r2', 2, { framework })]);
    const pdf = await renderReportPdf(reportData('en', { framework, evaluation, feedback }));
    const extracted = await extract(pdf);
    expect(extracted.pages.length).toBeGreaterThan(3);
    for (const code of codes) {
      expect(contains(extracted, `Strength of ${code}:`)).toBe(true);
      expect(contains(extracted, `end-of-text-${code}.`)).toBe(true);
    }
    expect(squash(extracted.pages[extracted.pages.length - 1])).toContain(squash(`Page ${extracted.pages.length} of ${extracted.pages.length}`));
  });

  it('continues a single very long text on the next pages', async () => {
    const words = Array.from({ length: 3000 }, (_, index) => `w${index}`).join(' ');
    const pdf = await renderReportPdf(reportData('fr', { general: { summary: words } }));
    const extracted = await extract(pdf);
    const pages = extracted.pages.length;
    expect(pages).toBeGreaterThan(3);
    // The footers sit between the pages' texts; without them the text reads on unbroken.
    let body = squash(extracted.text).split(squash(`${FASP_ID} · ${DOCUMENT_LABELS.reportTitle.fr}`)).join('');
    for (let page = 1; page <= pages; page += 1) body = body.split(squash(`Page ${page} sur ${pages}`)).join('');
    expect(body).toContain(squash(words));
  });
});

describe('renderReportPdf: sparse and unusual data', () => {
  const SMALL: CriteriaFramework = {
    ...REFERENCE_FRAMEWORK,
    steps: [
      REFERENCE_FRAMEWORK.steps[0],
      { ...REFERENCE_FRAMEWORK.steps[1], criteria: REFERENCE_FRAMEWORK.steps[1].criteria.filter((criterion) => ['2.1', '2.2', '2.3'].includes(criterion.code)) },
      // Only criteria that allow n/a: rated n/a everywhere, the step has no score.
      { ...REFERENCE_FRAMEWORK.steps[2], criteria: REFERENCE_FRAMEWORK.steps[2].criteria.filter((criterion) => criterion.naAllowed) },
    ],
  };

  it.each(LANGUAGES)('renders empty feedback, null scores and n/a steps (%s)', async (language) => {
    const evaluation = evaluate(SMALL, [review('r1', 'n/a', { framework: SMALL, scores: { '1.1': 0, '1.2': 1, '1.3': 2, '2.1': 1, '2.2': 0 } })]);
    expect(evaluation.steps.find((step) => step.step === 3)?.score).toBeNull();
    const pdf = await renderReportPdf(
      reportData(language, {
        framework: SMALL,
        evaluation,
        feedback: {},
        general: {},
        reasons: [],
        outcome: 'not_positive',
        project: { faspId: FASP_ID, title: TITLE, organization: '', countries: [], summary: '', areaHa: null, practices: [] },
      }),
    );
    const extracted = await extract(pdf);
    expect(contains(extracted, DOCUMENT_LABELS.noCriterionFeedback[language])).toBe(true);
    expect(contains(extracted, DOCUMENT_LABELS.noGeneralFeedback[language])).toBe(true);
    expect(contains(extracted, DOCUMENT_LABELS.notScored[language])).toBe(true);
    expect(contains(extracted, DOCUMENT_LABELS.notProvided[language])).toBe(true);
    expect(contains(extracted, DOCUMENT_LABELS.outcomeNotPositive[language])).toBe(true);
    expect(contains(extracted, REFERENCE_FRAMEWORK.scale.notApplicable[language])).toBe(true);
  });

  it('renders an assessment nobody has rated yet', async () => {
    const evaluation = evaluate(REFERENCE_FRAMEWORK, []);
    expect(evaluation.overall).toBeNull();
    const extracted = await extract(await renderReportPdf(reportData('es', { evaluation, outcome: 'revise' })));
    expect(contains(extracted, DOCUMENT_LABELS.notRated.es)).toBe(true);
    expect(contains(extracted, DOCUMENT_LABELS.notJudged.es)).toBe(true);
    expect(contains(extracted, DOCUMENT_LABELS.outcomeRevise.es)).toBe(true);
  });

  it('falls back to bars for a framework of two steps', async () => {
    const twoSteps: CriteriaFramework = { ...REFERENCE_FRAMEWORK, steps: REFERENCE_FRAMEWORK.steps.slice(0, 2) };
    const evaluation = evaluate(twoSteps, [review('r1', 3, { framework: twoSteps })]);
    const extracted = await extract(await renderReportPdf(reportData('en', { framework: twoSteps, evaluation, feedback: {} })));
    expect(contains(extracted, '1. Safeguards')).toBe(true);
    expect(contains(extracted, '2. Direct contributions')).toBe(true);
  });

  it('prints names from anywhere, drops control characters, keeps feedback on unknown codes', async () => {
    const pdf = await renderReportPdf(
      reportData('en', {
        project: {
          faspId: FASP_ID,
          title: 'Łódź\u0007 soils — Đồng Tháp — Şanlıurfa — Москва',
          organization: 'Ünion <Coöp> "Sol" & \'Vida\'',
          countries: ['PL', 'VN', 'XX'],
          summary: 'Line one\r\nLine two\tTabbed',
          areaHa: 0,
          practices: [],
        },
        feedback: { '9.9': { strengths: 'Feedback on an unknown code.' } },
      }),
    );
    const extracted = await extract(pdf);
    expect(contains(extracted, 'Łódź soils — Đồng Tháp — Şanlıurfa — Москва')).toBe(true);
    expect(extracted.text).not.toContain('\u0007');
    expect(contains(extracted, 'Ünion <Coöp> "Sol" & \'Vida\'')).toBe(true);
    expect(contains(extracted, 'Viet Nam')).toBe(true);
    expect(contains(extracted, 'XX')).toBe(true);
    expect(contains(extracted, 'Feedback on an unknown code.')).toBe(true);
  });

  it('rejects a release date that is not a date', async () => {
    await expect(renderReportPdf(reportData('en', { releasedAt: 'soon' }))).rejects.toThrow(RangeError);
  });
});
