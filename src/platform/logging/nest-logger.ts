import { LoggerService } from '@nestjs/common';
import { Logger } from 'pino';

/** Routes Nest's own log calls into the structured pino logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest calls error(message, stack?, context?)
    const [stack, context] = rest.length >= 2 ? rest : [undefined, rest[0]];
    const fields: Record<string, unknown> = { context };
    if (typeof stack === 'string') fields.stack = stack;
    if (message instanceof Error) {
      this.logger.error({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      // structured, as the other levels: { msg, err, ... }
      this.logger.error({ ...fields, ...message });
    } else {
      this.logger.error(fields, String(message));
    }
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]): void {
    const context = rest.at(-1);
    const fields = typeof context === 'string' ? { context } : {};
    if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
