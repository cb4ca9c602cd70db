import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { HISTORY_INSERT_WITH_STAYS } from '../src/modules/projects/projects.repository';
import { OUTBOX_INSERT } from '../src/platform/outbox/outbox.repository';

/**
 * The write path's baseline: the statements the engine sends to PostgreSQL for one
 * `POST /api/projects/:id/transitions` (read from the server's statement log, see
 * `WRITE_PATH_STATEMENTS`), sent by plain `pg` clients with nothing in between: the same
 * texts, in the same order, with the same parameters, in one transaction per transition.
 * The column lists of the statements that the ORM builds from entity metadata are built here from
 * the live schema, so that a column added to a table is read and written by both sides.
 */

/** What the baseline sends for each transition (printed with the bench's results). */
export const WRITE_PATH_STATEMENTS = {
  request_info: [
    'SELECT user_account (the access guard re-reads the account), then BEGIN',
    'SELECT project ... FOR UPDATE (every column)',
    'SELECT call_for_projects LEFT JOIN criteria_framework (the id, key, version and status of the framework)',
    'UPDATE project SET every column, version + 1 WHERE id AND version (compare-and-set)',
    'INSERT project_history with, in the same statement, UPDATE stage_stay (close), INSERT stage_stay (open), UPDATE project reached_stages',
    'INSERT outbox notify.holder.info_requested (with pg_notify)',
    'INSERT reminder revision_due_soon + INSERT outbox reminder-due; INSERT reminder stage_overdue + INSERT outbox reminder-due',
    'COMMIT',
  ],
  resubmit: [
    'SELECT user_account, then BEGIN',
    'SELECT project ... FOR UPDATE',
    'SELECT call_for_projects LEFT JOIN criteria_framework',
    'SELECT criteria_framework (the published tree, for the dossierComplete guard)',
    'SELECT project_attachment (completeness)',
    'UPDATE project (compare-and-set)',
    'INSERT project_history + stays + reached stages (one statement)',
    'SELECT project_attachment (frozen version); INSERT project_version (the snapshot)',
    'INSERT outbox notify.holder.resubmitted; INSERT outbox notify.secretariat.resubmitted',
    'INSERT reminder stage_overdue + INSERT outbox reminder-due',
    'COMMIT',
  ],
} as const;

interface ColumnInfo {
  name: string;
  type: string;
}

export interface SchemaStatements {
  auth: string;
  lock: string;
  call: string;
  framework: string;
  attachments: string;
  update: string;
  updateColumns: ColumnInfo[];
  history: string;
  version: string;
  reminder: string;
}

const quote = (name: string) => `"${name}"`;

/** `"alias"."column" AS "alias_column"` for every column of a table, as the ORM selects an entity. */
function selectList(columns: readonly ColumnInfo[], alias: string): string {
  return columns.map((column) => `${quote(alias)}.${quote(column.name)} AS ${quote(`${alias}_${column.name}`)}`).join(', ');
}

/** The statements, with the column lists of the ORM-built ones taken from the database's catalog. */
export async function schemaStatements(client: Client): Promise<SchemaStatements> {
  const { rows } = await client.query<{ table_name: string; column_name: string; udt_name: string }>(
    `SELECT table_name, column_name, udt_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name IN ('project', 'call_for_projects', 'criteria_framework', 'project_attachment')
      ORDER BY table_name, ordinal_position`,
  );
  const columns = (table: string): ColumnInfo[] => rows.filter((row) => row.table_name === table).map((row) => ({ name: row.column_name, type: row.udt_name }));
  const project = columns('project');
  const updateColumns = project.filter((column) => !['id', 'created_at', 'updated_at', 'version', 'reached_stages'].includes(column.name));
  return {
    auth: `SELECT id, email, name, roles, language, organization_id AS "organizationId", membership_confirmed AS "membershipConfirmed"
         FROM user_account WHERE id = $1 AND active`,
    lock: `SELECT ${selectList(project, 'p')} FROM "project" "p" WHERE "p"."id" = $1 FOR UPDATE`,
    call:
      `SELECT ${selectList(columns('call_for_projects'), 'c')}, "framework"."id" AS "framework_id", "framework"."key" AS "framework_key", "framework"."version" AS "framework_version", ` +
      `"framework"."status" AS "framework_status" FROM "call_for_projects" "c" LEFT JOIN "criteria_framework" "framework" ON "framework"."id"="c"."framework_id" WHERE "c"."id" = $1`,
    framework: `SELECT ${selectList(columns('criteria_framework'), 'FrameworkVersion')} FROM "criteria_framework" "FrameworkVersion" WHERE (("FrameworkVersion"."id" = $1)) LIMIT 1`,
    attachments: `SELECT ${selectList(columns('project_attachment'), 'a')} FROM "project_attachment" "a" WHERE "a"."project_id" = $1 AND "a"."removed_at" IS NULL ORDER BY "a"."created_at" ASC`,
    update:
      `UPDATE "project" SET ${updateColumns.map((column, i) => `${quote(column.name)} = $${i + 1}`).join(', ')}, "version" = "version" + 1, "updated_at" = CURRENT_TIMESTAMP ` +
      `WHERE "id" = $${updateColumns.length + 1} AND "version" = $${updateColumns.length + 2}`,
    updateColumns,
    history: HISTORY_INSERT_WITH_STAYS,
    version: `INSERT INTO project_version (project_id, number, round, action, created_by_id, snapshot)
       VALUES ($1, (SELECT COALESCE(max(number), 0) + 1 FROM project_version WHERE project_id = $1), $2, $3, $4, $5::jsonb)
       RETURNING number`,
    reminder: `INSERT INTO reminder (key, kind, project_id, assignment_id, user_id, audience, stage, deadline, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (key) DO NOTHING RETURNING id`,
  };
}

const DAY_MS = 24 * 3600 * 1000;

export interface RawActor {
  id: string;
  role: 'secretariat' | 'holder';
}

type Row = Record<string, unknown>;

/** One baseline client: a `pg` connection of its own, moving projects the engine's way. */
export class RawTransitions {
  constructor(
    private readonly client: Client,
    private readonly sql: SchemaStatements,
  ) {}

  private columnValue(row: Row, column: ColumnInfo): unknown {
    const value = row[`p_${column.name}`];
    return column.type === 'jsonb' && value !== null && value !== undefined ? JSON.stringify(value) : value;
  }

  private async call(callId: string): Promise<Row> {
    const { rows } = await this.client.query<Row>(this.sql.call, [callId]);
    return rows[0];
  }

  private async outbox(jobName: string, payload: unknown, dedupeKey: string, dueAt: Date | null, correlationId: string): Promise<void> {
    // prepared once per connection, as the engine's OutboxRepository.insert does
    await this.client.query({ ...OUTBOX_INSERT, values: [randomUUID(), 'notifications', jobName, JSON.stringify(payload), dueAt, dedupeKey, correlationId] });
  }

  private async reminder(kind: string, projectId: string, audience: string, stage: string, deadline: Date, dueAt: Date, correlationId: string): Promise<void> {
    const key = [kind, projectId, '', audience, stage, deadline.toISOString(), dueAt.toISOString()].join('|');
    const { rows } = await this.client.query<{ id: string }>(this.sql.reminder, [key, kind, projectId, null, null, audience, stage, deadline, dueAt]);
    for (const { id } of rows) await this.outbox('notify.reminder-due', { reminderId: id }, `reminder:${id}`, dueAt, correlationId);
  }

  /**
   * submitted → info_requested (secretariat) or info_requested → submitted (holder), as the
   * engine does it. Returns the new version.
   */
  async transition(projectId: string, action: 'request_info' | 'resubmit', actor: RawActor, expectedVersion: number, reason: string | null): Promise<number> {
    const correlationId = randomUUID();
    await this.client.query(this.sql.auth, [actor.id]);
    await this.client.query('START TRANSACTION');
    try {
      const { rows } = await this.client.query<Row>(this.sql.lock, [projectId]);
      const row = rows[0];
      if (!row) throw new Error(`project ${projectId} not found`);
      if (row.p_version !== expectedVersion) throw new Error(`version conflict on ${projectId}: expected ${expectedVersion}, found ${String(row.p_version)}`);
      const call = await this.call(row.p_call_id as string);
      const deadlines = call.c_deadlines as { eligibilityDays: number; revisionDays: number };
      const from = row.p_stage as string;
      const to = action === 'request_info' ? 'info_requested' : 'submitted';
      if ((action === 'request_info' && from !== 'submitted') || (action === 'resubmit' && from !== 'info_requested')) throw new Error(`a project in ${from} cannot ${action}`);
      let attachments: Row[] = [];
      if (action === 'resubmit') {
        await this.client.query(this.sql.framework, [call.c_framework_id]);
        attachments = (await this.client.query<Row>(this.sql.attachments, [projectId])).rows;
      }
      const now = new Date();
      const deadline = new Date(now.getTime() + (action === 'request_info' ? deadlines.revisionDays : deadlines.eligibilityDays) * DAY_MS);
      const changed: Row = { ...row, p_stage: to, p_stage_entered_at: now, p_stage_deadline: deadline };
      const values = this.sql.updateColumns.map((column) => this.columnValue(changed, column));
      const updated = await this.client.query(this.sql.update, [...values, projectId, expectedVersion]);
      if (updated.rowCount !== 1) throw new Error(`compare-and-set failed on ${projectId}`);
      const version = expectedVersion + 1;
      const round = row.p_round as number;
      const events = action === 'request_info' ? ['notify.holder.info_requested', 'deadline.set'] : ['versionFrozen', 'notify.holder.resubmitted', 'notify.secretariat.resubmitted', 'deadline.set'];
      const history = await this.client.query<{ id: string }>(this.sql.history, [projectId, actor.id, actor.role, action, from, to, reason, version, round, JSON.stringify({ events })]);
      const historyId = history.rows[0].id;
      if (action === 'resubmit') {
        attachments = (await this.client.query<Row>(this.sql.attachments, [projectId])).rows;
        const dossier = { ...(row.p_dossier as Row), title: row.p_title, language: row.p_language, modality: row.p_modality, countries: row.p_countries };
        const snapshot = {
          dossier,
          statements: row.p_statements,
          attachments: attachments.map((a) => ({ id: a.a_id, kind: a.a_kind, filename: a.a_filename, mediaType: a.a_media_type, size: a.a_size, sha256: a.a_sha256 })),
        };
        await this.client.query(this.sql.version, [projectId, round, action, actor.id, JSON.stringify(snapshot)]);
      }
      for (const event of events.filter((name) => name.startsWith('notify.'))) {
        await this.outbox('notify.project-event', { projectId, event, historyId: String(historyId) }, `project-event:${historyId}:${event}`, null, correlationId);
      }
      if (to === 'info_requested') {
        await this.reminder('revision_due_soon', projectId, 'holder', to, deadline, new Date(deadline.getTime() - 2 * DAY_MS), correlationId);
      }
      await this.reminder('stage_overdue', projectId, 'secretariat', to, deadline, deadline, correlationId);
      await this.client.query('COMMIT');
      return version;
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}
