import pino, { Logger } from 'pino';
import { LogLevel } from '../config/app-config';
import { currentCorrelationId } from './correlation';

/**
 * The process's root logger: JSON lines on stdout, each carrying the correlation id of the
 * request or job being served when there is one.
 */
export function createRootLogger(level: LogLevel, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'fasp', pid: process.pid, ...bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.token',
        '*.refreshToken',
        '*.accessToken',
      ],
      censor: '[redacted]',
    },
  });
}
