import request from 'supertest';
import { completeRatings, createProjectInReview, submitReview } from '../helpers/reviews';
import { startTestEngine, TestEngine, waitForQueuesIdle } from '../helpers/test-engine';

describe('reviews smoke', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine({ env: { UPLOAD_DIR: `/tmp/fasp-test-${process.pid}` } });
  });
  afterAll(() => engine?.close());

  it('positive in one round, then published', async () => {
    const { project, holder, secretariat, seats } = await createProjectInReview(engine, { language: 'fr' });
    const lead = seats.find((seat) => seat.role === 'lead')!;
    const member = seats.find((seat) => seat.role === 'member')!;
    const early = await request(engine.url).get(`/api/projects/${project.id}/reviews`).set('authorization', member.reviewer.bearer);
    expect(early.status).toBe(403);
    expect((await submitReview(engine, member)).status).toBe(200);
    expect((await submitReview(engine, lead, completeRatings(4))).status).toBe(200);
    let p = (await request(engine.url).get(`/api/projects/${project.id}`).set('authorization', secretariat.bearer).expect(200)).body;
    expect(p.stage).toBe('consolidation');
    const cons = await request(engine.url).get(`/api/projects/${project.id}/consolidation`).set('authorization', lead.reviewer.bearer).expect(200);
    expect(cons.body.evaluation.allowedOutcomes).toContain('positive');
    await request(engine.url).put(`/api/projects/${project.id}/consolidation`).set('authorization', lead.reviewer.bearer).send({ feedback: { '2.2': { strengths: 'Solide', recommendations: 'Mesurer à 50 cm' } }, general: { summary: 'Très bon projet' } }).expect(200);
    const proposed = await request(engine.url).post(`/api/projects/${project.id}/transitions`).set('authorization', lead.reviewer.bearer).send({ action: 'propose_outcome', outcome: 'positive', expectedVersion: p.version });
    expect(proposed.status).toBe(200);
    const released = await request(engine.url).post(`/api/projects/${project.id}/transitions`).set('authorization', secretariat.bearer).send({ action: 'release_feedback', outcome: 'positive', expectedVersion: proposed.body.version });
    expect(released.status).toBe(200);
    expect(released.body.stage).toBe('completed');
    await waitForQueuesIdle(engine, 30000);
    const feedback = await request(engine.url).get(`/api/projects/${project.id}/feedback`).set('authorization', holder.bearer).expect(200);
    expect(feedback.body.outcome).toBe('positive');
    expect(JSON.stringify(feedback.body)).not.toContain(lead.reviewer.email);
    const pdf = await request(engine.url).get(`/api/projects/${project.id}/report.pdf`).set('authorization', holder.bearer).buffer(true).parse((res, cb) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    await request(engine.url).get(`/api/projects/${project.id}/letter.pdf`).set('authorization', holder.bearer).expect(200);
    const refusedPublish = await request(engine.url).post(`/api/projects/${project.id}/transitions`).set('authorization', secretariat.bearer).send({ action: 'publish', expectedVersion: released.body.version });
    expect(refusedPublish.status).toBe(422);
    p = (await request(engine.url).put(`/api/projects/${project.id}/publication-consent`).set('authorization', holder.bearer).send({ consentToPublish: true }).expect(200)).body;
    const published = await request(engine.url).post(`/api/projects/${project.id}/transitions`).set('authorization', secretariat.bearer).send({ action: 'publish', expectedVersion: p.version });
    expect(published.status).toBe(200);
    const list = await request(engine.url).get('/api/public/opportunities').expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].faspId).toBe(p.faspId);
    expect(list.body.items[0].budget).toBeUndefined();
    await request(engine.url).get('/api/public/opportunities').set('if-none-match', list.headers.etag).expect(304);
  });
});
