import { criteriaOf, REFERENCE_FRAMEWORK } from '@fasp/core';
import request from 'supertest';
import { EngineWithUploads, startEngineWithUploads } from '../helpers/projects';
import {
  completeRatings,
  documentsOf,
  getBinary,
  pdfText,
  projectVersion,
  startReview,
  submitReviewWith,
  textContains,
  transitionNow,
  transitionsOf,
} from '../helpers/reviews';
import { waitForQueuesIdle } from '../helpers/test-engine';

const CODES = criteriaOf(REFERENCE_FRAMEWORK).map((criterion) => criterion.code);

/** What a published opportunity shows, and nothing else (no budget: the holder did not choose to show it). */
const PUBLIC_FIELDS = [
  'areaHa',
  'centroid',
  'countries',
  'endDate',
  'expectedChange',
  'faspId',
  'landUses',
  'modality',
  'objectives',
  'organization',
  'overallScore',
  'practices',
  'projectType',
  'publishedAt',
  'region',
  'startDate',
  'summary',
  'title',
];

/**
 * The first of the two full paths, through the API with the worker in the same process: two
 * reviewers score a dossier, the round moves to consolidation by itself, the lead proposes a
 * positive outcome, the secretariat releases it, the worker writes the evaluation report and the
 * letter of support, the holder consents and the secretariat publishes the investment opportunity.
 */
describe('reviews, end to end: positive in one round', () => {
  let engine: EngineWithUploads;

  beforeAll(async () => {
    engine = await startEngineWithUploads();
  });
  afterAll(() => engine?.close());

  it('reviews → consolidation → positive → completed → report and letter → consent → published', async () => {
    const title = 'Living soils of the Beauce plateau';
    const setup = await startReview(engine, {
      organization: { region: 'europe', country: 'FR' },
      dossier: { title, countries: ['FR'], practices: ['cover_crops', 'reduced_tillage'], location: { type: 'Point', coordinates: [1.6, 48.3] } },
    });
    const { project, holder, secretariat, lead, members } = setup;
    const member = members[0];

    // The form is built from the call's framework: 13 criteria in four steps, nothing rated yet.
    const form = await request(engine.url).get(`/api/assignments/${lead.assignmentId}/review`).set('authorization', lead.reviewer.bearer).expect(200);
    const formCodes = (form.body.form.steps as Array<{ criteria: Array<{ code: string; safeguard: boolean; statement: string | null }> }>).flatMap((step) => step.criteria);
    expect(formCodes.map((criterion) => criterion.code)).toEqual(CODES);
    expect(formCodes.filter((criterion) => criterion.safeguard).map((criterion) => criterion.code)).toEqual(['1.1', '1.2', '1.3']);
    expect(formCodes.every((criterion) => criterion.statement?.startsWith('How the project addresses'))).toBe(true);
    expect(form.body.form.progress).toEqual({ rated: 0, total: 13 });
    expect(form.body.project).toMatchObject({ id: project.id, faspId: project.faspId, title, round: 1, stage: 'review' });
    expect(form.body.project.reviewDeadline).toEqual(expect.any(String));
    expect(form.body.diff).toBeNull();
    expect(form.body.review).toMatchObject({ status: 'draft', round: 1, version: 0 });

    // The first review in leaves the round open; the last one closes it.
    const first = await submitReviewWith(engine, member, { ratings: completeRatings(3) });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'submitted', round: 1, late: false });
    expect((await request(engine.url).get(`/api/projects/${project.id}`).set('authorization', secretariat.bearer).expect(200)).body.stage).toBe('review');
    expect((await submitReviewWith(engine, lead, { ratings: completeRatings(4) })).status).toBe(200);
    const inConsolidation = (await request(engine.url).get(`/api/projects/${project.id}`).set('authorization', secretariat.bearer).expect(200)).body;
    expect(inConsolidation.stage).toBe('consolidation');
    expect((await transitionsOf(engine, project.id)).filter((row) => row.action === 'reviews_complete')).toEqual([
      expect.objectContaining({ fromStage: 'review', toStage: 'consolidation', actorRole: 'system', round: 1 }),
    ]);

    // The lead consolidates: medians by default, no divergence, every outcome open.
    const consolidation = await request(engine.url).get(`/api/projects/${project.id}/consolidation`).set('authorization', lead.reviewer.bearer).expect(200);
    expect(consolidation.body).toMatchObject({ round: 1, reviewsSubmitted: 2, proposedOutcome: null, releasedOutcome: null });
    expect(consolidation.body.evaluation.allowedOutcomes).toEqual(['positive', 'not_positive', 'revise']);
    expect(consolidation.body.evaluation.divergence).toEqual([]);
    expect(consolidation.body.evaluation.criteria.find((item: { code: string }) => item.code === '2.2')).toMatchObject({ median: 3.5, value: 3.5, n: 2 });
    await request(engine.url)
      .put(`/api/projects/${project.id}/consolidation`)
      .set('authorization', lead.reviewer.bearer)
      .send({
        ratings: { '4.2': { score: 3 } },
        feedback: { '2.2': { strengths: 'A sound baseline', recommendations: 'Resample at 0-30 cm on an equivalent soil mass' } },
        general: { summary: 'A convincing soil carbon project' },
      })
      .expect(200);
    // the holder has nothing to read before the release
    expect((await request(engine.url).get(`/api/projects/${project.id}/feedback`).set('authorization', holder.bearer)).status).toBe(404);

    const proposed = await transitionNow(engine, lead.reviewer, project.id, { action: 'propose_outcome', outcome: 'positive' });
    expect(proposed.status).toBe(200);
    expect(proposed.body.stage).toBe('consolidation');
    const released = await transitionNow(engine, secretariat, project.id, { action: 'release_feedback', outcome: 'positive' });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ stage: 'completed', outcome: 'positive' });

    // The worker writes the report and the letter once.
    await waitForQueuesIdle(engine, 30000);
    expect((await documentsOf(engine, project.id)).map(({ kind, round, outcome }) => ({ kind, round, outcome })).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'letter', round: 1, outcome: 'positive' },
      { kind: 'report', round: 1, outcome: 'positive' },
    ]);

    const feedback = await request(engine.url).get(`/api/projects/${project.id}/feedback`).set('authorization', holder.bearer).expect(200);
    expect(feedback.body).toMatchObject({
      round: 1,
      outcome: 'positive',
      reasons: [],
      general: { summary: 'A convincing soil carbon project' },
      documents: { report: `/api/projects/${project.id}/report.pdf`, letter: `/api/projects/${project.id}/letter.pdf` },
    });
    expect(feedback.body.criteria.map((criterion: { code: string }) => criterion.code)).toEqual(CODES);
    expect(feedback.body.criteria.find((criterion: { code: string }) => criterion.code === '2.2')).toMatchObject({
      value: 3.5,
      feedback: { strengths: 'A sound baseline', recommendations: 'Resample at 0-30 cm on an equivalent soil mass' },
      recommendations: ['Recommendation on 2.2 for the holder', 'Recommendation on 2.2 for the holder'],
    });
    expect(feedback.body.criteria.find((criterion: { code: string }) => criterion.code === '4.2')).toMatchObject({ value: 3 });
    expect(feedback.body.criteria.find((criterion: { code: string }) => criterion.code === '1.1')).toMatchObject({ harm: 'no_risk' });

    const report = await getBinary(engine, holder, `/api/projects/${project.id}/report.pdf`);
    expect(report.status).toBe(200);
    expect(report.headers['content-type']).toBe('application/pdf');
    expect((report.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const reportText = await pdfText(report.body as Buffer);
    expect(textContains(reportText, title)).toBe(true);
    expect(textContains(reportText, project.faspId!)).toBe(true);
    // each code on its own (1.1 not found inside 2.1.1 or 1.12)
    for (const code of CODES) {
      const alone = new RegExp(`(^|[^0-9.])${code.replace('.', '\\.')}($|[^0-9])`, 'm');
      expect({ code, found: alone.test(reportText) }).toEqual({ code, found: true });
    }

    const letter = await getBinary(engine, holder, `/api/projects/${project.id}/letter.pdf`);
    expect(letter.status).toBe(200);
    const letterText = await pdfText(letter.body as Buffer);
    expect(textContains(letterText, title)).toBe(true);
    expect(textContains(letterText, project.faspId!)).toBe(true);

    // the secretariat reads them too; reviewers do not
    expect((await getBinary(engine, secretariat, `/api/projects/${project.id}/report.pdf`)).status).toBe(200);
    const byReviewer = await request(engine.url).get(`/api/projects/${project.id}/report.pdf`).set('authorization', lead.reviewer.bearer);
    expect(byReviewer.status).toBe(403);
    expect(byReviewer.body.code).toBe('FORBIDDEN');

    // Publication needs the holder's consent.
    const refused = await transitionNow(engine, secretariat, project.id, { action: 'publish' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'RULE_REFUSED', details: { failedGuards: ['holderConsent'] } });
    const consented = await request(engine.url).put(`/api/projects/${project.id}/publication-consent`).set('authorization', holder.bearer).send({ consentToPublish: true }).expect(200);
    expect(consented.body).toMatchObject({ consentToPublish: true, publishBudget: false });
    const published = await request(engine.url)
      .post(`/api/projects/${project.id}/transitions`)
      .set('authorization', secretariat.bearer)
      .send({ action: 'publish', expectedVersion: await projectVersion(engine, project.id) });
    expect(published.status).toBe(200);
    expect(published.body.stage).toBe('published');
    // consent is settled once published
    const late = await request(engine.url).put(`/api/projects/${project.id}/publication-consent`).set('authorization', holder.bearer).send({ consentToPublish: false });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('ILLEGAL_TRANSITION');

    const list = await request(engine.url).get('/api/public/opportunities').expect(200);
    expect(list.body.items.map((item: { faspId: string }) => item.faspId)).toEqual([project.faspId]);
    const opportunity = list.body.items[0];
    expect(Object.keys(opportunity).sort()).toEqual(PUBLIC_FIELDS);
    expect(opportunity).toMatchObject({
      faspId: project.faspId,
      title,
      region: 'europe',
      countries: ['FR'],
      practices: ['cover_crops', 'reduced_tillage'],
      organization: { name: setup.holder.organization.name, country: 'FR' },
      centroid: [1.6, 48.3],
    });
    expect(opportunity.overallScore).toEqual(expect.any(Number));
    const single = await request(engine.url).get(`/api/public/opportunities/${project.faspId}`).expect(200);
    expect(single.body).toEqual(opportunity);
  });
});
