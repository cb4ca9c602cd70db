import { criteriaOf, REFERENCE_FRAMEWORK } from '@fasp/core';
import request from 'supertest';
import { CreateProjectDto } from '../../src/modules/projects/dto/dossier.dto';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { ProjectsService } from '../../src/modules/projects/projects.service';
import { WorkflowService } from '../../src/modules/workflow/workflow.service';
import { AuthUser } from '../../src/platform/auth/auth-user';
import { UsersRepository } from '../../src/modules/identity/users.repository';
import { TestAccount } from './accounts';
import { TestEngine } from './test-engine';

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
