import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { CountDto, FunnelStepDto, OverdueListDto, PipelineQueryDto, PipelineSummaryDto, ReviewerWorkloadDto, StageCountDto, TimeInStageDto } from './pipeline.dto';

const ACTIVE_STAGES = ['submitted', 'info_requested', 'assignment', 'review', 'consolidation', 'revision'];
const DAY = 86400;

/** Who must act for a project that waits in a stage. */
const BLOCKING: Record<string, string> = {
  submitted: 'secretariat',
  info_requested: 'holder',
  assignment: 'reviewer',
  review: 'reviewer',
  consolidation: 'lead',
  revision: 'holder',
};

const FUNNEL: Array<{ step: string; condition: string }> = [
  { step: 'submitted', condition: `'submitted' = ANY(reached_stages)` },
  { step: 'admitted', condition: `'assignment' = ANY(reached_stages)` },
  { step: 'reviewed', condition: `'consolidation' = ANY(reached_stages)` },
  { step: 'positive', condition: `outcome = 'positive'` },
  { step: 'published', condition: `stage = 'published'` },
];

function round(value: number | null, digits = 2): number | null {
  return value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;
}

/**
 * The secretariat's view of the pipeline, all computed in PostgreSQL (counts and percentiles in
 * SQL over indexed tables; no rows loaded into the process): counts by stage and by the
 * Initiative's categories, the funnel, time in stage, and what is late.
 */
@Injectable()
export class PipelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private projectFilter(query: PipelineQueryDto, params: unknown[]): string {
    const clauses: string[] = [];
    if (query.callId) clauses.push(`call_id = $${params.push(query.callId)}`);
    if (query.from) clauses.push(`created_at >= $${params.push(query.from)}::timestamptz`);
    if (query.to) clauses.push(`created_at < $${params.push(query.to)}::timestamptz`);
    return clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  }

  async summary(query: PipelineQueryDto): Promise<PipelineSummaryDto> {
    const now = this.clock.now();
    const params: unknown[] = [];
    const where = this.projectFilter(query, params);
    const nowParam = `$${params.push(now)}::timestamptz`;
    const active = `stage IN (${ACTIVE_STAGES.map((stage) => `'${stage}'`).join(', ')})`;
    // One scan of the projects for every breakdown and the funnel (GROUPING SETS).
    const grouped = this.dataSource.query<Array<{ dim: string; key: string | null; n: number; overdue: number }>>(
      `SELECT CASE WHEN GROUPING(stage) = 0 THEN 'stage' WHEN GROUPING(region) = 0 THEN 'region' WHEN GROUPING(college) = 0 THEN 'college'
                   WHEN GROUPING(language) = 0 THEN 'language' WHEN GROUPING(modality) = 0 THEN 'modality' ELSE 'total' END AS dim,
              COALESCE(stage, region, college, language, modality::text) AS key,
              count(*)::int AS n,
              count(*) FILTER (WHERE stage_deadline < ${nowParam} AND ${active})::int AS overdue
         FROM project ${where}
        GROUP BY GROUPING SETS ((stage), (region), (college), (language), (modality), ())`,
      params,
    );
    const countryParams: unknown[] = [];
    const countries = this.dataSource.query<Array<{ key: string; n: number }>>(
      `SELECT country AS key, count(*)::int AS n FROM project, unnest(countries) AS country ${this.projectFilter(query, countryParams)} GROUP BY country ORDER BY n DESC, key`,
      countryParams,
    );
    const funnelParams: unknown[] = [];
    const funnel = this.dataSource.query<Array<Record<string, number>>>(
      `SELECT ${FUNNEL.map(({ step, condition }) => `count(*) FILTER (WHERE ${condition})::int AS "${step}"`).join(', ')} FROM project ${this.projectFilter(query, funnelParams)}`,
      funnelParams,
    );
    const times = this.timeInStage(query);
    const [groups, countryRows, [funnelRow], timeRows] = await Promise.all([grouped, countries, funnel, times]);

    const of = (dim: string): CountDto[] =>
      groups
        .filter((row) => row.dim === dim)
        .map((row) => ({ key: row.key ?? 'unknown', count: row.n }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    const byStage: StageCountDto[] = groups
      .filter((row) => row.dim === 'stage')
      .map((row) => ({ stage: row.key ?? 'unknown', count: row.n, overdue: row.overdue }))
      .sort((a, b) => a.stage.localeCompare(b.stage));
    let previous: number | null = null;
    const funnelSteps: FunnelStepDto[] = FUNNEL.map(({ step }) => {
      const count = funnelRow[step];
      const conversion: number | null = previous === null || previous === 0 ? null : round(count / previous, 4);
      previous = count;
      return { step, count, conversion };
    });
    return {
      total: groups.find((row) => row.dim === 'total')?.n ?? 0,
      byStage,
      byRegion: of('region'),
      byCollege: of('college'),
      byCountry: countryRows.map((row) => ({ key: row.key, count: row.n })),
      byLanguage: of('language'),
      byModality: of('modality'),
      funnel: funnelSteps,
      timeInStage: timeRows,
      overdueTotal: byStage.reduce((sum, row) => sum + row.overdue, 0),
      generatedAt: now.toISOString(),
    };
  }

  /**
   * Median, 90th percentile (nearest rank: the value at rank ⌈p·n⌉ of the sorted durations) and
   * maximum of the completed stays in each stage.
   */
  private timeInStage(query: PipelineQueryDto): Promise<TimeInStageDto[]> {
    const params: unknown[] = [];
    const clauses = ['s.left_at IS NOT NULL'];
    if (query.callId) clauses.push(`s.call_id = $${params.push(query.callId)}`);
    if (query.from) clauses.push(`s.left_at >= $${params.push(query.from)}::timestamptz`);
    if (query.to) clauses.push(`s.left_at < $${params.push(query.to)}::timestamptz`);
    return this.dataSource
      .query<Array<{ stage: string; stays: number; median: number | null; p90: number | null; max: number | null }>>(
        `SELECT s.stage, count(*)::int AS stays,
                percentile_disc(0.5) WITHIN GROUP (ORDER BY s.duration_seconds) AS median,
                percentile_disc(0.9) WITHIN GROUP (ORDER BY s.duration_seconds) AS p90,
                max(s.duration_seconds) AS max
           FROM stage_stay s WHERE ${clauses.join(' AND ')}
          GROUP BY s.stage ORDER BY s.stage`,
        params,
      )
      .then((rows) =>
        rows.map((row) => ({
          stage: row.stage,
          stays: row.stays,
          medianDays: row.median === null ? null : round(row.median / DAY),
          p90Days: row.p90 === null ? null : round(row.p90 / DAY),
          maxDays: row.max === null ? null : round(row.max / DAY),
        })),
      );
  }

  /** Every project, invitation and review past its deadline, latest first, with who must act. */
  async overdue(query: { callId?: string; limit?: number }): Promise<OverdueListDto> {
    const now = this.clock.now();
    const params: unknown[] = [now];
    const call = query.callId ? `AND p.call_id = $${params.push(query.callId)}` : '';
    const limit = Math.min(query.limit ?? 500, 2000);
    const rows = await this.dataSource.query<
      Array<{ type: string; project_id: string; fasp_id: string | null; title: string; stage: string; blocked_by: string; person_id: string | null; person_name: string | null; due_at: Date; total: number }>
    >(
      `WITH items AS (
         SELECT 'project' AS type, p.id AS project_id, p.fasp_id, p.title, p.stage,
                CASE p.stage ${Object.entries(BLOCKING).map(([stage, who]) => `WHEN '${stage}' THEN '${who}'`).join(' ')} END AS blocked_by,
                NULL::uuid AS person_id, NULL AS person_name, p.stage_deadline AS due_at
           FROM project p
          WHERE p.stage IN (${ACTIVE_STAGES.map((stage) => `'${stage}'`).join(', ')}) AND p.stage_deadline < $1 ${call}
         UNION ALL
         SELECT 'invitation', p.id, p.fasp_id, p.title, p.stage, 'reviewer', a.reviewer_id, u.name, a.respond_by
           FROM assignment a JOIN project p ON p.id = a.project_id JOIN user_account u ON u.id = a.reviewer_id
          WHERE a.status = 'invited' AND a.respond_by < $1 ${call}
         UNION ALL
         SELECT 'review', p.id, p.fasp_id, p.title, p.stage, 'reviewer', a.reviewer_id, u.name, p.stage_deadline
           FROM project p JOIN assignment a ON a.project_id = p.id AND a.status = 'accepted' JOIN user_account u ON u.id = a.reviewer_id
          WHERE p.stage = 'review' AND p.stage_deadline < $1 ${call}
            AND NOT EXISTS (SELECT 1 FROM review r WHERE r.assignment_id = a.id AND r.round = p.round AND r.status = 'submitted')
       )
       SELECT *, count(*) OVER ()::int AS total FROM items ORDER BY due_at ASC, project_id, person_id LIMIT ${limit}`,
      params,
    );
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map((row) => ({
        type: row.type,
        projectId: row.project_id,
        faspId: row.fasp_id,
        title: row.title,
        stage: row.stage,
        blockedBy: row.blocked_by,
        personId: row.person_id,
        personName: row.person_name,
        dueAt: row.due_at.toISOString(),
        daysLate: round((now.getTime() - row.due_at.getTime()) / (DAY * 1000)) ?? 0,
      })),
    };
  }

  /** Per reviewer and call: invitations, answers, reviews on time, speed, load against capacity. */
  async reviewers(query: { callId?: string }): Promise<ReviewerWorkloadDto[]> {
    const params: unknown[] = [];
    const call = query.callId ? `WHERE a.call_id = $${params.push(query.callId)}` : '';
    const rows = await this.dataSource.query<
      Array<{ reviewer_id: string; name: string; call_id: string; invited: number; accepted: number; declined: number; expired: number; active: number; submitted: number; on_time: number; avg_days: number | null; load: number; capacity: number | null }>
    >(
      `SELECT a.reviewer_id, u.name, a.call_id,
              count(*)::int AS invited,
              count(*) FILTER (WHERE a.status IN ('accepted', 'completed'))::int AS accepted,
              count(*) FILTER (WHERE a.status = 'declined')::int AS declined,
              count(*) FILTER (WHERE a.status = 'expired')::int AS expired,
              count(*) FILTER (WHERE a.status = 'accepted' AND p.stage = 'review')::int AS active,
              count(r.id)::int AS submitted,
              count(r.id) FILTER (WHERE NOT r.late)::int AS on_time,
              avg(EXTRACT(EPOCH FROM r.submitted_at - a.responded_at) / 86400) FILTER (WHERE r.id IS NOT NULL) AS avg_days,
              count(*) FILTER (WHERE a.status IN ('invited', 'accepted', 'completed'))::int AS load,
              max(rp.capacity_per_call) AS capacity
         FROM assignment a
         JOIN user_account u ON u.id = a.reviewer_id
         JOIN project p ON p.id = a.project_id
         LEFT JOIN reviewer_profile rp ON rp.user_id = a.reviewer_id
         LEFT JOIN LATERAL (SELECT id, late, submitted_at FROM review WHERE assignment_id = a.id AND status = 'submitted' ORDER BY round LIMIT 1) r ON true
         ${call}
        GROUP BY a.reviewer_id, u.name, a.call_id
        ORDER BY u.name, a.call_id`,
      params,
    );
    return rows.map((row) => ({
      reviewerId: row.reviewer_id,
      name: row.name,
      callId: row.call_id,
      invited: row.invited,
      accepted: row.accepted,
      declined: row.declined,
      expired: row.expired,
      active: row.active,
      submitted: row.submitted,
      onTime: row.on_time,
      averageDaysToSubmit: row.avg_days === null ? null : round(Number(row.avg_days)),
      load: row.load,
      capacity: row.capacity ?? 0,
    }));
  }
}
