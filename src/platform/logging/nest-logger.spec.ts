import { Logger } from '@nestjs/common';
import pino from 'pino';
import { Writable } from 'node:stream';
import { NestPinoLogger } from './nest-logger';

/** A pino logger writing JSON lines into an array, behind the Nest adapter. */
function capture(): { lines: Array<Record<string, unknown>>; nest: NestPinoLogger } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, nest: new NestPinoLogger(pino({ messageKey: 'msg' }, stream)) };
}

describe('NestPinoLogger', () => {
  afterEach(() => Logger.overrideLogger(false));

  it('keeps a structured error as fields: its message and the error with its stack', () => {
    const { lines, nest } = capture();
    Logger.overrideLogger(nest);
    new Logger('Errors').error({ msg: 'unexpected error', err: new Error('Query runner already released') });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, context: 'Errors', msg: 'unexpected error', err: { type: 'Error', message: 'Query runner already released' } });
    expect((lines[0].err as { stack: string }).stack).toContain('nest-logger.spec');
  });

  it('logs an Error and a plain string as before', () => {
    const { lines, nest } = capture();
    nest.error(new Error('boom'), undefined, 'Ctx');
    nest.error('plain words', 'a stack', 'Ctx');
    expect(lines[0]).toMatchObject({ msg: 'boom', context: 'Ctx', err: { message: 'boom' } });
    expect(lines[1]).toMatchObject({ msg: 'plain words', context: 'Ctx', stack: 'a stack' });
  });
});
