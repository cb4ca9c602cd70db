import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DAY_MS, timeTraveller } from '../helpers/calls';
import { startEngineWithUploads, EngineWithUploads } from '../helpers/projects';
import { createProjectInReview, ProjectInReview, submitReview } from '../helpers/reviews';
import { Clock } from '../../src/platform/clock/clock';

/**
 * The pipeline over a project moved by the real routes and workers: submitted, admitted, assigned
 * by a real run, accepted, reviewed once on time; then the review deadline passes for the other
 * reviewer, whose late review moves the project on.
 */
describe('pipeline over a real review', () => {
  let engine: EngineWithUploads;
  let setup: ProjectInReview;
  let callId: string;
  const clock = timeTraveller(() => engine);

  beforeAll(async () => {
    engine = await startEngineWithUploads();
    setup = await createProjectInReview(engine, { reviewersPerProject: 2 });
    callId = setup.project.callId;
  });
  afterAll(async () => {
    clock.reset();
    await engine?.close();
  });

  const get = (route: string) => request(engine.url).get(route).set('authorization', setup.secretariat.bearer);
  const lead = () => setup.seats.find((seat) => seat.role === 'lead')!;
  const member = () => setup.seats.find((seat) => seat.role === 'member')!;

  it('counts the project in review, with its categories, funnel and the stays behind it', async () => {
    expect((await submitReview(engine, member())).status).toBe(200);
    const summary = (await get(`/api/pipeline/summary?callId=${callId}`).expect(200)).body;
    expect(summary).toMatchObject({
      total: 1,
      byStage: [{ stage: 'review', count: 1, overdue: 0 }],
      // the holder's organisation and the complete dossier of the builders
      byRegion: [{ key: 'africa', count: 1 }],
      byCollege: [{ key: 'NGO', count: 1 }],
      byCountry: [{ key: 'SN', count: 1 }],
      byLanguage: [{ key: 'en', count: 1 }],
      byModality: [{ key: '1', count: 1 }],
      overdueTotal: 0,
    });
    expect(summary.funnel).toEqual([
      { step: 'submitted', count: 1, conversion: null },
      { step: 'admitted', count: 1, conversion: 1 },
      { step: 'reviewed', count: 0, conversion: 0 },
      { step: 'positive', count: 0, conversion: null },
      { step: 'published', count: 0, conversion: null },
    ]);
    expect(summary.timeInStage.map((row: { stage: string; stays: number }) => [row.stage, row.stays])).toEqual([
      ['assignment', 1],
      ['draft', 1],
      ['submitted', 1],
    ]);
    expect((await get(`/api/pipeline/overdue?callId=${callId}`).expect(200)).body).toEqual({ items: [], total: 0 });
    // the dates of the query reach the summary: nothing was created, and no stay ended, from tomorrow on
    const tomorrow = new Date(Date.now() + DAY_MS).toISOString();
    const later = (await get(`/api/pipeline/summary?callId=${callId}&from=${encodeURIComponent(tomorrow)}`).expect(200)).body;
    expect(later).toMatchObject({ total: 0, timeInStage: [] });
    const before = (await get(`/api/pipeline/summary?callId=${callId}&to=${encodeURIComponent(tomorrow)}`).expect(200)).body;
    expect(before.total).toBe(1);
    expect(before.timeInStage).toHaveLength(3);
  });

  it('shows each seated reviewer’s workload: one review submitted on time, one pending', async () => {
    const rows = (await get(`/api/pipeline/reviewers?callId=${callId}`).expect(200)).body as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(2);
    const of = (reviewerId: string) => rows.find((row) => row.reviewerId === reviewerId)!;
    expect(of(member().reviewer.id)).toMatchObject({ callId, invited: 1, accepted: 1, declined: 0, expired: 0, active: 1, submitted: 1, onTime: 1, load: 1, capacity: 5 });
    expect(of(member().reviewer.id).averageDaysToSubmit).toBeLessThan(0.01);
    expect(of(lead().reviewer.id)).toMatchObject({ callId, invited: 1, accepted: 1, active: 1, submitted: 0, onTime: 0, averageDaysToSubmit: null, load: 1, capacity: 5 });
  });

  it('a day past the review deadline: the project and the missing review are overdue, the lead reviewer must act', async () => {
    const project = (await get(`/api/projects/${setup.project.id}`).expect(200)).body as { stageDeadline: string; faspId: string; title: string };
    const deadline = new Date(project.stageDeadline).getTime();
    clock.travel(deadline + DAY_MS - engine.get(Clock).now().getTime());
    const overdue = (await get(`/api/pipeline/overdue?callId=${callId}`).expect(200)).body as { items: Array<Record<string, unknown>>; total: number };
    expect(overdue.total).toBe(2);
    const common = { projectId: setup.project.id, faspId: project.faspId, title: project.title, stage: 'review', blockedBy: 'reviewer', dueAt: project.stageDeadline, daysLate: 1 };
    expect(overdue.items).toEqual(
      expect.arrayContaining([
        { type: 'project', ...common, personId: null, personName: null },
        { type: 'review', ...common, personId: lead().reviewer.id, personName: expect.any(String) },
      ]),
    );
    const summary = (await get(`/api/pipeline/summary?callId=${callId}`).expect(200)).body;
    expect(summary.byStage).toEqual([{ stage: 'review', count: 1, overdue: 1 }]);
    expect(summary.overdueTotal).toBe(1);
  });

  it('the late review moves the project to consolidation: nothing overdue, the review counted late, the funnel one step further', async () => {
    expect((await submitReview(engine, lead())).status).toBe(200);
    expect((await get(`/api/pipeline/overdue?callId=${callId}`).expect(200)).body.total).toBe(0);
    const rows = (await get(`/api/pipeline/reviewers?callId=${callId}`).expect(200)).body as Array<Record<string, unknown>>;
    const leadRow = rows.find((row) => row.reviewerId === lead().reviewer.id)!;
    expect(leadRow).toMatchObject({ submitted: 1, onTime: 0, active: 0 });
    const summary = (await get(`/api/pipeline/summary?callId=${callId}`).expect(200)).body;
    expect(summary.byStage).toEqual([{ stage: 'consolidation', count: 1, overdue: 0 }]);
    expect(summary.funnel[2]).toEqual({ step: 'reviewed', count: 1, conversion: 1 });
  });

  it('exports the project as one CSV row', async () => {
    const res = await get(`/api/pipeline/export.csv?callId=${callId}`).expect(200);
    const records = parse(res.text, { bom: true, record_delimiter: ['\r\n'] });
    expect(records).toHaveLength(2);
    const [header, row] = records;
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell('fasp_id')).toMatch(/^FASP-\d{4}-\d{4}$/);
    expect(cell('stage')).toBe('consolidation');
    expect(cell('round')).toBe('1');
    expect(cell('region')).toBe('africa');
    expect(cell('outcome')).toBe('');
  });
});
