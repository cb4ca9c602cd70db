import { criteriaOf, REFERENCE_FRAMEWORK } from '@fasp/core';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { deflateSync } from 'node:zlib';
import request from 'supertest';
import { CreateProjectDto } from '../../src/modules/projects/dto/dossier.dto';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { ProjectsService } from '../../src/modules/projects/projects.service';
import { WorkflowService } from '../../src/modules/workflow/workflow.service';
import { AuthUser } from '../../src/platform/auth/auth-user';
import { UsersRepository } from '../../src/modules/identity/users.repository';
import { TestAccount } from './accounts';
import { buildZip, crc32 } from '../../src/platform/files/test-zip';
import { startTestEngine, TestEngine, TestEngineOptions } from './test-engine';

/** Builders for dossiers: a complete one, and projects in the stages tests start from. */

/** A minimal but real PDF (one empty page). */
export function minimalPdf(text = 'Concept note'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
  ];
  const stream = `BT /F1 12 Tf 72 770 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Every dossier field filled with plausible soil-carbon content (for the reference framework's call). */
export function completeDossier(overrides: Partial<CreateProjectDto> = {}): Omit<CreateProjectDto, 'callId'> {
  return {
    title: 'Agroforestry parklands for soil carbon in the Groundnut Basin',
    language: 'en',
    summary: 'Farmers restore Faidherbia albida parklands and compost crop residues on 1,200 ha of degraded cropland.',
    modality: 1,
    projectType: 'project',
    objectives: ['mitigation', 'adaptation', 'food_security'],
    countries: ['SN'],
    location: { type: 'Point', coordinates: [-16.25, 14.15] },
    areaHa: 1200,
    landUses: ['cropland'],
    practices: ['agroforestry', 'organic_amendments'],
    startDate: '2027-03-01',
    endDate: '2031-12-31',
    budget: { amount: 850000, currency: 'EUR' },
    fundingSought: { amount: 600000, currency: 'EUR' },
    partners: [{ name: 'Institut sénégalais de recherches agricoles', country: 'SN', role: 'soil sampling' }],
    beneficiaries: { description: 'Smallholder households of 14 villages', households: 1800, people: 12000 },
    socBaseline: { stockTonnesPerHa: 18.4, depthCm: 30, method: 'Dry combustion, equivalent soil mass', year: 2026 },
    expectedChange: { tonnesPerHaPerYear: 0.35, horizonYears: 20 },
    monitoringPlan: 'Resampling of 60 georeferenced plots every 5 years; remote sensing of tree cover yearly.',
    team: [{ name: 'Aminata Diallo', email: 'aminata.diallo@example.org', role: 'coordinator' }],
    ...overrides,
  };
}

export function authUserOf(account: TestAccount, engine: TestEngine): Promise<AuthUser> {
  return engine.get(UsersRepository).findActiveAuthUser(account.id).then((user) => {
    if (!user) throw new Error('account not found or inactive');
    return user;
  });
}

/** A draft with every field and every criterion statement written, through the service. */
export async function createCompleteDraft(engine: TestEngine, holder: TestAccount, callId: string, overrides: Partial<CreateProjectDto> = {}): Promise<Project> {
  const user = await authUserOf(holder, engine);
  const projects = engine.get(ProjectsService);
  const project = await projects.create(user, { callId, ...completeDossier(overrides) });
  let current = project;
  for (const criterion of criteriaOf(REFERENCE_FRAMEWORK)) {
    current = await projects.putStatement(user, project.id, criterion.code, { text: `How the project addresses ${criterion.names.en}.` });
  }
  return current;
}

/** Uploads a concept note through the real route. */
export async function uploadConceptNote(engine: TestEngine, holder: TestAccount, projectId: string): Promise<{ id: string; sha256: string }> {
  const res = await request(engine.url)
    .post(`/api/projects/${projectId}/attachments?kind=concept_note`)
    .set('authorization', holder.bearer)
    .attach('file', minimalPdf(), { filename: 'concept-note.pdf', contentType: 'application/pdf' });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; sha256: string };
}

/** A complete dossier, submitted: stage `submitted`, with a FASP id. */
export async function createSubmittedProject(engine: TestEngine, holder: TestAccount, callId: string, overrides: Partial<CreateProjectDto> = {}): Promise<Project> {
  const draft = await createCompleteDraft(engine, holder, callId, overrides);
  await uploadConceptNote(engine, holder, draft.id);
  const user = await authUserOf(holder, engine);
  const current = await engine.get(ProjectsService).getFor(user, draft.id);
  return engine.get(WorkflowService).transition({ kind: 'user', user }, { projectId: draft.id, action: 'submit', expectedVersion: current.version });
}

/* ----------------------------------------------------------------------------------------- */
/* Engines with their own upload directory, real files of every accepted type, HTTP moves.    */
/* ----------------------------------------------------------------------------------------- */

export interface EngineWithUploads extends TestEngine {
  /** the engine's UPLOAD_DIR, a fresh temporary directory removed on close */
  uploadDir: string;
}

/** A test engine storing uploads in a temporary directory of its own. */
export async function startEngineWithUploads(options: TestEngineOptions = {}): Promise<EngineWithUploads> {
  const uploadDir = await mkdtemp(join(tmpdir(), 'fasp-uploads-'));
  const engine = await startTestEngine({ ...options, env: { UPLOAD_DIR: uploadDir, ...options.env } }).catch(async (error: unknown) => {
    await rm(uploadDir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...engine,
    uploadDir,
    async close(closeOptions) {
      try {
        await engine.close(closeOptions);
      } finally {
        await rm(uploadDir, { recursive: true, force: true });
      }
    },
  };
}

/** Every regular file under `dir`, as paths relative to it (directories are not listed). */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG image (width × height, RGB, every pixel the same colour). */
export function samplePng(width = 2, height = 2, rgb: [number, number, number] = [34, 139, 34]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // depth 8, colour type 2 (RGB), deflate, no filter, no interlace
  const row = Buffer.from([0, ...Array.from({ length: width }, () => rgb).flat()]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), pngChunk('IHDR', header), pngChunk('IDAT', pixels), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A JPEG/JFIF stream: start of image, the APP0 JFIF segment, a comment, end of image. */
export function sampleJpeg(comment = 'soil sampling plot 12'): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const text = Buffer.from(comment, 'latin1');
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]), text]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, com, Buffer.from([0xff, 0xd9])]);
}

const CONTENT_TYPES_XML = (overrides: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`;

/** A WordprocessingML package (DOCX) with one paragraph. */
export function sampleDocx(text = 'Budget narrative'): Buffer {
  return buildZip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES_XML('<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'), method: 8 },
    { name: '_rels/.rels', data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>', method: 8 },
    { name: 'word/document.xml', data: `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`, method: 8 },
  ]).bytes;
}

/** A SpreadsheetML package (XLSX) with one sheet. */
export function sampleXlsx(): Buffer {
  return buildZip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES_XML('<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'), method: 8 },
    { name: '_rels/.rels', data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>', method: 8 },
    { name: 'xl/workbook.xml', data: '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Budget" sheetId="1"/></sheets></workbook>', method: 8 },
    { name: 'xl/worksheets/sheet1.xml', data: '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>', method: 8 },
  ]).bytes;
}

/** An OpenDocument text (ODT): the stored `mimetype` entry first, then the content. */
export function sampleOdt(): Buffer {
  return buildZip([
    { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' },
    { name: 'META-INF/manifest.xml', data: '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>', method: 8 },
    { name: 'content.xml', data: '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>', method: 8 },
  ]).bytes;
}

/** The start of a Linux ELF executable (64-bit, x86-64), padded with code-like bytes. */
export function sampleElf(): Buffer {
  const header = Buffer.alloc(64);
  header.set([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00], 0);
  header.writeUInt16LE(2, 16); // ET_EXEC
  header.writeUInt16LE(0x3e, 18); // x86-64
  return Buffer.concat([header, Buffer.alloc(512, 0x90), Buffer.from('%%EOF\n', 'latin1')]);
}

/** The start of a Windows PE executable: the MZ stub pointing at the PE signature. */
export function samplePe(): Buffer {
  const bytes = Buffer.alloc(1024);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  bytes.write('%%EOF', 1000, 'latin1');
  return bytes;
}

/** A transition request through the real route. */
export function postTransition(
  engine: TestEngine,
  account: Pick<TestAccount, 'bearer'>,
  projectId: string,
  body: { action: string; expectedVersion?: number; reason?: string; outcome?: string },
): request.Test {
  return request(engine.url).post(`/api/projects/${projectId}/transitions`).set('authorization', account.bearer).send(body);
}

/** A complete draft with its concept note: ready to submit. */
export async function createReadyDraft(engine: TestEngine, holder: TestAccount, callId: string, overrides: Partial<CreateProjectDto> = {}): Promise<Project> {
  const draft = await createCompleteDraft(engine, holder, callId, overrides);
  await uploadConceptNote(engine, holder, draft.id);
  return engine.get(ProjectsService).getFor(await authUserOf(holder, engine), draft.id);
}
