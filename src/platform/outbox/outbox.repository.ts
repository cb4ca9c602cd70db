import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';

export interface PendingOutboxRow {
  id: string;
  queue: string;
  jobName: string;
  payload: unknown;
  dueAt: Date;
  correlationId: string | null;
}

export interface NewOutboxRow {
  id: string;
  queue: string;
  jobName: string;
  payload: unknown;
  dueAt: Date | null;
  dedupeKey: string | null;
  correlationId: string | null;
}

export interface OutboxBacklog {
  pending: number;
  oldestPendingSeconds: number;
  failing: number;
}

export const OUTBOX_CHANNEL = 'fasp_outbox';

/** The outbox row of one job, as every state change writes it (the benches send the same statement). */
export const OUTBOX_INSERT = {
  name: 'fasp_outbox_insert',
  text: `WITH inserted AS (
         INSERT INTO outbox (id, queue, job_name, payload, due_at, dedupe_key, correlation_id)
         VALUES ($1, $2, $3, $4::jsonb, COALESCE($5::timestamptz, now()), $6, $7)
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id
       )
       SELECT id, pg_notify('${OUTBOX_CHANNEL}', '') FROM inserted`,
} as const;

/** SQL of the outbox table. The relay uses it without Nest, hence plain methods on a DataSource. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts the row and wakes listening relays when the transaction commits. Null when
   * deduplicated. Every state change writes outbox rows, so the statement is prepared once per
   * connection (see `preparedQuery`).
   */
  async insert(manager: EntityManager, row: NewOutboxRow): Promise<string | null> {
    const rows = await preparedQuery<{ id: string }>(manager, OUTBOX_INSERT.name, OUTBOX_INSERT.text, [
      row.id,
      row.queue,
      row.jobName,
      JSON.stringify(row.payload),
      row.dueAt,
      row.dedupeKey,
      row.correlationId,
    ]);
    return rows[0]?.id ?? null;
  }

  /** Inserts several rows in one statement; answers the ids inserted (the deduplicated ones are left out). */
  async insertMany(manager: EntityManager, rows: NewOutboxRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted: Array<{ id: string }> = await manager.query(
      `WITH inserted AS (
         INSERT INTO outbox (id, queue, job_name, payload, due_at, dedupe_key, correlation_id)
         SELECT id, queue, job_name, payload, COALESCE(due_at, now()), dedupe_key, correlation_id
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::text[], $7::text[])
                AS row (id, queue, job_name, payload, due_at, dedupe_key, correlation_id)
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id
       )
       SELECT id, pg_notify('${OUTBOX_CHANNEL}', '') FROM inserted`,
      [
        rows.map((row) => row.id),
        rows.map((row) => row.queue),
        rows.map((row) => row.jobName),
        rows.map((row) => JSON.stringify(row.payload)),
        rows.map((row) => row.dueAt),
        rows.map((row) => row.dedupeKey),
        rows.map((row) => row.correlationId),
      ],
    );
    return inserted.map((row) => row.id);
  }

  /**
   * Marks up to `limit` undispatched rows that no other relay holds as dispatched, and answers
   * them oldest first. Call inside a transaction: the mark holds only if it commits, after their
   * jobs are in BullMQ.
   */
  async claimForDispatch(manager: EntityManager, limit: number): Promise<PendingOutboxRow[]> {
    // an UPDATE answers [rows, count] through the ORM
    const [rows]: [Array<PendingOutboxRow & { createdAt: Date }>, number] = await manager.query(
      `UPDATE outbox SET dispatched_at = now(), last_error = NULL
        WHERE id IN (SELECT id FROM outbox WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, queue, job_name AS "jobName", payload, due_at AS "dueAt", correlation_id AS "correlationId", created_at AS "createdAt"`,
      [limit],
    );
    return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map(({ createdAt: _createdAt, ...row }) => row);
  }

  async recordFailure(ids: string[], error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox SET failed_attempts = failed_attempts + 1, last_error = $2
        WHERE id = ANY($1::uuid[]) AND dispatched_at IS NULL`,
      [ids, error.slice(0, 2000)],
    );
  }

  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS pending,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS "oldestPendingSeconds",
              count(*) FILTER (WHERE failed_attempts > 0)::int AS failing
         FROM outbox WHERE dispatched_at IS NULL`,
    );
    return row;
  }

  /** Deletes dispatched rows older than the retention period, in batches. Returns how many. */
  async purgeDispatched(olderThanDays: number, batchSize = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const result: [unknown[], number] = await this.dataSource.query(
        `DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox
            WHERE dispatched_at IS NOT NULL AND dispatched_at < now() - make_interval(days => $1)
            LIMIT $2)`,
        [olderThanDays, batchSize],
      );
      const deleted = result[1];
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }
}
