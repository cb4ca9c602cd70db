import { HttpException, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainException } from './domain-exception';
import { codeForStatus, ERROR_STATUS, ErrorCode } from './error-codes';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
  correlationId?: string;
}

const logger = new Logger('Errors');

/** PostgreSQL and socket errors that mean "the database is not there right now". */
const UNAVAILABLE_PG_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /connection refused/i,
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH/,
  /timeout exceeded when trying to connect/i,
  /Connection is closed/i,
  /Stream isn't writeable/i,
  /Reached the max retries per request limit/i,
  /Command timed out/i,
  /Client has encountered a connection error/i,
];

/**
 * TypeORM's refusals once the connection of a transaction broke mid-way (the database went
 * away): the connection's error released its query runner, and the transaction's next query
 * is refused with one of these instead of a driver error.
 */
const UNAVAILABLE_ERROR_NAMES = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

function isUnavailable(error: unknown): boolean {
  const candidate = error as { name?: unknown; code?: unknown; message?: unknown; driverError?: { code?: unknown } } | undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  if (UNAVAILABLE_ERROR_NAMES.has(text(candidate?.name))) return true;
  const code = text(candidate?.driverError?.code) || text(candidate?.code);
  if (UNAVAILABLE_PG_CODES.has(code)) return true;
  const message = text(candidate?.message);
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message) || pattern.test(code));
}

function fromHttpException(error: HttpException): Omit<ErrorBody, 'correlationId'> {
  const status = error.getStatus();
  const response = error.getResponse();
  const given = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const message = Array.isArray(given) ? given.join('; ') : typeof given === 'string' ? given : error.message;
  return { statusCode: status, code: codeForStatus(status), message };
}

/**
 * Maps anything thrown while serving a request to the one error shape of the API:
 * `{ statusCode, code, message, details?, correlationId }`. Bad input never becomes a 500;
 * an unreachable dependency becomes a 503; anything else unexpected is a logged 500 whose
 * message reveals nothing.
 */
export function toErrorBody(error: unknown, correlationId?: string): ErrorBody {
  let body: Omit<ErrorBody, 'correlationId'>;
  if (error instanceof DomainException) {
    body = { statusCode: ERROR_STATUS[error.code], code: error.code, message: error.message, details: error.details };
  } else if (error instanceof HttpException) {
    body = fromHttpException(error);
  } else if (isFrameworkClientError(error)) {
    body = { statusCode: error.statusCode, code: codeForStatus(error.statusCode), message: error.message };
  } else if (error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23505') {
    body = { statusCode: 409, code: 'CONFLICT', message: 'A record with the same unique values already exists' };
  } else if (error instanceof QueryFailedError && ['40001', '40P01'].includes((error.driverError as { code?: string })?.code ?? '')) {
    body = { statusCode: 409, code: 'CONFLICT', message: 'A concurrent change won; reload and retry' };
  } else if (isUnavailable(error)) {
    logger.warn({ msg: 'dependency unavailable while serving a request', error: (error as Error)?.message });
    body = { statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', message: 'A service the engine depends on is unavailable; retry shortly' };
  } else {
    logger.error({ msg: 'unexpected error', err: error });
    body = { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal error' };
  }
  return correlationId ? { ...body, correlationId } : body;
}

/** Errors raised by Fastify itself for a bad request (malformed JSON, body too large, bad content type). */
function isFrameworkClientError(error: unknown): error is { statusCode: number; message: string } {
  const candidate = error as { statusCode?: unknown };
  return typeof candidate?.statusCode === 'number' && candidate.statusCode >= 400 && candidate.statusCode < 500;
}
