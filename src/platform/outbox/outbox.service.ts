import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { currentCorrelationId } from '../logging/correlation';
import { JOB_QUEUE, JobName, JobPayloads } from '../queue/queue.constants';
import { NewOutboxRow, OutboxRepository } from './outbox.repository';

export interface OutboxJob<N extends JobName> {
  name: N;
  payload: JobPayloads[N];
  /** Run no earlier than this instant (a reminder, a deadline). Default: now. */
  dueAt?: Date;
  /** A second record with the same key is ignored while the first row exists. */
  dedupeKey?: string;
  /** The correlation id the job carries; default: the current one (of the request or job running). */
  correlationId?: string;
}

export class OutboxOutsideTransactionError extends Error {
  constructor() {
    super('OutboxService.record must be called with the EntityManager of an open transaction');
  }
}

/**
 * The one way to cause a side effect: services call `record` inside the transaction of their
 * state change, so the job exists if and only if the change committed. Never enqueue directly.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly repository: OutboxRepository) {}

  async record<N extends JobName>(manager: EntityManager, job: OutboxJob<N>): Promise<string | null> {
    if (!manager.queryRunner?.isTransactionActive) throw new OutboxOutsideTransactionError();
    return this.repository.insert(manager, this.row(job));
  }

  /** `record` for several jobs in one statement (a batch of notifications); answers the ids inserted. */
  async recordMany(manager: EntityManager, jobs: ReadonlyArray<OutboxJob<JobName>>): Promise<string[]> {
    if (!manager.queryRunner?.isTransactionActive) throw new OutboxOutsideTransactionError();
    return this.repository.insertMany(
      manager,
      jobs.map((job) => this.row(job)),
    );
  }

  private row(job: OutboxJob<JobName>): NewOutboxRow {
    return {
      id: randomUUID(),
      queue: JOB_QUEUE[job.name],
      jobName: job.name,
      payload: job.payload,
      dueAt: job.dueAt ?? null,
      dedupeKey: job.dedupeKey ?? null,
      correlationId: job.correlationId ?? currentCorrelationId() ?? null,
    };
  }
}
