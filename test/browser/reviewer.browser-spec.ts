import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { createSubmittedProject } from '../helpers/projects';
import { acceptAs, createReviewer, retireReviewers, TestReviewer } from '../helpers/reviewers';
import { completeRatings, submitReviewWith } from '../helpers/reviews';
import { startTestEngine, TestEngine, waitForQueuesIdle } from '../helpers/test-engine';
import { checkPage, launchBrowser, newContext, signIn } from './harness';

interface Seat {
  id: string;
  reviewer_id: string;
  role: 'lead' | 'member';
  status: string;
  respond_by: Date;
}

function seatsOf(engine: TestEngine, projectId: string): Promise<Seat[]> {
  return engine.dataSource.query(`SELECT id, reviewer_id, role, status, respond_by FROM assignment WHERE project_id = $1 ORDER BY created_at, id`, [projectId]);
}

/** The ratings a reviewer gives 2.1 and the harm on 1.2 differ: the consolidation then has a divergence and a safeguard at risk. */
const SPARE_RATINGS = completeRatings(
  (code) => (code === '2.1' ? 0 : 3),
  (code) => (code === '1.2' ? 'risk' : 'no_risk'),
);

/**
 * The STC reviewer's whole path in a browser, on the real engine: invitations answered (in
 * Spanish, in Bogotá's time zone, for one of them), the review form rated partly with scripts
 * (autosave), partly by keyboard and partly without any script, the refusal of an incomplete
 * submit, the other reviews opening only after one's own submission, and the lead's
 * consolidation with its divergence and an outcome the rules refuse, then one they allow.
 */
describe('the reviewer in a browser', () => {
  let engine: TestEngine;
  let browser: Browser;
  let secretariat: TestAccount;
  let lead: TestReviewer;
  let sofia: TestReviewer;
  let decliner: TestReviewer;
  let spare: TestReviewer;
  let projectId: string;
  let seatOf: (reviewer: TestAccount) => Seat;

  beforeAll(async () => {
    [engine, browser] = await Promise.all([startTestEngine(), launchBrowser()]);
    await retireReviewers(engine);
    const call = await createOpenCall(engine, { reviewersPerProject: 3, maxRounds: 2, divergenceAutoInvite: false });
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
    const profile = { languages: ['es', 'en'], practices: ['agroforestry'], capacityPerCall: 5 };
    lead = await createReviewer(engine, { ...profile, stcMember: true }, { name: 'Dr Lena Lead', language: 'en', timeZone: 'Europe/Paris' });
    sofia = await createReviewer(engine, profile, { name: 'Dra Sofía Ramírez', language: 'es', timeZone: 'America/Bogota' });
    decliner = await createReviewer(engine, profile, { name: 'Dr Dan Decliner', language: 'en' });
    // kept out of the first run; offered the seat freed by the decline
    spare = await createReviewer(engine, { ...profile, available: false }, { name: 'Dr Sam Spare', language: 'en' });
    const holder = await createHolder(engine, { language: 'es' });
    const submitted = await createSubmittedProject(engine, holder, call.id, { language: 'es', title: 'Sistemas agroforestales para el carbono del suelo' });
    projectId = submitted.id;
    await request(engine.url).post(`/api/projects/${projectId}/transitions`).set('authorization', secretariat.bearer).send({ action: 'admit', expectedVersion: submitted.version }).expect(200);
    await waitForQueuesIdle(engine);
    const seats = await seatsOf(engine, projectId);
    expect(seats.map((seat) => [seat.reviewer_id, seat.role]).sort()).toEqual(
      [
        [lead.id, 'lead'],
        [sofia.id, 'member'],
        [decliner.id, 'member'],
      ].sort(),
    );
    seatOf = (reviewer) => seats.find((seat) => seat.reviewer_id === reviewer.id)!;
    await acceptAs(engine, lead, seatOf(lead).id).expect(200);
  });

  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  async function signedIn(account: TestAccount, options: Parameters<typeof newContext>[2] = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await newContext(browser, engine.url, options);
    const page = await context.newPage();
    await signIn(page, account.email, account.password);
    return { context, page };
  }

  /** Navigates with a form button and returns the status of the answer (before any redirect is followed). */
  async function submitWith(page: Page, button: ReturnType<Page['getByRole']>, path: RegExp): Promise<number> {
    const [response] = await Promise.all([page.waitForResponse((res) => res.request().method() === 'POST' && path.test(new URL(res.url()).pathname)), button.click()]);
    await page.waitForLoadState();
    return response.status();
  }

  it('shows a Spanish-speaking reviewer her invitation in Spanish and in her time zone; she accepts', async () => {
    const { context, page } = await signedIn(sofia, { locale: 'es-ES', timezoneId: 'America/Bogota' });
    await checkPage(page, '/assignments', 'reviewer-invitations-es');
    expect(await page.locator('h1').textContent()).toBe('Mis evaluaciones');
    const card = page.locator('li.rv-invitation');
    expect(await card.count()).toBe(1);
    const cardText = await card.textContent();
    expect(cardText).toContain('Sistemas agroforestales para el carbono del suelo');
    expect(cardText).toMatch(/FASP-\d{4}-\d{4}/);
    expect(cardText).toContain('español');
    const respondBy = new Intl.DateTimeFormat('es', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Bogota' }).format(seatOf(sofia).respond_by);
    expect(cardText).toContain(respondBy);
    expect(cardText).toContain('Evaluador');
    // the link of the invitation email leads to the invitation
    await page.goto(`/assignments/${seatOf(sofia).id}`);
    expect(new URL(page.url()).pathname).toBe('/assignments');
    expect(await submitWith(page, card.getByRole('button', { name: 'Aceptar' }), /\/accept$/)).toBe(303);
    expect(await page.locator('.flash').textContent()).toContain('Invitación aceptada');
    expect(await page.locator('li.rv-invitation').count()).toBe(0);
    // the project waits for its third reviewer: the form is there, not yet open
    expect(await page.locator('table').textContent()).toContain('0 de 13 criterios calificados');
    expect((await seatsOf(engine, projectId)).find((seat) => seat.reviewer_id === sofia.id)?.status).toBe('accepted');
    await context.close();
  });

  it('lets another reviewer decline with a reason (checked like the API), and the freed seat goes to a new reviewer', async () => {
    await engine.dataSource.query('UPDATE reviewer_profile SET available = true WHERE user_id = $1', [spare.id]);
    const { context, page } = await signedIn(decliner);
    await page.goto('/assignments');
    const card = page.locator('li.rv-invitation');
    await card.getByText('Decline this invitation…').click();
    await card.getByLabel('Reason (optional, read by the secretariat only)').fill('no');
    expect(await submitWith(page, card.getByRole('button', { name: 'Decline', exact: true }), /\/decline$/)).toBe(400);
    expect(await page.locator('li.rv-invitation .error').textContent()).toContain('reason');
    expect(await page.locator('li.rv-invitation textarea').inputValue()).toBe('no');
    await page.locator('li.rv-invitation textarea').fill('Travelling in the field all month');
    expect(await submitWith(page, page.locator('li.rv-invitation').getByRole('button', { name: 'Decline', exact: true }), /\/decline$/)).toBe(303);
    expect(await page.locator('.flash').textContent()).toContain('Invitation declined');
    expect(await page.locator('main').textContent()).toContain('You have no open invitation.');
    const [declined] = await engine.dataSource.query(`SELECT status, decline_reason FROM assignment WHERE id = $1`, [seatOf(decliner).id]);
    expect(declined).toEqual({ status: 'declined', decline_reason: 'Travelling in the field all month' });
    await context.close();

    await waitForQueuesIdle(engine);
    const topUp = (await seatsOf(engine, projectId)).find((seat) => seat.reviewer_id === spare.id && seat.status === 'invited');
    expect(topUp).toBeDefined();
    await acceptAs(engine, spare, topUp!.id).expect(200);
    const [project] = await engine.dataSource.query(`SELECT stage FROM project WHERE id = $1`, [projectId]);
    expect(project.stage).toBe('review');
  });

  it('rates with scripts: autosave keeps the answers across a reload; one criterion by keyboard only; an incomplete submit lists what is missing', async () => {
    const { context, page } = await signedIn(sofia, { locale: 'es-ES', timezoneId: 'America/Bogota' });
    const form = `/assignments/${seatOf(sofia).id}/review`;
    // the link of the "review started" email leads to her form
    await page.goto(`/projects/${projectId}/review`);
    expect(new URL(page.url()).pathname).toBe(form);
    await checkPage(page, form, 'reviewer-review-form-es');
    expect(await page.locator('h1').textContent()).toBe('Evaluación: Sistemas agroforestales para el carbono del suelo');
    expect(await page.locator('#review-progress').textContent()).toContain('0 de 13 criterios calificados');
    // the criterion's guidance and the holder's statement, side by side
    const first = page.locator('section.criterion').first();
    expect(await first.textContent()).toContain('La declaración del titular');
    expect(await first.locator('blockquote').textContent()).toContain('How the project addresses Human rights');

    await page.getByLabel('Comentario para el comité').first().fill('Consentimiento documentado en las 14 aldeas.');
    for (const code of ['1.1', '1.2', '1.3']) {
      await page.getByRole('group', { name: `Calificación de ${code}` }).getByRole('radio', { name: '3 — Bueno' }).check();
      await page.getByRole('group', { name: `Juicio de daño sobre ${code} (salvaguarda)` }).getByRole('radio', { name: 'Sin riesgo' }).check();
    }
    await page.locator('#review-progress').filter({ hasText: '3 de 13 criterios calificados' }).waitFor();
    expect(await page.locator('#autosave-status').textContent()).toMatch(/^Guardado a las \d{1,2}:\d{2}/);

    // keyboard only: from the last field of 1.3, Tab into the rating of 2.1, arrows to "3", Space
    await page.locator('textarea[name="ratings.1.3.recommendation"]').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } } }).document.activeElement.getAttribute('name'))).toBe('ratings.2.1.score');
    await page.keyboard.press('Space');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    expect(await page.getByRole('group', { name: 'Calificación de 2.1' }).getByRole('radio', { name: '3 — Bueno' }).isChecked()).toBe(true);
    await page.locator('#review-progress').filter({ hasText: '4 de 13 criterios calificados' }).waitFor();

    await page.reload();
    for (const code of ['1.1', '1.2', '1.3', '2.1']) {
      expect({ code, checked: await page.getByRole('group', { name: `Calificación de ${code}` }).getByRole('radio', { name: '3 — Bueno' }).isChecked() }).toEqual({ code, checked: true });
    }
    expect(await page.getByRole('group', { name: 'Juicio de daño sobre 1.2 (salvaguarda)' }).getByRole('radio', { name: 'Sin riesgo' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Comentario para el comité').first().inputValue()).toBe('Consentimiento documentado en las 14 aldeas.');

    expect(await submitWith(page, page.getByRole('button', { name: 'Enviar la evaluación' }), /\/review\/submit$/)).toBe(422);
    const missing = await page.locator('#review-gaps').textContent();
    expect(missing).toContain('La evaluación aún no puede enviarse');
    expect(missing).toContain('2.2');
    expect(missing).toContain('sin calificación');
    expect(missing).toContain('El resultado que recomienda');
    expect(missing).not.toContain('1.1');
    // the refusal keeps the form as it was
    expect(await page.getByRole('group', { name: 'Calificación de 1.1' }).getByRole('radio', { name: '3 — Bueno' }).isChecked()).toBe(true);
    const [review] = await engine.dataSource.query(`SELECT status FROM review WHERE assignment_id = $1`, [seatOf(sofia).id]);
    expect(review.status).toBe('draft');

    // a text over the service's limit (the maxlength attribute bypassed): refused in place, nothing typed is lost
    await page.getByLabel('Comentario para el comité').nth(1).fill('Tenencia revisada con el catastro.');
    await page.evaluate(() => {
      const scope = globalThis as unknown as { document: { querySelector(selector: string): { value: string } } };
      scope.document.querySelector('textarea[name="ratings.1.1.recommendation"]').value = 'x'.repeat(20001);
    });
    expect(await submitWith(page, page.getByRole('button', { name: 'Guardar borrador' }), /\/review$/)).toBe(400);
    expect(await page.locator('#f-ratings-1-1-recommendation-error').textContent()).toContain('20000');
    expect(await page.locator('.error-summary a[href="#f-ratings-1-1-recommendation"]').count()).toBe(1);
    expect(await page.getByLabel('Comentario para el comité').nth(1).inputValue()).toBe('Tenencia revisada con el catastro.');
    expect((await page.locator('textarea[name="ratings.1.1.recommendation"]').inputValue()).length).toBe(20001);
    expect(await page.getByRole('group', { name: 'Calificación de 2.1' }).getByRole('radio', { name: '3 — Bueno' }).isChecked()).toBe(true);
    await context.close();
  });

  it('keeps the other reviews closed until her own is submitted', async () => {
    const spareSeat = (await seatsOf(engine, projectId)).find((seat) => seat.reviewer_id === spare.id && seat.status === 'accepted')!;
    const submitted = await submitReviewWith(engine, { reviewer: spare, assignmentId: spareSeat.id, role: 'member' }, { ratings: SPARE_RATINGS, overallRecommendation: 'revise', overallComment: 'Tenure needs work', confidentialNotes: 'SPARE-CONFIDENTIAL' });
    expect(submitted.status).toBe(200);
    // past the review deadline: her list marks the review overdue, with its progress
    await engine.dataSource.query(`UPDATE project SET stage_deadline = now() - interval '1 hour' WHERE id = $1`, [projectId]);
    const { context, page } = await signedIn(sofia, { locale: 'es-ES' });
    await page.goto('/assignments');
    const row = page.locator('tr', { hasText: 'Sistemas agroforestales para el carbono del suelo' });
    expect(await row.getAttribute('class')).toBe('rv-late');
    const rowText = await row.textContent();
    expect(rowText).toContain('Atrasada');
    expect(rowText).toContain('Borrador');
    expect(rowText).toContain('4 de 13 criterios calificados');
    expect(rowText).toContain('En evaluación');

    const response = await page.goto(`/projects/${projectId}/reviews`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('main').textContent()).toContain('Envíe primero su propia evaluación');
    expect(await page.locator('main').textContent()).not.toContain('Dr Sam Spare');
    await context.close();
  });

  it('rates the rest without JavaScript on a small phone, saves, submits; the review is then read-only and the other reviews open', async () => {
    const { context, page } = await signedIn(sofia, { locale: 'es-ES', javaScriptEnabled: false, mobile: true });
    const form = `/assignments/${seatOf(sofia).id}/review`;
    await checkPage(page, form, 'reviewer-review-form-mobile-nojs');
    expect(await page.getByRole('group', { name: 'Calificación de 2.1' }).getByRole('radio', { name: '3 — Bueno' }).isChecked()).toBe(true);
    for (const code of ['2.2', '2.3', '2.4', '2.5', '3.1', '3.2', '3.3', '4.1', '4.2']) {
      await page.getByRole('group', { name: `Calificación de ${code}` }).getByRole('radio', { name: '3 — Bueno' }).check();
    }
    await page.getByLabel('Recomendación al titular').nth(4).fill('Medir el carbono a 30 cm con masa de suelo equivalente.');
    await page.getByRole('group', { name: 'El resultado que recomienda' }).getByRole('radio', { name: 'Positivo', exact: true }).check();
    await page.getByLabel('Nota confidencial para la secretaría').fill('SOFIA-CONFIDENTIAL');
    expect(await submitWith(page, page.getByRole('button', { name: 'Guardar borrador' }), /\/review$/)).toBe(303);
    expect(await page.locator('.flash').textContent()).toContain('Borrador guardado');
    expect(await page.locator('#review-progress').textContent()).toContain('13 de 13 criterios calificados');
    expect(await page.getByRole('group', { name: 'Calificación de 4.2' }).getByRole('radio', { name: '3 — Bueno' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Recomendación al titular').nth(4).inputValue()).toBe('Medir el carbono a 30 cm con masa de suelo equivalente.');

    expect(await submitWith(page, page.getByRole('button', { name: 'Enviar la evaluación' }), /\/review\/submit$/)).toBe(303);
    expect(await page.locator('.flash').first().textContent()).toContain('Su evaluación fue enviada');
    expect(await page.locator('main input[type=radio], main textarea').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('3 — Bueno');
    expect(await page.locator('main').textContent()).toContain('enviada después del plazo');

    await checkPage(page, `/projects/${projectId}/reviews`, 'reviewer-other-reviews-es');
    const main = await page.locator('main').textContent();
    expect(main).toContain('Evaluación de Dr Sam Spare');
    expect(main).toContain('Su evaluación');
    expect(main).toContain('Tenure needs work');
    expect(main).toContain('SOFIA-CONFIDENTIAL');
    expect(main).not.toContain('SPARE-CONFIDENTIAL');
    // the lead has not submitted: their draft never shows
    expect(main).not.toContain('Dr Lena Lead');
    await context.close();
  });

  it('edits the reviewer profile without JavaScript, with the API rules checked in place', async () => {
    const { context, page } = await signedIn(sofia, { locale: 'es-ES', javaScriptEnabled: false });
    await checkPage(page, '/reviewer/profile', 'reviewer-profile-es');
    expect(await page.locator('h1').textContent()).toBe('Mi perfil de evaluador');
    expect(await page.getByRole('group', { name: 'Idiomas en los que lee expedientes' }).getByRole('checkbox', { name: 'español' }).isChecked()).toBe(true);
    await page.getByRole('group', { name: 'Idiomas en los que lee expedientes' }).getByRole('checkbox', { name: 'francés' }).check();
    await page.getByRole('group', { name: 'Regiones que conoce' }).getByRole('checkbox', { name: 'América Latina y el Caribe' }).check();
    await page.getByLabel('Países que conoce').fill('CO, XX');
    expect(await submitWith(page, page.getByRole('button', { name: 'Guardar mi perfil' }), /\/reviewer\/profile$/)).toBe(400);
    expect(await page.locator('.error-summary').textContent()).toContain('countries');
    expect(await page.getByLabel('Países que conoce').inputValue()).toBe('CO, XX');
    expect(await page.getByRole('group', { name: 'Idiomas en los que lee expedientes' }).getByRole('checkbox', { name: 'francés' }).isChecked()).toBe(true);
    await page.getByLabel('Países que conoce').fill('co, pe');
    expect(await submitWith(page, page.getByRole('button', { name: 'Guardar mi perfil' }), /\/reviewer\/profile$/)).toBe(303);
    expect(await page.locator('.flash').textContent()).toContain('Perfil guardado');
    const [profile] = await engine.dataSource.query(`SELECT languages, regions, countries, available FROM reviewer_profile WHERE user_id = $1`, [sofia.id]);
    expect({ ...profile, languages: [...profile.languages].sort() }).toEqual({ languages: ['en', 'es', 'fr'], regions: ['latin_america_caribbean'], countries: ['CO', 'PE'], available: true });
    await context.close();
  });

  it("answers another reviewer's assignment, or a made-up one, with a 404 page", async () => {
    const { context, page } = await signedIn(sofia, { locale: 'es-ES' });
    for (const path of [`/assignments/${seatOf(lead).id}/review`, '/assignments/not-an-id/review', `/projects/${projectId}/consolidation`]) {
      const response = await page.goto(path);
      const expected = path.endsWith('consolidation') ? 403 : 404;
      expect({ path, status: response?.status() }).toEqual({ path, status: expected });
    }
    await page.goto(`/assignments/${seatOf(lead).id}/review`);
    expect(await page.locator('h1').textContent()).toBe('No encontrado');
    await context.close();
  });

  it('shows the lead the aggregates with the divergence in words, saves the consolidation, and proposes an outcome within the rules', async () => {
    const leadSeat = { reviewer: lead, assignmentId: seatOf(lead).id, role: 'lead' as const };
    expect((await submitReviewWith(engine, leadSeat, { ratings: completeRatings(3), overallRecommendation: 'positive' })).status).toBe(200);
    const [project] = await engine.dataSource.query(`SELECT stage FROM project WHERE id = $1`, [projectId]);
    expect(project.stage).toBe('consolidation');

    const { context, page } = await signedIn(lead);
    await page.goto('/assignments');
    await page.getByRole('link', { name: 'Consolidation' }).click();
    await page.waitForURL(`**/projects/${projectId}/consolidation`);
    await checkPage(page, `/projects/${projectId}/consolidation`, 'reviewer-consolidation');
    expect(await page.locator('.rv-divergence').textContent()).toContain('The reviewers diverge on criteria 2.1.');
    const row = page.locator('#agg-2-1');
    expect(await row.getAttribute('class')).toBe('rv-divergent');
    expect(await row.textContent()).toContain('Divergent: from 0 to 3 (spread 3, limit 2)');
    expect(await page.locator('#agg-2-2').textContent()).toContain('None');
    expect(await page.locator('figure.chart svg[role=img]').count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('Verdict on the safeguards: risk of harm');

    await page.getByLabel('Consolidated rating of 2.1').selectOption('2');
    await page.getByLabel('Strengths (2.1)').fill('Erosion control on the whole area.');
    await page.getByLabel('Summary').fill('A sound project whose land tenure needs clarifying.');
    expect(await submitWith(page, page.getByRole('button', { name: 'Save the consolidation' }), /\/consolidation$/)).toBe(303);
    expect(await page.locator('.flash').textContent()).toContain('Consolidation saved.');
    expect(await page.getByLabel('Consolidated rating of 2.1').inputValue()).toBe('2');
    expect(await page.getByLabel('Strengths (2.1)').inputValue()).toBe('Erosion control on the whole area.');
    expect(await page.locator('#agg-2-1').textContent()).toContain('2 (consolidated)');

    // a positive outcome is refused by the safeguard gate: the reason shows in the page
    await page.getByRole('radio', { name: /^Positive/ }).check();
    expect(await submitWith(page, page.getByRole('button', { name: 'Propose this outcome' }), /\/propose$/)).toBe(422);
    const refusal = await page.locator('#outcome-refusal').textContent();
    expect(refusal).toContain('The rules refuse this outcome');
    expect(refusal).toContain('safeguard criteria 1.2');
    let [consolidation] = await engine.dataSource.query(`SELECT proposed_outcome FROM consolidation WHERE project_id = $1`, [projectId]);
    expect(consolidation.proposed_outcome).toBeNull();

    await page.getByRole('radio', { name: /^To revise/ }).check();
    await page.getByLabel('Your reasons (read by the secretariat)').fill('Clarify land tenure before a positive assessment.');
    expect(await submitWith(page, page.getByRole('button', { name: 'Propose this outcome' }), /\/propose$/)).toBe(303);
    expect(await page.locator('.flash').first().textContent()).toContain('Outcome proposed');
    [consolidation] = await engine.dataSource.query(`SELECT proposed_outcome FROM consolidation WHERE project_id = $1`, [projectId]);
    expect(consolidation.proposed_outcome).toBe('revise');
    const [history] = await engine.dataSource.query(`SELECT reason FROM project_history WHERE project_id = $1 AND action = 'propose_outcome'`, [projectId]);
    expect(history.reason).toBe('Clarify land tenure before a positive assessment.');
    await context.close();

    // the secretariat reads the same page, without the lead's forms
    const staff = await signedIn(secretariat);
    const response = await staff.page.goto(`/projects/${projectId}/consolidation`);
    expect(response?.status()).toBe(200);
    expect(await staff.page.locator('main form').count()).toBe(0);
    expect(await staff.page.locator('main').textContent()).toContain('Proposed outcome: To revise');
    expect(await staff.page.locator('main').textContent()).toContain('Erosion control on the whole area.');
    await staff.context.close();
  });
});
