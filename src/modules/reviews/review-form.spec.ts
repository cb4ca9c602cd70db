import { criteriaOf, REFERENCE_FRAMEWORK, safeguardCriteria } from '@fasp/core';
import { buildReviewForm } from './review-form';

describe('buildReviewForm', () => {
  const statements = { '2.2': 'We measure SOC stocks to 30 cm with equivalent soil mass.' };

  it('lays out every criterion of the framework by step, in the reviewer language', () => {
    const form = buildReviewForm({ framework: REFERENCE_FRAMEWORK, language: 'fr', statements, ratings: {} });
    expect(form.steps.map((step) => step.number)).toEqual(REFERENCE_FRAMEWORK.steps.map((step) => step.number));
    const codes = form.steps.flatMap((step) => step.criteria.map((criterion) => criterion.code));
    expect(codes).toEqual(criteriaOf(REFERENCE_FRAMEWORK).map((criterion) => criterion.code));
    const soc = form.steps.flatMap((step) => step.criteria).find((criterion) => criterion.code === '2.2')!;
    const source = criteriaOf(REFERENCE_FRAMEWORK).find((criterion) => criterion.code === '2.2')!;
    expect(soc.name).toBe(source.names.fr);
    expect(soc.guidance).toEqual({ harm: source.guidance.harm.fr, contribute: source.guidance.contribute.fr });
    expect(soc.indicators.map((indicator) => indicator.name)).toEqual(source.indicators.map((indicator) => indicator.name.fr));
    expect(soc.statement).toBe(statements['2.2']);
    expect(form.scale.map((level) => level.score)).toEqual([0, 1, 2, 3, 4]);
    expect(form.scale[4].label).toBe(REFERENCE_FRAMEWORK.scale.levels[4].labels.fr);
    expect(form.harmLevels.map((level) => level.judgement)).toEqual(REFERENCE_FRAMEWORK.scale.harm.map((level) => level.judgement));
  });

  it('asks for a harm judgement on safeguards only, and offers n/a only where allowed', () => {
    const form = buildReviewForm({ framework: REFERENCE_FRAMEWORK, language: 'en', statements: {}, ratings: {} });
    const all = form.steps.flatMap((step) => step.criteria);
    const safeguards = new Set(safeguardCriteria(REFERENCE_FRAMEWORK).map((criterion) => criterion.code));
    for (const criterion of all) {
      expect(criterion.safeguard).toBe(safeguards.has(criterion.code));
      expect(criterion.naAllowed).toBe(criteriaOf(REFERENCE_FRAMEWORK).find((source) => source.code === criterion.code)!.naAllowed);
    }
  });

  it('counts progress: a safeguard counts once it has both a score and a harm judgement', () => {
    const form = buildReviewForm({
      framework: REFERENCE_FRAMEWORK,
      language: 'es',
      statements: {},
      ratings: { '1.1': { score: 3 }, '1.2': { score: 4, harm: 'no_risk' }, '2.1': { score: 2 }, '2.3': { score: 'n/a' }, '2.2': { score: null, comment: 'later' } },
    });
    expect(form.progress).toEqual({ rated: 3, total: criteriaOf(REFERENCE_FRAMEWORK).length });
  });

  it('shows the previous round next to the current answer on a re-review', () => {
    const form = buildReviewForm({
      framework: REFERENCE_FRAMEWORK,
      language: 'en',
      statements: {},
      ratings: { '2.2': { score: 3 } },
      previous: { '2.2': { score: 1, recommendation: 'Add a baseline' } },
    });
    const soc = form.steps.flatMap((step) => step.criteria).find((criterion) => criterion.code === '2.2')!;
    expect(soc.rating).toEqual({ score: 3 });
    expect(soc.previous).toEqual({ score: 1, recommendation: 'Add a baseline' });
    expect(form.steps.flatMap((step) => step.criteria).find((criterion) => criterion.code === '2.1')!.previous).toBeNull();
  });
});
