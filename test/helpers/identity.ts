import jwt from 'jsonwebtoken';
import request from 'supertest';
import { JWT_AUDIENCE, JWT_ISSUER } from '../../src/modules/identity/token.service';
import { JobName } from '../../src/platform/queue/queue.constants';
import { TestEngine } from './test-engine';

/** Helpers for the identity end-to-end suites: database counts, forged tokens, outbox rows, paging. */

export const IDENTITY_TABLES = ['user_account', 'organization', 'refresh_token', 'password_token', 'security_event', 'outbox'] as const;
export type IdentityTable = (typeof IDENTITY_TABLES)[number];

/** The jobs identity records; other modules' jobs (scheduled ones, say) do not disturb the counts. */
const IDENTITY_JOBS: readonly string[] = [JobName.PasswordResetEmail, JobName.AccountInvitationEmail];

/** Row count of each table (for the outbox: of identity's jobs), to prove that a refused request left nothing behind. */
export async function rowCounts(engine: TestEngine, tables: readonly IdentityTable[] = IDENTITY_TABLES): Promise<Record<IdentityTable, number>> {
  const counts = {} as Record<IdentityTable, number>;
  for (const table of tables) {
    const [{ n }] =
      table === 'outbox'
        ? await engine.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE job_name = ANY($1)`, [IDENTITY_JOBS])
        : await engine.dataSource.query(`SELECT count(*)::int AS n FROM "${table}"`);
    counts[table] = n;
  }
  return counts;
}

/** The field names of a 400 VALIDATION_FAILED answer. */
export function invalidFields(res: request.Response): string[] {
  const fields = (res.body?.details?.fields ?? []) as Array<{ field: string }>;
  return fields.map((field) => field.field);
}

/**
 * An access token signed like the engine's (HS256, issuer, audience) unless told otherwise:
 * `secret`, `algorithm`, `issuer`, `audience` and `expiresIn` can each be changed.
 */
export function forgeAccessToken(
  engine: TestEngine,
  claims: { sub: string; roles: string[] } & Record<string, unknown>,
  options: { secret?: string; algorithm?: jwt.Algorithm; issuer?: string; audience?: string; expiresIn?: number } = {},
): string {
  return jwt.sign(claims, options.secret ?? engine.config.jwtSecret, {
    algorithm: options.algorithm ?? 'HS256',
    issuer: options.issuer ?? JWT_ISSUER,
    audience: options.audience ?? JWT_AUDIENCE,
    expiresIn: options.expiresIn ?? 300,
  });
}

/** An unsigned token (`alg: none`) with the engine's issuer and audience. */
export function unsignedAccessToken(claims: { sub: string; roles: string[] }): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat: now, exp: now + 300 })}.`;
}

export interface OutboxRow {
  id: string;
  payload: Record<string, string>;
  createdAt: Date;
}

/** The outbox rows of one job name, oldest first (optionally only those whose payload names `userId`). */
export async function outboxJobs(engine: TestEngine, jobName: string, userId?: string): Promise<OutboxRow[]> {
  return engine.dataSource.query(
    `SELECT id, payload, created_at AS "createdAt" FROM outbox
      WHERE job_name = $1 AND ($2::text IS NULL OR payload->>'userId' = $2)
      ORDER BY created_at, id`,
    [jobName, userId ?? null],
  );
}

/** Follows `nextCursor` to the end; returns every page. Fails after `maxPages` (a cursor loop). */
export async function allPages<T>(
  engine: TestEngine,
  path: string,
  bearer: string,
  query: Record<string, string | number | boolean>,
  maxPages = 50,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const res: request.Response = await request(engine.url)
      .get(path)
      .query({ ...query, ...(cursor ? { cursor } : {}) })
      .set('authorization', bearer);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status} ${JSON.stringify(res.body)}`);
    pages.push(res.body.items as T[]);
    cursor = res.body.nextCursor as string | null;
    if (pages.length > maxPages) throw new Error(`GET ${path} still has a next page after ${maxPages} pages`);
  } while (cursor);
  return pages;
}
