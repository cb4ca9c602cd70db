import { criteriaOf, findCriterion, safeguardCriteria } from './framework';
import { REFERENCE_FRAMEWORK } from './reference-framework';
import { validateFramework } from './validate-framework';
import { LANGUAGES } from './vocabulary';

// The table of DOMAIN.md, "The reference criteria (FASP framework)".
const DOMAIN_TABLE: [number, string, string, string, number[], 'verified' | 'provisional'][] = [
  [1, 'safeguards', '1.1', 'Human rights', [1, 5, 16], 'verified'],
  [1, 'safeguards', '1.2', 'Land tenure rights', [1, 16], 'verified'],
  [1, 'safeguards', '1.3', 'Poverty alleviation', [1], 'verified'],
  [2, 'direct', '2.1', 'Soil conservation/improvement and land restoration', [15], 'verified'],
  [2, 'direct', '2.2', 'Soil organic carbon stock increase or maintenance', [15, 13], 'verified'],
  [2, 'direct', '2.3', 'Food security and nutrition', [2], 'provisional'],
  [2, 'direct', '2.4', 'Adaptation and resilience to climate change', [13], 'provisional'],
  [2, 'direct', '2.5', 'Greenhouse gas emission reduction beyond SOC', [13], 'provisional'],
  [3, 'indirect', '3.1', 'Biodiversity', [15], 'provisional'],
  [3, 'indirect', '3.2', 'Water quantity and quality', [6], 'provisional'],
  [3, 'indirect', '3.3', 'Economic viability for farmers', [8], 'provisional'],
  [4, 'enabling', '4.1', 'Stakeholder participation and governance', [16, 17], 'provisional'],
  [4, 'enabling', '4.2', 'Monitoring, reporting and verification of SOC', [13, 17], 'provisional'],
];

describe('REFERENCE_FRAMEWORK', () => {
  it('passes validation', () => {
    expect(validateFramework(REFERENCE_FRAMEWORK)).toEqual([]);
  });

  it('holds the thirteen criteria of the STC table, in four steps, with their SDGs and statuses', () => {
    const criteria = criteriaOf(REFERENCE_FRAMEWORK);
    expect(criteria.map((criterion) => criterion.code)).toEqual(DOMAIN_TABLE.map((row) => row[2]));
    for (const [step, type, code, name, sdgs, status] of DOMAIN_TABLE) {
      const criterion = findCriterion(REFERENCE_FRAMEWORK, code);
      expect(criterion).toMatchObject({ step, names: { en: name }, sdgs, status });
      expect(REFERENCE_FRAMEWORK.steps[step - 1]).toMatchObject({ number: step, type });
    }
  });

  it('gives every criterion both guidance questions and at least one indicator, in every language', () => {
    for (const criterion of criteriaOf(REFERENCE_FRAMEWORK)) {
      expect(criterion.indicators.length).toBeGreaterThanOrEqual(1);
      for (const language of LANGUAGES) {
        expect(criterion.guidance.harm[language]).toMatch(/\?$/);
        expect(criterion.guidance.contribute[language]).toMatch(/\?$/);
        for (const indicator of criterion.indicators) {
          expect(indicator.name[language].trim()).not.toBe('');
          expect(indicator.method[language].trim()).not.toBe('');
        }
      }
      // Translations are translations, not copies of the English.
      expect(criterion.guidance.harm.fr).not.toBe(criterion.guidance.harm.en);
      expect(criterion.guidance.contribute.es).not.toBe(criterion.guidance.contribute.en);
    }
  });

  it.each([
    ['2.2', 'SOC stock change, 0-30 cm, equivalent soil mass', 't C/ha/yr', /dry combustion/i],
    ['2.1', 'Area under improved practices', 'ha', /mapping/i],
    ['2.1', 'Soil erosion', 't/ha/yr', /modelled|measured/i],
    ['1.2', 'Free, prior and informed consent (FPIC) documented', 'boolean', /document review/i],
    ['1.2', 'Share of project land under secure tenure', '%', /./],
    ['4.2', 'Sampling design and re-measurement interval', 'yr', /monitoring plan/i],
    ['4.2', 'Uncertainty of the estimated SOC stock change', '%', /./],
  ])('seeds the indicator of %s that DOMAIN.md lists: %s', (code, name, metric, method) => {
    const indicator = findCriterion(REFERENCE_FRAMEWORK, code)?.indicators.find((candidate) => candidate.name.en.startsWith(name));
    expect(indicator).toBeDefined();
    expect(indicator?.metric).toBe(metric);
    expect(indicator?.method.en).toMatch(method);
  });

  it('allows n/a only on 2.3, 2.5, 3.2 and 3.3: never on safeguards nor on 2.2', () => {
    const naAllowed = criteriaOf(REFERENCE_FRAMEWORK)
      .filter((criterion) => criterion.naAllowed)
      .map((criterion) => criterion.code);
    expect(naAllowed).toEqual(['2.3', '2.5', '3.2', '3.3']);
    expect(safeguardCriteria(REFERENCE_FRAMEWORK).every((criterion) => !criterion.naAllowed)).toBe(true);
  });

  it('weighs the steps 1, 3, 2, 1 and carries the rules of DOMAIN.md', () => {
    expect(REFERENCE_FRAMEWORK.steps.map((step) => step.weight)).toEqual([1, 3, 2, 1]);
    expect(REFERENCE_FRAMEWORK.rules).toEqual({
      safeguardGate: { step: 1 },
      positiveThreshold: { stepMeans: [{ step: 2, min: 2.5 }], criterionMinimums: [{ code: '2.2', min: 2 }], noZeroInSteps: [2] },
      divergence: { minSpread: 2 },
      aggregation: { criterion: 'median', step: 'mean_of_criterion_values', overall: 'weighted_mean_of_step_scores' },
    });
  });

  it('labels the scale 0-4, n/a and the four harm judgements', () => {
    expect(REFERENCE_FRAMEWORK.scale.levels.map((level) => [level.score, level.labels.en])).toEqual([
      [0, 'Not addressed'],
      [1, 'Weak'],
      [2, 'Partial'],
      [3, 'Good'],
      [4, 'Strong'],
    ]);
    expect(REFERENCE_FRAMEWORK.scale.notApplicable).toEqual({ en: 'Not applicable', fr: 'Sans objet', es: 'No aplica' });
    expect(REFERENCE_FRAMEWORK.scale.harm.map((level) => level.judgement).sort()).toEqual(['no_risk', 'risk', 'risk_mitigated', 'unclear']);
  });

  it('is frozen, so no importer can change it for the others', () => {
    expect(Object.isFrozen(REFERENCE_FRAMEWORK)).toBe(true);
    expect(Object.isFrozen(REFERENCE_FRAMEWORK.steps[1].criteria[1].names)).toBe(true);
    expect(() => {
      (REFERENCE_FRAMEWORK.steps[0] as { weight: number }).weight = 5;
    }).toThrow(TypeError);
  });

  it('survives a JSON round trip unchanged (it can be stored as jsonb)', () => {
    expect(JSON.parse(JSON.stringify(REFERENCE_FRAMEWORK))).toEqual(REFERENCE_FRAMEWORK);
  });
});
