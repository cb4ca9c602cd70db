import { criteriaOf, REFERENCE_FRAMEWORK, safeguardCriteria } from '@fasp/core';
import request from 'supertest';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { createAccount, createHolder, TestAccount } from './accounts';
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
