import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The server's notion of "now" for every rule that depends on time (call windows, deadlines).
 * One injectable, so that tests can move time forward instead of waiting for it.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: shifts this process's clock by `ms` (cumulative). */
  travel(ms: number): void {
    this.offsetMs += ms;
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
