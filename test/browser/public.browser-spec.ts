import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { EngineWithUploads, startEngineWithUploads } from '../helpers/projects';
import { createPublishedProject, ReviewSetup } from '../helpers/reviews';
import { waitForQueuesIdle } from '../helpers/test-engine';
import { checkPage, launchBrowser, newContext, screenshot } from './harness';

/**
 * A visitor (never signed in) reads the published investment opportunities: filters them,
 * pages through them and opens one, in English, in Spanish (from the browser's language and
 * from the switch), on a small phone, and without JavaScript.
 */
describe('public investment opportunities in a browser', () => {
  let engine: EngineWithUploads;
  let browser: Browser;
  let sahel: ReviewSetup;
  let beauce: ReviewSetup;
  let cerrado: ReviewSetup;

  beforeAll(async () => {
    [engine, browser] = await Promise.all([startEngineWithUploads(), launchBrowser()]);
    sahel = await createPublishedProject(engine, {
      organization: { region: 'africa', country: 'SN', name: 'Sahel Soils Cooperative', college: 'NGO' },
      dossier: { title: 'Parklands of the Groundnut Basin', countries: ['SN'], practices: ['agroforestry', 'organic_amendments'] },
    });
    beauce = await createPublishedProject(engine, {
      organization: { region: 'europe', country: 'FR', name: 'Beauce Living Soils', college: 'PROD' },
      dossier: { title: 'Cover crops on the Beauce plateau', countries: ['FR'], practices: ['cover_crops'], areaHa: 3400, budget: { amount: 420000, currency: 'EUR' }, fundingSought: { amount: 250000, currency: 'EUR' } },
      publishBudget: true,
    });
    cerrado = await createPublishedProject(engine, {
      organization: { region: 'latin_america_caribbean', country: 'BR', name: 'Cerrado Carbon Network', college: 'SCI' },
      dossier: { title: 'Integrated crop-livestock systems in the Cerrado', countries: ['BR', 'PY'], practices: ['agroforestry', 'crop_livestock_integration'] },
    });
    await waitForQueuesIdle(engine, 30000);
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  const titles = (page: Page) => page.locator('.opportunity h3').allTextContents();

  it('lists, filters and opens opportunities in English, light and accessible', async () => {
    const context = await newContext(browser, engine.url, { locale: 'en-GB' });
    const page = await context.newPage();
    await checkPage(page, '/opportunities', 'opportunities-en');
    expect(await page.locator('h1').textContent()).toBe('Investment opportunities');
    expect(await page.locator('#results').textContent()).toBe('3 opportunities');
    expect(await titles(page)).toEqual(['Integrated crop-livestock systems in the Cerrado', 'Cover crops on the Beauce plateau', 'Parklands of the Groundnut Basin']);
    // the card shows the organisation, countries, area, the budget only when published, the date
    const card = page.locator('.opportunity', { hasText: 'Beauce' });
    const cardText = (await card.textContent()) ?? '';
    for (const expected of ['Beauce Living Soils', 'France', '3,400 ha', '€420,000', beauce.project.faspId!]) expect({ expected, found: cardText.includes(expected) }).toEqual({ expected, found: true });
    expect(await page.locator('.opportunity', { hasText: 'Cerrado' }).textContent()).toContain('Brazil, Paraguay');
    expect(await page.locator('.opportunity', { hasText: 'Groundnut' }).locator('dd').nth(3).textContent()).toBe('—');

    await page.getByLabel('Region').selectOption({ label: 'Europe' });
    await page.getByRole('button', { name: 'Show the opportunities' }).click();
    await page.waitForURL(/region=europe/);
    expect(await titles(page)).toEqual(['Cover crops on the Beauce plateau']);
    expect(await page.locator('#results').textContent()).toBe('1 opportunity');
    // the choice stays selected
    expect(await page.getByLabel('Region').inputValue()).toBe('europe');

    await page.getByRole('link', { name: 'Clear the filters' }).click();
    await page.getByLabel('Search').fill('carbon network');
    await page.getByRole('button', { name: 'Show the opportunities' }).click();
    await page.waitForURL(/q=carbon/);
    expect(await titles(page)).toEqual(['Integrated crop-livestock systems in the Cerrado']);

    await page.goto('/opportunities');
    await page.getByLabel('Soil practice').selectOption('agroforestry');
    await page.getByLabel('Stakeholder group').selectOption({ label: 'Research and education' });
    await page.getByRole('button', { name: 'Show the opportunities' }).click();
    await page.waitForURL(/college=SCI/);
    expect(await titles(page)).toEqual(['Integrated crop-livestock systems in the Cerrado']);

    await page.goto('/opportunities?country=SN');
    expect(await titles(page)).toEqual(['Parklands of the Groundnut Basin']);
    await page.getByRole('link', { name: 'Parklands of the Groundnut Basin' }).click();
    await page.waitForURL(`**/opportunities/${sahel.project.faspId}`);
    await checkPage(page, `/opportunities/${sahel.project.faspId}`, 'opportunity-en');
    expect(await page.locator('h1').textContent()).toBe('Parklands of the Groundnut Basin');
    const main = (await page.locator('main').textContent()) ?? '';
    for (const expected of ['Sahel Soils Cooperative (Senegal)', 'Agroforestry', 'Organic amendments', 'Cropland', '1,200 ha', '14.15° N, 16.25° W', 'Mar 1, 2027', 'Dec 31, 2031', 'The project holder chose not to publish budget figures.', 'Overall score: 3.0 out of 4.']) {
      expect({ expected, found: main.includes(expected) }).toEqual({ expected, found: true });
    }
    // public fields only: no contact, no reviewer, no internal id
    for (const secret of ['aminata.diallo@example.org', 'Aminata Diallo', sahel.holder.email, sahel.project.id, ...sahel.reviewers.map((reviewer) => reviewer.email)]) {
      expect({ secret, leaked: (await page.content()).includes(secret) }).toEqual({ secret, leaked: false });
    }

    await page.goto(`/opportunities/${beauce.project.faspId}`);
    expect(await page.locator('main').textContent()).toMatch(/Budget:?\s*€420,000[\s\S]*Funding sought:?\s*€250,000/);

    const missing = await page.goto('/opportunities/FASP-1999-0001');
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Not found');
    expect((await page.goto('/opportunities/not-an-id'))?.status()).toBe(404);
    await context.close();
  });

  it('refuses a filter it does not know with the field marked, keeping what was typed', async () => {
    const context = await newContext(browser, engine.url);
    const page = await context.newPage();
    const response = await page.goto('/opportunities?region=atlantis&q=parklands');
    expect(response?.status()).toBe(400);
    expect(await page.locator('.error-summary').textContent()).toContain('region');
    expect(await page.getByLabel('Search').inputValue()).toBe('parklands');
    expect(await page.locator('.opportunity').count()).toBe(0);
    await context.close();
  });

  it('speaks Spanish to a Spanish browser, and switches language on request', async () => {
    const spanish = await newContext(browser, engine.url, { locale: 'es-ES' });
    const page = await spanish.newPage();
    await checkPage(page, '/opportunities', 'opportunities-es');
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.locator('h1').textContent()).toBe('Oportunidades de inversión');
    expect(await page.locator('#results').textContent()).toBe('3 oportunidades');
    expect(await page.locator('.opportunity', { hasText: 'Beauce' }).textContent()).toMatch(/Francia[\s\S]*3400 ha[\s\S]*420\.000\s€/);
    expect(await page.locator('.opportunity', { hasText: 'Cerrado' }).textContent()).toContain('Brasil, Paraguay');
    await page.getByLabel('Práctica de manejo del suelo').selectOption({ label: 'Agroforestería' });
    await page.getByRole('button', { name: 'Mostrar las oportunidades' }).click();
    await page.waitForURL(/practice=agroforestry/);
    expect(await page.locator('#results').textContent()).toBe('2 oportunidades');
    await page.getByRole('link', { name: 'Parklands of the Groundnut Basin' }).click();
    await page.waitForURL(`**/opportunities/${sahel.project.faspId}`);
    expect(await page.locator('main').textContent()).toContain('Agroforestería');
    expect(await page.locator('main').textContent()).toContain('1 mar 2027');
    await spanish.close();

    const english = await newContext(browser, engine.url, { locale: 'en-GB' });
    const switching = await english.newPage();
    await switching.goto('/opportunities?practice=cover_crops');
    expect(await switching.locator('h1').textContent()).toBe('Investment opportunities');
    await switching.getByRole('link', { name: 'Español' }).click();
    await switching.waitForURL(/lang=es/);
    expect(await switching.locator('h1').textContent()).toBe('Oportunidades de inversión');
    // the filter survives the switch
    expect(await titles(switching)).toEqual(['Cover crops on the Beauce plateau']);
    expect(await switching.locator('#results').textContent()).toBe('1 oportunidad');
    // the choice is remembered on the next pages
    await switching.getByRole('link', { name: 'Cover crops on the Beauce plateau' }).click();
    expect(await switching.locator('html').getAttribute('lang')).toBe('es');
    expect(await switching.locator('main').textContent()).toContain('Presupuesto');
    await switching.getByRole('link', { name: 'Français' }).click();
    expect(await switching.locator('main').textContent()).toContain('Financement recherché');
    await english.close();
  });

  it('fits a small phone screen', async () => {
    const context = await newContext(browser, engine.url, { mobile: true });
    const page = await context.newPage();
    await page.goto('/opportunities');
    await screenshot(page, 'opportunities-mobile');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.goto(`/opportunities/${cerrado.project.faspId}`);
    await screenshot(page, 'opportunity-mobile');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
    await context.close();
  });

  it('filters and pages without JavaScript', async () => {
    const context = await newContext(browser, engine.url, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/opportunities?limit=2');
    expect(await titles(page)).toEqual(['Integrated crop-livestock systems in the Cerrado', 'Cover crops on the Beauce plateau']);
    expect(await page.locator('#results').textContent()).toBe('3 opportunities');
    await page.getByRole('link', { name: 'Next page' }).click();
    expect(await titles(page)).toEqual(['Parklands of the Groundnut Basin']);
    expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(0);
    await page.getByRole('link', { name: 'First page' }).click();
    expect(await titles(page)).toHaveLength(2);

    await page.getByLabel('Country').selectOption({ label: 'Paraguay' });
    await page.getByRole('button', { name: 'Show the opportunities' }).click();
    expect(new URL(page.url()).searchParams.get('country')).toBe('PY');
    expect(await titles(page)).toEqual(['Integrated crop-livestock systems in the Cerrado']);
    await page.getByRole('link', { name: 'Integrated crop-livestock systems in the Cerrado' }).click();
    expect(await page.locator('h1').textContent()).toBe('Integrated crop-livestock systems in the Cerrado');
    await checkPage(page, `/opportunities/${cerrado.project.faspId}`, 'opportunity-nojs');
    await context.close();
  });

  it('lets a browser revalidate a visitor page with its ETag, as the API does', async () => {
    const first = await request(engine.url).get('/opportunities?region=africa').set('accept-language', 'fr').expect(200);
    expect(first.headers.etag).toEqual(expect.any(String));
    expect(first.text).toContain('Parklands of the Groundnut Basin');
    const again = await request(engine.url).get('/opportunities?region=africa').set('accept-language', 'fr').set('if-none-match', first.headers.etag);
    expect(again.status).toBe(304);
    // another language or another query is another page
    expect((await request(engine.url).get('/opportunities?region=africa').set('accept-language', 'es').set('if-none-match', first.headers.etag)).status).toBe(200);
    expect((await request(engine.url).get('/opportunities?region=europe').set('accept-language', 'fr').set('if-none-match', first.headers.etag)).status).toBe(200);
    const detail = await request(engine.url).get(`/opportunities/${sahel.project.faspId}`).expect(200);
    expect((await request(engine.url).get(`/opportunities/${sahel.project.faspId}`).set('if-none-match', detail.headers.etag)).status).toBe(304);
  });
});
