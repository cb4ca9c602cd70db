import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { csvLine, UTF8_BOM } from './csv';

const HEADER = [
  'fasp_id',
  'title',
  'organisation',
  'organisation_country',
  'region',
  'college',
  'language',
  'modality',
  'stage',
  'days_in_stage',
  'round',
  'step_1_score',
  'step_2_score',
  'step_3_score',
  'step_4_score',
  'overall_score',
  'outcome',
  // where the project works (ISO codes, ";" between them): what the summary's byCountry counts
  'project_countries',
];

const STEP_SCORE = (step: number) =>
  `(SELECT (s ->> 'score')::float FROM jsonb_array_elements(c.released_evaluation -> 'steps') AS s WHERE (s ->> 'step')::int = ${step})`;

/**
 * One CSV row per project, streamed from a PostgreSQL cursor to the client: constant memory
 * whatever the number of projects. UTF-8 with a byte order mark, RFC 4180 quoting, formula
 * injection neutralised. Step scores are those of the last released round. The organisation's
 * country and the countries the project works in are two columns (a project may work in
 * several countries, none of them its organisation's).
 */
@Injectable()
export class ExportService {
  private readonly logger = new Logger(ExportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async projectsCsv(callId: string | undefined): Promise<Readable> {
    const params: unknown[] = [this.clock.now()];
    const where = callId ? `WHERE p.call_id = $${params.push(callId)}` : '';
    const sql = `
      SELECT p.fasp_id, p.title, o.name AS organisation, o.country, p.region, p.college, p.language, p.modality, p.stage,
             round((EXTRACT(EPOCH FROM $1::timestamptz - p.stage_entered_at) / 86400)::numeric, 1)::float AS days_in_stage,
             p.round, ${STEP_SCORE(1)} AS s1, ${STEP_SCORE(2)} AS s2, ${STEP_SCORE(3)} AS s3, ${STEP_SCORE(4)} AS s4,
             (c.released_evaluation ->> 'overall')::float AS overall, c.released_outcome AS outcome,
             array_to_string(p.countries, ';') AS project_countries
        FROM project p
        JOIN organization o ON o.id = p.organization_id
        LEFT JOIN LATERAL (SELECT released_evaluation, released_outcome FROM consolidation
                            WHERE project_id = p.id AND released_at IS NOT NULL ORDER BY round DESC LIMIT 1) c ON true
        ${where}
       ORDER BY p.created_at, p.id`;
    const runner = this.dataSource.createQueryRunner('slave');
    const client = (await runner.connect()) as PoolClient;
    const rows = client.query(new QueryStream(sql, params, { batchSize: 500 }));
    const toCsv = new Transform({
      objectMode: true,
      transform(row: Record<string, unknown>, _encoding, callback) {
        const round2 = (value: unknown) => (typeof value === 'number' ? Math.round(value * 100) / 100 : value);
        callback(
          null,
          csvLine([row.fasp_id, row.title, row.organisation, row.country, row.region, row.college, row.language, row.modality, row.stage, row.days_in_stage, row.round, round2(row.s1), round2(row.s2), round2(row.s3), round2(row.s4), round2(row.overall), row.outcome, row.project_countries]),
        );
      },
    });
    const output = new PassThrough();
    output.write(UTF8_BOM + csvLine(HEADER));
    pipeline(rows, toCsv, output)
      .catch((error: Error) => {
        this.logger.warn({ msg: 'CSV export interrupted', error: error.message });
        output.destroy(error);
      })
      .finally(() => void runner.release());
    return output;
  }
}
