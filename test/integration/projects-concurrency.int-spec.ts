import request from 'supertest';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { WorkflowService } from '../../src/modules/workflow/workflow.service';
import { Clock } from '../../src/platform/clock/clock';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import {
  authUserOf,
  createCompleteDraft,
  createReadyDraft,
  createSubmittedProject,
  EngineWithUploads,
  postTransition,
  startEngineWithUploads,
  uploadConceptNote,
} from '../helpers/projects';

/**
 * The workflow under contention, on the real PostgreSQL: one move per version of a project
 * (row lock + compare-and-set), and FASP ids drawn from a per-year counter that neither
 * duplicates nor skips a number, whatever fails around it.
 */
describe('projects under concurrency', () => {
  let engine: EngineWithUploads;
  let secretariat: TestAccount;
  let holder: TestAccount;

  beforeAll(async () => {
    engine = await startEngineWithUploads({ env: { DATABASE_POOL_SIZE: '20' } });
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
    holder = await createHolder(engine);
  });
  afterAll(() => engine?.close());

  const historyOf = (projectId: string): Promise<Array<{ action: string; version: number }>> =>
    engine.dataSource.query(`SELECT action, version FROM project_history WHERE project_id = $1 ORDER BY id`, [projectId]);
  const outboxOf = (projectId: string): Promise<Array<{ job_name: string; event: string | null }>> =>
    engine.dataSource.query(`SELECT job_name, payload->>'event' AS event FROM outbox WHERE payload->>'projectId' = $1 ORDER BY created_at, id`, [projectId]);
  const reload = (id: string) => engine.dataSource.getRepository(Project).findOneByOrFail({ id });

  function tally(statuses: number[]): Record<number, number> {
    const counts: Record<number, number> = {};
    for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }

  describe('one move per version', () => {
    it('50 concurrent admits with the same expectedVersion: exactly one wins, 49 are told the version moved', async () => {
      const call = await createOpenCall(engine);
      const submitted = await createSubmittedProject(engine, holder, call.id);
      const before = (await historyOf(submitted.id)).length;

      const responses = await Promise.all(
        Array.from({ length: 50 }, () => postTransition(engine, secretariat, submitted.id, { action: 'admit', expectedVersion: submitted.version })),
      );

      expect(tally(responses.map((res) => res.status))).toEqual({ 200: 1, 409: 49 });
      const losers = responses.filter((res) => res.status === 409);
      expect(new Set(losers.map((res) => res.body.code))).toEqual(new Set(['VERSION_CONFLICT']));
      expect(losers[0].body.details).toEqual({ expectedVersion: submitted.version, currentVersion: submitted.version + 1 });
      const winner = responses.find((res) => res.status === 200)!;
      expect(winner.body).toMatchObject({ stage: 'assignment', version: submitted.version + 1 });

      const project = await reload(submitted.id);
      expect(project).toMatchObject({ stage: 'assignment', version: submitted.version + 1 });
      const history = await historyOf(submitted.id);
      expect(history).toHaveLength(before + 1);
      expect(history.filter((row) => row.action === 'admit')).toEqual([{ action: 'admit', version: submitted.version + 1 }]);
      const jobs = await outboxOf(submitted.id);
      expect(jobs.filter((job) => job.job_name === 'assignment.request')).toHaveLength(1);
      expect(jobs.filter((job) => job.event === 'notify.holder.admitted')).toHaveLength(1);
    });

    it('concurrent different moves on one version (admit, request_info, refuse): one wins, the rest conflict', async () => {
      const call = await createOpenCall(engine);
      const submitted = await createSubmittedProject(engine, holder, call.id);
      const moves = ['admit', 'request_info', 'refuse'].flatMap((action) =>
        Array.from({ length: 8 }, () => ({ action, expectedVersion: submitted.version, reason: 'Eligibility check done by the secretariat' })),
      );

      const responses = await Promise.all(moves.map((body) => postTransition(engine, secretariat, submitted.id, body)));

      expect(tally(responses.map((res) => res.status))).toEqual({ 200: 1, 409: 23 });
      const winner = responses.find((res) => res.status === 200)!;
      const history = await historyOf(submitted.id);
      expect(history.map((row) => row.action)).toEqual(['create', 'submit', expect.any(String)]);
      expect((await reload(submitted.id)).stage).toBe(winner.body.stage);
    });

    it('concurrent edits of a draft with the same expectedVersion: one is applied, the others conflict', async () => {
      const call = await createOpenCall(engine);
      const draft = await createCompleteDraft(engine, holder, call.id);
      const titles = Array.from({ length: 20 }, (_, i) => `Concurrent title number ${i}`);

      const responses = await Promise.all(
        titles.map((title) => request(engine.url).patch(`/api/projects/${draft.id}`).set('authorization', holder.bearer).send({ title, expectedVersion: draft.version })),
      );

      expect(tally(responses.map((res) => res.status))).toEqual({ 200: 1, 409: 19 });
      expect(new Set(responses.filter((res) => res.status === 409).map((res) => res.body.code))).toEqual(new Set(['VERSION_CONFLICT']));
      const winner = responses.find((res) => res.status === 200)!;
      const project = await reload(draft.id);
      expect(project.version).toBe(draft.version + 1);
      expect(project.title).toBe(winner.body.title);
    });
  });

  describe('FASP ids', () => {
    const numberOf = (faspId: string) => Number(/^FASP-\d{4}-(\d{4,})$/.exec(faspId)![1]);
    const counter = async (year: number): Promise<number | null> => {
      const rows: Array<{ last_value: number }> = await engine.dataSource.query(`SELECT last_value FROM fasp_id_counter WHERE year = $1`, [year]);
      return rows[0]?.last_value ?? null;
    };
    const faspIdsOf = async (year: number): Promise<string[]> =>
      (await engine.dataSource.query(`SELECT fasp_id FROM project WHERE fasp_id LIKE $1`, [`FASP-${year}-%`])).map((row: { fasp_id: string }) => row.fasp_id);

    it('concurrent first submissions get distinct, gap-free numbers per call year, even when some are refused or roll back', async () => {
      const year = engine.get(Clock).now().getUTCFullYear() + 3;
      const [callA, callB, nextYearCall] = await Promise.all([
        createOpenCall(engine, { year }),
        createOpenCall(engine, { year }),
        createOpenCall(engine, { year: year + 1 }),
      ]);
      const others = await Promise.all(Array.from({ length: 3 }, () => createHolder(engine)));
      const holders = [holder, ...others];
      const holderOf = (i: number) => holders[i % holders.length];

      const ready = await Promise.all(Array.from({ length: 20 }, (_, i) => createReadyDraft(engine, holderOf(i), i % 3 === 0 ? callB.id : callA.id)));
      const incomplete = await Promise.all(Array.from({ length: 6 }, (_, i) => createCompleteDraft(engine, holderOf(i), callA.id))); // no concept note
      const crashing = await Promise.all(Array.from({ length: 6 }, (_, i) => createReadyDraft(engine, holderOf(i), i % 2 ? callA.id : callB.id)));
      const nextYear = await Promise.all(Array.from({ length: 4 }, (_, i) => createReadyDraft(engine, holderOf(i), nextYearCall.id)));

      // A failure after the number is taken (the last step of the transaction) must give it back.
      const crashFor = new Set(crashing.map((project) => project.id));
      engine.get(WorkflowService).registerEffect('notify.secretariat.submitted', {
        phase: 'record',
        run: async ({ project }) => {
          if (crashFor.has(project.id)) throw new Error('simulated failure after the FASP number was drawn');
        },
      });

      const holderFor = new Map<string, TestAccount>();
      [ready, incomplete, crashing, nextYear].forEach((group) => group.forEach((project) => holderFor.set(project.id, holders.find((h) => h.id === project.holderId)!)));
      const viaHttp = (project: Project) => postTransition(engine, holderFor.get(project.id)!, project.id, { action: 'submit', expectedVersion: project.version });
      const viaService = async (project: Project) =>
        engine
          .get(WorkflowService)
          .transition({ kind: 'user', user: await authUserOf(holderFor.get(project.id)!, engine) }, { projectId: project.id, action: 'submit', expectedVersion: project.version })
          .then(
            () => 'committed',
            (error: Error) => error.message,
          );

      const [readyRes, incompleteRes, crashRes, nextYearRes] = await Promise.all([
        Promise.all(ready.map(viaHttp)),
        Promise.all(incomplete.map(viaHttp)),
        Promise.all(crashing.map(viaService)),
        Promise.all(nextYear.map(viaHttp)),
      ]);

      expect(readyRes.map((res) => res.status)).toEqual(ready.map(() => 200));
      expect(incompleteRes.map((res) => [res.status, res.body.code])).toEqual(incomplete.map(() => [422, 'DOSSIER_INCOMPLETE']));
      expect(crashRes).toEqual(crashing.map(() => 'simulated failure after the FASP number was drawn'));
      expect(nextYearRes.map((res) => res.status)).toEqual(nextYear.map(() => 200));

      const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
      const numbers = (await faspIdsOf(year)).map(numberOf).sort((a, b) => a - b);
      expect(numbers).toEqual(range(ready.length));
      expect(readyRes.map((res) => res.body.faspId).sort()).toEqual((await faspIdsOf(year)).sort());
      expect(await counter(year)).toBe(ready.length);
      expect((await faspIdsOf(year + 1)).map(numberOf).sort((a, b) => a - b)).toEqual(range(nextYear.length));
      expect(await counter(year + 1)).toBe(nextYear.length);

      // Nothing of the failed or refused submissions remains: stage, id, history, version, outbox.
      for (const project of [...incomplete, ...crashing]) {
        expect(await reload(project.id)).toMatchObject({ stage: 'draft', faspId: null, submittedAt: null, version: project.version });
        expect((await historyOf(project.id)).map((row) => row.action)).toEqual(['create']);
        expect(await outboxOf(project.id)).toEqual([]);
      }
      const versions: Array<{ project_id: string }> = await engine.dataSource.query(`SELECT project_id FROM project_version WHERE project_id = ANY($1)`, [
        [...incomplete, ...crashing].map((project) => project.id),
      ]);
      expect(versions).toEqual([]);

      // Once fixed, they take the next numbers, still without a gap or a duplicate.
      crashFor.clear();
      await Promise.all(incomplete.map((project) => uploadConceptNote(engine, holderFor.get(project.id)!, project.id)));
      const retried = await Promise.all(
        [...incomplete, ...crashing].map(async (project) => {
          const current = await reload(project.id);
          return postTransition(engine, holderFor.get(project.id)!, project.id, { action: 'submit', expectedVersion: current.version });
        }),
      );
      expect(retried.map((res) => res.status)).toEqual(retried.map(() => 200));
      expect((await faspIdsOf(year)).map(numberOf).sort((a, b) => a - b)).toEqual(range(ready.length + incomplete.length + crashing.length));
      expect(await counter(year)).toBe(ready.length + incomplete.length + crashing.length);
    });

    it('a resubmission keeps the FASP id and draws no number', async () => {
      const year = engine.get(Clock).now().getUTCFullYear() + 10;
      const call = await createOpenCall(engine, { year });
      const submitted = await createSubmittedProject(engine, holder, call.id);
      expect(submitted.faspId).toBe(`FASP-${year}-0001`);
      const asked = await postTransition(engine, secretariat, submitted.id, { action: 'request_info', expectedVersion: submitted.version, reason: 'Please add the baseline year' });
      expect(asked.status).toBe(200);
      const resubmitted = await postTransition(engine, holder, submitted.id, { action: 'resubmit', expectedVersion: asked.body.version });
      expect(resubmitted.status).toBe(200);
      expect(resubmitted.body.faspId).toBe(`FASP-${year}-0001`);
      expect(await counter(year)).toBe(1);
    });
  });
});
