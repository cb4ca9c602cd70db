import { PipelineSummaryDto } from '../../src/modules/pipeline/pipeline.dto';
import { PipelineService } from '../../src/modules/pipeline/pipeline.service';
import { Clock } from '../../src/platform/clock/clock';
import { createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { DAY_MS, insertProject, insertProjectWithHistory, insertStay, path, ProjectSpec, TimeBase, timeBase } from '../helpers/pipeline';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

/**
 * The pipeline summary over hand-made data: every count, rate and percentile below is derived by
 * hand in the comments, never recomputed with the queries under test. Three calls:
 *  - A: twelve projects across stages, regions, colleges, countries, languages and modalities,
 *    with deadlines around now (breakdowns, overdue counts, funnel);
 *  - B: ten projects with whole histories (time in stage, nearest-rank percentiles);
 *  - C: projects created and stays ended around fixed dates (from/to filters and their bounds).
 */
describe('pipeline summary', () => {
  let engine: TestEngine;
  let pipeline: PipelineService;
  let t: TimeBase;
  let holder: TestAccount & { organization: { id: string } };
  let callA: string;
  let callB: string;
  let callC: string;
  let emptyCall: string;

  const base = (callId: string): Pick<ProjectSpec, 'callId' | 'holderId' | 'organizationId'> => ({ callId, holderId: holder.id, organizationId: holder.organization.id });

  beforeAll(async () => {
    engine = await startTestEngine();
    pipeline = engine.get(PipelineService);
    holder = await createHolder(engine);
    [callA, callB, callC, emptyCall] = [(await createOpenCall(engine)).id, (await createOpenCall(engine)).id, (await createOpenCall(engine)).id, (await createOpenCall(engine)).id];
    t = timeBase(engine);
    await buildCallA();
    await buildCallB();
    await buildCallC();
  });
  afterAll(() => engine?.close());

  /* ------------------------------------------------------------------------------------------ */
  /* Call A: twelve projects.                                                                     */
  /*                                                                                              */
  /*      stage           region                   college lang mod countries  deadline   outcome */
  /* A1   draft           africa                   NGO     fr   1   SN         -5 d               */
  /* A2   submitted       africa                   NGO     fr   1   SN ML      -2 d  (late)       */
  /* A3   submitted       europe                   GOV     en   2   FR         +3 d               */
  /* A4   info_requested  africa                   SCI     en   1   BF         -1 d  (late)       */
  /* A5   assignment      asia_pacific             NGO     en   2   IN         none               */
  /* A6   review          latin_america_caribbean  PROD    es   1   BR AR      -4 d  (late)       */
  /* A7   consolidation   africa                   NGO     fr   -   SN         +1 d               */
  /* A8   completed       europe                   GOV     en   2   FR         none     not_pos.  */
  /* A9   published       africa                   NGO     fr   1   (none)     -10 d    positive  */
  /* A10  not_admitted    north_america            BUS     en   1   US         none               */
  /* A11  revision        europe                   SCI     fr   2   FR DE      -0.5 d (late) revise*/
  /* A12  completed       asia_pacific             NGO     en   1   IN         none     positive  */
  /* ------------------------------------------------------------------------------------------ */
  async function buildCallA(): Promise<void> {
    const upTo = (stage: string): string[] => {
      const chain = ['draft', 'submitted', 'assignment', 'review', 'consolidation'];
      return chain.slice(0, chain.indexOf(stage) + 1);
    };
    const rows: Array<Omit<ProjectSpec, 'callId' | 'holderId' | 'organizationId'>> = [
      { stage: 'draft', region: 'africa', college: 'NGO', language: 'fr', modality: 1, countries: ['SN'], stageDeadline: t.ago(5), reachedStages: ['draft'], faspId: null },
      { stage: 'submitted', region: 'africa', college: 'NGO', language: 'fr', modality: 1, countries: ['SN', 'ML'], stageDeadline: t.ago(2), reachedStages: upTo('submitted') },
      { stage: 'submitted', region: 'europe', college: 'GOV', language: 'en', modality: 2, countries: ['FR'], stageDeadline: t.ahead(3), reachedStages: upTo('submitted') },
      { stage: 'info_requested', region: 'africa', college: 'SCI', language: 'en', modality: 1, countries: ['BF'], stageDeadline: t.ago(1), reachedStages: [...upTo('submitted'), 'info_requested'] },
      { stage: 'assignment', region: 'asia_pacific', college: 'NGO', language: 'en', modality: 2, countries: ['IN'], stageDeadline: null, reachedStages: upTo('assignment') },
      { stage: 'review', region: 'latin_america_caribbean', college: 'PROD', language: 'es', modality: 1, countries: ['BR', 'AR'], stageDeadline: t.ago(4), reachedStages: upTo('review') },
      { stage: 'consolidation', region: 'africa', college: 'NGO', language: 'fr', modality: null, countries: ['SN'], stageDeadline: t.ahead(1), reachedStages: upTo('consolidation') },
      { stage: 'completed', region: 'europe', college: 'GOV', language: 'en', modality: 2, countries: ['FR'], outcome: 'not_positive', reachedStages: [...upTo('consolidation'), 'completed'] },
      { stage: 'published', region: 'africa', college: 'NGO', language: 'fr', modality: 1, countries: [], stageDeadline: t.ago(10), outcome: 'positive', reachedStages: [...upTo('consolidation'), 'completed', 'published'] },
      { stage: 'not_admitted', region: 'north_america', college: 'BUS', language: 'en', modality: 1, countries: ['US'], reachedStages: [...upTo('submitted'), 'not_admitted'] },
      { stage: 'revision', region: 'europe', college: 'SCI', language: 'fr', modality: 2, countries: ['FR', 'DE'], stageDeadline: t.ago(0.5), outcome: 'revise', reachedStages: [...upTo('consolidation'), 'revision'] },
      { stage: 'completed', region: 'asia_pacific', college: 'NGO', language: 'en', modality: 1, countries: ['IN'], outcome: 'positive', reachedStages: [...upTo('consolidation'), 'completed'] },
    ];
    for (const row of rows) await insertProject(engine.dataSource, { ...base(callA), createdAt: t.ago(30), ...row });
  }

  /* ------------------------------------------------------------------------------------------ */
  /* Call B: ten projects B1..B10, each through draft → submitted → assignment → review, then     */
  /* consolidation (still there). B10 goes on: consolidation 2 d → revision 7 d → review (open).  */
  /*                                                                                              */
  /*        draft (s)  submitted (d)  assignment (d)  review (d)                                  */
  /* B1      90 000       1             0.5              1                                        */
  /* B2     100 000       1             0.5              2                                        */
  /* B3     110 000       1             0.5              3                                        */
  /* B4     120 000       2             0.5              4                                        */
  /* B5     130 000       2             0.5              5                                        */
  /* B6     140 000       3             0.5              6                                        */
  /* B7     150 000       4             0.5              7                                        */
  /* B8     160 000       5             0.5              8                                        */
  /* B9     170 000       6             0.5              9                                        */
  /* B10    400 000      20             3               10                                        */
  /* ------------------------------------------------------------------------------------------ */
  async function buildCallB(): Promise<void> {
    const draftSeconds = [90_000, 100_000, 110_000, 120_000, 130_000, 140_000, 150_000, 160_000, 170_000, 400_000];
    const submittedDays = [1, 1, 1, 2, 2, 3, 4, 5, 6, 20];
    for (let i = 0; i < 10; i++) {
      const steps: Array<[string, number | null]> = [
        ['draft', draftSeconds[i] / 86_400],
        ['submitted', submittedDays[i]],
        ['assignment', i === 9 ? 3 : 0.5],
        ['review', i + 1],
      ];
      steps.push(...(i === 9 ? ([['consolidation', 2], ['revision', 7], ['review', null]] as Array<[string, number | null]>) : ([['consolidation', null]] as Array<[string, number | null]>)));
      await insertProjectWithHistory(engine.dataSource, { ...base(callB), region: 'europe', college: 'SCI', language: 'en' }, path(t.ago(120), steps));
    }
  }

  /* ------------------------------------------------------------------------------------------ */
  /* Call C: four projects created at fixed instants, five closed stays in `submitted` (all of    */
  /* C1) ending at fixed instants, and one open stay.                                             */
  /*   C1 created 2025-01-05T00:00Z  withdrawn   reached draft, submitted, withdrawn              */
  /*   C2 created 2025-01-20T00:00Z  submitted   reached draft, submitted                         */
  /*   C3 created 2025-02-15T00:00Z  draft       reached draft                                    */
  /*   C4 created 2025-02-01T12:00Z  assignment  reached draft, submitted, assignment             */
  /*   stays in submitted: 1 d left 01-10, 2 d left 01-20, 3 d left 02-05 06:00, 4 d left 02-15,  */
  /*   5 d left 03-01 (all at 00:00Z unless said), plus one open since 2025-03-02                 */
  /* ------------------------------------------------------------------------------------------ */
  async function buildCallC(): Promise<void> {
    const at = (iso: string) => new Date(iso);
    const c1 = await insertProject(engine.dataSource, { ...base(callC), stage: 'withdrawn', createdAt: at('2025-01-05T00:00:00Z'), reachedStages: ['draft', 'submitted', 'withdrawn'] });
    await insertProject(engine.dataSource, { ...base(callC), stage: 'submitted', createdAt: at('2025-01-20T00:00:00Z'), reachedStages: ['draft', 'submitted'] });
    await insertProject(engine.dataSource, { ...base(callC), stage: 'draft', faspId: null, createdAt: at('2025-02-15T00:00:00Z'), reachedStages: ['draft'] });
    await insertProject(engine.dataSource, { ...base(callC), stage: 'assignment', createdAt: at('2025-02-01T12:00:00Z'), reachedStages: ['draft', 'submitted', 'assignment'] });
    const stays: Array<[left: string, days: number]> = [
      ['2025-01-10T00:00:00Z', 1],
      ['2025-01-20T00:00:00Z', 2],
      ['2025-02-05T06:00:00Z', 3],
      ['2025-02-15T00:00:00Z', 4],
      ['2025-03-01T00:00:00Z', 5],
    ];
    for (const [left, days] of stays) {
      await insertStay(engine.dataSource, { projectId: c1.id, callId: callC, stage: 'submitted', enteredAt: new Date(at(left).getTime() - days * DAY_MS), leftAt: at(left) });
    }
    await insertStay(engine.dataSource, { projectId: c1.id, callId: callC, stage: 'submitted', enteredAt: at('2025-03-02T00:00:00Z'), leftAt: null });
  }

  const summary = (query: { callId?: string; from?: string; to?: string }): Promise<PipelineSummaryDto> => pipeline.summary(query);

  describe('call A: counts and breakdowns', () => {
    let result: PipelineSummaryDto;
    beforeAll(async () => {
      result = await summary({ callId: callA });
    });

    it('counts the projects of the call', () => {
      expect(result.total).toBe(12);
    });

    it('counts by stage, with the overdue ones among the active stages only', () => {
      // Late and active: A2 (submitted), A4 (info_requested), A6 (review), A11 (revision).
      // Past deadlines that do not count: A1 (draft) and A9 (published) are not active stages.
      expect(result.byStage).toEqual([
        { stage: 'assignment', count: 1, overdue: 0 },
        { stage: 'completed', count: 2, overdue: 0 },
        { stage: 'consolidation', count: 1, overdue: 0 },
        { stage: 'draft', count: 1, overdue: 0 },
        { stage: 'info_requested', count: 1, overdue: 1 },
        { stage: 'not_admitted', count: 1, overdue: 0 },
        { stage: 'published', count: 1, overdue: 0 },
        { stage: 'review', count: 1, overdue: 1 },
        { stage: 'revision', count: 1, overdue: 1 },
        { stage: 'submitted', count: 2, overdue: 1 },
      ]);
      expect(result.overdueTotal).toBe(4);
    });

    it('breaks down by region and college, the largest first, then by key', () => {
      // africa A1 A2 A4 A7 A9 = 5; europe A3 A8 A11 = 3; asia_pacific A5 A12 = 2; one each for the rest
      expect(result.byRegion).toEqual([
        { key: 'africa', count: 5 },
        { key: 'europe', count: 3 },
        { key: 'asia_pacific', count: 2 },
        { key: 'latin_america_caribbean', count: 1 },
        { key: 'north_america', count: 1 },
      ]);
      // NGO A1 A2 A5 A7 A9 A12 = 6; GOV A3 A8 = 2; SCI A4 A11 = 2; BUS A10; PROD A6
      expect(result.byCollege).toEqual([
        { key: 'NGO', count: 6 },
        { key: 'GOV', count: 2 },
        { key: 'SCI', count: 2 },
        { key: 'BUS', count: 1 },
        { key: 'PROD', count: 1 },
      ]);
    });

    it('breaks down by country from the projects’ country lists (a project in two countries counts in both; none in none)', () => {
      // FR A3 A8 A11 = 3; SN A1 A2 A7 = 3; IN A5 A12 = 2; AR BF BR DE ML US one each; A9 has no country
      expect(result.byCountry).toEqual([
        { key: 'FR', count: 3 },
        { key: 'SN', count: 3 },
        { key: 'IN', count: 2 },
        { key: 'AR', count: 1 },
        { key: 'BF', count: 1 },
        { key: 'BR', count: 1 },
        { key: 'DE', count: 1 },
        { key: 'ML', count: 1 },
        { key: 'US', count: 1 },
      ]);
    });

    it('breaks down by language and by modality (no modality: unknown)', () => {
      // en A3 A4 A5 A8 A10 A12 = 6; fr A1 A2 A7 A9 A11 = 5; es A6 = 1
      expect(result.byLanguage).toEqual([
        { key: 'en', count: 6 },
        { key: 'fr', count: 5 },
        { key: 'es', count: 1 },
      ]);
      // 1: A1 A2 A4 A6 A9 A10 A12 = 7; 2: A3 A5 A8 A11 = 4; none: A7
      expect(result.byModality).toEqual([
        { key: '1', count: 7 },
        { key: '2', count: 4 },
        { key: 'unknown', count: 1 },
      ]);
    });

    it('computes the funnel from reached stages, outcome and publication', () => {
      // submitted: all but A1 = 11
      // admitted (reached assignment): A5 A6 A7 A8 A9 A11 A12 = 7 → 7/11 = 0.63636… → 0.6364
      // reviewed (reached consolidation): A7 A8 A9 A11 A12 = 5 → 5/7 = 0.714285… → 0.7143
      // positive: A9 A12 = 2 → 2/5 = 0.4
      // published: A9 = 1 → 1/2 = 0.5
      expect(result.funnel).toEqual([
        { step: 'submitted', count: 11, conversion: null },
        { step: 'admitted', count: 7, conversion: 0.6364 },
        { step: 'reviewed', count: 5, conversion: 0.7143 },
        { step: 'positive', count: 2, conversion: 0.4 },
        { step: 'published', count: 1, conversion: 0.5 },
      ]);
    });

    it('has no time in stage without stays, and says when it was computed', () => {
      expect(result.timeInStage).toEqual([]);
      const generated = new Date(result.generatedAt).getTime();
      expect(generated).toBeGreaterThanOrEqual(t.now.getTime());
      expect(generated).toBeLessThanOrEqual(engine.get(Clock).now().getTime());
    });
  });

  it('reads "now" from the engine clock: two days later A7 (consolidation, due in 1 d) is overdue too, A3 (due in 3 d) not yet', async () => {
    engine.get(Clock).travel(2 * DAY_MS);
    try {
      const later = await summary({ callId: callA });
      expect(later.byStage.find((row) => row.stage === 'consolidation')).toEqual({ stage: 'consolidation', count: 1, overdue: 1 });
      expect(later.byStage.find((row) => row.stage === 'submitted')).toEqual({ stage: 'submitted', count: 2, overdue: 1 });
      expect(later.overdueTotal).toBe(5);
    } finally {
      engine.get(Clock).travel(-2 * DAY_MS);
    }
  });

  describe('call B: time in stage', () => {
    let result: PipelineSummaryDto;
    beforeAll(async () => {
      result = await summary({ callId: callB });
    });

    it('gives nearest-rank median, p90 and maximum of the closed stays, per stage', () => {
      expect(result.timeInStage).toEqual([
        // ten stays: 0.5 ×9, 3 → median rank ⌈5⌉ = 5 → 0.5; p90 rank ⌈9⌉ = 9 → 0.5; max 3
        { stage: 'assignment', stays: 10, medianDays: 0.5, p90Days: 0.5, maxDays: 3 },
        // B10 only: 2 d
        { stage: 'consolidation', stays: 1, medianDays: 2, p90Days: 2, maxDays: 2 },
        // ten stays in seconds: 90 000 … 170 000 by 10 000, then 400 000
        // median rank 5 → 130 000 s = 1.50463 d → 1.5; p90 rank 9 → 170 000 s = 1.96759 d → 1.97;
        // max 400 000 s = 4.62963 d → 4.63
        { stage: 'draft', stays: 10, medianDays: 1.5, p90Days: 1.97, maxDays: 4.63 },
        // first visits 1..10 d closed; B10's second visit is open and left out
        // median rank 5 → 5 (an interpolating median would say 5.5); p90 rank 9 → 9 (not 9.1)
        { stage: 'review', stays: 10, medianDays: 5, p90Days: 9, maxDays: 10 },
        // B10 only: 7 d
        { stage: 'revision', stays: 1, medianDays: 7, p90Days: 7, maxDays: 7 },
        // 1 1 1 2 2 3 4 5 6 20 → median rank 5 → 2 (not 2.5); p90 rank 9 → 6 (not 7.4); max 20
        { stage: 'submitted', stays: 10, medianDays: 2, p90Days: 6, maxDays: 20 },
      ]);
    });

    it('counts the stages of histories, and a funnel step after zero has no conversion', () => {
      // B1..B9 in consolidation, B10 back in review
      expect(result.byStage).toEqual([
        { stage: 'consolidation', count: 9, overdue: 0 },
        { stage: 'review', count: 1, overdue: 0 },
      ]);
      // all ten reached submitted, assignment and consolidation; none positive yet
      expect(result.funnel).toEqual([
        { step: 'submitted', count: 10, conversion: null },
        { step: 'admitted', count: 10, conversion: 1 },
        { step: 'reviewed', count: 10, conversion: 1 },
        { step: 'positive', count: 0, conversion: 0 },
        { step: 'published', count: 0, conversion: null },
      ]);
    });
  });

  describe('call C: from/to filters', () => {
    it('without dates: every project and every closed stay of the call (the open one left out)', async () => {
      const result = await summary({ callId: callC });
      expect(result.total).toBe(4);
      // 1 2 3 4 5 → median rank ⌈2.5⌉ = 3 → 3; p90 rank ⌈4.5⌉ = 5 → 5
      expect(result.timeInStage).toEqual([{ stage: 'submitted', stays: 5, medianDays: 3, p90Days: 5, maxDays: 5 }]);
    });

    it('from (included) and to (excluded) filter projects by creation and stays by end', async () => {
      const result = await summary({ callId: callC, from: '2025-01-20T00:00:00Z', to: '2025-02-15T00:00:00Z' });
      // created in [01-20, 02-15): C2 (exactly 01-20) and C4 (02-01 12:00); not C1 (before) nor C3 (exactly 02-15)
      expect(result.total).toBe(2);
      expect(result.byStage).toEqual([
        { stage: 'assignment', count: 1, overdue: 0 },
        { stage: 'submitted', count: 1, overdue: 0 },
      ]);
      // C2 and C4 reached submitted; C4 assignment → 1/2 = 0.5; nobody consolidation → 0/1 = 0; then after 0: null
      expect(result.funnel).toEqual([
        { step: 'submitted', count: 2, conversion: null },
        { step: 'admitted', count: 1, conversion: 0.5 },
        { step: 'reviewed', count: 0, conversion: 0 },
        { step: 'positive', count: 0, conversion: null },
        { step: 'published', count: 0, conversion: null },
      ]);
      // stays ended in [01-20, 02-15): 2 d (exactly 01-20) and 3 d (02-05); not 4 d (exactly 02-15)
      // n = 2: median rank 1 → 2; p90 rank ⌈1.8⌉ = 2 → 3
      expect(result.timeInStage).toEqual([{ stage: 'submitted', stays: 2, medianDays: 2, p90Days: 3, maxDays: 3 }]);
    });

    it('from alone', async () => {
      const result = await summary({ callId: callC, from: '2025-02-01T00:00:00Z' });
      // C4 (02-01 12:00) and C3 (02-15)
      expect(result.total).toBe(2);
      // stays ended from 02-01: 3 4 5 → median rank 2 → 4; p90 rank ⌈2.7⌉ = 3 → 5
      expect(result.timeInStage).toEqual([{ stage: 'submitted', stays: 3, medianDays: 4, p90Days: 5, maxDays: 5 }]);
    });

    it('to alone', async () => {
      const result = await summary({ callId: callC, to: '2025-01-20T00:00:00Z' });
      // C1 only; the stay ended exactly at 01-20 is excluded, leaving the 1 d one
      expect(result.total).toBe(1);
      expect(result.byStage).toEqual([{ stage: 'withdrawn', count: 1, overdue: 0 }]);
      expect(result.timeInStage).toEqual([{ stage: 'submitted', stays: 1, medianDays: 1, p90Days: 1, maxDays: 1 }]);
    });

    it('a window with nothing in it', async () => {
      const result = await summary({ callId: callC, from: '2024-01-01T00:00:00Z', to: '2024-06-01T00:00:00Z' });
      expect(result).toMatchObject({ total: 0, byStage: [], byRegion: [], byCountry: [], timeInStage: [], overdueTotal: 0 });
    });
  });

  it('a call without projects: zeros, and no conversion anywhere', async () => {
    const result = await summary({ callId: emptyCall });
    expect(result).toMatchObject({ total: 0, byStage: [], byRegion: [], byCollege: [], byCountry: [], byLanguage: [], byModality: [], timeInStage: [], overdueTotal: 0 });
    expect(result.funnel).toEqual(['submitted', 'admitted', 'reviewed', 'positive', 'published'].map((step) => ({ step, count: 0, conversion: null })));
  });

  it('without a call: every call together', async () => {
    const result = await summary({});
    // 12 (A) + 10 (B) + 4 (C)
    expect(result.total).toBe(26);
    // submitted stays of B (1 1 1 2 2 3 4 5 6 20) and C (1 2 3 4 5), sorted:
    // 1 1 1 1 2 2 2 3 3 4 4 5 5 6 20 → n = 15: median rank ⌈7.5⌉ = 8 → 3; p90 rank ⌈13.5⌉ = 14 → 6; max 20
    expect(result.timeInStage.find((row) => row.stage === 'submitted')).toEqual({ stage: 'submitted', stays: 15, medianDays: 3, p90Days: 6, maxDays: 20 });
    // africa: A's 5 + C's 4 (the builder's default); europe: A's 3 + B's 10
    expect(result.byRegion.slice(0, 2)).toEqual([
      { key: 'europe', count: 13 },
      { key: 'africa', count: 9 },
    ]);
    // A's 4 + nothing else late
    expect(result.overdueTotal).toBe(4);
  });
});
