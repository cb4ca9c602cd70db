import { criteriaOf, REFERENCE_FRAMEWORK, safeguardCriteria } from '@fasp/core';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { definePDFJSModule, extractText } from 'unpdf';
import { Call } from '../../src/modules/calls/entities/call.entity';
import { Organization } from '../../src/modules/identity/entities/organization.entity';
import { CreateProjectDto } from '../../src/modules/projects/dto/dossier.dto';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { createAccount, createHolder, createOrganization, TestAccount } from './accounts';
import { createOpenCall } from './calls';
import { createSubmittedProject } from './projects';
import { TestEngine, waitForQueuesIdle } from './test-engine';

/** Builders for the review phase: a project in review with its reviewers, and complete ratings. */

/** A complete set of ratings for the reference framework: `score` everywhere (or per code), no harm on safeguards. */
export function completeRatings(score: number | ((code: string) => number | 'n/a') = 3, harm: (code: string) => string = () => 'no_risk'): Record<string, { score: number | 'n/a'; harm?: string; comment: string; recommendation: string }> {
  const safeguards = new Set(safeguardCriteria(REFERENCE_FRAMEWORK).map((criterion) => criterion.code));
  return Object.fromEntries(
    criteriaOf(REFERENCE_FRAMEWORK).map((criterion) => [
      criterion.code,
      {
        score: typeof score === 'function' ? score(criterion.code) : score,
        ...(safeguards.has(criterion.code) && { harm: harm(criterion.code) }),
        comment: `Committee note on ${criterion.code}`,
        recommendation: `Recommendation on ${criterion.code} for the holder`,
      },
    ]),
  );
}

export interface ProjectInReview {
  project: Project;
  holder: TestAccount;
  secretariat: TestAccount;
  /** the reviewers with their accepted seat; the lead first */
  seats: Array<{ reviewer: TestAccount; assignmentId: string; role: 'lead' | 'member' }>;
}

/**
 * A project admitted, assigned by a real run and accepted by every invited reviewer: stage
 * `review`. `reviewers` reviewers are created (the first `stc` of them STC members).
 */
export async function createProjectInReview(
  engine: TestEngine,
  options: { reviewersPerProject?: number; maxRounds?: number; divergenceAutoInvite?: boolean; reviewers?: number; language?: 'en' | 'fr' | 'es' } = {},
): Promise<ProjectInReview> {
  const call = await createOpenCall(engine, {
    reviewersPerProject: options.reviewersPerProject ?? 2,
    maxRounds: options.maxRounds ?? 2,
    divergenceAutoInvite: options.divergenceAutoInvite ?? false,
  });
  const secretariat = await createAccount(engine, { roles: ['secretariat'] });
  const reviewers: TestAccount[] = [];
  const count = options.reviewers ?? (options.reviewersPerProject ?? 2) + 1;
  for (let i = 0; i < count; i++) {
    const reviewer = await createAccount(engine, { roles: ['reviewer'] });
    await request(engine.url)
      .put(`/api/reviewers/${reviewer.id}/profile`)
      .set('authorization', secretariat.bearer)
      .send({ stcMember: i === 0, languages: ['en', 'fr', 'es'], practices: ['agroforestry'], capacityPerCall: 5 })
      .expect(200);
    reviewers.push(reviewer);
  }
  const holder = await createHolder(engine, { language: options.language ?? 'en' });
  const submitted = await createSubmittedProject(engine, holder, call.id, { language: options.language ?? 'en' });
  await request(engine.url).post(`/api/projects/${submitted.id}/transitions`).set('authorization', secretariat.bearer).send({ action: 'admit', expectedVersion: submitted.version }).expect(200);
  await waitForQueuesIdle(engine);
  const rows: Array<{ id: string; reviewer_id: string; role: 'lead' | 'member' }> = await engine.dataSource.query(
    `SELECT id, reviewer_id, role FROM assignment WHERE project_id = $1 AND status = 'invited' ORDER BY role`,
    [submitted.id],
  );
  const seats = rows.map((row) => ({ reviewer: reviewers.find((reviewer) => reviewer.id === row.reviewer_id)!, assignmentId: row.id, role: row.role }));
  for (const seat of seats) {
    await request(engine.url).post(`/api/assignments/${seat.assignmentId}/accept`).set('authorization', seat.reviewer.bearer).expect(200);
  }
  const [project] = await engine.dataSource.getRepository(Project).findBy({ id: submitted.id });
  if (project.stage !== 'review') throw new Error(`expected review, got ${project.stage}`);
  return { project, holder, secretariat, seats };
}

/** Saves and submits a review through the real routes. */
export async function submitReview(engine: TestEngine, seat: ProjectInReview['seats'][number], ratings = completeRatings(), overallRecommendation = 'positive'): Promise<request.Response> {
  await request(engine.url).put(`/api/assignments/${seat.assignmentId}/review`).set('authorization', seat.reviewer.bearer).send({ ratings, overallRecommendation, overallComment: 'Sound project', confidentialNotes: 'Secret note for the secretariat only' }).expect(200);
  return request(engine.url).post(`/api/assignments/${seat.assignmentId}/review/submit`).set('authorization', seat.reviewer.bearer);
}

/* ----------------------------------------------------------------------------------------- */
/* Whole review rounds through the real routes: isolated reviewer pools, reviews with markers, */
/* outcomes proposed and released, documents read back as text.                               */
/* ----------------------------------------------------------------------------------------- */

export interface ReviewSetup extends ProjectInReview {
  call: Call;
  holder: TestAccount & { organization: Organization };
  /** every reviewer created for this project, seated or spare */
  reviewers: TestAccount[];
  /** reviewers created but not seated (candidates for a top-up) */
  spares: TestAccount[];
  lead: ProjectInReview['seats'][number];
  /** the non-lead seats */
  members: Array<ProjectInReview['seats'][number]>;
}

export interface ReviewSetupOptions {
  reviewersPerProject?: number;
  maxRounds?: number;
  divergenceAutoInvite?: boolean;
  /** reviewers to create (default K + 1); the first is the only STC member */
  reviewers?: number;
  language?: 'en' | 'fr' | 'es';
  /** dossier fields on top of the complete dossier */
  dossier?: Partial<CreateProjectDto>;
  /** the holder's organisation (region, country...) */
  organization?: Partial<Organization>;
}

/**
 * Like `createProjectInReview`, with a reviewer pool of its own: every reviewer created before
 * is made unavailable first (the pool is shared by a database), so the seats and any top-up go
 * to this project's reviewers. Reviewers get distinctive names, so that a test can look for
 * them where they must not appear.
 */
export async function startReview(engine: TestEngine, options: ReviewSetupOptions = {}): Promise<ReviewSetup> {
  const k = options.reviewersPerProject ?? 2;
  const language = options.language ?? 'en';
  await engine.dataSource.query('UPDATE reviewer_profile SET available = false');
  const call = await createOpenCall(engine, { reviewersPerProject: k, maxRounds: options.maxRounds ?? 2, divergenceAutoInvite: options.divergenceAutoInvite ?? false });
  const secretariat = await createAccount(engine, { roles: ['secretariat'] });
  const reviewers: TestAccount[] = [];
  for (let i = 0; i < (options.reviewers ?? k + 1); i++) {
    const tag = randomBytes(4).toString('hex');
    const reviewer = await createAccount(engine, { roles: ['reviewer'], name: `Dr Reviewer ${tag}`, email: `reviewer-${tag}@stc.example.org` });
    await request(engine.url)
      .put(`/api/reviewers/${reviewer.id}/profile`)
      .set('authorization', secretariat.bearer)
      .send({ stcMember: i === 0, languages: ['en', 'fr', 'es'], practices: ['agroforestry'], capacityPerCall: 5 })
      .expect(200);
    reviewers.push(reviewer);
  }
  const organization = await createOrganization(engine, options.organization ?? {});
  const holder = await createHolder(engine, { language, organizationId: organization.id });
  const submitted = await createSubmittedProject(engine, holder, call.id, { language, ...options.dossier });
  await request(engine.url).post(`/api/projects/${submitted.id}/transitions`).set('authorization', secretariat.bearer).send({ action: 'admit', expectedVersion: submitted.version }).expect(200);
  await waitForQueuesIdle(engine);
  const rows: Array<{ id: string; reviewer_id: string; role: 'lead' | 'member' }> = await engine.dataSource.query(
    `SELECT id, reviewer_id, role FROM assignment WHERE project_id = $1 AND status = 'invited' ORDER BY role, reviewer_id`,
    [submitted.id],
  );
  const seats = rows.map((row) => {
    const reviewer = reviewers.find((candidate) => candidate.id === row.reviewer_id);
    if (!reviewer) throw new Error(`seat ${row.id} went to a reviewer of another test`);
    return { reviewer, assignmentId: row.id, role: row.role };
  });
  if (seats.length !== k) throw new Error(`expected ${k} invitations, got ${seats.length}`);
  for (const seat of seats) {
    await request(engine.url).post(`/api/assignments/${seat.assignmentId}/accept`).set('authorization', seat.reviewer.bearer).expect(200);
  }
  const project = await engine.dataSource.getRepository(Project).findOneByOrFail({ id: submitted.id });
  if (project.stage !== 'review') throw new Error(`expected review, got ${project.stage}`);
  const seated = new Set(seats.map((seat) => seat.reviewer.id));
  return {
    call,
    project,
    holder,
    secretariat,
    seats,
    reviewers,
    spares: reviewers.filter((reviewer) => !seated.has(reviewer.id)),
    lead: seats.find((seat) => seat.role === 'lead')!,
    members: seats.filter((seat) => seat.role !== 'lead'),
  };
}

export interface ReviewContent {
  ratings?: ReturnType<typeof completeRatings>;
  overallRecommendation?: string;
  overallComment?: string;
  confidentialNotes?: string;
}

/** Saves a draft through the real route (expects 200). */
export async function saveReview(engine: TestEngine, seat: ProjectInReview['seats'][number], content: ReviewContent = {}): Promise<request.Response> {
  return request(engine.url)
    .put(`/api/assignments/${seat.assignmentId}/review`)
    .set('authorization', seat.reviewer.bearer)
    .send({
      ratings: content.ratings ?? completeRatings(),
      overallRecommendation: content.overallRecommendation ?? 'positive',
      overallComment: content.overallComment ?? 'Sound project',
      confidentialNotes: content.confidentialNotes ?? 'Secret note for the secretariat only',
    })
    .expect(200);
}

/** Saves then submits; returns the submit response (not checked). */
export async function submitReviewWith(engine: TestEngine, seat: ProjectInReview['seats'][number], content: ReviewContent = {}): Promise<request.Response> {
  await saveReview(engine, seat, content);
  return request(engine.url).post(`/api/assignments/${seat.assignmentId}/review/submit`).set('authorization', seat.reviewer.bearer);
}

/** Every seat submits `content` (or content per seat), one after the other; each submit must answer 200. */
export async function submitAll(engine: TestEngine, seats: ProjectInReview['seats'], content: ReviewContent | ((seat: ProjectInReview['seats'][number]) => ReviewContent) = {}): Promise<void> {
  for (const seat of seats) {
    const res = await submitReviewWith(engine, seat, typeof content === 'function' ? content(seat) : content);
    if (res.status !== 200) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** The project's current version, read from the database. */
export async function projectVersion(engine: TestEngine, projectId: string): Promise<number> {
  return (await engine.dataSource.getRepository(Project).findOneByOrFail({ id: projectId })).version;
}

/** A transition at the project's current version, through the real route. */
export async function transitionNow(engine: TestEngine, account: Pick<TestAccount, 'bearer'>, projectId: string, body: { action: string; outcome?: string; reason?: string }): Promise<request.Response> {
  return request(engine.url)
    .post(`/api/projects/${projectId}/transitions`)
    .set('authorization', account.bearer)
    .send({ ...body, expectedVersion: await projectVersion(engine, projectId) });
}

/** The lead proposes `outcome` and the secretariat releases it; both must succeed. Returns the released project. */
export async function proposeAndRelease(engine: TestEngine, setup: Pick<ReviewSetup, 'project' | 'lead' | 'secretariat'>, outcome: string): Promise<Record<string, unknown>> {
  const proposed = await transitionNow(engine, setup.lead.reviewer, setup.project.id, { action: 'propose_outcome', outcome });
  if (proposed.status !== 200) throw new Error(`propose ${outcome} failed: ${proposed.status} ${JSON.stringify(proposed.body)}`);
  const released = await transitionNow(engine, setup.secretariat, setup.project.id, { action: 'release_feedback', outcome });
  if (released.status !== 200) throw new Error(`release ${outcome} failed: ${released.status} ${JSON.stringify(released.body)}`);
  return released.body as Record<string, unknown>;
}

/** GET of a binary route (a PDF), with the raw bytes as body. */
export function getBinary(engine: TestEngine, account: Pick<TestAccount, 'bearer'>, path: string): Promise<request.Response> {
  return request(engine.url)
    .get(path)
    .set('authorization', account.bearer)
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
}

let pdfjsReady: Promise<void> | null = null;

/**
 * The text a PDF viewer shows, page after page (pdf.js through unpdf). unpdf's CommonJS build
 * loads pdf.js with a native import(), which Jest's CommonJS runtime cannot run: it is handed
 * the module from here, where the project's transformer compiles it.
 */
export async function pdfText(pdf: Buffer): Promise<string> {
  pdfjsReady ??= definePDFJSModule(() => import(join(dirname(require.resolve('unpdf')), 'pdfjs.mjs')));
  await pdfjsReady;
  const { text } = await extractText(new Uint8Array(pdf), { mergePages: false });
  return text.join('\n');
}

/** Whitespace-insensitive, case-insensitive containment (layouts wrap long texts). */
export function textContains(haystack: string, needle: string): boolean {
  const squash = (text: string) => text.replace(/\s+/g, '').toLowerCase();
  return squash(haystack).includes(squash(needle));
}

/** The `project_document` rows of a project, oldest first. */
export function documentsOf(engine: TestEngine, projectId: string): Promise<Array<{ id: string; kind: string; round: number; outcome: string; storageKey: string; sha256: string; size: number }>> {
  return engine.dataSource.query(
    `SELECT id, kind, round, outcome, storage_key AS "storageKey", sha256, size FROM project_document WHERE project_id = $1 ORDER BY created_at, kind`,
    [projectId],
  );
}

/** The history rows of a project (action, stages, round), oldest first. */
export function transitionsOf(engine: TestEngine, projectId: string): Promise<Array<{ action: string; fromStage: string | null; toStage: string; actorRole: string; round: number }>> {
  return engine.dataSource.query(
    `SELECT action, from_stage AS "fromStage", to_stage AS "toStage", actor_role AS "actorRole", round FROM project_history WHERE project_id = $1 ORDER BY id`,
    [projectId],
  );
}

/** The holder consents (optionally to showing the budget) and the secretariat publishes; both must succeed. */
export async function consentAndPublish(engine: TestEngine, setup: Pick<ReviewSetup, 'project' | 'holder' | 'secretariat'>, options: { publishBudget?: boolean } = {}): Promise<Record<string, unknown>> {
  await request(engine.url)
    .put(`/api/projects/${setup.project.id}/publication-consent`)
    .set('authorization', setup.holder.bearer)
    .send({ consentToPublish: true, ...(options.publishBudget !== undefined && { publishBudget: options.publishBudget }) })
    .expect(200);
  const published = await transitionNow(engine, setup.secretariat, setup.project.id, { action: 'publish' });
  if (published.status !== 200) throw new Error(`publish failed: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body as Record<string, unknown>;
}

/** A project taken through one positive round and published: the builder of investment opportunities. */
export async function createPublishedProject(engine: TestEngine, options: ReviewSetupOptions & { publishBudget?: boolean } = {}): Promise<ReviewSetup> {
  const { publishBudget, ...reviewOptions } = options;
  const setup = await startReview(engine, reviewOptions);
  await submitAll(engine, setup.seats, { ratings: completeRatings(3) });
  await proposeAndRelease(engine, setup, 'positive');
  await consentAndPublish(engine, setup, { publishBudget });
  return setup;
}
