import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { ProjectAttachment } from '../../src/modules/projects/entities/project-attachment.entity';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { buildZip, ZipEntrySpec } from '../../src/platform/files/test-zip';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import {
  createCompleteDraft,
  createSubmittedProject,
  EngineWithUploads,
  filesUnder,
  minimalPdf,
  sampleDocx,
  sampleElf,
  sampleJpeg,
  samplePe,
  samplePng,
  sampleOdt,
  sampleXlsx,
  sha256Of,
  startEngineWithUploads,
} from '../helpers/projects';

const MAX_BYTES = 64 * 1024;

const docxEntries = (): ZipEntrySpec[] => [
  { name: '[Content_Types].xml', data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
  { name: 'word/document.xml', data: '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>' },
];

/** Collects a binary response body as a Buffer, whatever its content type. */
function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * Attachments through the real multipart route, stored on the real disk (a directory of this
 * engine's own): accepted by content and size only, nothing left behind when refused, served
 * back byte for byte to whoever may see the project.
 */
describe('project attachments', () => {
  let engine: EngineWithUploads;
  let holder: TestAccount;
  let otherHolder: TestAccount;
  let secretariat: TestAccount;
  let callId: string;
  let draft: Project;

  beforeAll(async () => {
    engine = await startEngineWithUploads({ env: { ATTACHMENT_MAX_BYTES: String(MAX_BYTES) } });
    [holder, otherHolder, secretariat] = await Promise.all([createHolder(engine), createHolder(engine), createAccount(engine, { roles: ['secretariat'] })]);
    callId = (await createOpenCall(engine)).id;
    draft = await createCompleteDraft(engine, holder, callId);
  });
  afterAll(() => engine?.close());

  const upload = (account: TestAccount, projectId: string, bytes: Buffer, filename: string, options: { kind?: string; contentType?: string } = {}) =>
    request(engine.url)
      .post(`/api/projects/${projectId}/attachments?kind=${options.kind ?? 'other'}`)
      .set('authorization', account.bearer)
      .attach('file', bytes, { filename, contentType: options.contentType ?? 'application/octet-stream' });
  const rows = (projectId: string) => engine.dataSource.getRepository(ProjectAttachment).findBy({ projectId });
  const versionOf = async (projectId: string) => (await engine.dataSource.getRepository(Project).findOneByOrFail({ id: projectId })).version;

  /** Runs `act` and checks that it stored nothing: no row, no file, no version bump. */
  async function expectNothingStored(projectId: string, act: () => Promise<void>): Promise<void> {
    const [rowsBefore, filesBefore, versionBefore] = await Promise.all([rows(projectId), filesUnder(engine.uploadDir), versionOf(projectId)]);
    await act();
    expect(await rows(projectId)).toHaveLength(rowsBefore.length);
    expect((await filesUnder(engine.uploadDir)).sort()).toEqual(filesBefore.sort());
    expect(await versionOf(projectId)).toBe(versionBefore);
  }

  describe('accepted types', () => {
    it.each([
      ['PDF', 'concept-note.pdf', () => minimalPdf('Groundnut Basin concept note'), 'application/pdf'],
      ['PNG', 'map.png', () => samplePng(3, 2), 'image/png'],
      ['JPEG', 'field-photo.jpg', () => sampleJpeg(), 'image/jpeg'],
      ['DOCX', 'narrative.docx', () => sampleDocx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['XLSX', 'budget.xlsx', () => sampleXlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['ODT', 'letter.odt', () => sampleOdt(), 'application/vnd.oasis.opendocument.text'],
    ])('%s: 201 with the detected type, size and SHA-256; stored and served byte for byte', async (_type, filename, build, mediaType) => {
      const bytes = build();
      const versionBefore = await versionOf(draft.id);
      // The declared type is ignored: the content decides.
      const res = await upload(holder, draft.id, bytes, filename, { contentType: 'text/plain' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        kind: 'other',
        filename,
        mediaType,
        size: bytes.length,
        sha256: sha256Of(bytes),
        createdAt: expect.any(String),
      });
      expect(await versionOf(draft.id)).toBe(versionBefore + 1);

      const row = await engine.dataSource.getRepository(ProjectAttachment).findOneByOrFail({ id: res.body.id });
      expect(await readFile(join(engine.uploadDir, row.storageKey))).toEqual(bytes);

      const download = await request(engine.url)
        .get(`/api/projects/${draft.id}/attachments/${res.body.id}`)
        .set('authorization', holder.bearer)
        .buffer(true)
        .parse(binary);
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe(mediaType);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-disposition']).toContain(`filename="${filename}"`);
      expect(Buffer.compare(download.body as Buffer, bytes)).toBe(0);

      const listed = await request(engine.url).get(`/api/projects/${draft.id}/attachments`).set('authorization', holder.bearer).expect(200);
      expect(listed.body).toContainEqual(res.body);
    });
  });

  describe('refused uploads leave nothing behind', () => {
    it('a file over ATTACHMENT_MAX_BYTES: 413', async () => {
      // A real PDF, so that only its size is wrong.
      const big = Buffer.concat([minimalPdf().subarray(0, -6), Buffer.alloc(200 * 1024, 0x20), Buffer.from('\n%%EOF\n')]);
      await expectNothingStored(draft.id, async () => {
        const res = await upload(holder, draft.id, big, 'large.pdf', { contentType: 'application/pdf' });
        expect(res.status).toBe(413);
        expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
      });
    });

    it('a file of exactly the limit is accepted, one byte more is refused', async () => {
      const exact = (size: number) => {
        const pdf = minimalPdf();
        return Buffer.concat([pdf.subarray(0, -6), Buffer.alloc(size - pdf.length, 0x20), pdf.subarray(-6)]);
      };
      expect((await upload(holder, draft.id, exact(MAX_BYTES), 'exact.pdf')).status).toBe(201);
      await expectNothingStored(draft.id, async () => {
        expect((await upload(holder, draft.id, exact(MAX_BYTES + 1), 'one-more.pdf')).status).toBe(413);
      });
    });

    it.each([
      ['an ELF executable named .pdf', () => sampleElf(), 'report.pdf', 'application/pdf'],
      ['a PE executable named .pdf', () => samplePe(), 'invoice.pdf', 'application/pdf'],
      ['an HTML page named .docx', () => Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'), 'narrative.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['an HTML page with a PDF after it', () => Buffer.concat([Buffer.from('<html><script>alert(1)</script></html>\n'), minimalPdf()]), 'polyglot.pdf', 'application/pdf'],
      ['a ZIP that is no office document', () => buildZip([{ name: 'readme.txt', data: 'not a document' }]).bytes, 'archive.docx', 'application/zip'],
      ['a DOCX with leading bytes', () => buildZip(docxEntries(), { prefix: Buffer.from('MZ stub') }).bytes, 'narrative.docx', 'application/zip'],
      ['an empty file', () => Buffer.alloc(0), 'empty.pdf', 'application/pdf'],
    ])('%s: 415', async (_what, build, filename, contentType) => {
      await expectNothingStored(draft.id, async () => {
        const res = await upload(holder, draft.id, build(), filename, { contentType });
        expect(res.status).toBe(415);
        expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      });
    });

    it('a body that is not multipart: 415', async () => {
      await expectNothingStored(draft.id, async () => {
        const res = await request(engine.url)
          .post(`/api/projects/${draft.id}/attachments?kind=other`)
          .set('authorization', holder.bearer)
          .set('content-type', 'application/pdf')
          .send(minimalPdf());
        expect(res.status).toBe(415);
      });
    });

    it('an unknown kind: 400 on kind', async () => {
      await expectNothingStored(draft.id, async () => {
        const res = await upload(holder, draft.id, minimalPdf(), 'x.pdf', { kind: 'selfie' });
        expect(res.status).toBe(400);
        expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['kind']);
      });
    });

    it("another organisation's holder: 404; the secretariat: 403; a submitted project: 409", async () => {
      await expectNothingStored(draft.id, async () => {
        expect((await upload(otherHolder, draft.id, minimalPdf(), 'x.pdf')).status).toBe(404);
        const bySecretariat = await upload(secretariat, draft.id, minimalPdf(), 'x.pdf');
        expect([bySecretariat.status, bySecretariat.body.code]).toEqual([403, 'FORBIDDEN']);
      });
      const submitted = await createSubmittedProject(engine, holder, callId);
      await expectNothingStored(submitted.id, async () => {
        const res = await upload(holder, submitted.id, minimalPdf(), 'late.pdf');
        expect([res.status, res.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
      });
    });
  });

  describe('names from the uploader', () => {
    it.each([
      ['../../etc/passwd.pdf', 'passwd.pdf'],
      ['..\\..\\windows\\system32\\evil.pdf', 'evil.pdf'],
      ['/etc/cron.d/job.pdf', 'job.pdf'],
      ['note\u0000\u001b[31m.pdf', 'note[31m.pdf'],
    ])('%j never escapes the storage directory and is stored as %j', async (given, cleaned) => {
      const bytes = minimalPdf(given);
      const before = await filesUnder(engine.uploadDir);
      const res = await upload(holder, draft.id, bytes, given, { contentType: 'application/pdf' });
      expect(res.status).toBe(201);
      expect(res.body.filename).toBe(cleaned);

      const row = await engine.dataSource.getRepository(ProjectAttachment).findOneByOrFail({ id: res.body.id });
      expect(row.filename).toBe(cleaned);
      expect(row.storageKey).toBe(`projects/${draft.id}/${res.body.id}`);
      const added = (await filesUnder(engine.uploadDir)).filter((file) => !before.includes(file));
      expect(added).toEqual([join('projects', draft.id, res.body.id)]);
      expect(await readFile(join(engine.uploadDir, added[0]))).toEqual(bytes);
    });
  });

  it('keeps a name in any script, and serves it back with an ASCII fallback and its UTF-8 form', async () => {
    const name = "Note conceptuelle – Thiès (v2, l'équipe).pdf";
    const res = await upload(holder, draft.id, minimalPdf(), name, { contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    expect(res.body.filename).toBe(name);
    const download = await request(engine.url).get(`/api/projects/${draft.id}/attachments/${res.body.id}`).set('authorization', holder.bearer).buffer(true).parse(binary);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="Note conceptuelle _ Thi_s (v2, l'_quipe).pdf"; filename*=UTF-8''${encodeURIComponent(name)}`);
  });

  describe('reading', () => {
    let attachmentId: string;
    let bytes: Buffer;

    beforeAll(async () => {
      bytes = samplePng(4, 4, [120, 72, 0]);
      attachmentId = (await upload(holder, draft.id, bytes, 'soil-map.png', { kind: 'map' })).body.id;
    });

    it('is authorised like the project: staff and a confirmed colleague read it, another holder gets 404', async () => {
      const colleague = await createAccount(engine, { roles: ['holder'], organizationId: holder.organizationId, membershipConfirmed: true });
      const reviewer = await createAccount(engine, { roles: ['reviewer'] });
      for (const account of [secretariat, colleague]) {
        const res = await request(engine.url).get(`/api/projects/${draft.id}/attachments/${attachmentId}`).set('authorization', account.bearer).buffer(true).parse(binary);
        expect(res.status).toBe(200);
        expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
      }
      for (const account of [otherHolder, reviewer]) {
        const download = await request(engine.url).get(`/api/projects/${draft.id}/attachments/${attachmentId}`).set('authorization', account.bearer);
        expect([download.status, download.body.code]).toEqual([404, 'NOT_FOUND']);
        const list = await request(engine.url).get(`/api/projects/${draft.id}/attachments`).set('authorization', account.bearer);
        expect(list.status).toBe(404);
      }
      expect((await request(engine.url).get(`/api/projects/${draft.id}/attachments/${attachmentId}`)).status).toBe(401);
    });

    it("an attachment is only found under its own project", async () => {
      const otherDraft = await createCompleteDraft(engine, holder, callId);
      const res = await request(engine.url).get(`/api/projects/${otherDraft.id}/attachments/${attachmentId}`).set('authorization', holder.bearer);
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('a removed attachment leaves the current list but stays readable, and its file stays on disk', async () => {
      const row = await engine.dataSource.getRepository(ProjectAttachment).findOneByOrFail({ id: attachmentId });
      expect((await request(engine.url).delete(`/api/projects/${draft.id}/attachments/${attachmentId}`).set('authorization', otherHolder.bearer)).status).toBe(404);
      await request(engine.url).delete(`/api/projects/${draft.id}/attachments/${attachmentId}`).set('authorization', holder.bearer).expect(204);
      expect((await request(engine.url).delete(`/api/projects/${draft.id}/attachments/${attachmentId}`).set('authorization', holder.bearer)).status).toBe(404);

      const listed = await request(engine.url).get(`/api/projects/${draft.id}/attachments`).set('authorization', holder.bearer).expect(200);
      expect(listed.body.map((a: { id: string }) => a.id)).not.toContain(attachmentId);
      const res = await request(engine.url).get(`/api/projects/${draft.id}/attachments/${attachmentId}`).set('authorization', holder.bearer).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
      expect(await readFile(join(engine.uploadDir, row.storageKey))).toEqual(bytes);
    });
  });
});
