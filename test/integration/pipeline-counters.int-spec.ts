import fc from 'fast-check';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PipelineSummaryDto } from '../../src/modules/pipeline/pipeline.dto';
import { PipelineService } from '../../src/modules/pipeline/pipeline.service';
import { Clock } from '../../src/platform/clock/clock';
import { loadConfig } from '../../src/platform/config/app-config';
import { buildDataSourceOptions } from '../../src/platform/database/data-source-options';
import { MIGRATIONS } from '../../src/platform/database/migrations';
import { PipelineScale1795946059155 } from '../../src/platform/database/migrations/1795946059155-pipeline-scale';
import { createHolder } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { createTestDatabase } from '../helpers/database';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

/**
 * The pipeline summary without a period reads counters and a histogram of stay durations that
 * triggers keep (PipelineScale migration); with a period it scans the projects and stays. Random
 * sequences of changes written directly in SQL (inserts, updates of every counted column,
 * deletes, stays closed with all sorts of durations, truncations, and transactions interleaved on
 * two connections, some rolled back) must leave both ways giving the same summary, and the same
 * nearest-rank percentiles to the second as percentile_disc over the stays.
 *
 * A fixed seed by default; FUZZ_SEED=<n> replays another one.
 */

const STAGES = ['draft', 'submitted', 'info_requested', 'not_admitted', 'assignment', 'review', 'consolidation', 'revision', 'completed', 'published', 'withdrawn'];
/** a window holding every project's creation and every stay's end: the summary then scans everything */
const EVERYTHING = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 4_1000_9;

interface ProjectRow {
  call: number;
  stage: string;
  region: string;
  college: string;
  language: string;
  modality: number | null;
  countries: Array<string | null>;
  reached: string[];
  outcome: string | null;
  /** days from now, never close to now (the overdue counts must not change between two reads) */
  deadlineDays: number | null;
  createdDay: number;
}

type Duration = number | null;

interface StayRow {
  call: number;
  stage: string;
  enteredDay: number;
  /** closed with this duration, or open */
  closed: { duration: Duration } | null;
}

/** Which existing rows a change touches: the ones at these positions in id order (of the connection's half during interleaved transactions). */
interface Pick {
  offset: number;
  limit: number;
}

type Op =
  | { kind: 'insertProjects'; rows: ProjectRow[] }
  | { kind: 'updateProjects'; pick: Pick; set: Partial<Omit<ProjectRow, 'createdDay'>> }
  | { kind: 'deleteProjects'; pick: Pick }
  | { kind: 'insertStays'; rows: StayRow[] }
  | { kind: 'closeStays'; pick: Pick; durations: Duration[] }
  | { kind: 'updateStays'; pick: Pick; stage?: string; call?: number; duration?: Duration; reopen?: boolean }
  | { kind: 'deleteStays'; pick: Pick }
  | { kind: 'truncate'; tables: string };

type Step =
  | { kind: 'ops'; ops: Op[] }
  | { kind: 'interleaved'; first: Op[]; second: Op[]; firstAgain: Op[]; firstEnds: 'commit' | 'rollback'; secondEnds: 'commit' | 'rollback'; secondEndsFirst: boolean };

// --- arbitraries ---------------------------------------------------------------------------

const pickArb: fc.Arbitrary<Pick> = fc.record({ offset: fc.nat(30), limit: fc.integer({ min: 1, max: 8 }) });

const projectArb: fc.Arbitrary<ProjectRow> = fc.record({
  call: fc.nat(1),
  stage: fc.constantFrom(...STAGES),
  region: fc.constantFrom('africa', 'europe', 'asia_pacific'),
  college: fc.constantFrom('NGO', 'SCI', 'GOV'),
  language: fc.constantFrom('en', 'fr', 'es'),
  modality: fc.constantFrom(null, 1, 2),
  // repeated countries count once per occurrence, like the scan; a NULL element is a NULL key
  countries: fc.array(fc.oneof({ weight: 20, arbitrary: fc.constantFrom('SN', 'FR', 'BR', 'IN', 'US') }, { weight: 1, arbitrary: fc.constant(null) }), { maxLength: 3 }),
  // a repeated reached stage counts once
  reached: fc.array(fc.constantFrom('draft', 'submitted', 'assignment', 'consolidation', 'completed'), { maxLength: 4 }),
  outcome: fc.constantFrom(null, 'positive', 'revise', 'not_positive'),
  deadlineDays: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 20 }), fc.integer({ min: -20, max: -1 })),
  createdDay: fc.nat(365),
});

/** Bucket edges of the histogram (e^(b/32) - 1 seconds), and values a hair away from them. */
const edgeArb = fc
  .tuple(fc.integer({ min: -60, max: 640 }), fc.constantFrom(0, 1e-12, -1e-12, 1e-7, -1e-7))
  .map(([bucket, nudge]) => (bucket >= 0 ? Math.exp(bucket / 32) - 1 : 1 - Math.exp(-bucket / 32)) * (1 + nudge));

const durationArb: fc.Arbitrary<Duration> = fc.oneof(
  // common values, often equal to each other (ties across buckets' ranks)
  { weight: 6, arbitrary: fc.constantFrom(0, 1, 60, 3600, 86_400, 86_400 * 7, 86_400 * 30, 86_400 * 365) },
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 86_400 * 60 }) },
  { weight: 3, arbitrary: fc.double({ min: 0, max: 1e9, noNaN: true }) },
  { weight: 3, arbitrary: edgeArb },
  // what the engine never writes, but a column of double precision holds
  { weight: 1, arbitrary: fc.constantFrom(null, -1, -86_400, 1e300, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
);

const stayArb: fc.Arbitrary<StayRow> = fc.record({
  call: fc.nat(1),
  stage: fc.constantFrom('draft', 'submitted', 'review', 'consolidation'),
  enteredDay: fc.nat(365),
  closed: fc.option(fc.record({ duration: durationArb }), { freq: 4 }),
});

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insertProjects' as const), rows: fc.array(projectArb, { minLength: 1, maxLength: 12 }) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('updateProjects' as const),
      pick: pickArb,
      set: fc.record(
        {
          call: fc.nat(1),
          stage: fc.constantFrom(...STAGES),
          region: fc.constantFrom('africa', 'europe', 'north_america'),
          college: fc.constantFrom('NGO', 'SCI', 'BUS'),
          language: fc.constantFrom('en', 'fr'),
          modality: fc.constantFrom(null, 1, 2),
          countries: fc.array(fc.constantFrom('SN', 'FR', 'DE'), { maxLength: 3 }),
          reached: fc.array(fc.constantFrom('submitted', 'assignment', 'consolidation', 'published'), { maxLength: 3 }),
          outcome: fc.constantFrom(null, 'positive', 'not_positive'),
          deadlineDays: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 20 }), fc.integer({ min: -20, max: -1 })),
        },
        // any subset, the empty one included (an edit of nothing counted)
        { requiredKeys: [] },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deleteProjects' as const), pick: pickArb }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insertStays' as const), rows: fc.array(stayArb, { minLength: 1, maxLength: 15 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('closeStays' as const), pick: pickArb, durations: fc.array(durationArb, { minLength: 8, maxLength: 8 }) }) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        kind: fc.constant('updateStays' as const),
        pick: pickArb,
        stage: fc.constantFrom('draft', 'submitted', 'review'),
        call: fc.nat(1),
        duration: durationArb,
        reopen: fc.boolean(),
      },
      { requiredKeys: ['kind', 'pick'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteStays' as const), pick: pickArb }) },
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('ops' as const), ops: fc.array(opArb, { minLength: 1, maxLength: 5 }) }) },
  // (the project table cannot be truncated: project_history refuses it, and references it)
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'ops', ops: [{ kind: 'truncate', tables: 'stage_stay' }] }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('interleaved' as const),
      first: fc.array(opArb, { minLength: 1, maxLength: 3 }),
      second: fc.array(opArb, { minLength: 1, maxLength: 3 }),
      firstAgain: fc.array(opArb, { maxLength: 2 }),
      firstEnds: fc.constantFrom('commit' as const, 'commit' as const, 'rollback' as const),
      secondEnds: fc.constantFrom('commit' as const, 'commit' as const, 'rollback' as const),
      secondEndsFirst: fc.boolean(),
    }),
  },
);

// --- applying changes ----------------------------------------------------------------------

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

interface World {
  calls: string[];
  holderId: string;
  organizationId: string;
  now: Date;
}

const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString();
/** durations as PostgreSQL reads them (NaN and the infinities included) */
const pgDouble = (value: Duration): string | null => (value === null ? null : Number.isNaN(value) ? 'NaN' : value === Infinity ? 'Infinity' : value === -Infinity ? '-Infinity' : String(value));

/**
 * Applies one change. `half` restricts updates and deletes to one half of the rows (by id), so
 * that two open transactions never wait for each other's row locks.
 */
async function apply(query: Query, world: World, op: Op, half: 0 | 1 | null): Promise<void> {
  const projectHalf = half === null ? 'true' : `(hashtext(id::text) & 1) = ${half}`;
  const stayHalf = half === null ? 'true' : `id % 2 = ${half}`;
  const pickedProjects = (pick: Pick) => `id IN (SELECT id FROM project WHERE ${projectHalf} ORDER BY id OFFSET ${pick.offset} LIMIT ${pick.limit})`;
  const pickedStays = (pick: Pick, where = 'true') => `id IN (SELECT id FROM stage_stay WHERE ${stayHalf} AND ${where} ORDER BY id OFFSET ${pick.offset} LIMIT ${pick.limit})`;
  const deadline = (days: number | null) => (days === null ? null : new Date(world.now.getTime() + days * 86_400_000).toISOString());
  switch (op.kind) {
    case 'insertProjects': {
      const rows = op.rows.map((row) => ({ ...row, call_id: world.calls[row.call], deadline: deadline(row.deadlineDays), created_at: day(row.createdDay) }));
      await query(
        `INSERT INTO project (call_id, holder_id, organization_id, stage, region, college, title, language, modality, countries, stage_entered_at,
                              stage_deadline, outcome, reached_stages, created_at, updated_at)
         SELECT r.call_id, $2, $3, r.stage, r.region, r.college, 'Counted project', r.language, r.modality, r.countries, r.created_at,
                r.deadline, r.outcome, r.reached, r.created_at, r.created_at
           FROM jsonb_to_recordset($1::jsonb) AS r(call_id uuid, stage text, region text, college text, language text, modality int,
                                                   countries text[], deadline timestamptz, outcome text, reached text[], created_at timestamptz)`,
        [JSON.stringify(rows), world.holderId, world.organizationId],
      );
      return;
    }
    case 'updateProjects': {
      const params: unknown[] = [];
      const sets: string[] = [];
      const set = op.set;
      if (set.call !== undefined) sets.push(`call_id = $${params.push(world.calls[set.call])}`);
      for (const column of ['stage', 'region', 'college', 'language', 'modality', 'countries', 'outcome'] as const) {
        if (set[column] !== undefined) sets.push(`${column} = $${params.push(set[column])}`);
      }
      if (set.reached !== undefined) sets.push(`reached_stages = $${params.push(set.reached)}`);
      if (set.deadlineDays !== undefined) sets.push(`stage_deadline = $${params.push(deadline(set.deadlineDays))}`);
      // nothing counted changes: the triggers must net it out
      sets.push(`title = title || '.'`);
      await query(`UPDATE project SET ${sets.join(', ')} WHERE ${pickedProjects(op.pick)}`, params);
      return;
    }
    case 'deleteProjects':
      await query(`DELETE FROM project WHERE ${pickedProjects(op.pick)}`);
      return;
    case 'insertStays': {
      const rows = op.rows.map((row) => ({
        call_id: world.calls[row.call],
        stage: row.stage,
        entered_at: day(row.enteredDay),
        left_at: row.closed ? day(row.enteredDay + 3) : null,
        duration: row.closed ? pgDouble(row.closed.duration) : null,
      }));
      await query(
        `INSERT INTO stage_stay (project_id, call_id, stage, entered_at, left_at, duration_seconds)
         SELECT gen_random_uuid(), r.call_id, r.stage, r.entered_at, r.left_at, r.duration::double precision
           FROM jsonb_to_recordset($1::jsonb) AS r(call_id uuid, stage text, entered_at timestamptz, left_at timestamptz, duration text)`,
        [JSON.stringify(rows)],
      );
      return;
    }
    case 'closeStays':
      await query(
        `UPDATE stage_stay s SET left_at = s.entered_at + interval '2 days', duration_seconds = d.duration
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM stage_stay WHERE ${pickedStays(op.pick, 'left_at IS NULL')}) AS t
           JOIN unnest($1::double precision[]) WITH ORDINALITY AS d(duration, n) USING (n)
          WHERE s.id = t.id`,
        [op.durations.map(pgDouble)],
      );
      return;
    case 'updateStays': {
      const params: unknown[] = [];
      const sets: string[] = [];
      if (op.stage !== undefined) sets.push(`stage = $${params.push(op.stage)}`);
      if (op.call !== undefined) sets.push(`call_id = $${params.push(world.calls[op.call])}`);
      if (op.duration !== undefined) sets.push(`duration_seconds = $${params.push(pgDouble(op.duration))}::double precision`);
      if (op.reopen) sets.push('left_at = NULL');
      sets.push('entered_at = entered_at');
      await query(`UPDATE stage_stay SET ${sets.join(', ')} WHERE ${pickedStays(op.pick)}`, params);
      return;
    }
    case 'deleteStays':
      await query(`DELETE FROM stage_stay WHERE ${pickedStays(op.pick)}`);
      return;
    case 'truncate':
      await query(`TRUNCATE ${op.tables}`);
      return;
  }
}

// --- the property --------------------------------------------------------------------------

const withoutTime = ({ generatedAt: _generatedAt, ...rest }: PipelineSummaryDto) => rest;

describe('pipeline counters (property)', () => {
  let engine: TestEngine;
  let pipeline: PipelineService;
  let world: World;
  const connections: Client[] = [];
  const folded = { projects: false, stays: false };

  beforeAll(async () => {
    engine = await startTestEngine();
    pipeline = engine.get(PipelineService);
    const holder = await createHolder(engine);
    world = {
      calls: [(await createOpenCall(engine)).id, (await createOpenCall(engine)).id],
      holderId: holder.id,
      organizationId: holder.organization.id,
      now: engine.get(Clock).now(),
    };
    for (let i = 0; i < 2; i += 1) {
      const client = new Client({ connectionString: engine.database.url });
      await client.connect();
      connections.push(client);
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all(connections.map((client) => client.end()));
    await engine?.close();
  });

  /** Whatever a failed check left open on the two connections. */
  const endTransactions = () => Promise.all(connections.map((client) => client.query('ROLLBACK')));

  const onClient = (client: Client): Query => async (sql, params) => (await client.query(sql, params)).rows;

  /** The counted summary (no period) against the scanned one (a period holding everything), overall and per call. */
  async function expectCountedEqualsScanned(): Promise<void> {
    for (const callId of [undefined, ...world.calls]) {
      const [counted, scanned, countedTimes, scannedTimes] = await Promise.all([
        pipeline.summary({ callId }),
        pipeline.summary({ callId, ...EVERYTHING }),
        pipeline.timeInStageSeconds({ callId }),
        pipeline.timeInStageSeconds({ callId, ...EVERYTHING }),
      ]);
      expect(withoutTime(counted)).toEqual(withoutTime(scanned));
      // to the second, percentile_disc's own values (NaN and infinities included)
      expect(countedTimes).toEqual(scannedTimes);
    }
    const [{ projects, stays }] = await engine.dataSource.query<Array<{ projects: boolean; stays: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM pipeline_count) AS projects, EXISTS (SELECT 1 FROM stage_stay_histogram) AS stays`,
    );
    folded.projects ||= projects;
    folded.stays ||= stays;
  }

  /**
   * Starts from no project and no stay, with the next fold of each table `untilFold` appended
   * changes away (its sequence moved on to just before a multiple of 1024), so that short runs
   * fold too.
   */
  async function run(steps: Step[], untilFold = { projects: 1024, stays: 1024 }): Promise<void> {
    await endTransactions();
    await engine.dataSource.query('DELETE FROM project');
    await engine.dataSource.query('TRUNCATE stage_stay');
    for (const [table, distance] of [
      ['pipeline_count_delta', untilFold.projects],
      ['stage_stay_histogram_delta', untilFold.stays],
    ] as const) {
      await engine.dataSource.query(
        `SELECT setval(pg_get_serial_sequence($1, 'id'), ((nextval(pg_get_serial_sequence($1, 'id')) + $2::int) / 1024 + 1) * 1024 - $2::int)`,
        [table, distance],
      );
    }
    await expectCountedEqualsScanned();
    const [first, second] = connections;
    for (const step of steps) {
      if (step.kind === 'ops') {
        for (const op of step.ops) await apply(onClient(first), world, op, null);
      } else {
        await first.query('BEGIN');
        await second.query('BEGIN');
        try {
          for (const op of step.first) await apply(onClient(first), world, op, 0);
          for (const op of step.second) await apply(onClient(second), world, op, 1);
          for (const op of step.firstAgain) await apply(onClient(first), world, op, 0);
          // readers see neither transaction yet
          await expectCountedEqualsScanned();
          const ends: Array<[Client, string]> = [
            [first, step.firstEnds],
            [second, step.secondEnds],
          ];
          if (step.secondEndsFirst) ends.reverse();
          await ends[0][0].query(ends[0][1].toUpperCase());
          await expectCountedEqualsScanned();
          await ends[1][0].query(ends[1][1].toUpperCase());
        } catch (error) {
          await first.query('ROLLBACK');
          await second.query('ROLLBACK');
          throw error;
        }
      }
      await expectCountedEqualsScanned();
    }
  }

  it('counted and scanned summaries agree after any changes, concurrent ones included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 8 }), fc.record({ projects: fc.integer({ min: 1, max: 60 }), stays: fc.integer({ min: 1, max: 30 }) }), (steps, untilFold) =>
        run(steps, untilFold),
      ),
      { seed: SEED, numRuns: 30, endOnFailure: true },
    );
    // the appended changes were folded into the counters at least once on the way
    expect(folded).toEqual({ projects: true, stays: true });
  }, 240_000);

  it('a writer folds the committed changes while another transaction holds changes of its own; both ways, and after a rollback', async () => {
    await endTransactions();
    await engine.dataSource.query('DELETE FROM project');
    await engine.dataSource.query('TRUNCATE stage_stay');
    const [first, second] = connections;
    // One statement with more than 1024 distinct counter keys (and stays in as many buckets):
    // it crosses a fold boundary whatever the sequence stands at.
    const wide = (prefix: string): Op[] => [
      {
        kind: 'insertProjects',
        rows: Array.from({ length: 1100 }, (_, i) => ({ call: i % 2, stage: 'submitted', region: 'europe', college: 'NGO', language: 'en', modality: 1, countries: [`${prefix}${i}`], reached: ['submitted'], outcome: null, deadlineDays: 5, createdDay: i % 365 })),
      },
      { kind: 'insertStays', rows: Array.from({ length: 1100 }, (_, i) => ({ call: i % 2, stage: 'review', enteredDay: i % 365, closed: { duration: Math.exp(i / 32) } })) },
    ];
    const foldedRows = async () =>
      (await engine.dataSource.query<Array<{ projects: number; stays: number }>>(`SELECT (SELECT count(*) FROM pipeline_count)::int AS projects, (SELECT count(*) FROM stage_stay_histogram)::int AS stays`))[0];

    // The second connection folds while the first holds uncommitted changes.
    await first.query('BEGIN');
    await apply(onClient(first), world, { kind: 'insertProjects', rows: [{ call: 0, stage: 'review', region: 'africa', college: 'SCI', language: 'fr', modality: null, countries: ['SN'], reached: ['submitted'], outcome: null, deadlineDays: -3, createdDay: 1 }] }, null);
    await apply(onClient(first), world, { kind: 'insertStays', rows: [{ call: 0, stage: 'review', enteredDay: 1, closed: { duration: 42 } }] }, null);
    for (const op of wide('A')) await apply(onClient(second), world, op, null);
    const afterFold = await foldedRows();
    expect(afterFold.projects).toBeGreaterThan(0);
    expect(afterFold.stays).toBeGreaterThan(0);
    await expectCountedEqualsScanned();
    await first.query('COMMIT');
    await expectCountedEqualsScanned();

    // The first folds and stays open; the second commits changes, then crosses a boundary while
    // the fold's lock is held (it skips folding); the first then rolls its fold back.
    await first.query('BEGIN');
    for (const op of wide('B')) await apply(onClient(first), world, op, null);
    await apply(onClient(second), world, { kind: 'updateProjects', pick: { offset: 0, limit: 50 }, set: { region: 'north_america' } }, null);
    for (const op of wide('C')) await apply(onClient(second), world, op, null);
    await expectCountedEqualsScanned();
    await first.query('ROLLBACK');
    await expectCountedEqualsScanned();
    // and the changes left by the skipped fold are folded by the next one
    for (const op of wide('D')) await apply(onClient(second), world, op, null);
    await expectCountedEqualsScanned();
    const [{ pending }] = await engine.dataSource.query<Array<{ pending: number }>>(`SELECT count(*)::int AS pending FROM pipeline_count_delta`);
    expect(pending).toBeLessThan(1024);
  }, 120_000);

  it("the migration's down() then up() leaves the schema as it was and the counters equal to a scan", async () => {
    const migration = new PipelineScale1795946059155();
    const schema = (query: Query) =>
      query(
        `SELECT (SELECT array_agg(indexdef ORDER BY indexdef) FROM pg_indexes WHERE schemaname = 'public') AS indexes,
                (SELECT array_agg(f ORDER BY f) FROM (SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS f FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace) AS f) AS functions,
                (SELECT array_agg(tgname::text ORDER BY tgname) FROM pg_trigger WHERE NOT tgisinternal) AS triggers,
                (SELECT array_agg(table_name::text ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations') AS tables`,
      );
    const before = await schema((sql) => engine.dataSource.query(sql));

    // the schema of the migrations before this one, built on an empty database
    const previous = await createTestDatabase({ migrated: false });
    const earlier = new DataSource({ ...buildDataSourceOptions(loadConfig({ DATABASE_URL: previous.url })), migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(PipelineScale1795946059155)) });
    let expectedDown: unknown;
    try {
      await earlier.initialize();
      await earlier.runMigrations({ transaction: 'each' });
      expectedDown = await schema((sql) => earlier.query(sql));
    } finally {
      await earlier.destroy();
      await previous.drop();
    }

    // some data for up() to count
    await run([{ kind: 'ops', ops: fc.sample(opArb, { seed: SEED, numRuns: 40 }) }]);
    const runner = engine.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      expect(await schema((sql) => runner.query(sql))).toEqual(expectedDown);
      await migration.up(runner);
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
    expect(await schema((sql) => engine.dataSource.query(sql))).toEqual(before);
    await expectCountedEqualsScanned();
    // and the triggers are back
    await run([{ kind: 'ops', ops: fc.sample(opArb, { seed: SEED + 1, numRuns: 20 }) }]);
  }, 120_000);
});
