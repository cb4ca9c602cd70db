import { STAGES } from '@fasp/core';
import { readFile } from 'node:fs/promises';
import { Browser, BrowserContext, Page, Response } from 'playwright-core';
import request from 'supertest';
import { AssignmentRunsService } from '../../src/modules/assignment/assignment-runs.service';
import { Assignment } from '../../src/modules/assignment/entities/assignment.entity';
import { CallsService } from '../../src/modules/calls/calls.service';
import { PipelineService } from '../../src/modules/pipeline/pipeline.service';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { createAccount, createHolder, TestAccount, TEST_PASSWORD } from '../helpers/accounts';
import { DAY_MS, HOUR_MS, timeTraveller } from '../helpers/calls';
import { createSubmittedProject } from '../helpers/projects';
import { createReviewer, historyOf } from '../helpers/reviewers';
import { startReview, submitAll, transitionNow } from '../helpers/reviews';
import { startTestEngine, TestEngine, waitForQueuesIdle } from '../helpers/test-engine';
import { checkPage, launchBrowser, newContext, signIn } from './harness';

/** Asia/Kolkata is UTC+05:30 all year: a wall-clock time there is an exact, known instant. */
const ZONE = 'Asia/Kolkata';
const ZONE_OFFSET_MS = 5.5 * HOUR_MS;
const localIn = (instant: number) => new Date(instant + ZONE_OFFSET_MS).toISOString().slice(0, 16);

/** Clicks and returns the response to the form's POST (a refusal is answered in place, not redirected). */
async function submitted(page: Page, click: () => Promise<void>): Promise<Response> {
  const [response] = await Promise.all([page.waitForResponse((candidate) => candidate.request().method() === 'POST'), click()]);
  return response;
}

describe('the secretariat in a browser', () => {
  let engine: TestEngine;
  let browser: Browser;
  let secretariat: TestAccount;
  let context: BrowserContext;
  let page: Page;
  let callId: string;
  const projects: Record<'admitted' | 'asked' | 'refused' | 'french' | 'waiting', Project> = {} as never;
  let holderOfAdmitted: Awaited<ReturnType<typeof createHolder>>;
  const clock = timeTraveller(() => engine);

  beforeAll(async () => {
    [engine, browser] = await Promise.all([startTestEngine(), launchBrowser()]);
    secretariat = await createAccount(engine, { roles: ['secretariat'], name: 'Nadia Okafor', timeZone: ZONE });
    context = await newContext(browser, engine.url, { timezoneId: ZONE });
    page = await context.newPage();
    await signIn(page, secretariat.email, TEST_PASSWORD);
  });
  afterEach(() => clock.reset());
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await engine?.close();
  });

  it('creates a call with times typed in the member’s zone, shows a refused field in place, then opens and edits it', async () => {
    expect(new URL(page.url()).pathname).toBe('/pipeline');
    await checkPage(page, '/calls', 'secretariat-calls');
    expect(await page.locator('h1').textContent()).toBe('Calls for projects');
    await page.getByRole('link', { name: 'New call' }).click();
    await page.waitForURL('**/calls/new');
    await checkPage(page, '/calls/new', 'secretariat-call-form');

    const opens = Math.floor((Date.now() - DAY_MS) / 60000) * 60000;
    const closes = opens + 60 * DAY_MS;
    await page.getByLabel('Title').fill('Soil carbon projects 2026');
    await page.getByLabel('Opens on').fill(localIn(opens));
    await page.getByLabel('Closes on').fill(localIn(opens - HOUR_MS));
    await page.getByLabel('Reviewers per project').fill('2');
    const refused = await submitted(page, () => page.getByRole('button', { name: 'Create the call (as a draft)' }).click());
    expect(refused.status()).toBe(400);
    expect(await page.locator('.error-summary').textContent()).toContain('Closes on');
    expect(await page.locator('#f-closesAt-error').textContent()).toBe('The closing must come after the opening.');
    expect(await page.getByLabel('Closes on').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Title').inputValue()).toBe('Soil carbon projects 2026');
    expect(await page.getByLabel('Opens on').inputValue()).toBe(localIn(opens));

    await page.getByLabel('Closes on').fill(localIn(closes));
    await page.getByRole('button', { name: 'Create the call (as a draft)' }).click();
    await page.waitForURL(/\/calls\/[0-9a-f-]{36}$/);
    callId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByRole('status').textContent()).toContain('The call is created, as a draft.');
    const stored = await engine.get(CallsService).get(callId);
    // the wall-clock times typed were Kolkata's (the member's zone), not the server's UTC
    expect(stored.opensAt.toISOString()).toBe(new Date(opens).toISOString());
    expect(stored.closesAt.toISOString()).toBe(new Date(closes).toISOString());
    expect(stored.status).toBe('draft');
    expect(await page.getByLabel('Opens on').inputValue()).toBe(localIn(opens));

    await page.getByRole('button', { name: 'Open the call' }).click();
    await page.waitForURL(`**/calls/${callId}`);
    expect(await page.getByRole('status').textContent()).toContain('The call is open.');
    expect((await engine.get(CallsService).get(callId)).status).toBe('open');
    // once open, the opening is no longer a field; the closing still is
    expect(await page.getByLabel('Opens on').count()).toBe(0);
    await page.getByLabel('Closes on').fill(localIn(closes + DAY_MS));
    await page.getByLabel('Description').fill('Projects restoring soil organic carbon on farmland.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`**/calls/${callId}`);
    expect(await page.getByRole('status').textContent()).toContain('The call is saved.');
    const edited = await engine.get(CallsService).get(callId);
    expect(edited).toMatchObject({ status: 'open', description: 'Projects restoring soil organic carbon on farmland.' });
    expect(edited.closesAt.toISOString()).toBe(new Date(closes + DAY_MS).toISOString());
  });

  it('decides eligibility: admits, requests information (a message is required) and, in French, refuses with reasons; a stale page says so', async () => {
    holderOfAdmitted = await createHolder(engine);
    projects.admitted = await createSubmittedProject(engine, holderOfAdmitted, callId, { title: 'Parkland agroforestry in the Groundnut Basin' });
    projects.asked = await createSubmittedProject(engine, await createHolder(engine), callId, { title: 'Rangeland restoration in Kordofan' });
    projects.refused = await createSubmittedProject(engine, await createHolder(engine), callId, { title: 'Urban rooftop gardens' });
    projects.french = await createSubmittedProject(engine, await createHolder(engine), callId, { title: 'Haies bocagères en Casamance', language: 'fr' });
    projects.waiting = await createSubmittedProject(engine, await createHolder(engine), callId, { title: 'Cover crops for cassava farms' });

    await checkPage(page, `/secretariat/projects?callId=${callId}`, 'secretariat-projects');
    expect(await page.locator('table.sec-projects tbody tr').count()).toBe(5);
    // two at a time, through the API's cursor: 2 + 2 + 1, newest first, none twice
    await page.goto(`/secretariat/projects?callId=${callId}&limit=2`);
    const seen: string[] = [];
    for (const size of [2, 2, 1]) {
      const titles = await page.locator('table.sec-projects tbody tr td:nth-child(2)').allTextContents();
      expect(titles).toHaveLength(size);
      seen.push(...titles);
      if (size === 2) await page.getByRole('link', { name: 'Next page' }).click();
    }
    expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(0);
    expect(seen).toEqual(['Cover crops for cassava farms', 'Haies bocagères en Casamance', 'Urban rooftop gardens', 'Rangeland restoration in Kordofan', 'Parkland agroforestry in the Groundnut Basin']);
    await page.getByRole('link', { name: 'First page' }).click();
    expect(await page.locator('table.sec-projects tbody tr td:nth-child(2)').first().textContent()).toBe('Cover crops for cassava farms');
    await page.goto(`/secretariat/projects?callId=${callId}`);
    await page.getByLabel('Title or FASP id').fill(projects.refused.faspId!);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/q=FASP/);
    expect(await page.locator('table.sec-projects tbody tr').count()).toBe(1);
    await page.getByRole('link', { name: 'Urban rooftop gardens' }).click();
    await page.waitForURL(`**/secretariat/projects/${projects.refused.id}`);

    await checkPage(page, `/secretariat/projects/${projects.admitted.id}`, 'secretariat-project');
    expect(await page.locator('h1').textContent()).toContain(projects.admitted.faspId!);
    const stale = await context.newPage();
    await stale.goto(`/secretariat/projects/${projects.admitted.id}`);
    await page.getByRole('button', { name: 'Admit the project' }).click();
    await page.waitForURL(`**/secretariat/projects/${projects.admitted.id}`);
    expect(await page.getByRole('status').textContent()).toContain('The project is admitted');
    expect(await page.locator('main p .stage').first().textContent()).toBe('Reviewer assignment');
    // the other tab still shows the eligibility forms of the version it read
    await stale.getByLabel('Message to the holder').fill('Please send the tenure agreements.');
    const conflict = await submitted(stale, () => stale.getByRole('button', { name: 'Send the request' }).click());
    expect(conflict.status()).toBe(409);
    expect(await stale.locator('h1').textContent()).toBe('This page is out of date');
    await stale.getByRole('link', { name: 'Open the current page' }).click();
    expect(await stale.locator('main p .stage').first().textContent()).toBe('Reviewer assignment');
    await stale.close();

    await page.goto(`/secretariat/projects/${projects.asked.id}`);
    const empty = await submitted(page, () => page.getByRole('button', { name: 'Send the request' }).click());
    expect(empty.status()).toBe(400);
    expect(await page.locator('#f-infoMessage-error').textContent()).toBe('This is required.');
    expect(await page.locator('main p .stage').first().textContent()).toBe('Eligibility check');
    await page.getByLabel('Message to the holder').fill('Please attach the signed land tenure agreements of the 14 villages.');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.waitForURL(`**/secretariat/projects/${projects.asked.id}`);
    expect(await page.locator('main p .stage').first().textContent()).toBe('Information requested');
    expect(await page.locator('table.sec-history').textContent()).toContain('Please attach the signed land tenure agreements of the 14 villages.');

    await page.goto(`/secretariat/projects/${projects.refused.id}`);
    await page.getByRole('link', { name: 'Français' }).click();
    await page.waitForURL(/lang=fr/);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    const noReasons = await submitted(page, () => page.getByRole('button', { name: 'Refuser le projet' }).click());
    expect(noReasons.status()).toBe(400);
    expect(await page.locator('#f-refusalReasons-error').textContent()).toBe('Ce champ est obligatoire.');
    await page.getByLabel('Motifs du refus').fill("Le projet ne contribue à aucun objectif de l'Initiative : pas de gestion des sols agricoles.");
    await page.getByRole('button', { name: 'Refuser le projet' }).click();
    await page.waitForURL(`**/secretariat/projects/${projects.refused.id}`);
    expect(await page.getByRole('status').textContent()).toContain('Le projet est refusé');
    expect(await page.locator('main p .stage').first().textContent()).toBe('Non admis');
    const refusal = (await historyOf(engine, projects.refused.id)).at(-1)!;
    expect(refusal).toMatchObject({ action: 'refuse', toStage: 'not_admitted', actorId: secretariat.id });
    expect(refusal.reason).toContain('aucun objectif');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
  });

  it('admits a project with JavaScript disabled', async () => {
    const scriptless = await newContext(browser, engine.url, { javaScriptEnabled: false, timezoneId: ZONE });
    const plain = await scriptless.newPage();
    await signIn(plain, secretariat.email, TEST_PASSWORD);
    await plain.goto(`/secretariat/projects/${projects.french.id}`);
    await plain.getByRole('button', { name: 'Admit the project' }).click();
    await plain.waitForURL(`**/secretariat/projects/${projects.french.id}`);
    expect(await plain.getByRole('status').textContent()).toContain('The project is admitted');
    expect(await plain.locator('main p .stage').first().textContent()).toBe('Reviewer assignment');
    await scriptless.close();
    // both admissions asked for reviewers while there were none: their runs are over
    await waitForQueuesIdle(engine);
  });

  let colleague: TestAccount;

  it('starts an assignment run and shows who was chosen and why, and the seats left unfilled and why', async () => {
    await createReviewer(engine, { stcMember: true, languages: ['en'], practices: ['agroforestry'], landUses: ['cropland'], capacityPerCall: 5 }, { name: 'Dr Amara Diop' });
    await createReviewer(engine, { languages: ['en'], practices: ['organic_amendments'], capacityPerCall: 5 }, { name: 'Dr Bruno Silva' });
    colleague = await createReviewer(engine, { languages: ['en'], practices: ['agroforestry'], capacityPerCall: 5 }, { name: 'Dr Chloé Martin', organizationId: holderOfAdmitted.organization.id });

    await page.goto(`/calls/${callId}`);
    await page.getByRole('button', { name: 'Start an assignment run' }).click();
    await page.waitForURL(/\/assignment-runs\/[0-9a-f-]{36}$/);
    const runPath = new URL(page.url()).pathname;
    // htmx asks again while the worker solves; the section settles on the result
    await page.locator('#run-status .stage', { hasText: 'Completed' }).waitFor({ timeout: 30000 });
    const admitted = page.locator('.sec-run-projects > li', { hasText: projects.admitted.faspId! });
    expect(await admitted.locator('.sec-chosen > li').count()).toBe(2);
    const chosenLead = admitted.locator('.sec-chosen > li', { hasText: 'Dr Amara Diop' });
    expect(await chosenLead.textContent()).toContain('Lead');
    expect(await chosenLead.textContent()).toContain('Practices: Agroforestry');
    expect(await chosenLead.textContent()).toContain('Land uses: Cropland');
    expect(await admitted.locator('.sec-chosen > li', { hasText: 'Dr Bruno Silva' }).textContent()).toContain('Practices: Organic amendments');
    expect(await admitted.textContent()).not.toContain('Dr Chloé Martin');
    const french = page.locator('.sec-run-projects > li', { hasText: projects.french.faspId! });
    expect(await french.textContent()).toContain('2 of 2 seats left unfilled.');
    expect(await french.textContent()).toContain('For the lead seat: no STC member reads French.');
    await checkPage(page, runPath, 'secretariat-assignment-run');
  });

  it('follows a run that is still waiting: htmx swaps the result in place, and without JavaScript a link refreshes', async () => {
    await waitForQueuesIdle(engine);
    // a run queued but not yet handed to the worker (no outbox row): it waits until run below
    const [{ id: runId }] = await engine.dataSource.query<Array<{ id: string }>>(`INSERT INTO assignment_run (call_id, trigger) VALUES ($1, 'secretariat') RETURNING id`, [callId]);
    const scriptless = await newContext(browser, engine.url, { javaScriptEnabled: false, timezoneId: ZONE });
    const plain = await scriptless.newPage();
    await signIn(plain, secretariat.email, TEST_PASSWORD);
    await plain.goto(`/assignment-runs/${runId}`);
    expect(await plain.locator('#run-status .stage').textContent()).toBe('Waiting');

    await page.goto(`/assignment-runs/${runId}`);
    expect(await page.locator('#run-status').getAttribute('hx-trigger')).toBe('every 2s');
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await engine.get(AssignmentRunsService).execute(runId);
    await page.locator('#run-status .stage', { hasText: 'Completed' }).waitFor({ timeout: 10000 });
    expect(navigations).toBe(0);
    expect(await page.locator('#run-status').getAttribute('hx-trigger')).toBeNull();

    expect(await plain.locator('#run-status .stage').textContent()).toBe('Waiting');
    await plain.getByRole('link', { name: 'Refresh' }).click();
    expect(await plain.locator('#run-status .stage').textContent()).toBe('Completed');
    await scriptless.close();
  });

  it('assigns a reviewer by hand once the conflict of interest is acknowledged, and takes a seat back with a reason', async () => {
    await page.goto(`/secretariat/projects/${projects.admitted.id}`);
    await page.getByRole('combobox', { name: 'Reviewer', exact: true }).selectOption(colleague.id);
    await page.getByLabel('Why this reviewer').fill('Knows the parklands of the Groundnut Basin first hand.');
    const first = await submitted(page, () => page.getByRole('button', { name: 'Invite this reviewer' }).click());
    expect(first.status()).toBe(422);
    expect(await page.locator('.sec-conflicts').textContent()).toContain(`Belongs to the holder's organisation (${holderOfAdmitted.organization.name}).`);
    expect(await page.getByLabel('Why this reviewer').inputValue()).toBe('Knows the parklands of the Groundnut Basin first hand.');
    expect(await page.getByRole('combobox', { name: 'Reviewer', exact: true }).inputValue()).toBe(colleague.id);
    expect(await engine.dataSource.getRepository(Assignment).countBy({ projectId: projects.admitted.id, reviewerId: colleague.id })).toBe(0);

    await page.getByLabel(/I acknowledge the conflict of interest/).check();
    await page.getByRole('button', { name: 'Invite this reviewer' }).click();
    await page.waitForURL(`**/secretariat/projects/${projects.admitted.id}#assignments`);
    expect(await page.getByRole('status').textContent()).toContain('The reviewer is invited.');
    const row = page.locator('table.sec-seats tbody tr', { hasText: 'Dr Chloé Martin' });
    expect(await row.textContent()).toContain('Despite a conflict of interest');
    const seat = await engine.dataSource.getRepository(Assignment).findOneByOrFail({ projectId: projects.admitted.id, reviewerId: colleague.id });
    expect(seat).toMatchObject({ status: 'invited', source: 'manual', conflictOverridden: true, note: 'Knows the parklands of the Groundnut Basin first hand.' });

    const removeLabel = 'Reason for removing Dr Chloé Martin';
    const noReason = await submitted(page, () => row.getByRole('button', { name: 'Remove' }).click());
    expect(noReason.status()).toBe(400);
    expect(await page.locator(`#f-removeReason-${seat.id}-error`).textContent()).toBe('This text is too short or too long (at least 3 characters).');
    await page.getByLabel(removeLabel).fill('The conflict is too close after all.');
    await page.locator('table.sec-seats tbody tr', { hasText: 'Dr Chloé Martin' }).getByRole('button', { name: 'Remove' }).click();
    await page.waitForURL(`**/secretariat/projects/${projects.admitted.id}#assignments`);
    expect(await page.locator('table.sec-seats tbody tr', { hasText: 'Dr Chloé Martin' }).textContent()).toContain('Removed');
    expect((await engine.dataSource.getRepository(Assignment).findOneByOrFail({ id: seat.id })).status).toBe('removed');
    expect((await historyOf(engine, projects.admitted.id)).map((entry) => entry.action)).toEqual(expect.arrayContaining(['assign_reviewer', 'remove_reviewer']));
  });

  it('releases the feedback after the lead’s proposal, then publishes the consented project, which the pipeline counts; the call is closed', async () => {
    const setup = await startReview(engine);
    await request(engine.url).put(`/api/projects/${setup.project.id}/publication-consent`).set('authorization', setup.holder.bearer).send({ consentToPublish: true }).expect(200);
    await submitAll(engine, setup.seats);
    await page.goto(`/secretariat/projects/${setup.project.id}`);
    expect(await page.locator('#release').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Release the feedback to the holder' }).count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('The lead reviewer has not proposed an outcome yet.');

    const proposed = await transitionNow(engine, setup.lead.reviewer, setup.project.id, { action: 'propose_outcome', outcome: 'positive' });
    expect(proposed.status).toBe(200);
    await page.reload();
    expect(await page.getByRole('radio', { name: /^Positive/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Release the feedback to the holder' }).click();
    await page.waitForURL(`**/secretariat/projects/${setup.project.id}`);
    expect(await page.getByRole('status').textContent()).toContain('The feedback is released to the holder.');
    expect(await page.locator('main p .stage').first().textContent()).toBe('Assessment completed');

    await page.getByRole('button', { name: 'Publish as an investment opportunity' }).click();
    await page.waitForURL(`**/secretariat/projects/${setup.project.id}`);
    expect(await page.getByRole('status').textContent()).toContain('The project is published as an investment opportunity.');
    expect(await page.locator('main p .stage').first().textContent()).toBe('Published');

    await page.goto(`/pipeline?callId=${setup.call.id}`);
    expect(await page.locator('table tr', { has: page.locator('th', { hasText: /^Published$/ }) }).first().locator('td').first().textContent()).toBe('1');
    // one stage holds projects in this call: one bar
    expect(await page.locator('.sec-bar-chart svg rect').count()).toBe(1);
    expect(await page.locator('.sec-bar-chart table tbody tr', { hasText: 'Published' }).locator('td').textContent()).toBe('1');

    await page.goto(`/calls/${setup.call.id}`);
    await page.getByRole('button', { name: 'Close the call' }).click();
    await page.waitForURL(`**/calls/${setup.call.id}`);
    expect(await page.getByRole('status').textContent()).toContain('The call is closed.');
    expect(await page.locator('main').textContent()).toContain('A closed call can no longer be edited.');
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect((await engine.get(CallsService).get(setup.call.id)).status).toBe('closed');
  });

  it('shows the whole pipeline as a bar chart with the overdue list, and downloads the CSV export', async () => {
    // 15 days on: the eligibility check (14 days) of the waiting project is overdue
    clock.travel(15 * DAY_MS);
    await checkPage(page, '/pipeline', 'secretariat-dashboard');
    const summary = await engine.get(PipelineService).summary({});
    const filled = summary.byStage.filter((row) => row.count > 0);
    expect(filled.length).toBeGreaterThanOrEqual(5);
    expect(await page.locator('.sec-bar-chart svg rect').count()).toBe(filled.length);
    expect(await page.locator('.sec-bar-chart table tbody tr').count()).toBe(STAGES.length);
    expect(await page.locator('.sec-bar-chart svg').getAttribute('role')).toBe('img');

    const overdue = page.locator('table.sec-overdue tbody tr', { hasText: 'Cover crops for cassava farms' });
    expect(await overdue.textContent()).toContain('the secretariat');
    await overdue.getByRole('link').click();
    await page.waitForURL(`**/secretariat/projects/${projects.waiting.id}`);
    expect(await page.locator('main').textContent()).toContain('overdue');

    await page.goto('/pipeline');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the projects as CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('fasp-pipeline.csv');
    const csv = (await readFile(await download.path())).toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('fasp_id,title,organisation,organisation_country,region,college,language,modality,stage,days_in_stage,round,step_1_score,step_2_score,step_3_score,step_4_score,overall_score,outcome,project_countries');
    expect(lines).toHaveLength(summary.total + 1);
    expect(lines.some((line) => line.startsWith(`${projects.waiting.faspId},Cover crops for cassava farms,`))).toBe(true);
  });

  it('refuses holders and reviewers with a 403 page, and sends visitors to sign in', async () => {
    for (const roles of [['holder'], ['reviewer']] as const) {
      const account = await createAccount(engine, { roles: [...roles] });
      const other = await newContext(browser, engine.url);
      const visit = await other.newPage();
      await signIn(visit, account.email, TEST_PASSWORD);
      for (const path of ['/pipeline', '/calls/new', `/secretariat/projects/${projects.admitted.id}`, '/pipeline/export.csv']) {
        const response = await visit.goto(path);
        expect({ roles, path, status: response?.status() }).toEqual({ roles, path, status: 403 });
        expect(await visit.locator('h1').textContent()).toBe('Not allowed');
      }
      await other.close();
    }
    const visitor = await newContext(browser, engine.url);
    const visit = await visitor.newPage();
    await visit.goto('/pipeline');
    expect(new URL(visit.url()).pathname).toBe('/login');
    expect(new URL(visit.url()).searchParams.get('next')).toBe('/pipeline');
    await visitor.close();
  });
});
