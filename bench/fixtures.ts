import { criteriaOf, REFERENCE_FRAMEWORK } from '@fasp/core';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { BenchEngine } from './engine-processes';
import { dossier, minimalPdf } from '../scripts/reliability/fixtures';
import { HttpClient, multipartFile } from '../scripts/reliability/http';

/**
 * The data a bench starts from, made the way people make it: accounts are inserted (the
 * registration route is rate limited per address) but sign in through the real route; the call,
 * the dossiers, their statements and concept notes, and the submissions go through the HTTP API.
 */

export interface BenchAccount {
  id: string;
  email: string;
  organizationId: string | null;
  token: string;
}

export interface BenchProject {
  id: string;
  version: number;
  stage: string;
  holder: BenchAccount;
}

const CRITERIA_CODES = criteriaOf(REFERENCE_FRAMEWORK).map((criterion) => criterion.code);

/** Inserts accounts (one organisation per holder) and signs each in through POST /api/auth/login. */
export async function createAccounts(engine: BenchEngine, http: HttpClient, role: 'holder' | 'secretariat', count: number, label = role): Promise<BenchAccount[]> {
  const password = randomBytes(12).toString('hex');
  const hash = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const accounts: BenchAccount[] = [];
  for (let i = 0; i < count; i += 1) {
    const email = `${label}-${i}-${randomBytes(3).toString('hex')}@bench.fasp.test`;
    let organizationId: string | null = null;
    if (role === 'holder') {
      const name = `Bench soil cooperative ${label} ${i} ${randomBytes(3).toString('hex')}`;
      const { rows } = await engine.pool.query<{ id: string }>(
        `INSERT INTO organization (name, name_key, country, region, college, membership, verified) VALUES ($1, lower($1), 'SN', 'africa', 'NGO', 'partner', true) RETURNING id`,
        [name],
      );
      organizationId = rows[0].id;
    }
    const { rows } = await engine.pool.query<{ id: string }>(
      `INSERT INTO user_account (email, name, password_hash, language, roles, organization_id, membership_confirmed, version)
       VALUES ($1, $2, $3, 'en', $4, $5, $6, 1) RETURNING id`,
      [email, `Bench ${label} ${i}`, hash, [role], organizationId, organizationId !== null],
    );
    accounts.push({ id: rows[0].id, email, organizationId, token: '' });
  }
  await Promise.all(
    accounts.map(async (account) => {
      const tokens = await http.json<{ accessToken: string }>('POST', '/api/auth/login', { body: { email: account.email, password } });
      account.token = tokens.accessToken;
    }),
  );
  return accounts;
}

/** A call on the published reference framework, created and opened by the secretariat over HTTP. */
export async function openCall(engine: BenchEngine, http: HttpClient, secretariat: BenchAccount): Promise<string> {
  const { rows } = await engine.pool.query<{ id: string }>(`SELECT id FROM criteria_framework WHERE status = 'published' ORDER BY created_at LIMIT 1`);
  if (rows.length === 0) throw new Error('no published criteria framework (the API seeds the reference one at start)');
  const now = Date.now();
  const call = await http.json<{ id: string; version: number }>('POST', '/api/calls', {
    token: secretariat.token,
    body: {
      title: `Benchmark call ${randomBytes(3).toString('hex')}`,
      year: new Date(now).getUTCFullYear(),
      frameworkId: rows[0].id,
      opensAt: new Date(now - 3600_000).toISOString(),
      closesAt: new Date(now + 30 * 24 * 3600_000).toISOString(),
    },
  });
  await http.json('POST', `/api/calls/${call.id}/open`, { token: secretariat.token, body: { expectedVersion: call.version } });
  return call.id;
}

/** A dossier written, completed and submitted by its holder through the API: stage `submitted`. */
export async function createSubmittedProject(http: HttpClient, holder: BenchAccount, callId: string, index: number): Promise<BenchProject> {
  const token = holder.token;
  let project = await http.json<{ id: string; version: number; stage: string }>('POST', '/api/projects', { token, body: dossier(callId, index) });
  for (const code of CRITERIA_CODES) {
    project = await http.json('PUT', `/api/projects/${project.id}/criteria/${code}`, { token, body: { text: `How the project addresses criterion ${code}: practices, indicators and monitoring.` } });
  }
  const upload = multipartFile('file', 'concept-note.pdf', 'application/pdf', minimalPdf());
  await http.json('POST', `/api/projects/${project.id}/attachments?kind=concept_note`, { token, body: upload.body, contentType: upload.contentType });
  project = await http.json('GET', `/api/projects/${project.id}`, { token });
  project = await http.json('POST', `/api/projects/${project.id}/transitions`, { token, body: { action: 'submit', expectedVersion: project.version } });
  return { id: project.id, version: project.version, stage: project.stage, holder };
}

/** `count` submitted projects per holder, made `parallel` at a time. */
export async function createSubmittedProjects(http: HttpClient, holders: readonly BenchAccount[], callId: string, perHolder: number, parallel = 8): Promise<BenchProject[][]> {
  const byHolder: BenchProject[][] = holders.map(() => []);
  const tasks = holders.flatMap((holder, h) => Array.from({ length: perHolder }, (_, i) => ({ holder, h, index: h * perHolder + i })));
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < tasks.length) {
        const task = tasks[next++];
        byHolder[task.h].push(await createSubmittedProject(http, task.holder, callId, task.index));
      }
    }),
  );
  return byHolder;
}
