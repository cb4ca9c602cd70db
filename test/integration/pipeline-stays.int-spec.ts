import { PipelineService } from '../../src/modules/pipeline/pipeline.service';
import { ProjectsRepository } from '../../src/modules/projects/projects.repository';
import { WorkflowService } from '../../src/modules/workflow/workflow.service';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { authUserOf, createSubmittedProject, EngineWithUploads, startEngineWithUploads } from '../helpers/projects';
import { waitForQueuesIdle } from '../helpers/test-engine';

interface StayRow {
  stage: string;
  entered_at: Date;
  left_at: Date | null;
  duration_seconds: number | null;
}

/**
 * What the pipeline reads is written by the workflow: each history row that changes the stage
 * closes the open stay (with its duration) and opens the next, and the stage joins the reached
 * stages once. Real transitions here, through the workflow service.
 */
describe('pipeline stays written by the history', () => {
  let engine: EngineWithUploads;
  let holder: TestAccount;
  let secretariat: TestAccount;
  let callId: string;
  let projectId: string;

  beforeAll(async () => {
    engine = await startEngineWithUploads();
    holder = await createHolder(engine);
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
    callId = (await createOpenCall(engine)).id;
    const workflow = engine.get(WorkflowService);
    const staff = { kind: 'user' as const, user: await authUserOf(secretariat, engine) };
    const owner = { kind: 'user' as const, user: await authUserOf(holder, engine) };
    // draft → submitted → info_requested → submitted → assignment
    let project = await createSubmittedProject(engine, holder, callId);
    projectId = project.id;
    project = await workflow.transition(staff, { projectId, action: 'request_info', expectedVersion: project.version, reason: 'Please attach the land tenure letters' });
    project = await workflow.transition(owner, { projectId, action: 'resubmit', expectedVersion: project.version });
    await workflow.transition(staff, { projectId, action: 'admit', expectedVersion: project.version });
    await waitForQueuesIdle(engine);
  });
  afterAll(() => engine?.close());

  const stays = (): Promise<StayRow[]> =>
    engine.dataSource.query(`SELECT stage, entered_at, left_at, duration_seconds FROM stage_stay WHERE project_id = $1 ORDER BY entered_at, id`, [projectId]);
  const stageChanges = (): Promise<Array<{ to_stage: string; at: Date }>> =>
    engine.dataSource.query(`SELECT to_stage, at FROM project_history WHERE project_id = $1 AND from_stage IS DISTINCT FROM to_stage ORDER BY id`, [projectId]);

  it('one stay per visit of a stage, each closed when the next opens, the last open', async () => {
    const rows = await stays();
    expect(rows.map((row) => row.stage)).toEqual(['draft', 'submitted', 'info_requested', 'submitted', 'assignment']);
    const changes = await stageChanges();
    expect(changes.map((row) => row.to_stage)).toEqual(rows.map((row) => row.stage));
    rows.forEach((row, i) => {
      // entered when the history says the stage was entered
      expect(row.entered_at.getTime()).toBe(changes[i].at.getTime());
      if (i < rows.length - 1) {
        expect(row.left_at?.getTime()).toBe(rows[i + 1].entered_at.getTime());
        expect(row.duration_seconds).toBeCloseTo((rows[i + 1].entered_at.getTime() - row.entered_at.getTime()) / 1000, 3);
        expect(row.duration_seconds).toBeGreaterThanOrEqual(0);
      } else {
        expect(row).toMatchObject({ left_at: null, duration_seconds: null });
      }
    });
  });

  it('records each stage reached once, in order of first arrival', async () => {
    const [{ reached_stages: reached }]: Array<{ reached_stages: string[] }> = await engine.dataSource.query(`SELECT reached_stages FROM project WHERE id = $1`, [projectId]);
    expect(reached).toEqual(['draft', 'submitted', 'info_requested', 'assignment']);
  });

  it('a history row that keeps the stage leaves the stays and reached stages alone', async () => {
    const before = await stays();
    await engine.dataSource.transaction((manager) =>
      engine.get(ProjectsRepository).appendHistory(
        { projectId, actorId: secretariat.id, actorRole: 'secretariat', action: 'note', fromStage: 'assignment', toStage: 'assignment', reason: 'Waiting for reviewers', version: 99, round: 1 },
        manager,
      ),
    );
    expect(await stays()).toEqual(before);
    const [{ reached_stages: reached }]: Array<{ reached_stages: string[] }> = await engine.dataSource.query(`SELECT reached_stages FROM project WHERE id = $1`, [projectId]);
    expect(reached).toEqual(['draft', 'submitted', 'info_requested', 'assignment']);
  });

  it('the summary reads them: stays per stage (seconds long here), funnel from the reached stages', async () => {
    const summary = await engine.get(PipelineService).summary({ callId });
    expect(summary.timeInStage.map(({ stage, stays: count }) => ({ stage, count }))).toEqual([
      { stage: 'draft', count: 1 },
      { stage: 'info_requested', count: 1 },
      { stage: 'submitted', count: 2 },
    ]);
    for (const row of summary.timeInStage) expect(row.maxDays).toBeLessThan(0.01);
    // submitted 1; admitted 1 → 1/1; reviewed 0 → 0/1; then nothing after 0
    expect(summary.funnel).toEqual([
      { step: 'submitted', count: 1, conversion: null },
      { step: 'admitted', count: 1, conversion: 1 },
      { step: 'reviewed', count: 0, conversion: 0 },
      { step: 'positive', count: 0, conversion: null },
      { step: 'published', count: 0, conversion: null },
    ]);
  });
});
