import compress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import { constants as zlibConstants } from 'node:zlib';
import { AppConfig } from '../config/app-config';
import { AllExceptionsFilter, PageErrorRenderer } from '../errors/all-exceptions.filter';
import { toErrorBody } from '../errors/error-response';
import { createValidationPipe } from '../errors/validation';
import { acceptOrCreateCorrelationId, runWithCorrelationId } from '../logging/correlation';
import { MetricsService } from '../metrics/metrics.service';
import { setupOpenApi } from './openapi';

export const CORRELATION_HEADER = 'x-correlation-id';

export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: (request: IncomingMessage) => acceptOrCreateCorrelationId(request.headers[CORRELATION_HEADER]),
    return503OnClosing: true,
    trustProxy: config.trustProxy === 'true' ? true : config.trustProxy === 'false' ? false : config.trustProxy,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // The router refuses a malformed URL (400) or an over-long parameter (414) before Nest sees
    // the request, and Node refuses over-large headers (431) before Fastify does: both answer
    // in the API's one error shape too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const body = toErrorBody(error, String(request.id));
      void reply.status(body.statusCode).header(CORRELATION_HEADER, request.id).header('content-type', 'application/json; charset=utf-8').send(body);
    },
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const statusCode = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const correlationId = randomUUID();
      const body = JSON.stringify(toErrorBody(Object.assign(new Error(STATUS_CODES[statusCode] ?? 'Bad request'), { statusCode }), correlationId));
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\n` +
            `${CORRELATION_HEADER}: ${correlationId}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      socket.destroy(error);
    },
  });
}

/**
 * Everything an API process applies to its HTTP layer, shared by main.ts and the tests:
 * correlation ids, request logs and metrics, security headers, CORS, validation, errors, docs.
 */
export async function configureHttpApp(app: NestFastifyApplication, config: AppConfig, pages?: PageErrorRenderer): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);
  const logger = new Logger('HTTP');

  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_HEADER, request.id);
    runWithCorrelationId(String(request.id), done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.observeHttp(request.method, route, reply.statusCode, seconds);
    if (route !== '/health/live' && route !== '/metrics') {
      logger.log({
        msg: 'request',
        method: request.method,
        route,
        path: request.url.split('?')[0],
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ip: request.ip,
      });
    }
    done();
  });

  const secure = config.publicUrl.startsWith('https:');
  await app.register(helmet, {
    // On a plain-http deployment (a laptop, a test) there is nothing to upgrade to.
    hsts: secure,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
  });
  // Cookies carry the web pages' session; pages and JSON over 1 KB are compressed for slow links.
  await app.register(fastifyCookie);
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } } });
  // Uploads are streamed to storage part by part; one file per request, bounded in size.
  await app.register(multipart, {
    limits: { fileSize: config.attachmentMaxBytes, files: 1, fields: 10, parts: 11, fieldSize: 10000 },
    throwFileSizeLimit: true,
  });
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: true,
    exposedHeaders: [CORRELATION_HEADER],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(pages));
  setupOpenApi(app);
}
