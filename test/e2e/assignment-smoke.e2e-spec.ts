import request from 'supertest';
import { createAccount, createHolder } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { createSubmittedProject } from '../helpers/projects';
import { startTestEngine, TestEngine, waitForQueuesIdle } from '../helpers/test-engine';

describe('assignment smoke', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  it('admit three → invitations → two accept, one declines → top-up → all review', async () => {
    const call = await createOpenCall(engine, { reviewersPerProject: 2 });
    const sec = await createAccount(engine, { roles: ['secretariat'] });
    const reviewers = [];
    for (let i = 0; i < 6; i++) {
      const r = await createAccount(engine, { roles: ['reviewer'] });
      await request(engine.url).put(`/api/reviewers/${r.id}/profile`).set('authorization', sec.bearer)
        .send({ stcMember: i < 3, languages: ['en', 'fr'], practices: i % 2 ? ['agroforestry'] : ['cover_crops'], capacityPerCall: 3 }).expect(200);
      reviewers.push(r);
    }
    const projects = [];
    for (let i = 0; i < 3; i++) {
      const holder = await createHolder(engine);
      projects.push(await createSubmittedProject(engine, holder, call.id));
    }
    for (const p of projects) {
      await request(engine.url).post(`/api/projects/${p.id}/transitions`).set('authorization', sec.bearer).send({ action: 'admit', expectedVersion: p.version }).expect(200);
    }
    await waitForQueuesIdle(engine);
    const seats: Array<{ id: string; reviewerId: string; projectId: string; status: string; role: string }> = await engine.dataSource.query(`SELECT id, reviewer_id AS "reviewerId", project_id AS "projectId", status, role FROM assignment ORDER BY project_id, role`);
    expect(seats).toHaveLength(6);
    const runs: Array<{ status: string }> = await engine.dataSource.query('SELECT status FROM assignment_run');
    expect(runs.every((run) => run.status === 'completed')).toBe(true);
    let declined = false;
    for (const seat of seats) {
      const r = reviewers.find((x) => x.id === seat.reviewerId)!;
      if (!declined && seat.role === 'member') {
        declined = true;
        await request(engine.url).post(`/api/assignments/${seat.id}/decline`).set('authorization', r.bearer).send({ reason: 'Too busy this month' }).expect(200);
      } else {
        const res = await request(engine.url).post(`/api/assignments/${seat.id}/accept`).set('authorization', r.bearer);
        expect(res.status).toBe(200);
      }
    }
    await waitForQueuesIdle(engine);
    const fresh: Array<{ id: string; reviewerId: string }> = await engine.dataSource.query(`SELECT id, reviewer_id AS "reviewerId" FROM assignment WHERE status = 'invited'`);
    expect(fresh).toHaveLength(1);
    const r = reviewers.find((x) => x.id === fresh[0].reviewerId)!;
    await request(engine.url).post(`/api/assignments/${fresh[0].id}/accept`).set('authorization', r.bearer).expect(200);
    const stages = await engine.dataSource.query(`SELECT stage FROM project WHERE id = ANY($1)`, [projects.map((p) => p.id)]);
    expect(stages.map((s: { stage: string }) => s.stage)).toEqual(['review', 'review', 'review']);
  });
});
