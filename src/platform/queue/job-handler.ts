import { Injectable, Logger, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Job, UnrecoverableError } from 'bullmq';
import { runInJobContext } from './job-context';
import { JobData, JobName, JobPayloads } from './queue.constants';

const HANDLES_JOB = 'fasp:handles-job';

/**
 * Marks the method that runs one job name. It receives the typed payload (and the job), reloads
 * what it needs and re-checks it: a job may run twice, and must then do nothing harmful.
 */
export const HandlesJob = (name: JobName) => SetMetadata(HANDLES_JOB, name);

export type JobHandlerFn<N extends JobName = JobName> = (payload: JobPayloads[N], job: Job<JobData<N>>) => Promise<unknown>;

/** Finds every @HandlesJob method at start-up; the queue workers dispatch to it by job name. */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly logger = new Logger(JobHandlerRegistry.name);
  private readonly handlers = new Map<string, JobHandlerFn>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const fn = instance[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
        const name = typeof fn === 'function' ? (Reflect.getMetadata(HANDLES_JOB, fn) as string | undefined) : undefined;
        if (!name || !fn) continue;
        if (this.handlers.has(name)) throw new Error(`Two handlers for job ${name}`);
        this.handlers.set(name, fn.bind(instance) as JobHandlerFn);
      }
    }
    this.logger.log({ msg: 'job handlers registered', jobs: [...this.handlers.keys()].sort() });
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  async handle(job: Job<JobData>): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new UnrecoverableError(`No handler for job ${job.name}`);
    return runInJobContext(job, () => handler(job.data.payload, job));
  }
}
