import { parse } from 'csv-parse';
import { get, IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import type { Pool } from 'pg';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const PROJECTS = 5000;
/** Each title is over 1.6 kB of UTF-8, so the whole export is over 8 MB. */
const PADDING = 800;

/**
 * The JavaScript heap the process holds after a full collection (rows, strings and any export
 * kept whole would be there; the driver's and sockets' pooled buffers outside it are not counted).
 */
function heapAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/**
 * A large export streams: the rows go out as the database cursor yields them (chunked, no
 * length known in advance), the count is right, the process does not hold the export in memory,
 * and a client that hangs up mid-way gives its database connection back.
 */
describe('pipeline CSV export at scale', () => {
  let engine: TestEngine;
  let secretariat: TestAccount;
  let callId: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
    const holder = await createHolder(engine);
    callId = (await createOpenCall(engine)).id;
    await engine.dataSource.query(
      `INSERT INTO project (call_id, holder_id, organization_id, fasp_id, stage, region, college, title, language, modality, countries,
                            stage_entered_at, submitted_at, reached_stages, created_at)
       SELECT $1, $2, $3, 'FASP-2031-' || lpad(g::text, 5, '0'), 'submitted', 'africa', 'NGO',
              'Large project ' || lpad(g::text, 5, '0') || ', "Sol" ' || repeat('ü', $4), 'en', 1, '{SN}',
              now() - interval '2 days', now() - interval '2 days', '{draft,submitted}', now() - interval '1 day' + g * interval '1 millisecond'
         FROM generate_series(1, $5::int) AS g`,
      [callId, holder.id, holder.organization.id, PADDING, PROJECTS],
    );
  });
  afterAll(() => engine?.close());

  const exportUrl = () => new URL(`/api/pipeline/export.csv?callId=${callId}`, engine.url);
  const open = (encoding = 'identity'): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      get(exportUrl(), { headers: { authorization: secretariat.bearer, 'accept-encoding': encoding } }, resolve).on('error', reject);
    });

  it(`streams ${PROJECTS} rows in order, chunked, without holding them in memory`, async () => {
    const baseline = heapAfterGc();
    const response = await open();
    expect(response.statusCode).toBe(200);
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.headers['content-length']).toBeUndefined();

    let rows = 0;
    let bytes = 0;
    let peakRetained = 0;
    let outOfOrder = 0;
    const parser = parse({ bom: true, record_delimiter: ['\r\n'], relax_column_count: false });
    response.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    parser.on('data', (record: string[]) => {
      if (rows > 0 && record[0] !== `FASP-2031-${String(rows).padStart(5, '0')}`) outOfOrder += 1;
      if (rows > 0 && !record[1].startsWith(`Large project ${String(rows).padStart(5, '0')}, "Sol" ü`)) outOfOrder += 1;
      rows += 1;
      // what the process retains, sampled along the way
      if (rows % 1000 === 0) peakRetained = Math.max(peakRetained, heapAfterGc() - baseline);
    });
    await new Promise<void>((resolve, reject) => {
      parser.on('end', resolve);
      parser.on('error', reject);
      response.on('error', reject);
      response.pipe(parser);
    });

    expect(rows).toBe(PROJECTS + 1);
    expect(outOfOrder).toBe(0);
    expect(bytes).toBeGreaterThan(PROJECTS * PADDING * 2);
    // The export is over 8 MB; what stays in memory while it streams is a batch of rows and some
    // buffers, far less than the export itself (which a buffered export would hold at least once).
    expect(peakRetained).toBeLessThan(bytes / 2);
  });

  it('gives the database connection back when the client hangs up mid-way', async () => {
    const pool = (engine.dataSource.driver as PostgresDriver).master as Pool;
    // more aborted exports than the pool has connections, plain and compressed as browsers ask
    for (let i = 0; i < 12; i++) {
      const response = await open(i % 2 === 0 ? 'identity' : 'gzip');
      expect(response.statusCode).toBe(200);
      await new Promise<void>((resolve) => response.once('data', () => resolve()));
      response.destroy();
    }
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && pool.idleCount + pool.waitingCount !== pool.totalCount) await new Promise((resolve) => setTimeout(resolve, 25));
    expect({ waiting: pool.waitingCount, busy: pool.totalCount - pool.idleCount }).toEqual({ waiting: 0, busy: 0 });
    // and the engine still answers
    const summary = await request(engine.url).get(`/api/pipeline/summary?callId=${callId}`).set('authorization', secretariat.bearer).expect(200);
    expect(summary.body.total).toBe(PROJECTS);
  });
});
