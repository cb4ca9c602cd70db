import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

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

/** SQL of the outbox table. The relay uses it without Nest, hence plain methods on a DataSource. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the row and wakes listening relays when the transaction commits. Null when deduplicated. */
  async insert(manager: EntityManager, row: NewOutboxRow): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `WITH inserted AS (
         INSERT INTO outbox (id, queue, job_name, payload, due_at, dedupe_key, correlation_id)
         VALUES ($1, $2, $3, $4::jsonb, COALESCE($5::timestamptz, now()), $6, $7)
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id
       )
       SELECT id, pg_notify('${OUTBOX_CHANNEL}', '') FROM inserted`,
      [row.id, row.queue, row.jobName, JSON.stringify(row.payload), row.dueAt, row.dedupeKey, row.correlationId],
    );
    return rows[0]?.id ?? null;
  }

  /** Locks up to `limit` undispatched rows that no other relay holds. Call inside a transaction. */
  async claimPending(manager: EntityManager, limit: number): Promise<PendingOutboxRow[]> {
    return manager.query(
      `SELECT id, queue, job_name AS "jobName", payload, due_at AS "dueAt", correlation_id AS "correlationId"
         FROM outbox
        WHERE dispatched_at IS NULL
        ORDER BY created_at
        LIMIT $1
          FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markDispatched(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`UPDATE outbox SET dispatched_at = now(), last_error = NULL WHERE id = ANY($1::uuid[])`, [ids]);
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
