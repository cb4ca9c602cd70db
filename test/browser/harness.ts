import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

/**
 * Browser tests drive the Debian `chromium` (found on PATH, or CHROMIUM_PATH) through
 * playwright-core: nothing is downloaded. Pages are checked with axe-core, weighed as
 * transferred on a cold cache, and photographed into test/screenshots/ (git-ignored).
 */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium is not installed: apt-get install -y chromium (or set CHROMIUM_PATH)');
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface ContextOptions {
  locale?: string;
  timezoneId?: string;
  javaScriptEnabled?: boolean;
  /** a small phone screen */
  mobile?: boolean;
}

/** Contexts without JavaScript: axe (a script) then runs on the same page in a twin context. */
const scriptless = new WeakSet<BrowserContext>();

export async function newContext(browser: Browser, baseURL: string, options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    locale: options.locale ?? 'en-GB',
    timezoneId: options.timezoneId ?? 'UTC',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    ...(options.mobile ? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport: { width: 1280, height: 900 } }),
  });
  // Fail fast with the locator in the message rather than at the test's timeout.
  context.setDefaultTimeout(15000);
  if (options.javaScriptEnabled === false) scriptless.add(context);
  return context;
}

/** Signs in through the login form (JavaScript or not) and waits for the landing page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.locator('form[action="/login"] button[type=submit]').click()]);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

let axeSource: string | null = null;

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the current page and returns the violations, so a
 * test can `expect(await accessibilityViolations(page)).toEqual([])` and see what failed.
 * Evaluated through the DevTools protocol, so the pages' Content-Security-Policy stays on.
 */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  if (scriptless.has(page.context())) {
    const browser = page.context().browser();
    if (!browser) throw new Error('no browser behind this page');
    const twin = await browser.newContext({ storageState: await page.context().storageState() });
    try {
      const twinPage = await twin.newPage();
      await twinPage.goto(page.url());
      return await accessibilityViolations(twinPage);
    } finally {
      await twin.close();
    }
  }
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof (globalThis as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(`${axeSource}\n;undefined`);
  const result = await page.evaluate(async () => {
    const scope = globalThis as unknown as { document: unknown; axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } };
    const outcome = await scope.axe.run(scope.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return outcome.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => node.target.join(' ')) }));
  });
  return result;
}

export interface PageWeight {
  /** bytes on the wire (headers and compressed bodies) for the document and its resources */
  transferred: number;
  requests: number;
  /** hosts other than the page's own that were contacted (must stay empty) */
  foreignHosts: string[];
}

/**
 * Loads `path` on a cold cache and adds up the bytes transferred for everything the page
 * fetched, as the DevTools Network panel does (`encodedDataLength`).
 */
export async function weighPage(page: Page, path: string): Promise<PageWeight> {
  const session = await page.context().newCDPSession(page);
  await session.send('Network.enable');
  await session.send('Network.setCacheDisabled', { cacheDisabled: true });
  const sizes = new Map<string, number>();
  const hosts = new Set<string>();
  session.on('Network.requestWillBeSent', (event: { requestId: string; request: { url: string } }) => {
    if (!event.request.url.startsWith('data:')) hosts.add(new URL(event.request.url).host);
  });
  session.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => sizes.set(event.requestId, event.encodedDataLength));
  await page.goto(path, { waitUntil: 'networkidle' });
  await session.send('Network.setCacheDisabled', { cacheDisabled: false });
  await session.detach();
  const own = new URL(page.url()).host;
  return {
    transferred: [...sizes.values()].reduce((sum, size) => sum + size, 0),
    requests: sizes.size,
    foreignHosts: [...hosts].filter((host) => host !== own),
  };
}

export const SCREENSHOT_DIR = join(__dirname, '..', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * The checks every main page gets: no axe violation, under 100 KB transferred on a cold
 * cache with nothing from other hosts, and a screenshot.
 */
export async function checkPage(page: Page, path: string, name: string): Promise<PageWeight> {
  const weight = await weighPage(page, path);
  expect({ path, foreignHosts: weight.foreignHosts }).toEqual({ path, foreignHosts: [] });
  expect({ path, under100KB: weight.transferred < 100 * 1024 }).toEqual({ path, under100KB: true });
  expect({ path, violations: await accessibilityViolations(page) }).toEqual({ path, violations: [] });
  await screenshot(page, name);
  return weight;
}
