import { type Affinity, computeAffinity, type MatchingProject, type MatchingReviewer } from '@fasp/matching';
import request from 'supertest';
import type { Language } from '@fasp/core';
import { AssignmentRunsService } from '../../src/modules/assignment/assignment-runs.service';
import { AssignmentsRepository } from '../../src/modules/assignment/assignments.repository';
import { Assignment } from '../../src/modules/assignment/entities/assignment.entity';
import { AssignmentRun } from '../../src/modules/assignment/entities/assignment-run.entity';
import { ReviewerProfile } from '../../src/modules/assignment/entities/reviewer-profile.entity';
import { CreateProjectDto } from '../../src/modules/projects/dto/dossier.dto';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { WorkflowService } from '../../src/modules/workflow/workflow.service';
import { Organization } from '../../src/modules/identity/entities/organization.entity';
import { AccountOptions, createAccount, createHolder, TestAccount } from './accounts';
import { authUserOf, createSubmittedProject } from './projects';
import { TestEngine } from './test-engine';

/** Builders for the reviewer pool and for projects waiting for reviewers. */

/** What a test may set on a reviewer's profile (anything left out takes the column default). */
export type ProfileInput = Partial<Omit<ReviewerProfile, 'userId' | 'user' | 'updatedAt'>>;

export interface TestReviewer extends TestAccount {
  profile: ReviewerProfile;
}

/**
 * An account with the reviewer role and a profile, written through the repository (no HTTP).
 * Reads English unless told otherwise.
 */
export async function createReviewer(engine: TestEngine, profile: ProfileInput = {}, account: AccountOptions = {}): Promise<TestReviewer> {
  const created = await createAccount(engine, { roles: ['reviewer'], ...account });
  const saved = await engine.get(AssignmentsRepository).saveProfile({ languages: ['en'], ...profile, userId: created.id });
  return { ...created, profile: saved };
}

/**
 * Makes every reviewer created so far unavailable: the reviewer pool is shared by all the calls
 * of a database, so a test that counts on exactly its own reviewers starts with this.
 */
export async function retireReviewers(engine: TestEngine): Promise<void> {
  await engine.dataSource.query('UPDATE reviewer_profile SET available = false');
}

export type TestHolder = TestAccount & { organization: Organization };

export interface AdmittedProject {
  project: Project;
  holder: TestHolder;
}

/**
 * A complete dossier submitted by `holder` (a new holder of a new organisation by default) and
 * admitted by `secretariat`: the project is in `assignment` and its admission recorded an
 * assignment request in the outbox.
 */
export async function admitProject(
  engine: TestEngine,
  secretariat: TestAccount,
  callId: string,
  options: { holder?: TestHolder; dossier?: Partial<CreateProjectDto> } = {},
): Promise<AdmittedProject> {
  const holder = options.holder ?? (await createHolder(engine));
  const submitted = await createSubmittedProject(engine, holder, callId, options.dossier);
  const user = await authUserOf(secretariat, engine);
  const project = await engine.get(WorkflowService).transition({ kind: 'user', user }, { projectId: submitted.id, action: 'admit', expectedVersion: submitted.version });
  return { project, holder };
}

/** Requests a run of the call (or of some of its projects) as the secretariat would, in its own transaction. */
export function requestRun(engine: TestEngine, callId: string, projectIds: string[] | null = null, trigger = 'secretariat'): Promise<AssignmentRun> {
  return engine.dataSource.transaction((manager) => engine.get(AssignmentRunsService).request(callId, trigger, projectIds, null, manager));
}

/** Requests a run and executes it in this process (as the job handler would). */
export async function runAssignment(engine: TestEngine, callId: string, projectIds: string[] | null = null): Promise<AssignmentRun> {
  const run = await requestRun(engine, callId, projectIds);
  return engine.get(AssignmentRunsService).execute(run.id);
}

/** Every seat ever offered on a project, oldest first. */
export function seatsOf(engine: TestEngine, projectId: string): Promise<Assignment[]> {
  return engine.dataSource.getRepository(Assignment).find({ where: { projectId }, order: { createdAt: 'ASC', id: 'ASC' } });
}

/** The seats a project holds now (invited, accepted or completed). */
export async function activeSeatsOf(engine: TestEngine, projectId: string): Promise<Assignment[]> {
  return (await seatsOf(engine, projectId)).filter((seat) => ['invited', 'accepted', 'completed'].includes(seat.status));
}

export interface HistoryRow {
  action: string;
  fromStage: string | null;
  toStage: string;
  actorId: string | null;
  actorRole: string;
  reason: string | null;
  details: Record<string, unknown>;
}

export function historyOf(engine: TestEngine, projectId: string): Promise<HistoryRow[]> {
  return engine.dataSource.query(
    `SELECT action, from_stage AS "fromStage", to_stage AS "toStage", actor_id AS "actorId", actor_role AS "actorRole", reason, details
       FROM project_history WHERE project_id = $1 ORDER BY id`,
    [projectId],
  );
}

export interface OutboxJobRow {
  jobName: string;
  payload: Record<string, string>;
  dueAt: Date;
  dedupeKey: string | null;
}

/** The outbox rows whose payload names this assignment. */
export function outboxOfAssignment(engine: TestEngine, assignmentId: string): Promise<OutboxJobRow[]> {
  return engine.dataSource.query(
    `SELECT job_name AS "jobName", payload, due_at AS "dueAt", dedupe_key AS "dedupeKey" FROM outbox
      WHERE payload->>'assignmentId' = $1 ORDER BY created_at, id`,
    [assignmentId],
  );
}

export function runsOfCall(engine: TestEngine, callId: string): Promise<AssignmentRun[]> {
  return engine.dataSource.getRepository(AssignmentRun).find({ where: { callId }, order: { createdAt: 'ASC', id: 'ASC' } });
}

/**
 * The affinity the matching library gives `profile` for `project`, from the facts the test set
 * (the dossier's practices and land uses, the project's countries and region).
 */
export function expectedAffinity(profile: ProfileInput, project: Project): Affinity {
  const reviewer: MatchingReviewer = {
    id: 'reviewer',
    languages: (profile.languages ?? []) as Language[],
    stcMember: profile.stcMember ?? false,
    capacity: 1,
    currentLoad: 0,
    practices: profile.practices ?? [],
    landUses: profile.landUses ?? [],
    disciplines: profile.disciplines ?? [],
    criteriaFocus: profile.criteriaFocus ?? [],
    countries: profile.countries ?? [],
    regions: profile.regions ?? [],
  };
  const target: MatchingProject = {
    id: project.id,
    language: project.language as Language,
    slots: 1,
    needsLead: false,
    practices: project.dossier.practices ?? [],
    landUses: project.dossier.landUses ?? [],
    countries: project.countries,
    regions: [project.region],
  };
  return computeAffinity(reviewer, target);
}

/* HTTP moves of a reviewer and of the secretariat. */

export function acceptAs(engine: TestEngine, reviewer: Pick<TestAccount, 'bearer'>, assignmentId: string): request.Test {
  return request(engine.url).post(`/api/assignments/${assignmentId}/accept`).set('authorization', reviewer.bearer);
}

export function declineAs(engine: TestEngine, reviewer: Pick<TestAccount, 'bearer'>, assignmentId: string, reason = 'Not available in this period'): request.Test {
  return request(engine.url).post(`/api/assignments/${assignmentId}/decline`).set('authorization', reviewer.bearer).send({ reason });
}
