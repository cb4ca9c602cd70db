import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { Clock } from '../../src/platform/clock/clock';
import { createAccount, createHolder, createOrganization, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { DAY_MS, insertConsolidation, insertProject, ProjectSpec, TimeBase, timeBase } from '../helpers/pipeline';
import { startTestEngine, TestEngine } from '../helpers/test-engine';

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
  'project_countries',
];

/** The response body as bytes, whatever its content type (supertest hands the raw message). */
function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
  stream.on('error', (error: Error) => callback(error, Buffer.alloc(0)));
}

interface ParsedRecord {
  raw: string;
  record: string[];
}

/**
 * Strict RFC 4180 reading: CRLF between records (a lone LF only inside quotes), quotes doubled,
 * every record as wide as the header.
 */
function parseCsv(text: string): ParsedRecord[] {
  return parse(text, { record_delimiter: ['\r\n'], raw: true, relax_quotes: false, relax_column_count: false }) as unknown as ParsedRecord[];
}

/**
 * The CSV export read back with a CSV parser: one row per project, UTF-8 with a byte order mark,
 * RFC 4180 quoting of commas, quotes and line breaks, every script intact, and cells that a
 * spreadsheet would evaluate turned into text.
 */
describe('pipeline CSV export', () => {
  let engine: TestEngine;
  let secretariat: TestAccount;
  let t: TimeBase;
  let callId: string;
  let otherCallId: string;
  let emptyCallId: string;
  const fasp: Record<string, string | null> = {};

  beforeAll(async () => {
    engine = await startTestEngine();
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
    const holder = await createHolder(engine);
    [callId, otherCallId, emptyCallId] = [(await createOpenCall(engine)).id, (await createOpenCall(engine)).id, (await createOpenCall(engine)).id];
    t = timeBase(engine);

    const ird = await createOrganization(engine, { name: 'Institut de recherche, "IRD"', country: 'FR', region: 'europe', college: 'SCI' });
    const cyrillic = await createOrganization(engine, { name: 'Союз почвоведов', country: 'RU', region: 'europe', college: 'NGO' });
    const chinese = await createOrganization(engine, { name: '中国土壤学会', country: 'CN', region: 'asia_pacific', college: 'SCI' });
    const arabic = await createOrganization(engine, { name: 'جمعية التربة المغربية', country: 'MA', region: 'africa', college: 'NGO' });
    const formula = await createOrganization(engine, { name: "=cmd|' /C calc'!A0", country: 'SN', region: 'africa', college: 'BUS' });

    // E1 to E4 work in their organisation's country (E1 in a second one too), E5 in none of its
    // organisation's: the export gives both, and the summary's byCountry counts the projects'.
    let order = 0;
    const project = async (key: string, spec: Partial<ProjectSpec>) => {
      order += 1;
      const built = await insertProject(engine.dataSource, {
        callId,
        holderId: holder.id,
        organizationId: holder.organization.id,
        createdAt: new Date(t.ago(100).getTime() + order * 1000),
        stageEnteredAt: t.ago(1),
        ...spec,
      });
      fasp[key] = built.faspId;
      return built.id;
    };

    // E1: two released rounds and a third not released yet → the scores of round 2
    const e1 = await project('E1', {
      title: 'Réseau Sahel, "Sols vivants"\nphase 2',
      organizationId: ird.id,
      countries: ['FR', 'SN'],
      region: 'europe',
      college: 'SCI',
      language: 'fr',
      modality: 2,
      stage: 'review',
      round: 3,
      stageEnteredAt: t.ago(3.5),
    });
    await insertConsolidation(engine.dataSource, { projectId: e1, round: 1, steps: { 1: 2, 2: 2.5, 3: 1, 4: 3 }, overall: 2.1, releasedAt: t.ago(40), outcome: 'revise' });
    await insertConsolidation(engine.dataSource, { projectId: e1, round: 2, steps: { 1: 2.666666, 2: 3, 3: null, 4: 1.5 }, overall: 2.3456, releasedAt: t.ago(10), outcome: 'positive' });
    await insertConsolidation(engine.dataSource, { projectId: e1, round: 3, steps: { 1: 4, 2: 4, 3: 4, 4: 4 }, overall: 4, releasedAt: null, outcome: 'positive' });
    await project('E2', { title: 'Почвенный углерод в степях', organizationId: cyrillic.id, countries: ['RU'], region: 'europe', college: 'NGO', stage: 'submitted', stageEnteredAt: t.ago(10.24) });
    const e3 = await project('E3', { title: '土壤碳汇：黄土高原', organizationId: chinese.id, countries: ['CN'], region: 'asia_pacific', college: 'SCI', language: 'en', stage: 'completed', outcome: 'not_positive', stageEnteredAt: t.ago(0.001) });
    await insertConsolidation(engine.dataSource, { projectId: e3, round: 1, steps: { 1: 1.25, 2: 0.5, 3: 0.75, 4: 0 }, overall: 0.625, releasedAt: t.ago(0.001), outcome: 'not_positive' });
    await project('E4', { title: 'مشروع كربون التربة في الأطلس', organizationId: arabic.id, countries: ['MA'], region: 'africa', college: 'NGO', stage: 'draft', faspId: null, modality: null });
    await project('E5', { title: '=HYPERLINK("http://evil.example","click")', organizationId: formula.id, countries: ['ML', 'BF'], region: 'africa', college: 'BUS' });
    await project('E6', { title: '+33 1 23 45 67' });
    await project('E7', { title: '-2+3' });
    await project('E8', { title: '@SUM(A1:A9)' });
    await project('E9', { title: '\tTabbed title' });
    await project('E10', { title: '\rCarriage return first' });
    await project('E11', { title: 'Ñandú, café & São João' });
    await project('E12', { title: 'Plain = not a formula; 100% soil' });
    await insertProject(engine.dataSource, { callId: otherCallId, holderId: holder.id, organizationId: holder.organization.id, title: 'In another call' });
  });
  afterAll(() => engine?.close());

  const exportCsv = (query = '') => request(engine.url).get(`/api/pipeline/export.csv${query}`).set('authorization', secretariat.bearer).buffer(true).parse(binary);

  it('is a CSV attachment, not cached, named after the call', async () => {
    const res = await exportCsv(`?callId=${callId}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="fasp-pipeline-${callId}.csv"`);
    expect(res.headers['cache-control']).toBe('no-store');
    const all = await exportCsv();
    expect(all.headers['content-disposition']).toBe('attachment; filename="fasp-pipeline.csv"');
  });

  describe('the content', () => {
    let bytes: Buffer;
    let text: string;
    let records: ParsedRecord[];
    beforeAll(async () => {
      bytes = (await exportCsv(`?callId=${callId}`).expect(200)).body as Buffer;
      text = bytes.toString('utf8');
      records = parseCsv(text.slice(1));
    });

    it('starts with the UTF-8 byte order mark and ends with CRLF', () => {
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(text.endsWith('\r\n')).toBe(true);
      // the parser's own BOM handling agrees
      expect(parse(bytes, { bom: true })[0]).toEqual(HEADER);
    });

    it('has the header, then one row per project of the call in creation order', () => {
      expect(records[0].record).toEqual(HEADER);
      expect(records.slice(1).map((row) => row.record[0])).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'E9', 'E10', 'E11', 'E12'].map((key) => fasp[key] ?? ''));
      expect(records.every((row) => row.record.length === HEADER.length)).toBe(true);
    });

    const row = (key: string): string[] => records.find((entry) => entry.record[0] === (fasp[key] ?? ''))!.record;
    /** the record as written, with its CRLF (the parser keeps only the CR of the delimiter) */
    const raw = (key: string): string => {
      const line = `${records.find((entry) => entry.record[0] === (fasp[key] ?? ''))!.raw.replace(/\r$/, '')}\r\n`;
      expect(text).toContain(line);
      return line;
    };

    it('quotes commas, quotes and line breaks, and gives the scores of the last released round', () => {
      expect(row('E1')).toEqual([
        fasp.E1,
        'Réseau Sahel, "Sols vivants"\nphase 2',
        'Institut de recherche, "IRD"',
        'FR',
        'europe',
        'SCI',
        'fr',
        '2',
        'review',
        // 3.5 days in the stage, to one decimal
        '3.5',
        '3',
        // round 2: 2.666666 → 2.67, 3, no score, 1.5; overall 2.3456 → 2.35 (round 3 is not released)
        '2.67',
        '3',
        '',
        '1.5',
        '2.35',
        'positive',
        'FR;SN',
      ]);
      expect(raw('E1')).toBe(`${fasp.E1},"Réseau Sahel, ""Sols vivants""\nphase 2","Institut de recherche, ""IRD""",FR,europe,SCI,fr,2,review,3.5,3,2.67,3,,1.5,2.35,positive,FR;SN\r\n`);
    });

    it('keeps Cyrillic, Chinese, Arabic and accented Latin intact', () => {
      expect(row('E2').slice(1, 4)).toEqual(['Почвенный углерод в степях', 'Союз почвоведов', 'RU']);
      // 10.24 days → 10.2
      expect(row('E2')[9]).toBe('10.2');
      expect(row('E3').slice(1, 4)).toEqual(['土壤碳汇：黄土高原', '中国土壤学会', 'CN']);
      expect(row('E4').slice(1, 4)).toEqual(['مشروع كربون التربة في الأطلس', 'جمعية التربة المغربية', 'MA']);
      expect(row('E11')[1]).toBe('Ñandú, café & São João');
      expect(raw('E11')).toContain(',"Ñandú, café & São João",');
    });

    it('writes numbers as bare numbers, and nothing for what is missing', () => {
      // E3: 1.25 0.5 0.75 0, overall 0.625 → 0.63; just entered its stage: 0 days
      expect(row('E3').slice(7)).toEqual(['1', 'completed', '0', '1', '1.25', '0.5', '0.75', '0', '0.63', 'not_positive', 'CN']);
      expect(raw('E3')).toMatch(/,completed,0,1,1\.25,0\.5,0\.75,0,0\.63,not_positive,CN\r\n$/);
      // E4: a draft without FASP id, modality, scores or outcome
      expect(row('E4')).toEqual(['', 'مشروع كربون التربة في الأطلس', 'جمعية التربة المغربية', 'MA', 'africa', 'NGO', 'en', '', 'draft', '1', '1', '', '', '', '', '', '', 'MA']);
    });

    it("gives the organisation's country and the countries the project works in apart, as the summary counts them", async () => {
      const at = (key: string) => [row(key)[HEADER.indexOf('organisation_country')], row(key)[HEADER.indexOf('project_countries')]];
      expect(['E1', 'E2', 'E5', 'E6'].map(at)).toEqual([
        ['FR', 'FR;SN'],
        ['RU', 'RU'],
        ['SN', 'ML;BF'],
        [expect.any(String), 'SN'],
      ]);
      const summary = (await request(engine.url).get(`/api/pipeline/summary?callId=${callId}`).set('authorization', secretariat.bearer).expect(200)).body as { byCountry: Array<{ key: string; count: number }> };
      expect(summary.byCountry).toEqual(expect.arrayContaining([{ key: 'ML', count: 1 }, { key: 'BF', count: 1 }]));
    });

    it('neutralises cells a spreadsheet would evaluate (=, +, -, @, tab, carriage return) with a leading apostrophe', () => {
      expect(row('E5').slice(1, 3)).toEqual([`'=HYPERLINK("http://evil.example","click")`, `'=cmd|' /C calc'!A0`]);
      expect(raw('E5')).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",'=cmd|' /C calc'!A0,`);
      expect(row('E6')[1]).toBe("'+33 1 23 45 67");
      expect(row('E7')[1]).toBe("'-2+3");
      expect(row('E8')[1]).toBe("'@SUM(A1:A9)");
      expect(row('E9')[1]).toBe("'\tTabbed title");
      expect(row('E10')[1]).toBe("'\rCarriage return first");
      // an = elsewhere than first is harmless
      expect(row('E12')[1]).toBe('Plain = not a formula; 100% soil');
      // no cell of any row starts with a formula character
      for (const record of records.slice(1)) for (const cell of record.record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    });
  });

  it('counts days in stage on the engine clock', async () => {
    engine.get(Clock).travel(2 * DAY_MS);
    try {
      const records = parseCsv((await exportCsv(`?callId=${callId}`).expect(200)).body.toString('utf8').slice(1));
      // E2 entered its stage 10.24 days ago: two days later, 12.24 → 12.2
      expect(records.find((entry) => entry.record[0] === fasp.E2)!.record[9]).toBe('12.2');
    } finally {
      engine.get(Clock).travel(-2 * DAY_MS);
    }
  });

  it('filters by call; a call without projects gives the header alone; every call without a filter', async () => {
    const other = parseCsv((await exportCsv(`?callId=${otherCallId}`).expect(200)).body.toString('utf8').slice(1));
    expect(other.map((entry) => entry.record[1])).toEqual(['title', 'In another call']);
    const empty = (await exportCsv(`?callId=${emptyCallId}`).expect(200)).body as Buffer;
    expect(empty.toString('utf8')).toBe(`\uFEFF${HEADER.join(',')}\r\n`);
    const all = parseCsv((await exportCsv().expect(200)).body.toString('utf8').slice(1));
    expect(all).toHaveLength(1 + 12 + 1);
  });

  it('refuses a malformed call id', async () => {
    const res = await request(engine.url).get('/api/pipeline/export.csv?callId=not-a-uuid').set('authorization', secretariat.bearer);
    expect(res.status).toBe(400);
    expect(res.body.details.fields).toEqual([expect.objectContaining({ field: 'callId' })]);
  });
});
