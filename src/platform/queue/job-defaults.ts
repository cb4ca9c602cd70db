import { DefaultJobOptions } from 'bullmq';

/**
 * Retries with exponential backoff for transient failures; bounded retention of finished jobs
 * (completed jobs are kept a day so that a re-dispatched outbox row with the same job id is
 * recognised as a duplicate rather than run again).
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 20000 },
  removeOnFail: { age: 14 * 24 * 3600, count: 50000 },
};
