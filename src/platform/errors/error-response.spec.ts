import { BadRequestException, NotFoundException as NestNotFound, PayloadTooLargeException } from '@nestjs/common';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { ConflictException, DomainException, NotFoundException, RuleRefusedException } from './domain-exception';
import { ERROR_STATUS } from './error-codes';
import { toErrorBody } from './error-response';

function queryError(code: string, message = 'boom'): QueryFailedError {
  const driverError = Object.assign(new Error(message), { code });
  return new QueryFailedError('SELECT 1', [], driverError);
}

describe('toErrorBody', () => {
  it('maps domain exceptions through the code table and keeps details', () => {
    expect(toErrorBody(new NotFoundException('Project'), 'c1')).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Project not found',
      details: undefined,
      correlationId: 'c1',
    });
    expect(toErrorBody(new ConflictException('stale', { expectedVersion: 3 }))).toMatchObject({ statusCode: 409, details: { expectedVersion: 3 } });
    expect(toErrorBody(new RuleRefusedException('incomplete', { missing: ['title'] }))).toMatchObject({ statusCode: 422, code: 'RULE_REFUSED' });
  });

  it('every code in the table has a 4xx or 5xx status', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(toErrorBody(new DomainException(code as keyof typeof ERROR_STATUS, 'x')).statusCode).toBe(status);
    }
  });

  it('maps Nest HTTP exceptions to generic codes', () => {
    expect(toErrorBody(new BadRequestException('bad'))).toMatchObject({ statusCode: 400, code: 'MALFORMED_REQUEST', message: 'bad' });
    expect(toErrorBody(new NestNotFound('Cannot GET /x'))).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(toErrorBody(new PayloadTooLargeException())).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('maps framework client errors (body parsing, size) by their status', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(toErrorBody(tooLarge)).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    const badJson = Object.assign(new SyntaxError('Unexpected end of JSON input'), { statusCode: 400 });
    expect(toErrorBody(badJson)).toMatchObject({ statusCode: 400, code: 'MALFORMED_REQUEST' });
    const mediaType = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 });
    expect(toErrorBody(mediaType)).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('turns unique violations and serialization failures into 409', () => {
    expect(toErrorBody(queryError('23505'))).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
    expect(toErrorBody(queryError('40001'))).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
  });

  it('turns an unreachable database or Redis into 503', () => {
    expect(toErrorBody(queryError('57P01', 'terminating connection due to administrator command'))).toMatchObject({ statusCode: 503 });
    expect(toErrorBody(new Error('Connection terminated unexpectedly'))).toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE' });
    expect(toErrorBody(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toMatchObject({ statusCode: 503 });
    expect(toErrorBody(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toMatchObject({ statusCode: 503 });
  });

  it('turns a transaction whose connection broke mid-way into 503', () => {
    // the connection's error released the query runner: the transaction's next query is refused
    expect(toErrorBody(new QueryRunnerAlreadyReleasedError())).toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE' });
    expect(toErrorBody(new QueryRunnerProviderAlreadyReleasedError())).toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE' });
  });

  it('hides anything unexpected behind a 500 that reveals nothing', () => {
    const body = toErrorBody(new TypeError("Cannot read properties of undefined (reading 'secretColumn')"), 'c2');
    expect(body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal error', correlationId: 'c2' });
  });
});
