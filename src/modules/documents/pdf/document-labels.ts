import { type Language, type LocalizedText, type Outcome } from '@fasp/core';

// Every fixed text of the evaluation report and of the letter of support, in the three working
// languages. Names of steps, criteria and scale levels are not here: they are data of the
// criteria framework, and the documents take them from it.
//
// `{name}` marks a value filled in at rendering; every language of a text has the same ones.
// French texts put a no-break space (U+00A0) before ":" ";" "?" and inside « », as French
// typography wants, so that a line never starts with the punctuation.

const NBSP = '\u00A0';

const t = (en: string, fr: string, es: string): LocalizedText => ({ en, fr, es });

export const DOCUMENT_LABELS = {
  // Both documents
  initiative: t('4 per 1000 Initiative', `Initiative «${NBSP}4 pour 1000${NBSP}»`, 'Iniciativa «4 por 1000»'),
  committee: t('Scientific and Technical Committee', 'Comité scientifique et technique', 'Comité Científico y Técnico'),
  committeeOfInitiative: t(
    'Scientific and Technical Committee of the 4 per 1000 Initiative',
    `Comité scientifique et technique de l'Initiative «${NBSP}4 pour 1000${NBSP}»`,
    'Comité Científico y Técnico de la Iniciativa «4 por 1000»',
  ),
  programme: t(
    'Formative Assessment of Soil Projects (FASP)',
    'Évaluation formative des projets sur les sols (FASP)',
    'Evaluación formativa de proyectos de suelos (FASP)',
  ),
  faspId: t('FASP ID', 'Identifiant FASP', 'Identificador FASP'),
  project: t('Project', 'Projet', 'Proyecto'),
  organization: t('Organisation', 'Organisation', 'Organización'),
  countries: t('Countries', 'Pays', 'Países'),
  call: t('Call', 'Appel', 'Convocatoria'),
  callWithYear: t('{title} ({year})', '{title} ({year})', '{title} ({year})'),
  notProvided: t('Not provided', 'Non renseigné', 'No indicado'),

  // Report: header and facts
  reportTitle: t('Formative evaluation report', "Rapport d'évaluation formative", 'Informe de evaluación formativa'),
  round: t('Review round', "Cycle d'évaluation", 'Ronda de evaluación'),
  releasedOn: t('Release date', 'Date de communication', 'Fecha de comunicación'),
  area: t('Area', 'Superficie', 'Superficie'),
  areaValue: t('{value} ha', '{value}\u00A0ha', '{value}\u00A0ha'),
  practices: t('Practices', 'Pratiques', 'Prácticas'),
  outcome: t('Outcome', 'Résultat', 'Resultado'),

  // Report: sections
  sectionSummary: t('Project summary', 'Résumé du projet', 'Resumen del proyecto'),
  sectionScores: t('Scores by step', 'Notes par étape', 'Puntuaciones por etapa'),
  scoresIntro: t(
    'Each criterion is rated from 0 ({lowest}) to {max} ({highest}). The score of a step is the mean of the ratings of its criteria; the overall score is the mean of the step scores, weighted by step.',
    `Chaque critère est noté de 0 ({lowest}) à {max} ({highest}). La note d'une étape est la moyenne des notes de ses critères${NBSP}; la note globale est la moyenne des notes des étapes, pondérée par étape.`,
    'Cada criterio se puntúa de 0 ({lowest}) a {max} ({highest}). La puntuación de una etapa es la media de las puntuaciones de sus criterios; la puntuación global es la media de las puntuaciones de las etapas, ponderada por etapa.',
  ),
  stepNumbered: t('Step {number}: {name}', `Étape {number}${NBSP}: {name}`, 'Etapa {number}: {name}'),
  colStep: t('Step', 'Étape', 'Etapa'),
  colScore: t('Score', 'Note', 'Puntuación'),
  colWeight: t('Weight', 'Pondération', 'Ponderación'),
  overallScore: t('Overall score', 'Note globale', 'Puntuación global'),
  notScored: t('Not scored', 'Non noté', 'Sin puntuación'),

  sectionRatings: t('Ratings by criterion', 'Notes par critère', 'Puntuaciones por criterio'),
  ratingsIntro: t(
    "The rating of a criterion is the median of the reviewers' ratings, or the rating consolidated by the lead reviewer; n is the number of reviewers who rated it. On safeguards, the assessment also judges the risk of harm.",
    `La note d'un critère est la médiane des notes des évaluateurs, ou la note consolidée par l'évaluateur principal${NBSP}; n est le nombre d'évaluateurs qui l'ont noté. Pour les garanties, l'évaluation juge aussi le risque de préjudice.`,
    'La puntuación de un criterio es la mediana de las puntuaciones de los evaluadores, o la puntuación consolidada por el evaluador principal; n es el número de evaluadores que lo puntuaron. En las salvaguardas, la evaluación también juzga el riesgo de daño.',
  ),
  colCode: t('Code', 'Code', 'Código'),
  colCriterion: t('Criterion', 'Critère', 'Criterio'),
  colRating: t('Rating', 'Note', 'Puntuación'),
  colN: t('n', 'n', 'n'),
  colHarm: t('Risk of harm', 'Risque de préjudice', 'Riesgo de daño'),
  notRated: t('Not rated', 'Non noté', 'Sin puntuar'),
  notJudged: t('Not judged', 'Non jugé', 'Sin juicio'),
  consolidated: t('consolidated', 'consolidée', 'consolidada'),

  sectionFeedback: t('Feedback by criterion', 'Commentaires par critère', 'Comentarios por criterio'),
  strengths: t('Strengths', 'Points forts', 'Fortalezas'),
  weaknesses: t('Weaknesses', 'Points faibles', 'Debilidades'),
  recommendations: t('Recommendations', 'Recommandations', 'Recomendaciones'),
  noCriterionFeedback: t(
    'No feedback was given on individual criteria.',
    "Aucun commentaire n'a été formulé sur les critères pris individuellement.",
    'No se formularon comentarios sobre criterios individuales.',
  ),

  sectionGeneral: t('General feedback', 'Commentaires généraux', 'Comentarios generales'),
  generalSummary: t('Summary', 'Synthèse', 'Síntesis'),
  noGeneralFeedback: t('No general feedback was given.', "Aucun commentaire général n'a été formulé.", 'No se formularon comentarios generales.'),

  sectionOutcome: t('Outcome of the assessment', "Résultat de l'évaluation", 'Resultado de la evaluación'),
  outcomePositive: t('Positive', 'Favorable', 'Favorable'),
  outcomeNotPositive: t('Not positive', 'Défavorable', 'Desfavorable'),
  outcomeRevise: t('Revision requested', 'Révision demandée', 'Revisión solicitada'),
  outcomePositiveText: t(
    'The project was positively assessed. A letter of support from the Scientific and Technical Committee accompanies this report.',
    'Le projet a reçu une évaluation favorable. Une lettre de soutien du Comité scientifique et technique accompagne ce rapport.',
    'El proyecto recibió una evaluación favorable. Una carta de apoyo del Comité Científico y Técnico acompaña este informe.',
  ),
  outcomeNotPositiveText: t(
    'The project was not positively assessed in this call. The feedback in this report is meant to help the project improve.',
    "Le projet n'a pas reçu une évaluation favorable dans cet appel. Les commentaires de ce rapport visent à aider le projet à progresser.",
    'El proyecto no recibió una evaluación favorable en esta convocatoria. Los comentarios de este informe buscan ayudar a mejorar el proyecto.',
  ),
  outcomeReviseText: t(
    'The project may be revised in the light of this feedback and resubmitted for a further review round.',
    "Le projet peut être révisé à la lumière de ces commentaires et soumis de nouveau pour un cycle d'évaluation supplémentaire.",
    'El proyecto puede revisarse a la luz de estos comentarios y presentarse de nuevo para una ronda de evaluación adicional.',
  ),
  reasons: t('Reasons', 'Motifs', 'Motivos'),
  roundReleased: t(
    'Review round {round}, feedback released on {date}.',
    "Cycle d'évaluation {round}, commentaires communiqués le {date}.",
    'Ronda de evaluación {round}, comentarios comunicados el {date}.',
  ),
  reportDisclaimer: t(
    'This formative assessment reviews the project as described in its dossier. It is neither a certification of results nor a funding commitment.',
    "Cette évaluation formative porte sur le projet tel que décrit dans son dossier. Elle ne constitue ni une certification de résultats ni un engagement de financement.",
    'Esta evaluación formativa examina el proyecto tal como se describe en su expediente. No constituye una certificación de resultados ni un compromiso de financiación.',
  ),
  pageOf: t('Page {page} of {pages}', 'Page {page} sur {pages}', 'Página {page} de {pages}'),

  // Letter of support
  letterTitle: t('Letter of support', 'Lettre de soutien', 'Carta de apoyo'),
  letterSalutation: t('To whom it may concern,', 'À qui de droit,', 'A quien corresponda:'),
  letterAssessed: t(
    'The Scientific and Technical Committee (STC) of the 4 per 1000 Initiative has assessed the project “{title}” ({faspId}), submitted by {organization}, in the Formative Assessment of Soil Projects (FASP), under the call “{call}”.',
    `Le Comité scientifique et technique (CST) de l'Initiative «${NBSP}4 pour 1000${NBSP}» a évalué le projet «${NBSP}{title}${NBSP}» ({faspId}), porté par l'organisation {organization}, dans le cadre de l'évaluation formative des projets sur les sols (FASP), au titre de l'appel «${NBSP}{call}${NBSP}».`,
    'El Comité Científico y Técnico (CCT) de la Iniciativa «4 por 1000» ha evaluado el proyecto «{title}» ({faspId}), presentado por la organización {organization}, en el marco de la evaluación formativa de proyectos de suelos (FASP), convocatoria «{call}».',
  ),
  letterPositive: t(
    "The project was positively assessed against the Committee's reference criteria and indicators for soil projects, safeguards included.",
    'Le projet a reçu une évaluation favorable au regard des critères et indicateurs de référence du Comité pour les projets sur les sols, garanties comprises.',
    'El proyecto recibió una evaluación favorable con respecto a los criterios e indicadores de referencia del Comité para proyectos de suelos, incluidas las salvaguardas.',
  ),
  letterSupport: t(
    'The Committee therefore supports this project and recommends it to partners and funders who wish to invest in healthy soils for food security and the climate.',
    'Le Comité apporte donc son soutien à ce projet et le recommande aux partenaires et bailleurs de fonds qui souhaitent investir dans des sols sains pour la sécurité alimentaire et le climat.',
    'Por consiguiente, el Comité apoya este proyecto y lo recomienda a los socios y financiadores que deseen invertir en suelos sanos para la seguridad alimentaria y el clima.',
  ),
  letterScope: t(
    'This letter records the result of a formative assessment of the project as described in its dossier. It is neither a certification of results nor a funding commitment: the 4 per 1000 Initiative does not fund projects itself.',
    `Cette lettre atteste le résultat d'une évaluation formative du projet tel que décrit dans son dossier. Elle ne constitue ni une certification de résultats ni un engagement de financement${NBSP}: l'Initiative «${NBSP}4 pour 1000${NBSP}» ne finance pas elle-même de projets.`,
    'Esta carta deja constancia del resultado de una evaluación formativa del proyecto tal como se describe en su expediente. No constituye una certificación de resultados ni un compromiso de financiación: la Iniciativa «4 por 1000» no financia proyectos por sí misma.',
  ),
  letterClosing: t(
    'On behalf of the Scientific and Technical Committee,',
    'Pour le Comité scientifique et technique,',
    'En nombre del Comité Científico y Técnico,',
  ),
  letterDate: t('{date}', 'Le {date}', '{date}'),
} as const satisfies Record<string, LocalizedText>;

export type DocumentLabelKey = keyof typeof DOCUMENT_LABELS;

export const OUTCOME_LABEL_KEYS: Readonly<Record<Outcome, DocumentLabelKey>> = {
  positive: 'outcomePositive',
  not_positive: 'outcomeNotPositive',
  revise: 'outcomeRevise',
};

export const OUTCOME_TEXT_KEYS: Readonly<Record<Outcome, DocumentLabelKey>> = {
  positive: 'outcomePositiveText',
  not_positive: 'outcomeNotPositiveText',
  revise: 'outcomeReviseText',
};

/** The `{name}` placeholders of a text, in order of first appearance. */
export function placeholdersOf(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(/\{(\w+)\}/g), (match) => match[1]))];
}

/**
 * A fixed text in a language, its placeholders filled. A placeholder without a value is a bug
 * in the caller, not something a reader should see as `{title}`: it throws.
 */
export function documentLabel(key: DocumentLabelKey, language: Language, values: Readonly<Record<string, string | number>> = {}): string {
  return DOCUMENT_LABELS[key][language].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Document label ${key} needs a value for {${name}}.`);
    return String(value);
  });
}

// Dates and numbers follow the conventions of the reader's language. English uses the British
// order (1 March 2026): the Initiative's working English, and unambiguous to other readers.
const LOCALES: Readonly<Record<Language, string>> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES' };

/**
 * The calendar date of an ISO instant, written out in the language (`1 March 2026`,
 * `1 mars 2026`, `1 de marzo de 2026`). The date is taken in UTC, so every server prints the
 * same date for the same instant.
 *
 * @throws RangeError when `iso` is not a date.
 */
export function formatDocumentDate(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${iso}`);
  return new Intl.DateTimeFormat(LOCALES[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** A number in the language's notation (`2.5`, `2,5`), with between `min` and `max` decimals. */
export function formatDocumentNumber(value: number, language: Language, decimals: { min?: number; max?: number } = {}): string {
  const max = decimals.max ?? 2;
  return new Intl.NumberFormat(LOCALES[language], {
    minimumFractionDigits: Math.min(decimals.min ?? 0, max),
    maximumFractionDigits: max,
  }).format(value);
}
