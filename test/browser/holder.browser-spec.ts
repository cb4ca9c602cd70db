import { criteriaOf, REFERENCE_FRAMEWORK } from '@fasp/core';
import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';
import { Call } from '../../src/modules/calls/entities/call.entity';
import { Organization } from '../../src/modules/identity/entities/organization.entity';
import { UsersRepository } from '../../src/modules/identity/users.repository';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { ProjectsService } from '../../src/modules/projects/projects.service';
import { createAccount, createHolder, createOrganization, TestAccount } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { createCompleteDraft, minimalPdf, postTransition, samplePng } from '../helpers/projects';
import { completeRatings, pdfText, projectVersion, proposeAndRelease, submitAll, textContains } from '../helpers/reviews';
import { startTestEngine, TestEngine, waitForQueuesIdle } from '../helpers/test-engine';
import { accessibilityViolations, checkPage, launchBrowser, newContext, screenshot, signIn } from './harness';

/** Clicks a button that submits a form and waits for the page that answers (after any redirect). */
async function press(page: Page, button: Locator): Promise<number> {
  const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
  return response?.status() ?? 0;
}

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** A PDF of about `bytes`, padded with a comment, so that an upload takes a few progress events. */
function largePdf(bytes: number): Buffer {
  const pdf = minimalPdf('Note conceptuelle');
  return Buffer.concat([Buffer.from(`%PDF-1.4\n%${'x'.repeat(bytes)}\n`, 'latin1'), pdf.subarray('%PDF-1.4\n'.length)]);
}

const PARCELS = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: 'Parcelles du Sine' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [-16.3, 14.1],
            [-16.2, 14.1],
            [-16.2, 14.2],
            [-16.26, 14.22],
            [-16.3, 14.2],
            [-16.3, 14.1],
          ],
        ],
      },
    },
  ],
};

describe("a project holder's whole path, in French", () => {
  let engine: TestEngine;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let call: Call;
  let organization: Organization;
  let secretariat: TestAccount;
  let projectId = '';
  const email = `awa-${randomBytes(3).toString('hex')}@sine-soils.example`;
  const password = 'une phrase de passe assez longue';
  const reviewerNames: string[] = [];
  let seats: Array<{ reviewer: TestAccount; assignmentId: string; role: 'lead' | 'member' }> = [];

  const holderUser = async () => {
    const [row] = await engine.dataSource.query<Array<{ id: string }>>('SELECT id FROM user_account WHERE email = $1', [email]);
    return (await engine.get(UsersRepository).findActiveAuthUser(row.id))!;
  };
  /** The same holder in a browser without JavaScript. */
  const withoutScript = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const bare = await newContext(browser, engine.url, { locale: 'fr-FR', timezoneId: 'Europe/Paris', javaScriptEnabled: false });
    const barePage = await bare.newPage();
    await signIn(barePage, email, password);
    return { context: bare, page: barePage };
  };

  beforeAll(async () => {
    [engine, browser] = await Promise.all([startTestEngine(), launchBrowser()]);
    call = await createOpenCall(engine, { title: 'Appel FASP des sols', reviewersPerProject: 2, maxRounds: 2 });
    organization = await createOrganization(engine, { name: 'Coopérative des sols du Sine', country: 'SN' });
    secretariat = await createAccount(engine, { roles: ['secretariat'] });
    context = await newContext(browser, engine.url, { locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await engine?.close();
  });

  it('registers, then starts a project in the open call (a title too short is refused inline)', async () => {
    await page.goto('/register');
    await page.getByLabel('Votre nom').fill('Awa Ndiaye');
    await page.getByLabel('Courriel').fill(email);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByLabel('Fuseau horaire').fill('Europe/Paris');
    await page.getByLabel('Choisissez votre organisation si elle figure dans la liste').selectOption(organization.id);
    await press(page, page.getByRole('button', { name: 'Créer mon compte' }));
    expect(new URL(page.url()).pathname).toBe('/projects');
    expect(await text(page, 'h1')).toBe('Mes projets');
    expect(await text(page, 'main')).toContain("Vous n'avez pas encore de projet.");

    await page.getByRole('link', { name: 'Commencer un nouveau projet' }).click();
    await page.waitForURL('**/projects/new');
    await page.getByLabel('Appel à projets').selectOption(call.id);
    await page.getByLabel('Titre du projet').fill('ab');
    await page.getByLabel('Langue du dossier').selectOption('fr');
    expect(await press(page, page.getByRole('button', { name: 'Créer le brouillon' }))).toBe(400);
    expect(await text(page, '#f-title-error')).toBe('Écrivez au moins 3 caractères.');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await page.getByLabel('Titre du projet').inputValue()).toBe('ab');
    await page.getByLabel('Titre du projet').fill('Parcs agroforestiers du bassin arachidier');
    expect(await press(page, page.getByRole('button', { name: 'Créer le brouillon' }))).toBe(200);
    projectId = /\/projects\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
    expect(projectId).not.toBe('');
    expect(await text(page, '.flash')).toContain('Votre brouillon est créé');
    expect(await text(page, '.next')).toMatch(/Prochaine étape : Compléter \d+ éléments? manquants? et soumettre/);

    await checkPage(page, '/projects', 'holder-projects');
    expect(await text(page, 'table.projects tbody tr')).toContain('Parcs agroforestiers du bassin arachidier');
    expect(await text(page, 'table.projects tbody tr')).toContain('Appel FASP des sols');
    expect(await text(page, 'table.projects tbody tr')).toContain('Brouillon');
  });

  it('writes the general section: a wrong end date is refused next to its input, and nothing typed is lost', async () => {
    await page.goto(`/projects/${projectId}`);
    await page.getByRole('link', { name: 'Informations générales' }).click();
    await page.waitForURL(`**/projects/${projectId}/edit/general`);
    await page.getByLabel('Résumé').fill('Les familles restaurent les parcs à Faidherbia albida et compostent les résidus sur 1 200 ha.');
    await page.getByLabel('Modalité').selectOption('1');
    await page.getByLabel('Type de projet').selectOption('project');
    await page.getByLabel('Atténuation du changement climatique').check();
    await page.getByLabel('Sécurité alimentaire').check();
    await page.getByLabel('Date de début').fill('2027-03-01');
    await page.getByLabel('Date de fin').fill('2026-12-31');
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer', exact: true }))).toBe(400);
    expect(await text(page, '#f-endDate-error')).toBe('La date de fin doit être postérieure à la date de début.');
    expect(await page.locator('#f-endDate').getAttribute('aria-invalid')).toBe('true');
    expect(await text(page, '.error-summary')).toContain('Date de fin');
    expect(await page.getByLabel('Résumé').inputValue()).toContain('Faidherbia albida');
    expect(await page.getByLabel('Sécurité alimentaire').isChecked()).toBe(true);
    expect(await page.getByLabel('Date de début').inputValue()).toBe('2027-03-01');

    await page.getByLabel('Date de fin').fill('2031-12-31');
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer et passer à la section suivante' }))).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`/projects/${projectId}/edit/location`);
    expect(await text(page, '.flash')).toBe('Enregistré.');
  });

  it('gives the location by coordinates, then by a GeoJSON file, and sees its outline', async () => {
    await page.getByLabel('Pays').selectOption(['SN']);
    await page.getByLabel('Superficie (ha)').fill('1 200');
    await page.getByLabel('Latitude').fill('95');
    await page.getByLabel('Longitude').fill('-16,25');
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer', exact: true }))).toBe(400);
    expect(await text(page, '#f-latitude-error')).toContain("Ce n'est pas une localisation valide");
    expect(await text(page, '#f-latitude-error')).toContain('latitude 95');
    expect(await page.getByLabel('Latitude').inputValue()).toBe('95');
    expect(await page.getByLabel('Superficie (ha)').inputValue()).toBe('1 200');

    await page.getByLabel('Latitude').fill('14,15');
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer', exact: true }))).toBe(200);
    expect(await text(page, '.flash')).toBe('Enregistré.');
    const marker = page.locator('figure.outline svg');
    expect(await marker.getAttribute('role')).toBe('img');
    expect(await text(page, 'figure.outline svg title')).toBe('Contour de la localisation du projet');
    expect(await page.locator('figure.outline svg circle').count()).toBe(2);
    expect(await text(page, 'figure.outline figcaption')).toContain('14,15000, -16,25000');
    expect(await page.getByLabel('Latitude').inputValue()).toBe('14,15');

    await checkPage(page, `/projects/${projectId}/edit/location`, 'holder-section-location');

    // pasted GeoJSON: text that is no JSON, then a geometry the rules refuse, each said next to the box
    await page.getByLabel('Ou collez un point ou un polygone GeoJSON').fill('{"type": "Polygon", ');
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer', exact: true }))).toBe(400);
    expect(await text(page, '#f-geojson-error')).toBe("Ce n'est pas du GeoJSON : le texte ne peut pas être lu comme du JSON.");
    await page.getByLabel('Ou collez un point ou un polygone GeoJSON').fill(JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[-16.3, 14.1], [-16.2, 14.2]] } }));
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer', exact: true }))).toBe(400);
    expect(await text(page, '#f-geojson-error')).toContain('"LineString" is not accepted');
    expect(await page.getByLabel('Ou collez un point ou un polygone GeoJSON').inputValue()).toContain('LineString');
    await page.goto(`/projects/${projectId}/edit/location`);

    await page.locator('#f-file').setInputFiles({ name: 'parcelles.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(PARCELS)) });
    expect(await press(page, page.getByRole('button', { name: 'Utiliser ce fichier' }))).toBe(200);
    expect(await text(page, '.flash')).toBe('La localisation est enregistrée.');
    expect(await page.locator('figure.outline svg path').count()).toBe(1);
    expect(await text(page, 'figure.outline figcaption')).toMatch(/Superficie du contour\s*1\d[\s\u202f]\d{3} ha/);
    expect(await page.getByLabel('Latitude').inputValue()).toBe('');
    const stored = await engine.get(ProjectsService).getFor(await holderUser(), projectId);
    expect(stored.dossier.location).toEqual(PARCELS.features[0].geometry);
    expect(stored.countries).toEqual(['SN']);
    expect(await text(page, 'main')).toContain('Choisis : Sénégal');
    expect(stored.dossier.areaHa).toBe(1200);
  });

  it('fills land uses, soil carbon (a word in a number is refused), and the people', async () => {
    await page.goto(`/projects/${projectId}/edit/land`);
    await page.getByLabel('Terres cultivées').check();
    await page.getByLabel('Agroforesterie', { exact: true }).check();
    await page.getByLabel('Apport de compost').check();
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer et passer à la section suivante' }))).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`/projects/${projectId}/edit/carbon`);

    await page.getByLabel('Stock (t C/ha)').fill('beaucoup');
    await page.getByLabel('Profondeur (cm)').fill('30');
    await page.getByLabel('Méthode').fill('Combustion sèche, masse de sol équivalente');
    await page.getByLabel('Année', { exact: true }).fill('2026');
    await page.getByLabel('Évolution (t C/ha/an)').fill('0,35');
    await page.getByLabel('Horizon (années)').fill('20');
    await page.getByLabel('Plan de suivi').fill('Rééchantillonnage de 60 placettes géoréférencées tous les 5 ans.');
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer', exact: true }))).toBe(400);
    expect(await text(page, '#f-socBaseline-stockTonnesPerHa-error')).toBe('Saisissez un nombre.');
    expect(await text(page, '.error-summary')).toContain('Situation de référence du carbone organique du sol — Stock (t C/ha)');
    expect(await page.getByLabel('Méthode').inputValue()).toBe('Combustion sèche, masse de sol équivalente');
    await page.getByLabel('Stock (t C/ha)').fill('18,4');
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer et passer à la section suivante' }))).toBe(200);

    expect(new URL(page.url()).pathname).toBe(`/projects/${projectId}/edit/people`);
    await page.getByLabel('Qui en bénéficie, et comment').fill('Les ménages de 14 villages du Sine');
    await page.getByLabel('Nombre de personnes').fill('12 000');
    await page.getByLabel('Nombre de ménages').fill('1 800');
    await page.locator('[name="partners.0.name"]').fill('Institut sénégalais de recherches agricoles');
    await page.locator('[name="partners.0.country"]').selectOption('SN');
    await page.locator('[name="partners.0.role"]').fill('échantillonnage des sols');
    await page.locator('[name="team.0.name"]').fill('Aminata Diallo');
    await page.locator('[name="team.0.email"]').fill('aminata.diallo@example.org');
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer', exact: true }))).toBe(200);
    const stored = await engine.get(ProjectsService).getFor(await holderUser(), projectId);
    expect(stored.dossier).toMatchObject({
      socBaseline: { stockTonnesPerHa: 18.4, depthCm: 30, year: 2026 },
      expectedChange: { tonnesPerHaPerYear: 0.35, horizonYears: 20 },
      beneficiaries: { people: 12000, households: 1800 },
      partners: [{ name: 'Institut sénégalais de recherches agricoles', country: 'SN', role: 'échantillonnage des sols' }],
      team: [{ name: 'Aminata Diallo', email: 'aminata.diallo@example.org' }],
      practices: ['agroforestry', 'compost'],
    });
    // two spare rows after the one written
    expect(await page.locator('[name="partners.2.name"]').count()).toBe(1);
  });

  it('saves the budget and uploads a PDF without JavaScript', async () => {
    const bare = await withoutScript();
    try {
      await bare.page.goto(`/projects/${projectId}/edit/budget`);
      await bare.page.locator('[name="budget.amount"]').fill('850 000');
      await bare.page.locator('[name="budget.currency"]').selectOption('EUR');
      await bare.page.locator('[name="fundingSought.amount"]').fill('600 000');
      await bare.page.locator('[name="fundingSought.currency"]').selectOption('XOF');
      expect(await press(bare.page, bare.page.getByRole('button', { name: 'Enregistrer', exact: true }))).toBe(200);
      expect(await text(bare.page, '.flash')).toBe('Enregistré.');
      expect(await bare.page.locator('[name="budget.amount"]').inputValue()).toBe('850000');

      await bare.page.goto(`/projects/${projectId}/attachments`);
      await bare.page.getByLabel('Nature du fichier').selectOption('budget_detail');
      await bare.page.locator('#f-file').setInputFiles({ name: 'budget-détaillé.pdf', mimeType: 'application/pdf', buffer: minimalPdf('Budget') });
      expect(await press(bare.page, bare.page.getByRole('button', { name: 'Envoyer' }))).toBe(200);
      expect(await text(bare.page, '.flash')).toBe('Le fichier est envoyé.');
      expect(await text(bare.page, 'ul.files')).toContain('budget-détaillé.pdf — Budget détaillé');
      // a form sent without a file says so, in place
      expect(await press(bare.page, bare.page.getByRole('button', { name: 'Envoyer' }))).toBe(400);
      expect(await text(bare.page, '#f-file-error')).toBe('Choisissez un fichier.');
      // a file sent by mistake is removed
      await bare.page.getByLabel('Nature du fichier').selectOption('map');
      await bare.page.locator('#f-file').setInputFiles({ name: 'carte.png', mimeType: 'image/png', buffer: samplePng(8, 8) });
      expect(await press(bare.page, bare.page.getByRole('button', { name: 'Envoyer' }))).toBe(200);
      expect(await bare.page.locator('ul.files li').count()).toBe(2);
      expect(await press(bare.page, bare.page.getByRole('button', { name: 'Supprimer carte.png' }))).toBe(200);
      expect(await text(bare.page, '.flash')).toBe('Le fichier est supprimé.');
      expect(await text(bare.page, 'ul.files')).not.toContain('carte.png');
    } finally {
      await bare.context.close();
    }
    const stored = await engine.get(ProjectsService).getFor(await holderUser(), projectId);
    expect(stored.dossier).toMatchObject({ budget: { amount: 850000, currency: 'EUR' }, fundingSought: { amount: 600000, currency: 'XOF' } });
  });

  it('uploads the concept note with a progress bar, and shows a refused file in place', async () => {
    await page.goto(`/projects/${projectId}/attachments`);
    // what the bar shows, kept across the page load that follows the upload
    await page.evaluate(`(() => {
      const bar = document.querySelector('form[data-upload] progress');
      const seen = [];
      new MutationObserver(() => { seen.push(bar.hidden ? 'hidden' : String(bar.value)); sessionStorage.setItem('progress', JSON.stringify(seen)); }).observe(bar, { attributes: true });
    })()`);
    await page.getByLabel('Nature du fichier').selectOption('concept_note');
    await page.locator('#f-file').setInputFiles({ name: 'note-conceptuelle.pdf', mimeType: 'application/pdf', buffer: largePdf(3 * 1024 * 1024) });
    const [upload] = await Promise.all([
      page.waitForRequest((candidate) => candidate.method() === 'POST' && candidate.url().endsWith(`/projects/${projectId}/attachments`)),
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Envoyer' }).click(),
    ]);
    expect(upload.resourceType()).toBe('xhr');
    const seen = JSON.parse(await page.evaluate<string>('sessionStorage.getItem("progress")')) as string[];
    expect(seen.filter((value) => value !== 'hidden').length).toBeGreaterThan(0);
    expect(seen).toContain('100');
    expect(await text(page, 'ul.files')).toContain('note-conceptuelle.pdf');
    expect(await text(page, 'ul.files')).toContain('Note conceptuelle');

    // A file that is no document is refused by its content; the page with the error replaces the form.
    await page.locator('#f-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some notes') });
    const refused = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/attachments'));
    await page.getByRole('button', { name: 'Envoyer' }).click();
    expect((await refused).status()).toBe(415);
    await page.locator('#f-file-error').waitFor();
    expect(await text(page, '#f-file-error')).toBe("Ce type de fichier n'est pas accepté : envoyez un fichier PDF, DOCX, XLSX, ODT, PNG ou JPEG.");
    expect(await page.locator('ul.files li').count()).toBe(2);

    expect(await accessibilityViolations(page)).toEqual([]);

    // Forms sent without the session's token are refused, and nothing is stored.
    const forgedUpload = await page.request.post(`/projects/${projectId}/attachments`, { multipart: { kind: 'other', file: { name: 'forged.pdf', mimeType: 'application/pdf', buffer: minimalPdf() } } });
    expect(forgedUpload.status()).toBe(403);
    const forgedEdit = await page.request.post(`/projects/${projectId}/edit/general`, { form: { title: 'Pris', expectedVersion: String(await projectVersion(engine, projectId)) } });
    expect(forgedEdit.status()).toBe(403);
    await page.reload();
    expect(await page.locator('ul.files li').count()).toBe(2);
    expect((await engine.get(ProjectsService).getFor(await holderUser(), projectId)).title).toBe('Parcs agroforestiers du bassin arachidier');

    // The file comes back as it was sent, through the same rules as the API.
    const download = await page.request.get(await page.getByRole('link', { name: 'note-conceptuelle.pdf' }).getAttribute('href') ?? '');
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('application/pdf');
    expect((await download.body()).length).toBe(largePdf(3 * 1024 * 1024).length);
  });

  it('refuses to submit while statements are missing, listing them with links', async () => {
    await page.goto(`/projects/${projectId}`);
    expect(await press(page, page.getByRole('button', { name: 'Soumettre le dossier' }))).toBe(422);
    expect(await text(page, '.error-summary')).toContain('Le dossier ne peut pas encore être envoyé');
    expect(await text(page, '.error-summary')).toContain('Votre présentation pour le critère 1.1 (Droits humains)');
    expect(await page.locator('.error-summary a').first().getAttribute('href')).toBe(`/projects/${projectId}/statements#c-1-1`);
    expect(await text(page, 'main')).not.toContain('FASP-');
  });

  it('writes each statement beside the guidance questions and indicators of its criterion', async () => {
    const criteria = criteriaOf(REFERENCE_FRAMEWORK);
    await checkPage(page, `/projects/${projectId}/statements`, 'holder-statements');
    const first = page.locator('#c-1-1');
    expect(await first.locator('.guidance').textContent()).toContain(criteria[0].guidance.harm.fr);
    expect(await first.locator('.guidance').textContent()).toContain(criteria[0].indicators[0].name.fr);
    expect(await text(page, '#c-2-2 h3')).toBe(`2.2 ${criteria[4].names.fr}`);
    for (const criterion of criteria) {
      await page.locator(`[name="statements.${criterion.code}"]`).fill(`Comment le projet répond au critère ${criterion.code} : ${criterion.names.fr}.`);
    }
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer toutes les présentations' }))).toBe(200);
    expect(await text(page, '.flash')).toBe('Vos présentations sont enregistrées.');
    expect(await text(page, 'main')).toContain(`${criteria.length} sur ${criteria.length} rédigées`);

    // one statement saved by its own button comes back to its place
    await page.locator('[name="statements.2.2"]').fill('Campagne de référence sur 60 placettes, 0-30 cm, masse de sol équivalente.');
    expect(await press(page, page.locator('#c-2-2 button'))).toBe(200);
    expect(new URL(page.url()).hash).toBe('#c-2-2');
    expect(await page.locator('[name="statements.2.2"]').inputValue()).toBe('Campagne de référence sur 60 placettes, 0-30 cm, masse de sol équivalente.');
  });

  it('submits without JavaScript; the history shows times in the holder’s time zone', async () => {
    await checkPage(page, `/projects/${projectId}`, 'holder-overview');
    expect(await text(page, 'main')).toContain('Votre dossier est complet et prêt à être soumis.');
    const bare = await withoutScript();
    try {
      await bare.page.goto(`/projects/${projectId}`);
      expect(await press(bare.page, bare.page.getByRole('button', { name: 'Soumettre le dossier' }))).toBe(200);
      expect(await text(bare.page, '.flash')).toBe('Votre dossier est soumis. Le secrétariat vérifie maintenant son éligibilité.');
      expect(await text(bare.page, '.project-meta')).toMatch(/FASP-\d{4}-\d{4} · Appel FASP des sols · Vérification d'éligibilité/);
      const stamp = bare.page.locator('ol.timeline time').last();
      const at = new Date((await stamp.getAttribute('datetime')) ?? '');
      expect(await stamp.textContent()).toBe(new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(at));
      expect(await text(bare.page, 'ol.timeline li:last-child')).toContain('Soumis → Vérification d');
    } finally {
      await bare.context.close();
    }
  });

  it('answers an information request; a page left open meanwhile gets a clear conflict, not an overwrite', async () => {
    const requested = await postTransition(engine, secretariat, projectId, { action: 'request_info', expectedVersion: await projectVersion(engine, projectId), reason: 'Merci de préciser le régime foncier des parcelles.' });
    expect(requested.status).toBe(200);
    await page.goto('/projects');
    expect(await text(page, 'table.projects tbody tr')).toContain("Répondre à la demande d'informations");
    await page.goto(`/projects/${projectId}`);
    expect(await text(page, 'section.notice')).toContain('Le secrétariat demande des informations complémentaires');
    expect(await text(page, 'section.notice')).toContain('Merci de préciser le régime foncier des parcelles.');

    // A section form left open while the dossier changes elsewhere: a conflict that keeps what was typed.
    const user = await holderUser();
    await page.goto(`/projects/${projectId}/edit/people`);
    await page.locator('[name="partners.1.name"]').fill('Union des groupements paysans de Fatick');
    await page.locator('[name="partners.1.role"]').fill('sécurisation foncière');
    await engine.get(ProjectsService).update(user, projectId, { areaHa: 1250, expectedVersion: await projectVersion(engine, projectId) });
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer', exact: true }))).toBe(409);
    expect(await text(page, '.notice[role=alert]')).toContain('Le projet a été modifié ailleurs');
    expect(await page.locator('[name="partners.1.name"]').inputValue()).toBe('Union des groupements paysans de Fatick');
    expect((await engine.get(ProjectsService).getFor(user, projectId)).dossier.partners).toHaveLength(1);
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer', exact: true }))).toBe(200);
    const answered = await engine.get(ProjectsService).getFor(user, projectId);
    expect(answered.dossier.partners).toHaveLength(2);
    expect(answered.dossier.areaHa).toBe(1250);

    // the dossier changes elsewhere while the overview is open
    await page.goto(`/projects/${projectId}`);
    await engine.get(ProjectsService).update(user, projectId, { monitoringPlan: 'Plan de suivi complété : régime foncier coutumier, accords écrits.', expectedVersion: await projectVersion(engine, projectId) });
    expect(await press(page, page.getByRole('button', { name: 'Envoyer ma réponse' }))).toBe(409);
    expect(await text(page, 'h1')).toBe('Quelque chose a changé');
    expect(await text(page, 'main')).toContain("rien n'a été fait");
    expect((await engine.get(ProjectsService).getFor(user, projectId)).stage).toBe('info_requested');

    await page.getByRole('link', { name: 'Ouvrir le projet tel qu’il est maintenant' }).click();
    await page.waitForURL(`**/projects/${projectId}`);
    expect(await press(page, page.getByRole('button', { name: 'Envoyer ma réponse' }))).toBe(200);
    expect(await text(page, '.flash')).toBe('Votre dossier est renvoyé.');
    expect(await text(page, '.project-meta')).toContain("Vérification d'éligibilité");
  });

  it('reads the released feedback criterion by criterion, with the radar chart and no reviewer identity', async () => {
    // Two reviewers of this test only, then admission, acceptance, reviews and a "revise" outcome.
    await engine.dataSource.query('UPDATE reviewer_profile SET available = false');
    const reviewers: TestAccount[] = [];
    for (let i = 0; i < 2; i++) {
      const tag = randomBytes(4).toString('hex');
      reviewerNames.push(`Dr Relecteur ${tag}`, `relecteur-${tag}@stc.example.org`);
      const reviewer = await createAccount(engine, { roles: ['reviewer'], name: `Dr Relecteur ${tag}`, email: `relecteur-${tag}@stc.example.org` });
      await request(engine.url)
        .put(`/api/reviewers/${reviewer.id}/profile`)
        .set('authorization', secretariat.bearer)
        .send({ stcMember: i === 0, languages: ['en', 'fr', 'es'], practices: ['agroforestry'], capacityPerCall: 5 })
        .expect(200);
      reviewers.push(reviewer);
    }
    expect((await postTransition(engine, secretariat, projectId, { action: 'admit', expectedVersion: await projectVersion(engine, projectId) })).status).toBe(200);
    await waitForQueuesIdle(engine);
    const rows: Array<{ id: string; reviewer_id: string; role: 'lead' | 'member' }> = await engine.dataSource.query(
      `SELECT id, reviewer_id, role FROM assignment WHERE project_id = $1 AND status = 'invited' ORDER BY role`,
      [projectId],
    );
    seats = rows.map((row) => ({ reviewer: reviewers.find((reviewer) => reviewer.id === row.reviewer_id)!, assignmentId: row.id, role: row.role }));
    expect(seats).toHaveLength(2);
    for (const seat of seats) await request(engine.url).post(`/api/assignments/${seat.assignmentId}/accept`).set('authorization', seat.reviewer.bearer).expect(200);
    await submitAll(engine, seats, { ratings: completeRatings(1), overallRecommendation: 'revise', confidentialNotes: 'Note confidentielle pour le secrétariat' });
    const lead = seats.find((seat) => seat.role === 'lead')!;
    await request(engine.url)
      .put(`/api/projects/${projectId}/consolidation`)
      .set('authorization', lead.reviewer.bearer)
      .send({
        feedback: { '2.2': { weaknesses: 'Pas de situation de référence en masse de sol équivalente.', recommendations: 'Ajouter une campagne de référence avant la première saison.' } },
        general: { summary: 'Un projet prometteur dont le suivi du carbone doit être précisé.' },
      })
      .expect(200);
    await proposeAndRelease(engine, { project: { id: projectId } as Project, lead, secretariat }, 'revise');
    await waitForQueuesIdle(engine);

    await page.goto(`/projects/${projectId}`);
    expect(await text(page, 'section.released')).toContain('Résultat : À réviser');
    await checkPage(page, `/projects/${projectId}/feedback`, 'holder-feedback');
    expect(await text(page, 'h1')).toBe('Retour du comité');
    const chart = page.locator('figure.chart svg');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await text(page, 'figure.chart svg title')).toBe('Notes par étape');
    expect(await page.locator('figure.chart svg polygon').count()).toBeGreaterThan(4);
    expect(await text(page, '#c-2-2')).toContain('Appréciation : Faible');
    expect(await text(page, '#c-2-2')).toContain('Pas de situation de référence en masse de sol équivalente.');
    expect(await text(page, '#c-2-2')).toContain('Recommendation on 2.2 for the holder');
    expect(await text(page, '#c-1-1')).toContain('Risque de préjudice : Aucun risque');
    expect(await text(page, 'main')).toContain('Un projet prometteur dont le suivi du carbone doit être précisé.');
    const content = (await page.content()) + (await page.locator('body').innerText());
    for (const identity of [...reviewerNames, ...seats.map((seat) => seat.reviewer.id)]) expect(content).not.toContain(identity);
    expect(content).not.toContain('Note confidentielle');
    expect(content).not.toContain('Committee note on');
  });

  it('revises with the feedback beside the editor (side by side on a wide screen, stacked on a phone), then resubmits', async () => {
    await page.goto(`/projects/${projectId}/revise`);
    expect(await text(page, 'h1')).toBe('Réviser le dossier');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Carbone du sol et suivi' }).click();
    await page.waitForURL(`**/edit/carbon`);
    const form = page.locator('.two-columns form.dossier');
    const aside = page.locator('.two-columns aside.feedback-side');
    expect(await aside.textContent()).toContain('Retour du cycle 1');
    expect(await aside.textContent()).toContain('Ajouter une campagne de référence avant la première saison.');
    const [formBox, asideBox] = [await form.boundingBox(), await aside.boundingBox()];
    expect(asideBox!.x).toBeGreaterThan(formBox!.x + formBox!.width - 1);

    const phone = await newContext(browser, engine.url, { locale: 'fr-FR', timezoneId: 'Europe/Paris', mobile: true });
    try {
      const phonePage = await phone.newPage();
      await signIn(phonePage, email, password);
      await phonePage.goto(`/projects/${projectId}/edit/carbon`);
      const [phoneForm, phoneAside] = [await phonePage.locator('.two-columns form.dossier').boundingBox(), await phonePage.locator('.two-columns aside.feedback-side').boundingBox()];
      expect(phoneAside!.y).toBeGreaterThanOrEqual(phoneForm!.y + phoneForm!.height - 1);
      await screenshot(phonePage, 'holder-revise-section-mobile');
      await phonePage.goto(`/projects/${projectId}`);
      expect(await phonePage.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      await screenshot(phonePage, 'holder-overview-mobile');
    } finally {
      await phone.close();
    }

    await page.getByLabel('Plan de suivi').fill('Campagne de référence en masse de sol équivalente avant la première saison, puis tous les 5 ans.');
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer', exact: true }))).toBe(200);
    await page.goto(`/projects/${projectId}/statements`);
    expect(await text(page, '#c-2-2 .feedback-side')).toContain('Pas de situation de référence en masse de sol équivalente.');

    await page.goto(`/projects/${projectId}/revise`);
    expect(await press(page, page.getByRole('button', { name: 'Soumettre le dossier révisé' }))).toBe(200);
    expect(await text(page, '.project-meta')).toContain('En évaluation');
    expect(await text(page, '.project-meta')).toContain('cycle 2');
  });

  it('downloads the evaluation report and the letter of support after a positive second round', async () => {
    await submitAll(engine, seats, { ratings: completeRatings(3) });
    const lead = seats.find((seat) => seat.role === 'lead')!;
    await proposeAndRelease(engine, { project: { id: projectId } as Project, lead, secretariat }, 'positive');
    await waitForQueuesIdle(engine);

    await page.goto(`/projects/${projectId}`);
    expect(await text(page, 'section.released')).toContain('Résultat : Positif');
    const report = await page.request.get(await page.getByRole('link', { name: "Rapport d'évaluation (PDF)" }).getAttribute('href') ?? '');
    expect(report.status()).toBe(200);
    expect(report.headers()['content-type']).toBe('application/pdf');
    const bytes = await report.body();
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const faspId = /FASP-\d{4}-\d{4}/.exec(await text(page, '.project-meta'))?.[0] ?? 'none';
    expect(textContains(await pdfText(bytes), faspId)).toBe(true);
    const letter = await page.request.get(`/projects/${projectId}/letter.pdf`);
    expect(letter.status()).toBe(200);
    expect((await letter.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.goto('/projects');
    expect(await text(page, 'table.projects tbody tr')).toContain('Lire votre retour et télécharger votre rapport et votre lettre de soutien');

    // consent to publication, now that the outcome is positive
    await page.goto(`/projects/${projectId}`);
    await page.getByLabel("J'accepte la publication du projet comme opportunité d'investissement").check();
    expect(await press(page, page.getByRole('button', { name: 'Enregistrer mon choix' }))).toBe(200);
    expect(await text(page, '.flash')).toBe('Votre choix concernant la publication est enregistré.');
    expect(await page.getByLabel("J'accepte la publication du projet comme opportunité d'investissement").isChecked()).toBe(true);
    const stored = await engine.get(ProjectsService).getFor(await holderUser(), projectId);
    expect({ consentToPublish: stored.consentToPublish, publishBudget: stored.publishBudget }).toEqual({ consentToPublish: true, publishBudget: false });
  });

  it('withdraws another project only after confirming', async () => {
    const second = await createCompleteDraft(engine, { id: (await holderUser()).id } as TestAccount, call.id, { language: 'fr', title: 'Compost des Niayes' });
    await page.goto(`/projects/${second.id}`);
    await page.getByRole('link', { name: 'Retirer le projet' }).click();
    await page.waitForURL(`**/projects/${second.id}/withdraw`);
    expect(await text(page, 'h1')).toBe('Retirer le projet ?');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await text(page, 'main')).toContain('« Compost des Niayes » quittera définitivement l’évaluation');
    await page.getByLabel('Pourquoi (facultatif, lu par le secrétariat)').fill('Le financement a été trouvé ailleurs.');
    expect(await press(page, page.getByRole('button', { name: 'Oui, retirer le projet' }))).toBe(200);
    expect(await text(page, '.flash')).toBe('Le projet est retiré.');
    expect(await text(page, '.project-meta')).toContain('Retiré');
    expect(await page.getByRole('link', { name: 'Retirer le projet' }).count()).toBe(0);
    expect(await text(page, 'ol.timeline')).toContain('Le financement a été trouvé ailleurs.');
  });

  it("shows another holder's project as a 404 page, on every route", async () => {
    const other = await createHolder(engine);
    const theirs = await createCompleteDraft(engine, other, call.id, { title: 'Projet de quelqu’un d’autre' });
    for (const path of [`/projects/${theirs.id}`, `/projects/${theirs.id}/edit/general`, `/projects/${theirs.id}/statements`, `/projects/${theirs.id}/feedback`, `/projects/${theirs.id}/report.pdf`]) {
      const response = await page.goto(path);
      expect({ path, status: response?.status() }).toEqual({ path, status: 404 });
      expect(await text(page, 'h1')).toBe('Introuvable');
    }
    expect(await text(page, 'main')).not.toContain('Projet de quelqu’un d’autre');
    const forged = await page.request.post(`/projects/${theirs.id}/edit/general`, { form: { title: 'Pris', expectedVersion: '1' } });
    expect(forged.status()).toBe(404);
    const notAnId = await page.goto('/projects/not-a-project');
    expect(notAnId?.status()).toBe(404);
  });
});
