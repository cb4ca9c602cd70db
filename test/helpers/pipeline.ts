import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../src/platform/clock/clock';
import { DAY_MS } from './calls';
import { TestEngine } from './test-engine';

export { DAY_MS };

/**
 * Builders for the secretariat's pipeline: projects with chosen stages, deadlines, reached stages
 * and histories, stays with chosen timestamps, seats, reviews and released consolidations, all
 * written directly by SQL so that every figure the pipeline computes can be derived by hand.
 */

type Db = DataSource | EntityManager;

/** Instants relative to one fixed "now" (the engine's clock when the test started). */
export interface TimeBase {
  now: Date;
  /** `days` before now (fractions allowed) */
  ago(days: number): Date;
  /** `days` after now */
  ahead(days: number): Date;
}

export function timeBase(engine: TestEngine): TimeBase {
  const now = engine.get(Clock).now();
  return {
    now,
    ago: (days) => new Date(now.getTime() - days * DAY_MS),
    ahead: (days) => new Date(now.getTime() + days * DAY_MS),
  };
}

let faspCounter = 0;

/** A FASP id unique within the process (the column is unique). */
export function nextFaspId(year = 2030): string {
  faspCounter += 1;
  return `FASP-${year}-${String(faspCounter).padStart(4, '0')}${randomBytes(2).toString('hex').toUpperCase()}`;
}

export interface ProjectSpec {
  callId: string;
  holderId: string;
  organizationId: string;
  title?: string;
  /** null: a draft never submitted; default a fresh unique id */
  faspId?: string | null;
  stage?: string;
  round?: number;
  region?: string;
  college?: string;
  language?: string;
  modality?: number | null;
  countries?: string[];
  createdAt?: Date;
  stageEnteredAt?: Date;
  stageDeadline?: Date | null;
  outcome?: string | null;
  /** default: [stage] */
  reachedStages?: string[];
}

export interface BuiltProject {
  id: string;
  faspId: string | null;
  title: string;
  stage: string;
}

/** One project row, exactly as given (no history, no stay). */
export async function insertProject(db: Db, spec: ProjectSpec): Promise<BuiltProject> {
  const stage = spec.stage ?? 'draft';
  const faspId = spec.faspId === undefined ? nextFaspId() : spec.faspId;
  const title = spec.title ?? `Soil carbon project ${randomBytes(3).toString('hex')}`;
  const createdAt = spec.createdAt ?? new Date();
  const rows: Array<{ id: string }> = await db.query(
    `INSERT INTO project (call_id, holder_id, organization_id, fasp_id, stage, round, region, college, title, language, modality, countries,
                          stage_entered_at, stage_deadline, submitted_at, outcome, reached_stages, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13, $14, $15, $16, $17::text[], $18, $18)
     RETURNING id`,
    [
      spec.callId,
      spec.holderId,
      spec.organizationId,
      faspId,
      stage,
      spec.round ?? 1,
      spec.region ?? 'africa',
      spec.college ?? 'NGO',
      title,
      spec.language ?? 'en',
      spec.modality === undefined ? 1 : spec.modality,
      spec.countries ?? ['SN'],
      spec.stageEnteredAt ?? createdAt,
      spec.stageDeadline ?? null,
      faspId ? createdAt : null,
      spec.outcome ?? null,
      spec.reachedStages ?? [stage],
      createdAt,
    ],
  );
  return { id: rows[0].id, faspId, title, stage };
}

/** One step of a hand-made history: the project entered `stage` at `at`. */
export interface HistoryStep {
  stage: string;
  at: Date;
  action?: string;
}

/**
 * A project with a whole history, as the workflow would have written it: one history row per
 * step, a closed stay for every step but the last (left when the next one started), an open stay
 * in the last, reached stages in order of first arrival, and the project in the last stage since
 * its time.
 */
export async function insertProjectWithHistory(
  db: Db,
  spec: Omit<ProjectSpec, 'stage' | 'reachedStages' | 'stageEnteredAt'>,
  steps: HistoryStep[],
): Promise<BuiltProject> {
  if (steps.length === 0) throw new Error('a history has at least one step');
  const last = steps[steps.length - 1];
  const reached = [...new Set(steps.map((step) => step.stage))];
  const project = await insertProject(db, { ...spec, createdAt: spec.createdAt ?? steps[0].at, stage: last.stage, stageEnteredAt: last.at, reachedStages: reached });
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const from = i === 0 ? null : steps[i - 1].stage;
    await db.query(
      `INSERT INTO project_history (project_id, at, actor_id, actor_role, action, from_stage, to_stage, reason, version, round, details)
       VALUES ($1, $2, NULL, 'system', $3, $4, $5, NULL, $6, 1, '{}'::jsonb)`,
      [project.id, step.at, step.action ?? (i === 0 ? 'create' : `to_${step.stage}`), from, step.stage, i + 1],
    );
    await insertStay(db, { projectId: project.id, callId: spec.callId, stage: step.stage, enteredAt: step.at, leftAt: steps[i + 1]?.at ?? null });
  }
  return project;
}

/** Consecutive steps from `start`, each stage lasting the given number of days; the last stage stays open. */
export function path(start: Date, stages: Array<[stage: string, days: number | null]>): HistoryStep[] {
  let at = start.getTime();
  return stages.map(([stage, days]) => {
    const step = { stage, at: new Date(at) };
    if (days !== null) at += days * DAY_MS;
    return step;
  });
}

export interface StaySpec {
  projectId: string;
  callId: string;
  stage: string;
  enteredAt: Date;
  /** null: the project is still in the stage */
  leftAt: Date | null;
}

/** One stay, with its duration in seconds computed here (from the two instants). */
export async function insertStay(db: Db, stay: StaySpec): Promise<void> {
  await db.query(
    `INSERT INTO stage_stay (project_id, call_id, stage, entered_at, left_at, duration_seconds) VALUES ($1, $2, $3, $4, $5, $6)`,
    [stay.projectId, stay.callId, stay.stage, stay.enteredAt, stay.leftAt, stay.leftAt ? (stay.leftAt.getTime() - stay.enteredAt.getTime()) / 1000 : null],
  );
}

export interface SeatSpec {
  projectId: string;
  callId: string;
  reviewerId: string;
  status: 'invited' | 'accepted' | 'declined' | 'expired' | 'removed' | 'cancelled' | 'completed';
  role?: 'lead' | 'member';
  respondBy: Date;
  respondedAt?: Date | null;
  createdAt?: Date;
}

/** A reviewer's seat on a project (an invitation and what became of it). */
export async function insertSeat(db: Db, seat: SeatSpec): Promise<string> {
  const rows: Array<{ id: string }> = await db.query(
    `INSERT INTO assignment (project_id, call_id, reviewer_id, role, status, source, respond_by, responded_at, explanation, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'manual', $6, $7, '{"total":0,"terms":[]}'::jsonb, $8, $8) RETURNING id`,
    [seat.projectId, seat.callId, seat.reviewerId, seat.role ?? 'member', seat.status, seat.respondBy, seat.respondedAt ?? null, seat.createdAt ?? new Date()],
  );
  return rows[0].id;
}

export interface ReviewSpec {
  assignmentId: string;
  projectId: string;
  reviewerId: string;
  round?: number;
  status: 'draft' | 'submitted';
  submittedAt?: Date | null;
  late?: boolean;
}

export async function insertReview(db: Db, review: ReviewSpec): Promise<string> {
  const rows: Array<{ id: string }> = await db.query(
    `INSERT INTO review (assignment_id, project_id, reviewer_id, round, status, submitted_at, late, overall_recommendation)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [review.assignmentId, review.projectId, review.reviewerId, review.round ?? 1, review.status, review.submittedAt ?? null, review.late ?? false, review.status === 'submitted' ? 'positive' : null],
  );
  return rows[0].id;
}

export interface ConsolidationSpec {
  projectId: string;
  round: number;
  /** step number → score (null: no score) */
  steps?: Record<number, number | null>;
  overall?: number | null;
  /** null: not released (yet) */
  releasedAt?: Date | null;
  outcome?: 'positive' | 'not_positive' | 'revise' | null;
}

/** A round's consolidation, released with an evaluation of the given step scores (or not released). */
export async function insertConsolidation(db: Db, spec: ConsolidationSpec): Promise<void> {
  const evaluation = {
    criteria: [],
    steps: Object.entries(spec.steps ?? {}).map(([step, score]) => ({ step: Number(step), type: 'scored', weight: 1, score, scoredCriteria: [] })),
    overall: spec.overall ?? null,
    divergence: [],
    safeguards: { passed: true },
    allowedOutcomes: ['positive', 'not_positive', 'revise'],
    reasons: [],
  };
  const released = spec.releasedAt ?? null;
  await db.query(
    `INSERT INTO consolidation (project_id, round, proposed_outcome, released_outcome, released_at, released_evaluation)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [spec.projectId, spec.round, spec.outcome ?? null, released ? (spec.outcome ?? null) : null, released, released ? JSON.stringify(evaluation) : null],
  );
}

/** A reviewer's profile with a capacity (the workload report reads only the capacity). */
export async function insertReviewerProfile(db: Db, userId: string, capacityPerCall: number): Promise<void> {
  await db.query(`INSERT INTO reviewer_profile (user_id, capacity_per_call, languages) VALUES ($1, $2, '{en}')`, [userId, capacityPerCall]);
}

/** Sorts overdue items within equal due dates (the order among ties is not part of the contract). */
export function tieBroken<T extends { dueAt: string; type: string; personName: string | null }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.type.localeCompare(b.type) || (a.personName ?? '').localeCompare(b.personName ?? ''));
}
