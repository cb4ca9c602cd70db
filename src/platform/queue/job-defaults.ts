import { DefaultJobOptions } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { QueueName } from './queue.constants';

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

/** Emails retry longer (a mail server may be away for a while), as configured. */
export function jobOptionsFor(queue: QueueName, config: AppConfig): DefaultJobOptions {
  if (queue !== QueueName.Email) return DEFAULT_JOB_OPTIONS;
  return { ...DEFAULT_JOB_OPTIONS, attempts: config.emailMaxAttempts, backoff: { type: 'exponential', delay: config.emailRetryDelayMs } };
}
