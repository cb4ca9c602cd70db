import { Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { runWithCorrelationId } from '../logging/correlation';
import { JobData, JobName } from './queue.constants';

/** Runs a job's handler under the correlation id of the request that caused the job. */
export function runInJobContext<T>(job: Job<JobData>, handler: () => Promise<T>): Promise<T> {
  return runWithCorrelationId(job.data?.correlationId ?? `job:${job.id ?? randomUUID()}`, handler);
}

/** Narrows a job of a queue to one job name, typing its payload. */
export function isJob<N extends JobName>(job: Job<JobData>, name: N): job is Job<JobData<N>> {
  return job.name === (name as string);
}
