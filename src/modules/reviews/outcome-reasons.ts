import { Language, OutcomeReason } from '@fasp/core';

type Templates = Record<OutcomeReason['code'], string>;

const TEMPLATES: Record<Language, Templates> = {
  en: {
    INCOMPLETE: 'The assessment is incomplete: {missing}.',
    SAFEGUARD_RISK: 'A risk of harm was found on safeguard criteria {criteria}: a positive outcome is not possible.',
    UNCLEAR_SAFEGUARD: 'It is not yet clear that the project does no harm on safeguard criteria {criteria}.',
    THRESHOLD_NOT_MET: 'The score of step {step} ({actual}) is below the required {min}.',
    CRITERION_BELOW_MINIMUM: 'Criterion {criterion} scores {actual}, below the required {min}.',
    ZERO_IN_STEP: 'Criteria {criteria} of step {step} are not addressed (score 0).',
    ROUNDS_EXHAUSTED: 'This was the last review round of the call: no further revision is possible.',
  },
  fr: {
    INCOMPLETE: "L'évaluation est incomplète : {missing}.",
    SAFEGUARD_RISK: "Un risque de préjudice a été relevé sur les critères de sauvegarde {criteria} : une issue favorable n'est pas possible.",
    UNCLEAR_SAFEGUARD: "Il n'est pas encore établi que le projet ne cause pas de préjudice au regard des critères de sauvegarde {criteria}.",
    THRESHOLD_NOT_MET: "La note de l'étape {step} ({actual}) est inférieure au minimum requis de {min}.",
    CRITERION_BELOW_MINIMUM: 'Le critère {criterion} obtient {actual}, en dessous du minimum requis de {min}.',
    ZERO_IN_STEP: "Les critères {criteria} de l'étape {step} ne sont pas traités (note 0).",
    ROUNDS_EXHAUSTED: "C'était le dernier cycle d'évaluation de l'appel : aucune nouvelle révision n'est possible.",
  },
  es: {
    INCOMPLETE: 'La evaluación está incompleta: {missing}.',
    SAFEGUARD_RISK: 'Se detectó un riesgo de daño en los criterios de salvaguarda {criteria}: no es posible un resultado favorable.',
    UNCLEAR_SAFEGUARD: 'Aún no está claro que el proyecto no cause daño en los criterios de salvaguarda {criteria}.',
    THRESHOLD_NOT_MET: 'La puntuación de la etapa {step} ({actual}) es inferior al mínimo requerido de {min}.',
    CRITERION_BELOW_MINIMUM: 'El criterio {criterion} obtiene {actual}, por debajo del mínimo requerido de {min}.',
    ZERO_IN_STEP: 'Los criterios {criteria} de la etapa {step} no se abordan (puntuación 0).',
    ROUNDS_EXHAUSTED: 'Esta fue la última ronda de evaluación de la convocatoria: no es posible otra revisión.',
  },
};

const NONE: Record<Language, string> = { en: 'none', fr: 'aucune', es: 'ninguna' };

function format(value: number | null, language: Language): string {
  return value === null ? NONE[language] : new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(value);
}

/** Each reason of `evaluate()` as a sentence a holder reads, in their language. */
export function outcomeReasonSentences(reasons: readonly OutcomeReason[], language: Language): string[] {
  return reasons.map((reason) => {
    const values: Record<string, string> = {};
    switch (reason.code) {
      case 'INCOMPLETE':
        values.missing = reason.missing.map((item) => item.criterion).join(', ');
        break;
      case 'SAFEGUARD_RISK':
      case 'UNCLEAR_SAFEGUARD':
        values.criteria = reason.criteria.join(', ');
        break;
      case 'THRESHOLD_NOT_MET':
        Object.assign(values, { step: String(reason.step), actual: format(reason.actual, language), min: format(reason.min, language) });
        break;
      case 'CRITERION_BELOW_MINIMUM':
        Object.assign(values, { criterion: reason.criterion, actual: format(reason.actual, language), min: format(reason.min, language) });
        break;
      case 'ZERO_IN_STEP':
        Object.assign(values, { step: String(reason.step), criteria: reason.criteria.join(', ') });
        break;
      case 'ROUNDS_EXHAUSTED':
        break;
    }
    return TEMPLATES[language][reason.code].replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
  });
}
