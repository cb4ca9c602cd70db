import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobHandlerRegistry } from './job-handler';
import { JobData, QueueName } from './queue.constants';

/*
 * One thin consumer per queue; each hands the job to the @HandlesJob method of its name. A
 * queue gets a consumer here once some module handles its jobs (until then they wait in Redis).
 */

@Processor(QueueName.Maintenance, { concurrency: 2 })
export class MaintenanceProcessor extends WorkerHost {
  constructor(private readonly registry: JobHandlerRegistry) {
    super();
  }

  process(job: Job<JobData>): Promise<unknown> {
    return this.registry.handle(job);
  }
}

@Processor(QueueName.Workflow, { concurrency: 8 })
export class WorkflowProcessor extends WorkerHost {
  constructor(private readonly registry: JobHandlerRegistry) {
    super();
  }

  process(job: Job<JobData>): Promise<unknown> {
    return this.registry.handle(job);
  }
}

/** Assignment runs solve in a worker thread; two at a time per process is plenty. */
@Processor(QueueName.Assignment, { concurrency: 2, lockDuration: 120000 })
export class AssignmentProcessor extends WorkerHost {
  constructor(private readonly registry: JobHandlerRegistry) {
    super();
  }

  process(job: Job<JobData>): Promise<unknown> {
    return this.registry.handle(job);
  }
}

@Processor(QueueName.Documents, { concurrency: 2 })
export class DocumentsProcessor extends WorkerHost {
  constructor(private readonly registry: JobHandlerRegistry) {
    super();
  }

  process(job: Job<JobData>): Promise<unknown> {
    return this.registry.handle(job);
  }
}

/**
 * Notification jobs are short and mostly wait on PostgreSQL; many at a time let the project
 * events that arrive together share one transaction (see NotificationsJobs.projectEvent).
 */
export const NOTIFICATIONS_CONCURRENCY = 256;

@Processor(QueueName.Notifications, { concurrency: NOTIFICATIONS_CONCURRENCY })
export class NotificationsProcessor extends WorkerHost {
  constructor(private readonly registry: JobHandlerRegistry) {
    super();
  }

  process(job: Job<JobData>): Promise<unknown> {
    return this.registry.handle(job);
  }
}

/** Sending waits on the mail server: a few at a time per process (the transport pools connections). */
@Processor(QueueName.Email, { concurrency: 4 })
export class EmailProcessor extends WorkerHost {
  constructor(private readonly registry: JobHandlerRegistry) {
    super();
  }

  process(job: Job<JobData>): Promise<unknown> {
    return this.registry.handle(job);
  }
}

export const QUEUE_PROCESSORS = [MaintenanceProcessor, WorkflowProcessor, AssignmentProcessor, DocumentsProcessor, NotificationsProcessor, EmailProcessor];

/** Queues that have a consumer in the worker role (all of them). */
export const CONSUMED_QUEUES: readonly QueueName[] = [
  QueueName.Maintenance,
  QueueName.Workflow,
  QueueName.Assignment,
  QueueName.Documents,
  QueueName.Notifications,
  QueueName.Email,
];
