import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DocumentsService } from '../../src/modules/documents/documents.service';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import { JobName } from '../../src/platform/queue/queue.constants';
import { EngineWithUploads, filesUnder, sha256Of, startEngineWithUploads } from '../helpers/projects';
import { completeRatings, documentsOf, getBinary, pdfText, proposeAndRelease, ReviewSetup, startReview, submitAll, textContains } from '../helpers/reviews';
import { waitForQueuesIdle } from '../helpers/test-engine';

/**
 * The evaluation report and the letter of support: written by the worker once per (round,
 * outcome), in the dossier's language, stored, served to the holder's side and the staff; a job
 * delivered again does not write them again, and only a different outcome makes new ones.
 */
describe('reviews: generated documents', () => {
  let engine: EngineWithUploads;

  beforeAll(async () => {
    engine = await startEngineWithUploads();
  });
  afterAll(() => engine?.close());

  async function releasedPositive(options: { language?: 'en' | 'fr' | 'es'; title?: string } = {}): Promise<ReviewSetup> {
    const setup = await startReview(engine, { language: options.language, dossier: options.title ? { title: options.title } : {} });
    await submitAll(engine, setup.seats, { ratings: completeRatings(3) });
    await proposeAndRelease(engine, setup, 'positive');
    await waitForQueuesIdle(engine, 30000);
    return setup;
  }

  const redeliver = (projectId: string, round: number, kind: 'report' | 'letter', attempt: string) =>
    engine.dataSource.transaction((manager) =>
      engine.get(OutboxService).record(manager, { name: JobName.DocumentGenerate, payload: { projectId, round, kind }, dedupeKey: `test-redelivery:${projectId}:${kind}:${attempt}` }),
    );

  it('one report and one letter per (round, outcome), in the dossier language, stored under the upload directory', async () => {
    const title = 'Sols vivants du plateau de Saclay';
    const setup = await releasedPositive({ language: 'fr', title });
    const documents = await documentsOf(engine, setup.project.id);
    expect(documents.map(({ kind, round, outcome }) => ({ kind, round, outcome })).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'letter', round: 1, outcome: 'positive' },
      { kind: 'report', round: 1, outcome: 'positive' },
    ]);
    const rows: Array<{ language: string }> = await engine.dataSource.query('SELECT language FROM project_document WHERE project_id = $1', [setup.project.id]);
    expect(rows.map((row) => row.language)).toEqual(['fr', 'fr']);
    const stored = await filesUnder(engine.uploadDir);
    for (const document of documents) {
      expect(stored).toContain(document.storageKey);
      const bytes = await readFile(join(engine.uploadDir, document.storageKey));
      expect({ kind: document.kind, size: bytes.length, sha256: sha256Of(bytes) }).toEqual({ kind: document.kind, size: document.size, sha256: document.sha256 });
    }

    const report = await getBinary(engine, setup.holder, `/api/projects/${setup.project.id}/report.pdf`);
    expect(report.status).toBe(200);
    const reportRow = documents.find((document) => document.kind === 'report')!;
    expect(report.headers.etag).toBe(`"${reportRow.sha256}"`);
    expect(Number(report.headers['content-length'])).toBe(reportRow.size);
    expect(sha256Of(report.body as Buffer)).toBe(reportRow.sha256);
    const letter = await getBinary(engine, setup.holder, `/api/projects/${setup.project.id}/letter.pdf`);
    const letterText = await pdfText(letter.body as Buffer);
    expect(textContains(letterText, title)).toBe(true);
    expect(textContains(letterText, setup.project.faspId!)).toBe(true);
    expect(textContains(letterText, "Comité scientifique et technique de l'Initiative 4 pour 1000")).toBe(true);
  });

  it('a job delivered again writes nothing: same rows, same files', async () => {
    const setup = await releasedPositive();
    const before = await documentsOf(engine, setup.project.id);
    const files = await Promise.all(before.map(async (document) => ({ key: document.storageKey, mtimeMs: (await stat(join(engine.uploadDir, document.storageKey))).mtimeMs })));

    for (const attempt of ['a', 'b']) {
      await redeliver(setup.project.id, 1, 'report', attempt);
      await redeliver(setup.project.id, 1, 'letter', attempt);
    }
    await waitForQueuesIdle(engine, 30000);
    expect(await engine.get(DocumentsService).generate(setup.project.id, 1, 'report')).toEqual({ generated: false });

    expect(await documentsOf(engine, setup.project.id)).toEqual(before);
    for (const file of files) expect((await stat(join(engine.uploadDir, file.key))).mtimeMs).toBe(file.mtimeMs);
  });

  it('concurrent generations of the same document leave one row and a readable file that matches it', async () => {
    const setup = await releasedPositive();
    const documents = engine.get(DocumentsService);
    // Start again from nothing, as if the first job had not run, and let four run at once.
    await engine.dataSource.query(`DELETE FROM project_document WHERE project_id = $1`, [setup.project.id]);
    await rm(join(engine.uploadDir, 'documents', setup.project.id), { recursive: true, force: true });
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => documents.generate(setup.project.id, 1, 'report')));
    const generated = results.filter((result) => result.status === 'fulfilled' && result.value.generated).length;
    expect(generated).toBe(1);
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);

    const rows = (await documentsOf(engine, setup.project.id)).filter((row) => row.kind === 'report');
    expect(rows).toHaveLength(1);
    const bytes = await readFile(join(engine.uploadDir, rows[0].storageKey));
    expect({ size: bytes.length, sha256: sha256Of(bytes) }).toEqual({ size: rows[0].size, sha256: rows[0].sha256 });
    // the runs that lost removed what they wrote
    expect((await filesUnder(engine.uploadDir)).filter((file) => file.startsWith(`documents/${setup.project.id}/`))).toEqual([rows[0].storageKey]);
    const served = await getBinary(engine, setup.secretariat, `/api/projects/${setup.project.id}/report.pdf`);
    expect(served.status).toBe(200);
    expect(sha256Of(served.body as Buffer)).toBe(rows[0].sha256);
  });

  it('a different outcome for the round makes a new report (and no letter unless positive); the latest is served', async () => {
    const setup = await releasedPositive();
    const before = await documentsOf(engine, setup.project.id);
    // The workflow offers no way back from a release; a correction of the released outcome is
    // written in the database, as an operator would.
    await engine.dataSource.query(`UPDATE consolidation SET released_outcome = 'not_positive' WHERE project_id = $1 AND round = 1`, [setup.project.id]);
    await engine.dataSource.query(`UPDATE project SET outcome = 'not_positive' WHERE id = $1`, [setup.project.id]);
    const service = engine.get(DocumentsService);
    expect(await service.generate(setup.project.id, 1, 'report')).toEqual({ generated: true });
    expect(await service.generate(setup.project.id, 1, 'letter')).toEqual({ generated: false });
    expect(await service.generate(setup.project.id, 1, 'report')).toEqual({ generated: false });

    const after = await documentsOf(engine, setup.project.id);
    expect(after.map(({ kind, round, outcome }) => `${kind}:${round}:${outcome}`).sort()).toEqual(['letter:1:positive', 'report:1:not_positive', 'report:1:positive']);
    // the positive documents are kept as they were
    for (const document of before) expect(after).toContainEqual(document);

    const report = await getBinary(engine, setup.holder, `/api/projects/${setup.project.id}/report.pdf`);
    expect(report.status).toBe(200);
    expect(sha256Of(report.body as Buffer)).toBe(after.find((row) => row.kind === 'report' && row.outcome === 'not_positive')!.sha256);
    // the letter of a positive outcome is not served for another one
    const letter = await request(engine.url).get(`/api/projects/${setup.project.id}/letter.pdf`).set('authorization', setup.holder.bearer);
    expect(letter.status).toBe(404);
    expect(letter.body.code).toBe('NOT_FOUND');
  });

  it('nothing before the release; the holder side and staff read, others do not', async () => {
    const setup = await startReview(engine);
    await submitAll(engine, setup.seats, { ratings: completeRatings(3) });
    for (const kind of ['report', 'letter']) {
      const early = await request(engine.url).get(`/api/projects/${setup.project.id}/${kind}.pdf`).set('authorization', setup.holder.bearer);
      expect(early.status).toBe(404);
      expect(early.body.code).toBe('NOT_FOUND');
    }
    await proposeAndRelease(engine, setup, 'positive');
    await waitForQueuesIdle(engine, 30000);
    // another holder does not learn that the project exists
    const other = await startReview(engine);
    const stranger = await request(engine.url).get(`/api/projects/${setup.project.id}/report.pdf`).set('authorization', other.holder.bearer);
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('NOT_FOUND');
    const reviewer = await request(engine.url).get(`/api/projects/${setup.project.id}/letter.pdf`).set('authorization', setup.members[0].reviewer.bearer);
    expect(reviewer.status).toBe(403);
    const anonymous = await request(engine.url).get(`/api/projects/${setup.project.id}/report.pdf`);
    expect(anonymous.status).toBe(401);
    expect((await getBinary(engine, setup.secretariat, `/api/projects/${setup.project.id}/letter.pdf`)).status).toBe(200);
  });
});
