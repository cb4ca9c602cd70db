import { criteriaOf, REFERENCE_FRAMEWORK, safeguardCriteria } from '@fasp/core';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { HttpClient, multipartFile } from './http';
import { waitUntil } from './resources';

/**
 * The data a run starts from, made the way people make it: accounts are inserted (registration
 * is rate limited per address and sends mail) and sign in through the real route; calls,
 * dossiers, statements, concept notes, transitions, reviewer profiles, invitations and reviews
 * go through the HTTP API.
 */

export interface Account {
  id: string;
  email: string;
  name: string;
  organizationId: string | null;
  token: string;
}

export interface ProjectRef {
  id: string;
  version: number;
  stage: string;
  faspId: string | null;
  holder: Account;
}

export const CRITERIA_CODES = criteriaOf(REFERENCE_FRAMEWORK).map((criterion) => criterion.code);
const SAFEGUARDS = new Set(safeguardCriteria(REFERENCE_FRAMEWORK).map((criterion) => criterion.code));
const REGIONS = [
  { region: 'africa', country: 'SN' },
  { region: 'europe', country: 'FR' },
  { region: 'latin_america_caribbean', country: 'BR' },
  { region: 'asia_pacific', country: 'IN' },
];

let passwordHash: Promise<{ password: string; hash: string }> | undefined;
function sharedPassword(): Promise<{ password: string; hash: string }> {
  passwordHash ??= (async () => {
    const password = randomBytes(12).toString('hex');
    return { password, hash: await argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 }) };
  })();
  return passwordHash;
}

/** Runs `task` over `items`, `parallel` at a time, keeping the order of the results. */
export async function mapLimit<T, R>(items: readonly T[], parallel: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index], index);
      }
    }),
  );
  return results;
}

/**
 * Inserts `count` accounts of `role` (a holder gets an organisation of their own, verified, in
 * one of four regions) and signs each in through POST /api/auth/login.
 */
export async function createAccounts(pool: Pool, http: HttpClient, role: 'holder' | 'secretariat' | 'reviewer', count: number, label: string = role): Promise<Account[]> {
  const { password, hash } = await sharedPassword();
  const accounts: Account[] = [];
  for (let i = 0; i < count; i += 1) {
    const tag = randomBytes(3).toString('hex');
    const email = `${label}-${i}-${tag}@reliability.fasp.test`;
    const name = `${label[0].toUpperCase()}${label.slice(1)} ${i} ${tag}`;
    let organizationId: string | null = null;
    if (role === 'holder') {
      const place = REGIONS[i % REGIONS.length];
      const orgName = `Soil cooperative ${label} ${i} ${tag}`;
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO organization (name, name_key, country, region, college, membership, verified) VALUES ($1, lower($1), $2, $3, $4, 'partner', true) RETURNING id`,
        [orgName, place.country, place.region, ['NGO', 'PROD', 'SCI', 'GOV'][i % 4]],
      );
      organizationId = rows[0].id;
    }
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO user_account (email, name, password_hash, language, roles, organization_id, membership_confirmed, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id`,
      [email, name, hash, ['en', 'fr', 'es'][i % 3], [role], organizationId, organizationId !== null],
    );
    accounts.push({ id: rows[0].id, email, name, organizationId, token: '' });
  }
  await mapLimit(accounts, 4, async (account) => {
    const tokens = await http.json<{ accessToken: string }>('POST', '/api/auth/login', { body: { email: account.email, password } });
    account.token = tokens.accessToken;
  });
  return accounts;
}

/** A call on the published reference framework, created and opened by the secretariat. */
export async function openCall(pool: Pool, http: HttpClient, secretariat: Account, overrides: Record<string, unknown> = {}): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(`SELECT id FROM criteria_framework WHERE status = 'published' ORDER BY created_at LIMIT 1`);
  if (rows.length === 0) throw new Error('no published criteria framework (the API seeds the reference one at start)');
  const now = Date.now();
  const call = await http.json<{ id: string; version: number }>('POST', '/api/calls', {
    token: secretariat.token,
    body: {
      title: `Reliability call ${randomBytes(3).toString('hex')}`,
      year: new Date(now).getUTCFullYear(),
      frameworkId: rows[0].id,
      opensAt: new Date(now - 3600_000).toISOString(),
      closesAt: new Date(now + 60 * 24 * 3600_000).toISOString(),
      ...overrides,
    },
  });
  await http.json('POST', `/api/calls/${call.id}/open`, { token: secretariat.token, body: { expectedVersion: call.version } });
  return call.id;
}

/** A minimal but real PDF (one page), accepted as a concept note. */
export function minimalPdf(text = 'Concept note'): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>'];
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

/** Every dossier field, with plausible soil-carbon content. */
export function dossier(callId: string, index: number): Record<string, unknown> {
  return {
    callId,
    title: `Agroforestry parklands for soil carbon, site ${index + 1}`,
    language: 'en',
    summary: 'Farmers restore Faidherbia albida parklands and compost crop residues on 1,200 ha of degraded cropland.',
    modality: 1,
    projectType: 'project',
    objectives: ['mitigation', 'adaptation', 'food_security'],
    countries: ['SN'],
    location: { type: 'Point', coordinates: [-16.25, 14.15] },
    areaHa: 1200 + index,
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
  };
}

/** A complete draft: every field, every criterion statement, a concept note. */
export async function createCompleteDraft(http: HttpClient, holder: Account, callId: string, index: number): Promise<ProjectRef> {
  const token = holder.token;
  const created = await http.json<{ id: string }>('POST', '/api/projects', { token, body: dossier(callId, index) });
  for (const code of CRITERIA_CODES) {
    await http.json('PUT', `/api/projects/${created.id}/criteria/${code}`, { token, body: { text: `How the project addresses criterion ${code}: practices, indicators and monitoring.` } });
  }
  const upload = multipartFile('file', 'concept-note.pdf', 'application/pdf', minimalPdf());
  await http.json('POST', `/api/projects/${created.id}/attachments?kind=concept_note`, { token, body: upload.body, contentType: upload.contentType });
  const project = await http.json<{ id: string; version: number; stage: string; faspId: string | null }>('GET', `/api/projects/${created.id}`, { token });
  return { id: project.id, version: project.version, stage: project.stage, faspId: project.faspId, holder };
}

/** A transition at the version the caller knows; updates `project` from the answer. */
export async function move(http: HttpClient, token: string, project: ProjectRef, action: string, extra: Record<string, unknown> = {}): Promise<void> {
  const moved = await http.json<{ version: number; stage: string; faspId: string | null }>('POST', `/api/projects/${project.id}/transitions`, {
    token,
    body: { action, expectedVersion: project.version, ...extra },
  });
  project.version = moved.version;
  project.stage = moved.stage;
  project.faspId = moved.faspId;
}

/** Complete drafts submitted by their holders (stage `submitted`), `perHolder` each. */
export async function createSubmittedProjects(http: HttpClient, holders: readonly Account[], callId: string, perHolder: number, parallel = 4): Promise<ProjectRef[]> {
  const tasks = holders.flatMap((holder, h) => Array.from({ length: perHolder }, (_, i) => ({ holder, index: h * perHolder + i })));
  return mapLimit(tasks, parallel, async ({ holder, index }) => {
    const project = await createCompleteDraft(http, holder, callId, index);
    await move(http, holder.token, project, 'submit');
    return project;
  });
}

/** Reviewer profiles set by the secretariat: the first `stc` are Committee members. */
export async function setReviewerProfiles(http: HttpClient, secretariat: Account, reviewers: readonly Account[], stc: number, capacityPerCall: number): Promise<void> {
  await mapLimit(reviewers, 4, async (reviewer, i) => {
    await http.json('PUT', `/api/reviewers/${reviewer.id}/profile`, {
      token: secretariat.token,
      body: { stcMember: i < stc, languages: ['en', 'fr', 'es'], practices: ['agroforestry', 'organic_amendments'], capacityPerCall },
    });
  });
}

export interface Seat {
  assignmentId: string;
  projectId: string;
  reviewer: Account;
  role: 'lead' | 'member';
}

/**
 * The secretariat admits the projects; the worker's assignment finds `k` reviewers for each and
 * invites them; every invited reviewer accepts, which moves each project to `review`.
 */
export async function admitAndSeat(pool: Pool, http: HttpClient, secretariat: Account, projects: ProjectRef[], reviewers: readonly Account[], k: number, timeoutMs: number): Promise<Seat[]> {
  await mapLimit(projects, 4, (project) => move(http, secretariat.token, project, 'admit'));
  const ids = projects.map((project) => project.id);
  await waitUntil('every admitted project has its invitations', timeoutMs, async () => {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT project_id FROM assignment WHERE project_id = ANY($1) AND status = 'invited' GROUP BY project_id HAVING count(*) >= $2) seated`,
      [ids, k],
    );
    return rows[0].n === ids.length || `${rows[0].n} of ${ids.length} projects with ${k} invitations`;
  }, 500);
  const { rows } = await pool.query<{ id: string; project_id: string; reviewer_id: string; role: 'lead' | 'member' }>(
    `SELECT id, project_id, reviewer_id, role FROM assignment WHERE project_id = ANY($1) AND status = 'invited' ORDER BY project_id, role`,
    [ids],
  );
  const byId = new Map(reviewers.map((reviewer) => [reviewer.id, reviewer]));
  const seats = rows.map((row) => {
    const reviewer = byId.get(row.reviewer_id);
    if (!reviewer) throw new Error(`assignment ${row.id} went to an unknown reviewer`);
    return { assignmentId: row.id, projectId: row.project_id, reviewer, role: row.role };
  });
  await mapLimit(seats, 4, (seat) => http.json('POST', `/api/assignments/${seat.assignmentId}/accept`, { token: seat.reviewer.token }));
  await waitUntil('every seated project in review', 60000, async () => {
    const { rows: stages } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM project WHERE id = ANY($1) AND stage = 'review'`, [ids]);
    return stages[0].n === ids.length || `${stages[0].n} of ${ids.length} in review`;
  });
  const { rows: versions } = await pool.query<{ id: string; version: number; stage: string }>(`SELECT id, version, stage FROM project WHERE id = ANY($1)`, [ids]);
  for (const row of versions) {
    const project = projects.find((candidate) => candidate.id === row.id)!;
    project.version = row.version;
    project.stage = row.stage;
  }
  return seats;
}

/** A complete set of ratings for the reference framework, `score` everywhere, no harm on the safeguards. */
export function completeRatings(score = 3, note = ''): Record<string, unknown> {
  return Object.fromEntries(
    CRITERIA_CODES.map((code) => [
      code,
      {
        score,
        ...(SAFEGUARDS.has(code) && { harm: 'no_risk' }),
        comment: `Committee note on ${code}${note}`,
        recommendation: `Recommendation on ${code} for the holder`,
      },
    ]),
  );
}

/** The project's version and stage as the database has them. */
export async function refresh(pool: Pool, project: ProjectRef): Promise<void> {
  const { rows } = await pool.query<{ version: number; stage: string; fasp_id: string | null }>(`SELECT version, stage, fasp_id FROM project WHERE id = $1`, [project.id]);
  project.version = rows[0].version;
  project.stage = rows[0].stage;
  project.faspId = rows[0].fasp_id;
}

/**
 * Takes projects in review through a positive round to publication: both reviews submitted,
 * the lead proposes `positive`, the secretariat releases it, the holder consents, the
 * secretariat publishes.
 */
export async function publish(pool: Pool, http: HttpClient, secretariat: Account, project: ProjectRef, seats: readonly Seat[]): Promise<void> {
  const mine = seats.filter((seat) => seat.projectId === project.id);
  for (const seat of mine) {
    await http.json('PUT', `/api/assignments/${seat.assignmentId}/review`, {
      token: seat.reviewer.token,
      body: { ratings: completeRatings(3), overallRecommendation: 'positive', overallComment: 'Sound project', confidentialNotes: 'For the secretariat' },
    });
    await http.json('POST', `/api/assignments/${seat.assignmentId}/review/submit`, { token: seat.reviewer.token });
  }
  await waitUntil('consolidation opened', 60000, async () => {
    await refresh(pool, project);
    return project.stage === 'consolidation' || project.stage;
  });
  const lead = mine.find((seat) => seat.role === 'lead');
  if (!lead) throw new Error(`project ${project.id} has no lead`);
  await move(http, lead.reviewer.token, project, 'propose_outcome', { outcome: 'positive' });
  await move(http, secretariat.token, project, 'release_feedback', { outcome: 'positive' });
  await http.json('PUT', `/api/projects/${project.id}/publication-consent`, { token: project.holder.token, body: { consentToPublish: true } });
  await refresh(pool, project);
  await move(http, secretariat.token, project, 'publish');
}
