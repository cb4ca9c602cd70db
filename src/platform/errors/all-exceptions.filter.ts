import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorBody } from './error-response';

/** Renders an error as a page for a browser; answers false when the request is not a page's. */
export type PageErrorRenderer = (exception: unknown, request: FastifyRequest, reply: FastifyReply) => boolean;

const API_PREFIXES = ['/api/', '/api?', '/health', '/metrics', '/admin/'];

/**
 * The one global filter: every error leaves the API in the same shape. A browser asking for a
 * page that does not exist (outside the API) gets the web pages' error page instead of JSON.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly pages?: PageErrorRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const isPage = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html') && !API_PREFIXES.some((prefix) => request.url.startsWith(prefix));
    if (isPage && this.pages?.(exception, request, reply)) return;
    const body = toErrorBody(exception, String(request.id));
    const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (body.statusCode === 429 && typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
