import { QueryFailedError } from 'typeorm';
import { ProjectHistory } from '../../src/modules/projects/entities/project-history.entity';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { createSubmittedProject, EngineWithUploads, postTransition, startEngineWithUploads } from '../helpers/projects';

/**
 * The audit trail and frozen versions are append-only in the database itself, whatever the
 * client; and each history row names the role the actor acted in.
 */
describe('project audit trail', () => {
  let engine: EngineWithUploads;
  let holder: TestAccount;
  let secretariat: TestAccount;
  let project: Project;

  beforeAll(async () => {
    engine = await startEngineWithUploads();
    [holder, secretariat] = await Promise.all([createHolder(engine), createAccount(engine, { roles: ['secretariat'] })]);
    const call = await createOpenCall(engine);
    project = await createSubmittedProject(engine, holder, call.id);
  });
  afterAll(() => engine?.close());

  const rawHistory = (): Promise<Array<Record<string, unknown>>> =>
    engine.dataSource.query(`SELECT * FROM project_history WHERE project_id = $1 ORDER BY id`, [project.id]);
  const rawVersions = (): Promise<Array<Record<string, unknown>>> =>
    engine.dataSource.query(`SELECT * FROM project_version WHERE project_id = $1 ORDER BY number`, [project.id]);

  async function expectRefused(sql: string, parameters: unknown[] = []): Promise<void> {
    const error: unknown = await engine.dataSource.query(sql, parameters).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).driverError).toMatchObject({ code: '42501', message: expect.stringMatching(/append-only/) });
  }

  it.each([
    ['UPDATE of one row', `UPDATE project_history SET reason = 'rewritten' WHERE project_id = $1 AND action = 'submit'`, true],
    ['UPDATE of the actor', `UPDATE project_history SET actor_id = NULL, actor_role = 'system' WHERE project_id = $1`, true],
    ['DELETE of one row', `DELETE FROM project_history WHERE project_id = $1 AND action = 'create'`, true],
    ['DELETE of every row', `DELETE FROM project_history`, false],
    ['TRUNCATE', `TRUNCATE project_history`, false],
  ])('project_history refuses %s', async (_what, sql, withProject) => {
    const before = await rawHistory();
    expect(before.map((row) => row.action)).toEqual(['create', 'submit']);
    await expectRefused(sql, withProject ? [project.id] : []);
    expect(await rawHistory()).toEqual(before);
  });

  it('the history refuses changes inside a transaction too, which then rolls back whole', async () => {
    const before = await rawHistory();
    const error = await engine.dataSource
      .transaction(async (manager) => {
        await manager.query(`UPDATE project SET title = 'Changed in the same transaction' WHERE id = $1`, [project.id]);
        await manager.query(`DELETE FROM project_history WHERE project_id = $1`, [project.id]);
      })
      .catch((caught: unknown) => caught);
    expect((error as QueryFailedError).driverError).toMatchObject({ code: '42501' });
    expect(await rawHistory()).toEqual(before);
    expect((await engine.dataSource.getRepository(Project).findOneByOrFail({ id: project.id })).title).toBe(project.title);
  });

  it.each([
    ['UPDATE', `UPDATE project_version SET snapshot = '{}'::jsonb WHERE project_id = $1`],
    ['DELETE', `DELETE FROM project_version WHERE project_id = $1`],
  ])('frozen versions refuse %s', async (_what, sql) => {
    const before = await rawVersions();
    expect(before).toHaveLength(1);
    await expectRefused(sql, [project.id]);
    expect(await rawVersions()).toEqual(before);
  });

  it('a project with a history cannot be deleted', async () => {
    const error = await engine.dataSource.query(`DELETE FROM project WHERE id = $1`, [project.id]).catch((caught: unknown) => caught);
    expect((error as QueryFailedError).driverError).toMatchObject({ code: '23503' });
    expect(await engine.dataSource.getRepository(Project).countBy({ id: project.id })).toBe(1);
  });

  it('inserting stays possible: each move adds a row carrying the version after it', async () => {
    const res = await postTransition(engine, secretariat, project.id, { action: 'request_info', expectedVersion: project.version, reason: 'Which sampling depth?' });
    expect(res.status).toBe(200);
    const rows = await engine.dataSource.getRepository(ProjectHistory).find({ where: { projectId: project.id }, order: { id: 'ASC' } });
    expect(rows.map(({ action, fromStage, toStage, actorRole, actorId, version, reason }) => ({ action, fromStage, toStage, actorRole, actorId, version, reason }))).toEqual([
      { action: 'create', fromStage: null, toStage: 'draft', actorRole: 'holder', actorId: holder.id, version: 1, reason: null },
      { action: 'submit', fromStage: 'draft', toStage: 'submitted', actorRole: 'holder', actorId: holder.id, version: project.version, reason: null },
      { action: 'request_info', fromStage: 'submitted', toStage: 'info_requested', actorRole: 'secretariat', actorId: secretariat.id, version: res.body.version, reason: 'Which sampling depth?' },
    ]);
  });

  it('the history names the role the move was allowed for, not merely the first role the actor holds', async () => {
    // Someone of the holder's organisation who also works for the secretariat: holder of the
    // project by membership, and the only kind of person who may admit it.
    const both = await createAccount(engine, { roles: ['holder', 'secretariat'], organizationId: holder.organizationId, membershipConfirmed: true });
    const submitted = await createSubmittedProject(engine, holder, (await createOpenCall(engine)).id);

    const res = await postTransition(engine, both, submitted.id, { action: 'admit', expectedVersion: submitted.version });
    expect(res.status).toBe(200);
    const withdrawn = await postTransition(engine, both, submitted.id, { action: 'withdraw', expectedVersion: res.body.version });
    expect(withdrawn.status).toBe(200);
    const rows = await engine.dataSource.query(`SELECT action, actor_role, actor_id FROM project_history WHERE project_id = $1 AND actor_id = $2 ORDER BY id`, [submitted.id, both.id]);
    expect(rows).toEqual([
      { action: 'admit', actor_role: 'secretariat', actor_id: both.id },
      { action: 'withdraw', actor_role: 'holder', actor_id: both.id },
    ]);
  });
});
