import { randomBytes } from 'node:crypto';
import { CallsService } from '../../src/modules/calls/calls.service';
import { CreateCallDto } from '../../src/modules/calls/dto/call.dto';
import { Call } from '../../src/modules/calls/entities/call.entity';
import { Clock } from '../../src/platform/clock/clock';
import { referenceFramework } from './frameworks';
import { TestEngine } from './test-engine';

/** Builders for calls for projects: each test makes the calls it needs. */

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** Anything CreateCallDto takes; the window may also be given as Dates. */
export type CallOverrides = Partial<Omit<CreateCallDto, 'opensAt' | 'closesAt'>> & { opensAt?: Date | string; closesAt?: Date | string };

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : value);

/**
 * A complete creation body: on the seeded fasp v1 framework, with a window from one hour ago
 * to 30 days ahead by the engine's clock (so it stays right after `Clock.travel`).
 */
export async function callInput(engine: TestEngine, overrides: CallOverrides = {}): Promise<CreateCallDto> {
  const now = engine.get(Clock).now();
  const { opensAt, closesAt, ...rest } = overrides;
  return {
    title: `FASP call ${randomBytes(3).toString('hex')}`,
    year: now.getUTCFullYear(),
    frameworkId: overrides.frameworkId ?? (await referenceFramework(engine)).id,
    ...rest,
    opensAt: iso(opensAt ?? new Date(now.getTime() - HOUR_MS)),
    closesAt: iso(closesAt ?? new Date(now.getTime() + 30 * DAY_MS)),
  };
}

/** A call in draft, created through the service (no HTTP, no role check). */
export async function createDraftCall(engine: TestEngine, overrides: CallOverrides = {}): Promise<Call> {
  return engine.get(CallsService).create(await callInput(engine, overrides));
}

/**
 * A call created and opened through the service: by default accepting submissions now, on
 * fasp v1, closing in 30 days (its automatic close is recorded in the outbox, as in real use).
 */
export async function createOpenCall(engine: TestEngine, overrides: CallOverrides = {}): Promise<Call> {
  const draft = await createDraftCall(engine, overrides);
  return engine.get(CallsService).open(draft.id, draft.version);
}

/**
 * Moves the engine's clock and remembers by how much, so that `reset()` (in an afterEach)
 * brings it back for the next test.
 */
export function timeTraveller(engine: () => TestEngine): { travel(ms: number): void; reset(): void } {
  let travelled = 0;
  return {
    travel(ms: number) {
      engine().get(Clock).travel(ms);
      travelled += ms;
    },
    reset() {
      if (travelled !== 0) engine().get(Clock).travel(-travelled);
      travelled = 0;
    },
  };
}
