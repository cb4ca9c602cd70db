import fc from 'fast-check';
import { createHash, randomInt } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { ERROR_STATUS } from '../../src/platform/errors/error-codes';
import { DatabaseFingerprint, differences, Fingerprint } from './fingerprint';
import { buildFuzzWorld, FUZZ_ATTACHMENT_MAX_BYTES, FUZZ_BODY_LIMIT_BYTES, FUZZ_ROLES, FUZZ_UPLOADABLE_FILES, FuzzRole, FuzzWorld } from './fuzz-world';
import { committedOpenApi, Operation, operationsOf, SchemaArbitraries } from './openapi-arbitraries';
import { closeAgent, describeRequest, FuzzRequest, FuzzResponse, requestArbitrary, RequestContext, send } from './requests';

/**
 * Property-based requests to every route of the committed OpenAPI document, as every role:
 * schema-derived bodies, queries and path parameters, mutated (malformed JSON, wrong types,
 * huge strings, deep nesting, unicode edge cases, path traversal, SQL meta-characters, numbers
 * at the edges, wrong content types), path parameters drawn from real objects of the actor and
 * of others, and garbage. For every request:
 * - the engine answers, and never with a 5xx;
 * - a 4xx carries the one error shape `{ statusCode, code, message, details?, correlationId }`;
 * - after a 4xx, no row of the database and no file of the upload directory has changed;
 * and after each route × role the engine is still ready (GET /health/ready answers 200).
 *
 * `npm test` runs it with a fixed seed; `npm run test:fuzz` with a random one (FUZZ_SEED=<n>
 * replays a run, FUZZ_RUNS=<n> sets the requests per route and role).
 */

const FIXED_SEED = 4_1000_2015;
const CI_RUNS_PER_ROUTE_AND_ROLE = 6;

function chosenSeed(): { seed: number; how: string } {
  const given = process.env.FUZZ_SEED;
  if (given === undefined || given === '') return { seed: FIXED_SEED, how: 'fixed' };
  if (given === 'random') return { seed: randomInt(2 ** 31), how: 'random' };
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer or "random", not ${given}`);
  return { seed, how: 'given' };
}

const { seed: SEED, how: SEED_HOW } = chosenSeed();
const RUNS = Number(process.env.FUZZ_RUNS ?? CI_RUNS_PER_ROUTE_AND_ROLE);

/** One seed per route and role, derived from the run's seed, so that each can be replayed alone. */
function propertySeed(route: string, role: string): number {
  return createHash('sha256').update(`${SEED}|${route}|${role}`).digest().readInt32LE(0);
}

const ALLOWED_ERROR_KEYS = new Set(['statusCode', 'code', 'message', 'details', 'correlationId']);

/** What is wrong with the body of an error answer (empty when it has the documented shape). */
function errorShapeProblems(res: FuzzResponse): string[] {
  const problems: string[] = [];
  if (!String(res.headers['content-type'] ?? '').startsWith('application/json')) problems.push(`error answered as ${String(res.headers['content-type'])}, not JSON`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.text) as Record<string, unknown>;
  } catch {
    return [...problems, `error body is not JSON: ${res.text.slice(0, 300)}`];
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [...problems, `error body is not an object: ${res.text.slice(0, 300)}`];
  const extra = Object.keys(body).filter((key) => !ALLOWED_ERROR_KEYS.has(key));
  if (extra.length > 0) problems.push(`error body has undocumented keys ${extra.join(', ')}`);
  if (body.statusCode !== res.status) problems.push(`statusCode ${String(body.statusCode)} differs from the HTTP status ${res.status}`);
  const code = body.code as keyof typeof ERROR_STATUS;
  if (typeof code !== 'string' || !(code in ERROR_STATUS)) problems.push(`code ${JSON.stringify(body.code)} is not one of the documented codes`);
  else if (ERROR_STATUS[code] !== res.status) problems.push(`code ${code} is documented as ${ERROR_STATUS[code]}, answered with ${res.status}`);
  if (typeof body.message !== 'string' || body.message.length === 0) problems.push('message is missing');
  if (typeof body.correlationId !== 'string' || body.correlationId !== res.headers['x-correlation-id']) problems.push(`correlationId ${JSON.stringify(body.correlationId)} differs from the x-correlation-id header`);
  return problems;
}

class FuzzFailure extends Error {
  constructor(
    readonly problems: string[],
    readonly response: FuzzResponse | undefined,
  ) {
    super(problems.join('; '));
  }
}

describe('fuzz: every route of openapi.json as every role', () => {
  let world: FuzzWorld;
  let fingerprint: DatabaseFingerprint;
  let context: RequestContext;
  const timings = { worldMs: 0, requests: 0, requestMs: 0, fingerprints: 0, fingerprintMs: 0, settleMs: 0, checksMs: 0, operations: new Set<string>(), roles: new Set<string>(), statuses: new Map<number, number>() };

  beforeAll(async () => {
    console.log(`fuzz seed ${SEED} (${SEED_HOW}); ${RUNS} requests per route and role; replay with FUZZ_SEED=${SEED} npm run test:fuzz`);
    const building = performance.now();
    world = await buildFuzzWorld();
    timings.worldMs = performance.now() - building;
    fingerprint = new DatabaseFingerprint(world.engine.dataSource, world.engine.uploadDir);
    context = {
      schemas: new SchemaArbitraries(committedOpenApi(), world.pools, world.hints),
      pathValues: (operation, param) => world.pathValues(operation, param),
      bodyLimitBytes: FUZZ_BODY_LIMIT_BYTES,
      attachmentMaxBytes: FUZZ_ATTACHMENT_MAX_BYTES,
      acceptedFiles: FUZZ_UPLOADABLE_FILES(),
    };
  }, 180_000);

  afterAll(async () => {
    closeAgent();
    await world?.close();
    if (timings.requests > 0) {
      const statuses = [...timings.statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`);
      console.log(
        `fuzz seed ${SEED} (${SEED_HOW}): ${timings.requests} requests to ${timings.operations.size} routes as ${timings.roles.size} roles; world built in ${Math.round(timings.worldMs)} ms; ` +
          `requests ${Math.round(timings.requestMs)} ms in all; ${timings.fingerprints} fingerprints (${fingerprint.counts.hashed} hashed, ${fingerprint.counts.unchanged} unchanged by the row-change counter; ${Math.round(timings.fingerprintMs)} ms), ` +
          `waiting for side effects ${Math.round(timings.settleMs)} ms, readiness and account checks ${Math.round(timings.checksMs)} ms; statuses ${statuses.join(', ')}`,
      );
    }
  });

  async function take(): Promise<Fingerprint> {
    const started = performance.now();
    const taken = await fingerprint.take();
    timings.fingerprints++;
    timings.fingerprintMs += performance.now() - started;
    return taken;
  }

  async function fuzz(operation: Operation, role: FuzzRole): Promise<void> {
    const seed = propertySeed(operation.key, role);
    let before = await take();
    let last: { request: FuzzRequest; response?: FuzzResponse } | undefined;
    let changedSomething = false;
    const property = fc.asyncProperty(requestArbitrary(operation, context), async (fuzzed) => {
      last = { request: fuzzed };
      let res: FuzzResponse;
      const sent = performance.now();
      try {
        res = await send(world.engine.url, fuzzed, world.authorization(role));
      } catch (error) {
        throw new FuzzFailure([`no answer: ${(error as Error).message}`], undefined);
      }
      last.response = res;
      timings.requests++;
      timings.operations.add(operation.key);
      timings.roles.add(role);
      timings.requestMs += performance.now() - sent;
      timings.statuses.set(res.status, (timings.statuses.get(res.status) ?? 0) + 1);
      const problems: string[] = [];
      if (res.status >= 500) problems.push(`answered ${res.status}: ${res.text.slice(0, 500)}`);
      if (res.status >= 400) {
        problems.push(...errorShapeProblems(res));
        const after = await take();
        if (res.status < 500) problems.push(...differences(before, after).map((difference) => `after ${res.status}: ${difference}`));
        before = after;
      } else {
        const settling = performance.now();
        await world.settle();
        timings.settleMs += performance.now() - settling;
        if (operation.method !== 'GET') changedSomething = true;
        before = await take();
      }
      if (problems.length > 0) throw new FuzzFailure(problems, res);
    });
    const result = await fc.check(property, { seed, numRuns: RUNS, endOnFailure: true });
    if (result.failed) {
      const failure = result.errorInstance instanceof FuzzFailure ? result.errorInstance : undefined;
      const lines = [
        `${operation.key} as ${role}: ${failure ? failure.problems.join('\n  ') : String(result.errorInstance)}`,
        `seed: FUZZ_SEED=${SEED} (this route and role: fast-check seed ${seed}, path ${result.counterexamplePath ?? '?'}, after ${result.numRuns} run(s))`,
        `replay: FUZZ_SEED=${SEED} npm run test:fuzz -- -t '${operation.key} as ${role}'`,
        last ? `request:\n${describeRequest(world.engine.url, last.request, role)}` : '',
        last?.response ? `response: ${last.response.status} ${last.response.text.slice(0, 1000)}` : '',
      ];
      throw new Error(lines.filter(Boolean).join('\n'));
    }
    const checking = performance.now();
    const ready = await request(world.engine.url).get('/health/ready');
    expect({ after: `${operation.key} as ${role}`, status: ready.status }).toEqual({ after: `${operation.key} as ${role}`, status: 200 });
    // A fuzzed password change or sign-out may have ended an actor's session: give it a new token.
    if (changedSomething) await world.restoreActors();
    timings.checksMs += performance.now() - checking;
  }

  it('the fingerprint sees a changed row and a new upload file (so that "nothing changed" means something)', async () => {
    const before = await take();
    const [{ id, name }] = await world.engine.dataSource.query(`SELECT id, name FROM organization ORDER BY id LIMIT 1`);
    await world.engine.dataSource.query(`UPDATE organization SET name = name || ' ' WHERE id = $1`, [id]);
    const stray = join(world.engine.uploadDir, 'fingerprint-probe');
    await writeFile(stray, 'x');
    try {
      expect(differences(before, await take())).toEqual([expect.stringMatching(/^table organization: \d+ rows → \d+ rows, content changed$/), 'files added under the upload directory: fingerprint-probe (1 bytes)']);
    } finally {
      await world.engine.dataSource.query(`UPDATE organization SET name = $2 WHERE id = $1`, [id, name]);
      await rm(stray);
    }
    expect(differences(before, await take())).toEqual([]);
  });

  for (const operation of operationsOf(committedOpenApi())) {
    describe(operation.key, () => {
      for (const role of FUZZ_ROLES) {
        it(`${operation.key} as ${role}`, () => fuzz(operation, role));
      }
    });
  }
});
