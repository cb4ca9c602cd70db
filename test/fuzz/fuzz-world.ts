import { criteriaOf, REFERENCE_FRAMEWORK } from '@fasp/core';
import fc from 'fast-check';
import request from 'supertest';
import { TokenService } from '../../src/modules/identity/token.service';
import { UsersRepository } from '../../src/modules/identity/users.repository';
import { QueueClients } from '../../src/platform/queue/queue-clients';
import { CONSUMED_QUEUES } from '../../src/platform/queue/queue-workers';
import { createAccount, createHolder, createOrganization, TEST_PASSWORD, TestAccount } from '../helpers/accounts';
import { createDraftCall } from '../helpers/calls';
import { createFramework, referenceDefinition, referenceFramework } from '../helpers/frameworks';
import { createCompleteDraft, createSubmittedProject, EngineWithUploads, minimalPdf, sampleDocx, sampleJpeg, samplePng, startEngineWithUploads, uploadConceptNote } from '../helpers/projects';
import { completeRatings, consentAndPublish, proposeAndRelease, startReview, submitAll } from '../helpers/reviews';
import { TestSmtpServer } from '../helpers/smtp';
import { TEST_ADMIN_PASSWORD, waitForQueuesIdle } from '../helpers/test-engine';
import { EDGE_NUMBERS, hostileJsonValue, hostileString } from './hostile';
import { Hints, Operation, ValuePools } from './openapi-arbitraries';

export const FUZZ_ROLES = ['anonymous', 'holder', 'otherHolder', 'reviewer', 'secretariat', 'admin'] as const;
export type FuzzRole = (typeof FUZZ_ROLES)[number];
type Actor = Exclude<FuzzRole, 'anonymous'>;

/** Small limits, so that "up to the limit and beyond" costs kilobytes, not megabytes, per request. */
export const FUZZ_BODY_LIMIT_BYTES = 64 * 1024;
export const FUZZ_ATTACHMENT_MAX_BYTES = 64 * 1024;

/**
 * The data the fuzzer aims at: every kind of object, owned by the actor and by others.
 * - holder: a published project (feedback, report, letter, notifications) and a draft with a file
 * - otherHolder: a draft with a file and a submitted project
 * - reviewer: the lead of the published project (its own seat and review); the other seat
 *   and its review belong to another reviewer
 * - secretariat, admin: staff; a draft framework, a draft call, target accounts to edit
 */
export interface FuzzWorld {
  engine: EngineWithUploads;
  smtp: TestSmtpServer;
  actors: Record<Actor, TestAccount>;
  pools: ValuePools;
  hints: Hints;
  /** real values (URL-safe) per resource ("/api/projects") and path parameter ("id") */
  pathValues(operation: Operation, param: string): string[];
  /** the Authorization header of a role (none for anonymous) */
  authorization(role: FuzzRole): string | undefined;
  /** Re-issues the token of any actor whose token no longer works (a fuzzed password change or sign-out). */
  restoreActors(): Promise<string[]>;
  /** Waits for the side effects of a successful request (outbox rows, queued jobs) to be done. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function buildFuzzWorld(): Promise<FuzzWorld> {
  const smtp = await TestSmtpServer.start();
  const engine = await startEngineWithUploads({
    env: {
      SMTP_URL: smtp.url,
      EMAIL_RETRY_DELAY_MS: '200',
      BODY_LIMIT_BYTES: String(FUZZ_BODY_LIMIT_BYTES),
      ATTACHMENT_MAX_BYTES: String(FUZZ_ATTACHMENT_MAX_BYTES),
    },
  });
  try {
    return await populate(engine, smtp);
  } catch (error) {
    await engine.close();
    await smtp.stop();
    throw error;
  }
}

async function populate(engine: EngineWithUploads, smtp: TestSmtpServer): Promise<FuzzWorld> {
  // The holder's project goes the whole way: reviewed, positive, released, published.
  const setup = await startReview(engine, { reviewers: 3 });
  await submitAll(engine, setup.seats, { ratings: completeRatings(3) });
  await proposeAndRelease(engine, setup, 'positive');
  await consentAndPublish(engine, setup);
  const holder = setup.holder;
  const published = setup.project;
  const holderDraft = await createCompleteDraft(engine, holder, setup.call.id);
  const holderFile = await uploadConceptNote(engine, holder, holderDraft.id);

  const otherHolder = await createHolder(engine);
  const otherDraft = await createCompleteDraft(engine, otherHolder, setup.call.id);
  const otherFile = await uploadConceptNote(engine, otherHolder, otherDraft.id);
  const otherSubmitted = await createSubmittedProject(engine, otherHolder, setup.call.id);

  const admin = await createAccount(engine, { roles: ['admin'] });
  const secretariat = setup.secretariat;
  const reviewer = setup.lead.reviewer;
  const otherReviewer = setup.members[0].reviewer;
  const spareReviewer = setup.spares[0];
  const targetHolder = await createHolder(engine);
  const unverified = await createOrganization(engine, { verified: false });
  const reference = await referenceFramework(engine);
  const draftFramework = await createFramework(engine, admin, { cloneFromId: reference.id });
  const draftCall = await createDraftCall(engine);
  await waitForQueuesIdle(engine, 30_000);

  const one = async <T>(sql: string, parameters: unknown[] = []): Promise<T[]> => engine.dataSource.query(sql, parameters);
  const publishedFile = (await one<{ id: string }>('SELECT id FROM project_attachment WHERE project_id = $1 LIMIT 1', [published.id]))[0].id;
  const runs = (await one<{ id: string }>('SELECT id FROM assignment_run ORDER BY id LIMIT 2')).map((row) => row.id);
  const notificationsOf = async (userId: string) => (await one<{ id: string }>('SELECT id FROM notification WHERE user_id = $1 ORDER BY id LIMIT 2', [userId])).map((row) => row.id);
  const notifications = [...(await notificationsOf(holder.id)), ...(await notificationsOf(reviewer.id)), ...(await notificationsOf(otherHolder.id)), ...(await notificationsOf(otherReviewer.id))];
  const [{ fasp_id: otherFaspId }] = await one<{ fasp_id: string }>('SELECT fasp_id FROM project WHERE id = $1', [otherSubmitted.id]);
  const [{ fasp_id: publishedFaspId }] = await one<{ fasp_id: string }>('SELECT fasp_id FROM project WHERE id = $1', [published.id]);

  const actors: Record<Actor, TestAccount> = { holder, otherHolder, reviewer, secretariat, admin };

  // Real cursors of the lists, to be replayed (and mangled) as `cursor` query parameters.
  const cursors: string[] = [];
  for (const [path, account] of [
    ['/api/users', admin],
    ['/api/organizations', admin],
    ['/api/projects', secretariat],
    ['/api/calls', admin],
    ['/api/security-events', admin],
    ['/api/me/notifications', holder],
    ['/api/frameworks', admin],
  ] as const) {
    const res = await request(engine.url).get(path).query({ limit: 1 }).set('authorization', account.bearer);
    if (typeof res.body?.nextCursor === 'string') cursors.push(res.body.nextCursor);
  }

  const codes = criteriaOf(REFERENCE_FRAMEWORK).map((criterion) => criterion.code);
  const values: Record<string, Record<string, string[]>> = {
    '/api/users': { id: [spareReviewer.id, targetHolder.id, otherReviewer.id] },
    '/api/organizations': { id: [holder.organization.id, otherHolder.organization.id, unverified.id] },
    '/api/frameworks': { id: [reference.id, draftFramework.id] },
    '/api/calls': { id: [setup.call.id, draftCall.id] },
    '/api/projects': {
      id: [published.id, holderDraft.id, otherDraft.id, otherSubmitted.id],
      attachmentId: [holderFile.id, otherFile.id, publishedFile],
      code: [...codes.slice(0, 3), '9.9', '1.10'],
      n: ['1', '2', '0', '3'],
      assignmentId: [setup.lead.assignmentId, setup.members[0].assignmentId],
    },
    '/api/reviewers': { userId: [reviewer.id, otherReviewer.id, spareReviewer.id, holder.id] },
    '/api/assignments': { id: [setup.lead.assignmentId, setup.members[0].assignmentId] },
    '/api/assignment-runs': { id: runs },
    '/api/me/notifications': { id: notifications },
    '/api/public/opportunities': { faspId: [publishedFaspId, otherFaspId] },
  };
  const allIds = [...new Set(Object.values(values).flatMap((byParam) => Object.values(byParam).flat()).filter((value) => /^[0-9a-f-]{36}$/.test(value)))];
  allIds.push(...Object.values(actors).map((account) => account.id), setup.call.id, holder.organization.id);

  const pools: ValuePools = {
    uuids: allIds,
    emails: [...Object.values(actors).map((account) => account.email), 'admin@fasp.local'],
    passwords: [TEST_PASSWORD, TEST_ADMIN_PASSWORD],
    criterionCodes: codes,
  };
  const hints = fuzzHints(codes, cursors);

  const queues = engine.get(QueueClients);
  const idleOnce = async (): Promise<boolean> => {
    const [{ pending }] = await one<{ pending: number }>(`SELECT count(*)::int AS pending FROM outbox WHERE dispatched_at IS NULL AND due_at <= now()`);
    if (pending > 0) return false;
    const counts = await queues.counts(5000);
    return CONSUMED_QUEUES.every((name) => counts[name].waiting + counts[name].active + counts[name].prioritized === 0);
  };

  return {
    engine,
    smtp,
    actors,
    pools,
    hints,
    pathValues(operation, param) {
      const resource = operation.template.slice(0, operation.template.indexOf('/{'));
      return values[resource]?.[param] ?? [];
    },
    authorization(role) {
      return role === 'anonymous' ? undefined : actors[role].bearer;
    },
    async restoreActors() {
      const restored: string[] = [];
      const answers = await Promise.all(Object.values(actors).map((account) => request(engine.url).get('/api/me').set('authorization', account.bearer)));
      for (const [index, [role, account]] of Object.entries(actors).entries()) {
        const res = answers[index];
        if (res.status === 200) continue;
        const user = await engine.get(UsersRepository).findActiveAuthUser(account.id);
        if (!user) throw new Error(`the ${role} account was deactivated by a fuzzed request: ${res.status} ${res.text}`);
        const tokens = await engine.dataSource.transaction((manager) => engine.get(TokenService).issuePair(user, manager, '127.0.0.1'));
        account.token = tokens.accessToken;
        account.bearer = `Bearer ${tokens.accessToken}`;
        restored.push(role);
      }
      return restored;
    },
    async settle() {
      // Twice in a row: a job that ends between the two reads of one check leaves its outbox rows for the second.
      if ((await idleOnce()) && (await idleOnce())) return;
      await waitForQueuesIdle(engine, 30_000);
    },
    async close() {
      await engine.close();
      await smtp.stop();
    },
  };
}

/** Shapes of the free-form fields (`additionalProperties: true`) as their descriptions give them. */
function fuzzHints(codes: string[], cursors: string[]): Hints {
  const code = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...codes) }, { weight: 1, arbitrary: hostileString });
  const harm = fc.constantFrom('no_risk', 'risk_mitigated', 'unclear', 'risk');
  const text = fc.oneof(fc.string({ maxLength: 40 }), hostileString);
  const leaf = <T>(arbitrary: fc.Arbitrary<T>, mutate: boolean): fc.Arbitrary<unknown> => (mutate ? fc.oneof({ weight: 5, arbitrary }, { weight: 1, arbitrary: hostileJsonValue }) : arbitrary);
  const byCode = (value: (mutate: boolean) => fc.Arbitrary<unknown>) => (mutate: boolean) => fc.dictionary(code, value(mutate), { maxKeys: 4 });
  const score = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom<unknown>('n/a', null, 5, -1, 2.5));
  const coordinate = fc.oneof(fc.double({ min: -180, max: 180, noNaN: true }), fc.constantFrom(...EDGE_NUMBERS, 181, -91, 1e308));
  const position = fc.tuple(coordinate, coordinate);
  const location = (mutate: boolean) =>
    fc.oneof(
      fc.record({ type: fc.constant('Point'), coordinates: leaf(position, mutate) }),
      fc.record({ type: fc.constant('Polygon'), coordinates: leaf(fc.array(fc.array(position, { minLength: 0, maxLength: 6 }), { maxLength: 2 }), mutate) }),
      fc.record({ type: fc.constantFrom('LineString', 'Feature', 'GeometryCollection', ''), coordinates: fc.jsonValue({ maxDepth: 2 }) }),
      fc.constant({ type: 'Polygon', coordinates: [Array.from({ length: 5000 }, (_, i) => [Math.cos(i) * 10, Math.sin(i) * 10])] }),
    );
  // A framework tree: the reference one, or the reference with one node replaced by a hostile value.
  const definitionPaths = pathsOf(referenceDefinition());
  const definition = (mutate: boolean) =>
    fc.tuple(fc.nat({ max: definitionPaths.length - 1 }), hostileJsonValue, fc.boolean()).map(([index, hostile, keep]) => {
      const tree = referenceDefinition() as unknown as Record<string, unknown>;
      if (!mutate && keep) return tree;
      setAt(tree, definitionPaths[index], hostile);
      return tree;
    });
  return {
    'SaveReviewDto.ratings': byCode((mutate) =>
      fc.record(
        { score: leaf(score, mutate), harm: leaf(harm, mutate), comment: leaf(text, mutate), recommendation: leaf(text, mutate) },
        { requiredKeys: [] },
      ),
    ),
    'SaveConsolidationDto.ratings': byCode((mutate) => fc.record({ score: leaf(score, mutate), harm: leaf(harm, mutate) }, { requiredKeys: [] })),
    'SaveConsolidationDto.feedback': byCode((mutate) => fc.record({ strengths: leaf(text, mutate), weaknesses: leaf(text, mutate), recommendations: leaf(text, mutate) }, { requiredKeys: [] })),
    'SaveConsolidationDto.general': (mutate) =>
      fc.record({ summary: leaf(text, mutate), strengths: leaf(text, mutate), weaknesses: leaf(text, mutate), recommendations: leaf(text, mutate) }, { requiredKeys: [] }),
    'UpdateFrameworkDto.definition': definition,
    'CreateProjectDto.location': location,
    'UpdateProjectDto.location': location,
    'query.cursor': () =>
      cursors.length > 0
        ? fc.oneof(
            fc.constantFrom(...cursors),
            fc.constantFrom(...cursors).map((cursor) => `${cursor.slice(0, -2)}A`),
            fc.constantFrom(...cursors).map((cursor) => Buffer.from(Buffer.from(cursor, 'base64url').toString('latin1').replace(/[0-9a-f]{8}/, "'; --").replace(/\d{4}/, '99999'), 'latin1').toString('base64url')),
            fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
            hostileString,
          )
        : hostileString,
  };
}

type PathStep = string | number;

function pathsOf(value: unknown, prefix: PathStep[] = [], out: PathStep[][] = []): PathStep[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  return out;
}

function setAt(root: Record<string, unknown>, path: PathStep[], replacement: unknown): void {
  if (path.length === 0) return;
  let node: unknown = root;
  for (const step of path.slice(0, -1)) node = (node as Record<PathStep, unknown>)[step];
  (node as Record<PathStep, unknown>)[path[path.length - 1]] = replacement;
}

export const FUZZ_UPLOADABLE_FILES = (): Buffer[] => [minimalPdf('fuzzed concept note'), samplePng(), sampleJpeg(), sampleDocx()];
