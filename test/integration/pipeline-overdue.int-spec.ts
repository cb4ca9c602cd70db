import { OverdueItemDto } from '../../src/modules/pipeline/pipeline.dto';
import { PipelineService } from '../../src/modules/pipeline/pipeline.service';
import { Clock } from '../../src/platform/clock/clock';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { BuiltProject, DAY_MS, insertProject, insertReview, insertSeat, ProjectSpec, tieBroken, TimeBase, timeBase } from '../helpers/pipeline';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

/**
 * What is late, and who must act: projects past their stage deadline in an active stage,
 * invitations not answered by their date, and accepted reviews not submitted by the review
 * deadline. The expected list is written out by hand below.
 */
describe('pipeline overdue', () => {
  let engine: TestEngine;
  let pipeline: PipelineService;
  let t: TimeBase;
  let holder: TestAccount & { organization: { id: string } };
  let ada: TestAccount;
  let bruno: TestAccount;
  let chloe: TestAccount;
  let callX: string;
  let callY: string;
  const p: Record<string, BuiltProject> = {};

  const ADA = 'Ada Lovelace';
  const BRUNO = 'Bruno Latour';
  const CHLOE = 'Chloé Dupont';

  beforeAll(async () => {
    engine = await startTestEngine();
    pipeline = engine.get(PipelineService);
    holder = await createHolder(engine);
    ada = await createAccount(engine, { roles: ['reviewer'], name: ADA });
    bruno = await createAccount(engine, { roles: ['reviewer'], name: BRUNO });
    chloe = await createAccount(engine, { roles: ['reviewer'], name: CHLOE });
    callX = (await createOpenCall(engine)).id;
    callY = (await createOpenCall(engine)).id;
    t = timeBase(engine);
    await build();
  });
  afterAll(() => engine?.close());

  /*
   * Call X
   *   X1  submitted       due -2 d                                   → project, secretariat, 2
   *   X2  info_requested  due -6 d                                   → project, holder, 6
   *   X3  assignment      due -1.5 d                                 → project, reviewer, 1.5
   *       Ada invited, respond by -3 d                               → invitation, Ada, 3
   *       Bruno invited, respond by +1 d (not yet)
   *       Chloé declined, respond by -4 d (answered)
   *   X4  review round 1  due -0.25 d                                → project, reviewer, 0.25
   *       Ada accepted, no review                                    → review, Ada, 0.25
   *       Bruno accepted, review still a draft                       → review, Bruno, 0.25
   *       Chloé accepted, review submitted                           (done)
   *   X5  consolidation   due -8 d                                   → project, lead, 8
   *   X6  revision        due -3.75 d                                → project, holder, 3.75
   *   X7  review          due +2 d; Ada accepted, no review          (not yet)
   *   X8  completed       due -30 d                                  (not an active stage)
   *   X9  draft           due -40 d                                  (not an active stage)
   *   X10 review round 2  due -5 d                                   → project, reviewer, 5
   *       Bruno accepted, submitted round 1 only                     → review, Bruno, 5
   *       Chloé completed                                            (not an accepted seat)
   *   X11 submitted       no deadline                                (never late)
   * Call Y
   *   Y1  submitted       due -12 d                                  → project, secretariat, 12
   *   Y2  assignment      due +3 d
   *       Chloé invited, respond by -0.5 d                           → invitation, Chloé, 0.5
   *       Ada accepted, respond by -9 d (answered)
   */
  const project = async (key: string, callId: string, spec: Partial<ProjectSpec>) => {
    p[key] = await insertProject(engine.dataSource, { callId, holderId: holder.id, organizationId: holder.organization.id, title: `Project ${key}`, ...spec });
  };
  const seat = (key: string, callId: string, reviewer: TestAccount, status: 'invited' | 'accepted' | 'declined' | 'completed', respondBy: Date) =>
    insertSeat(engine.dataSource, { projectId: p[key].id, callId, reviewerId: reviewer.id, status, respondBy, respondedAt: status === 'invited' ? null : t.ago(20) });

  async function build(): Promise<void> {
    await project('X1', callX, { stage: 'submitted', stageDeadline: t.ago(2) });
    await project('X2', callX, { stage: 'info_requested', stageDeadline: t.ago(6) });
    await project('X3', callX, { stage: 'assignment', stageDeadline: t.ago(1.5) });
    await seat('X3', callX, ada, 'invited', t.ago(3));
    await seat('X3', callX, bruno, 'invited', t.ahead(1));
    await seat('X3', callX, chloe, 'declined', t.ago(4));
    await project('X4', callX, { stage: 'review', stageDeadline: t.ago(0.25) });
    await seat('X4', callX, ada, 'accepted', t.ago(10));
    const brunoX4 = await seat('X4', callX, bruno, 'accepted', t.ago(10));
    await insertReview(engine.dataSource, { assignmentId: brunoX4, projectId: p.X4.id, reviewerId: bruno.id, status: 'draft' });
    const chloeX4 = await seat('X4', callX, chloe, 'accepted', t.ago(10));
    await insertReview(engine.dataSource, { assignmentId: chloeX4, projectId: p.X4.id, reviewerId: chloe.id, status: 'submitted', submittedAt: t.ago(1) });
    await project('X5', callX, { stage: 'consolidation', stageDeadline: t.ago(8) });
    await project('X6', callX, { stage: 'revision', stageDeadline: t.ago(3.75) });
    await project('X7', callX, { stage: 'review', stageDeadline: t.ahead(2) });
    await seat('X7', callX, ada, 'accepted', t.ago(10));
    await project('X8', callX, { stage: 'completed', stageDeadline: t.ago(30) });
    await project('X9', callX, { stage: 'draft', faspId: null, stageDeadline: t.ago(40) });
    await project('X10', callX, { stage: 'review', round: 2, stageDeadline: t.ago(5) });
    const brunoX10 = await seat('X10', callX, bruno, 'accepted', t.ago(60));
    await insertReview(engine.dataSource, { assignmentId: brunoX10, projectId: p.X10.id, reviewerId: bruno.id, round: 1, status: 'submitted', submittedAt: t.ago(40) });
    await seat('X10', callX, chloe, 'completed', t.ago(60));
    await project('X11', callX, { stage: 'submitted', stageDeadline: null });
    await project('Y1', callY, { stage: 'submitted', stageDeadline: t.ago(12) });
    await project('Y2', callY, { stage: 'assignment', stageDeadline: t.ahead(3) });
    await seat('Y2', callY, chloe, 'invited', t.ago(0.5));
    await seat('Y2', callY, ada, 'accepted', t.ago(9));
  }

  type Expected = [type: string, project: string, blockedBy: string, person: TestAccount | null, daysLate: number, due: Date];
  const item = ([type, key, blockedBy, person, daysLate, due]: Expected): OverdueItemDto => ({
    type,
    projectId: p[key].id,
    faspId: p[key].faspId,
    title: `Project ${key}`,
    stage: p[key].stage,
    blockedBy,
    personId: person?.id ?? null,
    personName: person ? ({ [ada.id]: ADA, [bruno.id]: BRUNO, [chloe.id]: CHLOE }[person.id] ?? null) : null,
    dueAt: due.toISOString(),
    daysLate,
  });

  it('lists every late item of every call, the longest overdue first, with who must act', async () => {
    const result = await pipeline.overdue({});
    const expected: Expected[] = [
      ['project', 'Y1', 'secretariat', null, 12, t.ago(12)],
      ['project', 'X5', 'lead', null, 8, t.ago(8)],
      ['project', 'X2', 'holder', null, 6, t.ago(6)],
      ['project', 'X10', 'reviewer', null, 5, t.ago(5)],
      ['review', 'X10', 'reviewer', bruno, 5, t.ago(5)],
      ['project', 'X6', 'holder', null, 3.75, t.ago(3.75)],
      ['invitation', 'X3', 'reviewer', ada, 3, t.ago(3)],
      ['project', 'X1', 'secretariat', null, 2, t.ago(2)],
      ['project', 'X3', 'reviewer', null, 1.5, t.ago(1.5)],
      ['invitation', 'Y2', 'reviewer', chloe, 0.5, t.ago(0.5)],
      ['project', 'X4', 'reviewer', null, 0.25, t.ago(0.25)],
      ['review', 'X4', 'reviewer', ada, 0.25, t.ago(0.25)],
      ['review', 'X4', 'reviewer', bruno, 0.25, t.ago(0.25)],
    ];
    expect(result.total).toBe(13);
    // due dates never decrease down the list; within one due date the order is free
    const dues = result.items.map((entry) => entry.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(tieBroken(result.items)).toEqual(tieBroken(expected.map(item)));
  });

  it('filters by call', async () => {
    const x = await pipeline.overdue({ callId: callX });
    // everything above but Y1 and Y2's invitation
    expect(x.total).toBe(11);
    expect(new Set(x.items.map((entry) => entry.projectId))).toEqual(new Set(['X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X10'].map((key) => p[key].id)));
    const y = await pipeline.overdue({ callId: callY });
    expect(tieBroken(y.items)).toEqual(tieBroken([item(['project', 'Y1', 'secretariat', null, 12, t.ago(12)]), item(['invitation', 'Y2', 'reviewer', chloe, 0.5, t.ago(0.5)])]));
    expect(y.total).toBe(2);
  });

  it('measures lateness on the engine clock: three days later the items due within three days join the list', async () => {
    engine.get(Clock).travel(3 * DAY_MS);
    try {
      const result = await pipeline.overdue({ callId: callX });
      // newly late: Bruno's invitation on X3 (+1 d → 2 late), X7 (+2 d → 1 late) and Ada's review on X7;
      // every item above is 3 d later: e.g. X5 8 → 11
      expect(result.total).toBe(14);
      const byKey = new Map(result.items.map((entry) => [`${entry.type}:${entry.title}:${entry.personName ?? ''}`, entry.daysLate]));
      expect(byKey.get(`invitation:Project X3:${BRUNO}`)).toBe(2);
      expect(byKey.get('project:Project X7:')).toBe(1);
      expect(byKey.get(`review:Project X7:${ADA}`)).toBe(1);
      expect(byKey.get('project:Project X5:')).toBe(11);
      expect(byKey.get(`review:Project X4:${ADA}`)).toBe(3.25);
      expect(result.items[0]).toMatchObject({ title: 'Project X5', daysLate: 11 });
      expect(result.items[result.items.length - 1]).toMatchObject({ dueAt: t.ahead(2).toISOString() });
    } finally {
      engine.get(Clock).travel(-3 * DAY_MS);
    }
  });

  it('a call with nothing late', async () => {
    const empty = (await createOpenCall(engine)).id;
    expect(await pipeline.overdue({ callId: empty })).toEqual({ items: [], total: 0 });
  });

  it('follows the reviews of a seat through drafts, submission and the next round (the seat itself tells whether its review is missing)', async () => {
    const call = (await createOpenCall(engine)).id;
    await project('Z1', call, { stage: 'review', round: 1, stageDeadline: t.ago(2) });
    const adaZ1 = await seat('Z1', call, ada, 'accepted', t.ago(20));
    const missing = async () => (await pipeline.overdue({ callId: call })).items.filter((entry) => entry.type === 'review').map((entry) => entry.personName);
    const run = (sql: string, ...values: unknown[]) => engine.dataSource.query(sql, values);
    const submittedRound = async () => (await run(`SELECT review_submitted_round AS round FROM assignment WHERE id = $1`, adaZ1))[0].round;

    expect(await missing()).toEqual([ADA]);
    await insertReview(engine.dataSource, { assignmentId: adaZ1, projectId: p.Z1.id, reviewerId: ada.id, round: 1, status: 'draft' });
    expect(await missing()).toEqual([ADA]); // a draft is not a review
    await run(`UPDATE review SET status = 'submitted', submitted_at = now() WHERE assignment_id = $1 AND round = 1`, adaZ1);
    expect(await missing()).toEqual([]);
    expect(await submittedRound()).toBe(1);

    await run(`UPDATE project SET round = 2 WHERE id = $1`, p.Z1.id); // a revision round: round 1's review does not count
    expect(await missing()).toEqual([ADA]);
    await insertReview(engine.dataSource, { assignmentId: adaZ1, projectId: p.Z1.id, reviewerId: ada.id, round: 2, status: 'draft' });
    await run(`DELETE FROM review WHERE assignment_id = $1 AND round = 2`, adaZ1); // a draft thrown away
    expect(await missing()).toEqual([ADA]);
    expect(await submittedRound()).toBe(1);
    await insertReview(engine.dataSource, { assignmentId: adaZ1, projectId: p.Z1.id, reviewerId: ada.id, round: 2, status: 'submitted', submittedAt: t.ago(0.5) });
    expect(await missing()).toEqual([]);
    expect(await submittedRound()).toBe(2);
  });
});
