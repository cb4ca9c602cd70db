import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { seatTakesCapacity } from '../assignment/entities/assignment.entity';
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

/**
 * The funnel's steps: as a condition on a project (scanning the projects) and as the counter
 * that holds the same number (`pipeline_count`, kept by the database; see the PipelineScale
 * migration).
 */
const FUNNEL: Array<{ step: string; condition: string; counter: { dimension: string; key: string } }> = [
  { step: 'submitted', condition: `'submitted' = ANY(reached_stages)`, counter: { dimension: 'reached', key: 'submitted' } },
  { step: 'admitted', condition: `'assignment' = ANY(reached_stages)`, counter: { dimension: 'reached', key: 'assignment' } },
  { step: 'reviewed', condition: `'consolidation' = ANY(reached_stages)`, counter: { dimension: 'reached', key: 'consolidation' } },
  { step: 'positive', condition: `outcome = 'positive'`, counter: { dimension: 'outcome', key: 'positive' } },
  { step: 'published', condition: `stage = 'published'`, counter: { dimension: 'stage', key: 'published' } },
];

/** The breakdowns of the summary, each a dimension of `pipeline_count` named like the column. */
const BREAKDOWNS = ['stage', 'region', 'college', 'language', 'modality'] as const;

const ACTIVE = `stage IN (${ACTIVE_STAGES.map((stage) => `'${stage}'`).join(', ')})`;

function round(value: number | null, digits = 2): number | null {
  return value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;
}

interface GroupRow {
  dim: string;
  key: string | null;
  n: number;
  overdue: number;
}

interface SummaryParts {
  groups: GroupRow[];
  countryRows: Array<{ key: string; n: number }>;
  funnelRow: Record<string, number>;
  timeRows: TimeInStageDto[];
}

/** Time in one stage before rounding: the completed stays and their durations in seconds. */
export interface TimeRow {
  stage: string;
  stays: number;
  median: number | null;
  p90: number | null;
  max: number | null;
}

/**
 * The secretariat's view of the pipeline, all computed in PostgreSQL (no rows loaded into the
 * process): counts by stage and by the Initiative's categories, the funnel, time in stage, and
 * what is late.
 *
 * At scale (100,000 projects, a million history rows) the summary reads counters and a
 * histogram of stay durations that the database keeps up to date with every change (PipelineScale
 * migration), so its cost does not grow with the number of projects; only what depends on the
 * clock (overdue) is counted live, from an index. A period (`from`/`to`) cannot be served from
 * counters: those summaries scan the projects and stays of the period.
 */
@Injectable()
export class PipelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async summary(query: PipelineQueryDto): Promise<PipelineSummaryDto> {
    const now = this.clock.now();
    const { groups, countryRows, funnelRow, timeRows } = query.from || query.to ? await this.scannedParts(query, now) : await this.countedParts(query.callId, now);

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
   * The whole summary of a call (or of every call) from the counters: a few hundred counter rows
   * (and the changes not yet folded into them) added up, overdue projects counted on the deadline
   * index, percentiles located with the histogram.
   */
  /**
   * The summary's time in stage before rounding to days (seconds, exactly as stored), found the
   * way the summary finds it: from the histogram without a period, by scanning with one.
   */
  timeInStageSeconds(query: PipelineQueryDto): Promise<TimeRow[]> {
    return query.from || query.to ? this.scannedTimeInStage(query) : this.countedTimeInStage(query.callId);
  }

  private async countedParts(callId: string | undefined, now: Date): Promise<SummaryParts> {
    const call = callId ? 'WHERE call_id = $1' : '';
    const counts = this.dataSource.query<Array<{ dimension: string; key: string | null; n: number }>>(
      // the folded counters plus the changes appended since; ordered like the scanned country
      // breakdown: by count, then key (in the database's collation)
      `SELECT dimension, key, sum(projects)::int AS n
         FROM (SELECT dimension, key, projects FROM pipeline_count ${call}
               UNION ALL SELECT dimension, key, projects FROM pipeline_count_delta ${call}) AS counted
        GROUP BY dimension, key HAVING sum(projects) <> 0 ORDER BY n DESC, key`,
      callId ? [callId] : [],
    );
    const overdue = this.dataSource.query<Array<{ stage: string; n: number }>>(
      `SELECT stage, count(*)::int AS n FROM project WHERE ${ACTIVE} AND stage_deadline < $1::timestamptz ${callId ? 'AND call_id = $2' : ''} GROUP BY stage`,
      callId ? [now, callId] : [now],
    );
    const [countRows, overdueRows, timeRows] = await Promise.all([counts, overdue, this.countedTimeInStage(callId).then(toTimeInStage)]);

    const overdueByStage = new Map(overdueRows.map((row) => [row.stage, row.n]));
    const counted = (dimension: string, key: string) => countRows.find((row) => row.dimension === dimension && row.key === key)?.n ?? 0;
    const groups: GroupRow[] = countRows
      .filter((row) => (BREAKDOWNS as readonly string[]).includes(row.dimension))
      .map((row) => ({ dim: row.dimension, key: row.key, n: row.n, overdue: row.dimension === 'stage' ? (overdueByStage.get(row.key ?? '') ?? 0) : 0 }));
    groups.push({ dim: 'total', key: null, n: countRows.find((row) => row.dimension === 'total')?.n ?? 0, overdue: 0 });
    return {
      groups,
      countryRows: countRows.filter((row) => row.dimension === 'country').map((row) => ({ key: row.key as string, n: row.n })),
      funnelRow: Object.fromEntries(FUNNEL.map(({ step, counter }) => [step, counted(counter.dimension, counter.key)])),
      timeRows,
    };
  }

  /**
   * Median, 90th percentile (nearest rank: the value at rank ⌈p·n⌉ of the sorted durations, as
   * percentile_disc) and maximum of the completed stays in each stage, from the histogram (folded
   * buckets plus the changes appended since): the cumulative counts of the buckets give the
   * bucket of each wanted rank and the rank within it, then one index scan of at most that bucket
   * reads the value.
   */
  private countedTimeInStage(callId: string | undefined): Promise<TimeRow[]> {
    const call = (alias: string) => (callId ? `${alias}call_id = $1 AND ` : '');
    return this.dataSource
      .query<TimeRow[]>(
        `WITH h AS (SELECT stage, bucket, sum(stays)::bigint AS n
                      FROM (SELECT stage, bucket, stays FROM stage_stay_histogram ${callId ? 'WHERE call_id = $1' : ''}
                            UNION ALL SELECT stage, bucket, stays FROM stage_stay_histogram_delta ${callId ? 'WHERE call_id = $1' : ''}) AS counted
                     GROUP BY stage, bucket HAVING sum(stays) <> 0),
              totals AS (SELECT stage, sum(n)::bigint AS stays, coalesce(sum(n) FILTER (WHERE bucket IS NOT NULL), 0)::bigint AS ranked FROM h GROUP BY stage),
              cumulative AS MATERIALIZED (
                SELECT stage, bucket, n, sum(n) OVER (PARTITION BY stage ORDER BY bucket)::bigint AS up_to FROM h WHERE bucket IS NOT NULL),
              wanted AS (
                SELECT t.stage, q.p, greatest(1, ceil(q.p * t.ranked))::bigint AS rank
                  FROM totals t CROSS JOIN (VALUES (0.5::double precision), (0.9::double precision)) AS q(p) WHERE t.ranked > 0),
              located AS (
                SELECT DISTINCT ON (w.stage, w.p) w.stage, w.p, c.bucket, w.rank - (c.up_to - c.n) AS rank_in_bucket
                  FROM wanted w JOIN cumulative c ON c.stage = w.stage AND c.up_to >= w.rank
                 ORDER BY w.stage, w.p, c.bucket),
              valued AS (
                SELECT l.stage, l.p,
                       (SELECT s.duration_seconds FROM stage_stay_bucket_range(l.bucket) AS r, stage_stay s
                         WHERE ${call('s.')}s.stage = l.stage AND s.left_at IS NOT NULL
                           AND s.duration_seconds >= r.low AND s.duration_seconds <= r.high AND stage_stay_bucket(s.duration_seconds) = l.bucket
                         ORDER BY s.duration_seconds OFFSET l.rank_in_bucket - 1 LIMIT 1) AS duration
                  FROM located l)
         SELECT t.stage, t.stays::int AS stays,
                (SELECT v.duration FROM valued v WHERE v.stage = t.stage AND v.p = 0.5) AS median,
                (SELECT v.duration FROM valued v WHERE v.stage = t.stage AND v.p = 0.9) AS p90,
                (SELECT max(s.duration_seconds) FROM stage_stay s WHERE ${call('s.')}s.stage = t.stage AND s.left_at IS NOT NULL) AS max
           FROM totals t WHERE t.stays > 0 ORDER BY t.stage`,
        callId ? [callId] : [],
      );
  }

  private projectFilter(query: PipelineQueryDto, params: unknown[]): string {
    const clauses: string[] = [];
    if (query.callId) clauses.push(`call_id = $${params.push(query.callId)}`);
    if (query.from) clauses.push(`created_at >= $${params.push(query.from)}::timestamptz`);
    if (query.to) clauses.push(`created_at < $${params.push(query.to)}::timestamptz`);
    return clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  }

  /** The summary of a period, scanning its projects and stays (no counter knows a period). */
  private async scannedParts(query: PipelineQueryDto, now: Date): Promise<SummaryParts> {
    const params: unknown[] = [];
    const where = this.projectFilter(query, params);
    const nowParam = `$${params.push(now)}::timestamptz`;
    // One scan of the projects for every breakdown (GROUPING SETS).
    const grouped = this.dataSource.query<GroupRow[]>(
      `SELECT CASE WHEN GROUPING(stage) = 0 THEN 'stage' WHEN GROUPING(region) = 0 THEN 'region' WHEN GROUPING(college) = 0 THEN 'college'
                   WHEN GROUPING(language) = 0 THEN 'language' WHEN GROUPING(modality) = 0 THEN 'modality' ELSE 'total' END AS dim,
              COALESCE(stage, region, college, language, modality::text) AS key,
              count(*)::int AS n,
              count(*) FILTER (WHERE stage_deadline < ${nowParam} AND ${ACTIVE})::int AS overdue
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
    const [groups, countryRows, [funnelRow], timeRows] = await Promise.all([grouped, countries, funnel, this.scannedTimeInStage(query).then(toTimeInStage)]);
    return { groups, countryRows, funnelRow, timeRows };
  }

  /** Time in stage over the stays that ended in the period, with percentile_disc over their durations. */
  private scannedTimeInStage(query: PipelineQueryDto): Promise<TimeRow[]> {
    const params: unknown[] = [];
    const clauses = ['s.left_at IS NOT NULL'];
    if (query.callId) clauses.push(`s.call_id = $${params.push(query.callId)}`);
    if (query.from) clauses.push(`s.left_at >= $${params.push(query.from)}::timestamptz`);
    if (query.to) clauses.push(`s.left_at < $${params.push(query.to)}::timestamptz`);
    return this.dataSource
      .query<TimeRow[]>(
        `SELECT s.stage, count(*)::int AS stays,
                percentile_disc(0.5) WITHIN GROUP (ORDER BY s.duration_seconds) AS median,
                percentile_disc(0.9) WITHIN GROUP (ORDER BY s.duration_seconds) AS p90,
                max(s.duration_seconds) AS max
           FROM stage_stay s WHERE ${clauses.join(' AND ')}
          GROUP BY s.stage ORDER BY s.stage`,
        params,
      );
  }

  /**
   * Every project, invitation and review past its deadline, latest first, with who must act.
   *
   * Each kind is read in the list's order from an index and cut at the limit (the projects and
   * invitations from their deadline indexes, the missing reviews from the overdue projects in
   * review, in deadline order, each seat's index entry telling the round of its latest submitted
   * review), and only the first `limit` of the three merged are completed
   * with titles and names. The total counts the three kinds on the same indexes, in the same
   * statement (computed once: one round trip, and no second query competing for the CPU).
   */
  async overdue(query: { callId?: string; limit?: number }): Promise<OverdueListDto> {
    const now = this.clock.now();
    const params: unknown[] = [now];
    const call = query.callId ? `AND p.call_id = $${params.push(query.callId)}` : '';
    // An invitation belongs to the call of its project; without a call, every invitation has a
    // project (foreign key), so there is nothing to join.
    const invitations = query.callId ? `assignment a JOIN project p ON p.id = a.project_id` : 'assignment a';
    const missingReviews = `project p JOIN assignment a ON a.project_id = p.id AND a.status = 'accepted'
          WHERE p.stage = 'review' AND p.stage_deadline < $1 ${call}
            AND coalesce(a.review_submitted_round, 0) < p.round`;
    const limit = Math.min(query.limit ?? 500, 2000);
    const total = `SELECT ((SELECT count(*) FROM project p WHERE p.${ACTIVE} AND p.stage_deadline < $1 ${call})
               + (SELECT count(*) FROM ${invitations} WHERE a.status = 'invited' AND a.respond_by < $1 ${call})
               + (SELECT count(*) FROM ${missingReviews}))::int`;
    const rows = await this.dataSource.query<
      Array<{ type: string; project_id: string; fasp_id: string | null; title: string; stage: string; blocked_by: string; person_id: string | null; person_name: string | null; due_at: Date; total: number }>
    >(
      `WITH project_items AS (
         SELECT 'project' AS type, p.id AS project_id, NULL::uuid AS person_id, p.stage_deadline AS due_at
           FROM project p
          WHERE p.${ACTIVE} AND p.stage_deadline < $1 ${call}
          ORDER BY p.stage_deadline, p.id LIMIT ${limit}
       ), invitation_items AS (
         SELECT 'invitation' AS type, a.project_id, a.reviewer_id AS person_id, a.respond_by AS due_at
           FROM ${invitations}
          WHERE a.status = 'invited' AND a.respond_by < $1 ${call}
          ORDER BY a.respond_by, a.project_id, a.reviewer_id LIMIT ${limit}
       ), review_items AS (
         SELECT 'review' AS type, p.id AS project_id, a.reviewer_id AS person_id, p.stage_deadline AS due_at
           FROM ${missingReviews}
          ORDER BY p.stage_deadline, p.id, a.reviewer_id LIMIT ${limit}
       ), first_items AS (
         SELECT * FROM project_items UNION ALL SELECT * FROM invitation_items UNION ALL SELECT * FROM review_items
          ORDER BY due_at, project_id, person_id LIMIT ${limit}
       )
       SELECT i.type, p.id AS project_id, p.fasp_id, p.title, p.stage,
              CASE WHEN i.type = 'project' THEN CASE p.stage ${Object.entries(BLOCKING)
                .map(([stage, who]) => `WHEN '${stage}' THEN '${who}'`)
                .join(' ')} END ELSE 'reviewer' END AS blocked_by,
              i.person_id, u.name AS person_name, i.due_at, (${total}) AS total
         FROM first_items i JOIN project p ON p.id = i.project_id LEFT JOIN user_account u ON u.id = i.person_id
        ORDER BY i.due_at, i.project_id, i.person_id`,
      params,
    );
    return {
      // as the list has always counted: nothing listed, nothing counted (a limit of 0)
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
              count(*) FILTER (WHERE ${seatTakesCapacity('a', 'p')})::int AS load,
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

function toTimeInStage(rows: TimeRow[]): TimeInStageDto[] {
  return rows.map((row) => ({
    stage: row.stage,
    stays: row.stays,
    medianDays: row.median === null ? null : round(row.median / DAY),
    p90Days: row.p90 === null ? null : round(row.p90 / DAY),
    maxDays: row.max === null ? null : round(row.max / DAY),
  }));
}
