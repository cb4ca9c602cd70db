import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { NotFoundException } from '../../platform/errors/domain-exception';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { JobName } from '../../platform/queue/queue.constants';
import { CallsService } from '../calls/calls.service';
import { Call } from '../calls/entities/call.entity';
import { AssignmentsRepository } from './assignments.repository';
import { Assignment } from './entities/assignment.entity';
import { AssignmentRun, RunProjectResult, RunResult } from './entities/assignment-run.entity';
import { MatchingInputBuilder } from './matching-input.builder';
import { SolverRunner } from './solver-runner';

const DAY_MS = 24 * 3600 * 1000;

/** See AssignmentRunsService.onSeatsSettled. */
export type SeatsSettledHook = (projectIds: readonly string[], manager: EntityManager) => Promise<void>;

/**
 * Assignment runs: requested by the secretariat (a whole call), by an admission, or by a seat
 * to fill again (top-up). A request joins the call's queued run if there is one; a run, once
 * running, holds the call's advisory lock, so runs of one call never overlap (the next waits).
 */
@Injectable()
export class AssignmentRunsService {
  private readonly logger = new Logger(AssignmentRunsService.name);
  private readonly settledHooks: SeatsSettledHook[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assignments: AssignmentsRepository,
    private readonly builder: MatchingInputBuilder,
    private readonly solver: SolverRunner,
    private readonly calls: CallsService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /**
   * Queues a run for the call, or joins the queued one (widening its scope). `projectIds` null
   * means every project of the call waiting for reviewers. Call inside the transaction of the
   * change that makes a seat free, so both commit or neither.
   */
  async request(callId: string, trigger: string, projectIds: string[] | null, requestedById: string | null, manager: EntityManager): Promise<AssignmentRun> {
    const rows: Array<{ id: string; inserted: boolean }> = await manager.query(
      `INSERT INTO assignment_run (call_id, trigger, requested_by_id, project_ids) VALUES ($1, $2, $3, $4)
       ON CONFLICT (call_id) WHERE status = 'queued' DO UPDATE SET project_ids =
         CASE WHEN assignment_run.project_ids IS NULL OR EXCLUDED.project_ids IS NULL THEN NULL
              ELSE (SELECT COALESCE(array_agg(DISTINCT id ORDER BY id), '{}') FROM unnest(assignment_run.project_ids || EXCLUDED.project_ids) AS id) END
       RETURNING id, (xmax = 0) AS inserted`,
      [callId, trigger, requestedById, projectIds],
    );
    const { id, inserted } = rows[0];
    if (inserted) await this.outbox.record(manager, { name: JobName.AssignmentRun, payload: { runId: id } });
    return (await manager.getRepository(AssignmentRun).findOneBy({ id }))!;
  }

  async get(id: string): Promise<AssignmentRun> {
    const run = await this.dataSource.getRepository(AssignmentRun).findOneBy({ id });
    if (!run) throw new NotFoundException('Assignment run');
    return run;
  }

  /**
   * Called in a run's transaction, under the projects' locks, with the projects it could act on:
   * the reviews module completes a round that was only waiting for a seat nobody can fill.
   */
  onSeatsSettled(hook: SeatsSettledHook): void {
    this.settledHooks.push(hook);
  }

  /** Runs a queued run (the job handler). Running it twice is harmless: a finished run is left alone. */
  async execute(runId: string): Promise<AssignmentRun> {
    // Claiming frees the call's "queued" place, so a later request queues a new run (which
    // then waits for this one's lock). A retried job takes its run again (running or failed).
    const [claimed]: [Array<Pick<AssignmentRun, 'id' | 'callId' | 'projectIds'>>, number] = await this.dataSource.query(
      `UPDATE assignment_run SET status = 'running', started_at = now(), error = NULL
        WHERE id = $1 AND status IN ('queued', 'running', 'failed')
        RETURNING id, call_id AS "callId", project_ids AS "projectIds"`,
      [runId],
    );
    const run = claimed[0];
    if (!run) return this.get(runId);
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`assignment:${run.callId}`]);
      // Another execution of this run (a retried job) may have completed it while this one waited.
      const [current]: Array<{ status: string }> = await lock.query('SELECT status FROM assignment_run WHERE id = $1', [runId]);
      if (current?.status === 'completed') return this.get(runId);
      const call = await this.calls.get(run.callId);
      const { input, needs } = await this.builder.build(call, run.projectIds);
      const outcome = input.projects.length > 0 ? await this.solver.solve(input) : null;
      const projects = await this.dataSource.transaction(async (manager) => {
        if (!outcome) return [];
        const still: string[] = await manager
          .query(`SELECT id FROM project WHERE id = ANY($1) AND stage IN ('assignment', 'review') ORDER BY id FOR UPDATE`, [needs.map((need) => need.project.id)])
          .then((found: Array<{ id: string }>) => found.map((row) => row.id));
        // The solve saw the state before it started. Under the projects' locks, trim what it
        // proposes to what is still free now (a manual assignment or an accept may have come
        // in meanwhile): never more than K seats, never two leads, never past a capacity.
        const loads = await this.assignments.loads(call.id, manager);
        const capacities = new Map(input.reviewers.map((reviewer) => [reviewer.id, reviewer.capacity + reviewer.currentLoad]));
        const rows: Array<Partial<Assignment>> = [];
        for (const assigned of outcome.result.assignments) {
          const need = needs.find((item) => item.project.id === assigned.projectId);
          if (!need || !still.includes(assigned.projectId)) continue;
          const now = await this.builder.needsOf(need.project, call, manager);
          let free = now.slots;
          let leadFree = now.needsLead;
          for (const reviewer of assigned.reviewers) {
            if (free <= 0) break;
            if (now.active.some((seat) => seat.reviewerId === reviewer.reviewerId)) continue;
            if ((loads.get(reviewer.reviewerId) ?? 0) >= (capacities.get(reviewer.reviewerId) ?? 0)) continue;
            const role = reviewer.role === 'lead' && !leadFree ? 'member' : reviewer.role;
            if (role === 'lead') leadFree = false;
            rows.push(this.invitation(call, assigned.projectId, reviewer.reviewerId, role, reviewer.affinity, runId));
            loads.set(reviewer.reviewerId, (loads.get(reviewer.reviewerId) ?? 0) + 1);
            free -= 1;
          }
        }
        const inserted = await this.assignments.insertMany(rows, manager);
        for (const assignment of inserted) await this.announce(assignment, manager);
        for (const hook of this.settledHooks) await hook(still, manager);
        return outcome.result.assignments.map(
          (assigned): RunProjectResult => ({
            projectId: assigned.projectId,
            slots: assigned.slots,
            invited: inserted
              .filter((assignment) => assignment.projectId === assigned.projectId)
              .map((assignment) => ({ assignmentId: assignment.id, reviewerId: assignment.reviewerId, role: assignment.role, affinity: assignment.explanation })),
          }),
        );
      });
      const result: RunResult | null = outcome
        ? { projects, shortfalls: [...outcome.result.shortfalls], totals: outcome.result.totals, solveMs: Math.round(outcome.solveMs), greedyObjective: outcome.greedyObjective }
        : { projects: [], shortfalls: [], totals: { slots: 0, filledSlots: 0, leadSlots: 0, filledLeadSlots: 0, totalAffinity: 0, loadPenalty: 0, objective: 0 }, solveMs: 0 };
      await this.dataSource.query(`UPDATE assignment_run SET status = 'completed', finished_at = now(), result = $2::jsonb, error = NULL WHERE id = $1`, [
        runId,
        JSON.stringify(result),
      ]);
      this.logger.log({ msg: 'assignment run completed', runId, callId: run.callId, projects: needs.length, filled: result.totals.filledSlots, slots: result.totals.slots });
    } catch (error) {
      await this.dataSource.query(`UPDATE assignment_run SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`, [runId, (error as Error).message]);
      throw error;
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`assignment:${run.callId}`]).catch(() => undefined);
      await lock.release();
    }
    return this.get(runId);
  }

  /** A seat offered: the invitation answer is due after the call's invitation days. */
  invitation(call: Call, projectId: string, reviewerId: string, role: 'lead' | 'member', explanation: Assignment['explanation'], runId: string | null): Partial<Assignment> {
    return {
      projectId,
      callId: call.id,
      reviewerId,
      role,
      status: 'invited',
      source: runId ? 'run' : 'manual',
      runId,
      explanation,
      respondBy: new Date(this.clock.now().getTime() + call.deadlines.invitationDays * DAY_MS),
    };
  }

  /** The invitation's email and its expiry, recorded with it. */
  async announce(assignment: Assignment, manager: EntityManager): Promise<void> {
    await this.outbox.record(manager, {
      name: JobName.AssignmentEvent,
      payload: { assignmentId: assignment.id, event: 'invited' },
      dedupeKey: `assignment-event:${assignment.id}:invited`,
    });
    await this.outbox.record(manager, {
      name: JobName.InvitationExpire,
      payload: { assignmentId: assignment.id },
      dueAt: assignment.respondBy,
      dedupeKey: `invitation-expire:${assignment.id}`,
    });
  }
}
