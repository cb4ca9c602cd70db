import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignals, Engine, startEngine } from '../src/bootstrap';
import { ConfigError, loadConfig } from '../src/platform/config/app-config';
import { DependencyError } from '../src/platform/dependencies';
import { createRootLogger } from '../src/platform/logging/logger';
import { DemoError } from './demo/demo-client';
import { DemoSize, FULL_SIZE } from './demo/demo-plan';
import { PhaseProgress } from './demo/demo-progress';
import { formatReport } from './demo/demo-report';
import { DemoTarget, runDemo } from './demo/demo-run';
import { MailSink } from './demo/mail-sink';

/**
 * `npm run demo`: one call of the FASP played through the HTTP API by its secretariat, holders,
 * reviewers and leads, from the first dossier to the published investment opportunities.
 *
 * DEMO_URL (default http://localhost:3000) names the engine. If none answers there, the demo
 * starts one in this process with the default configuration (and, unless SMTP_URL is set, a
 * small SMTP server of its own that counts the emails), and keeps it running afterwards when
 * run from a terminal. FASP_ADMIN_EMAIL and FASP_ADMIN_PASSWORD name an account with the
 * secretariat role (default: the demo's own administrator, created when the demo starts the
 * engine). DEMO_PROJECTS, DEMO_REVIEWERS, DEMO_ORGANIZATIONS change the size; DEMO_TIMINGS=1 adds
 * the time spent per route.
 */

const DEMO_ADMIN_EMAIL = 'demo-admin@fasp.local';
/** a problem of the demo's settings or surroundings: its message says what to do */
class DemoSetupError extends Error {}
const DEMO_ADMIN_PASSWORD = 'fasp demo administrator';

function sizeFromEnvironment(): DemoSize {
  const read = (name: string, fallback: number) => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new DemoSetupError(`${name} must be a positive integer, not ${raw}`);
    return value;
  };
  return {
    organizations: read('DEMO_ORGANIZATIONS', FULL_SIZE.organizations),
    reviewers: read('DEMO_REVIEWERS', FULL_SIZE.reviewers),
    projects: read('DEMO_PROJECTS', FULL_SIZE.projects),
  };
}

async function answersReady(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

interface StartedEngine {
  engine: Engine;
  sink: MailSink | undefined;
  smtpUrl: string;
  close(): Promise<void>;
}

async function startOwnEngine(baseUrl: string, admin: { email: string; password: string }): Promise<StartedEngine> {
  const url = new URL(baseUrl);
  if (!['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    throw new DemoSetupError(`no engine answers at ${baseUrl}/health/ready, and the demo starts one only on this machine (DEMO_URL on localhost)`);
  }
  process.stderr.write(`No engine answers at ${baseUrl}: starting one in this process (default configuration, database ${new URL(loadConfig({ ...process.env }).databaseUrl).pathname.slice(1)}).\n`);
  const sink = process.env.SMTP_URL ? undefined : await MailSink.start();
  const smtpUrl = sink?.url ?? process.env.SMTP_URL!;
  let config;
  try {
    config = loadConfig({
      ...process.env,
      HOST: process.env.HOST ?? '127.0.0.1',
      PORT: url.port || (url.protocol === 'https:' ? '443' : '80'),
      PUBLIC_URL: process.env.PUBLIC_URL ?? baseUrl,
      SMTP_URL: smtpUrl,
      FASP_ADMIN_EMAIL: admin.email,
      FASP_ADMIN_PASSWORD: admin.password,
      // the demo signs in as every holder and reviewer it plays, all from this machine
      LOGIN_MAX_PER_IP: process.env.LOGIN_MAX_PER_IP ?? '10000',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    });
  } catch (error) {
    await sink?.stop();
    throw error;
  }
  const logger = createRootLogger(config.logLevel, { role: 'demo-engine' });
  // start-up messages written before the engine's own logger is in place follow LOG_LEVEL too
  if (['warn', 'error', 'fatal', 'silent'].includes(config.logLevel)) Logger.overrideLogger(config.logLevel === 'warn' ? ['warn', 'error', 'fatal'] : ['error', 'fatal']);
  const engine = await startEngine(config, logger).catch(async (error: unknown) => {
    await sink?.stop();
    throw error;
  });
  let closed = false;
  return {
    engine,
    sink,
    smtpUrl,
    async close() {
      if (closed) return;
      closed = true;
      await engine.app.close();
      await sink?.stop();
    },
  };
}

async function main(): Promise<number> {
  const baseUrl = (process.env.DEMO_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  const size = sizeFromEnvironment();
  const adminEmail = process.env.FASP_ADMIN_EMAIL ?? DEMO_ADMIN_EMAIL;
  const adminPassword = process.env.FASP_ADMIN_PASSWORD ?? (adminEmail === DEMO_ADMIN_EMAIL ? DEMO_ADMIN_PASSWORD : undefined);
  if (!adminPassword) throw new DemoSetupError(`FASP_ADMIN_EMAIL is ${adminEmail}: set FASP_ADMIN_PASSWORD to its password too`);
  const admin = { email: adminEmail, password: adminPassword };
  const progress = new PhaseProgress(process.stderr, process.stderr.isTTY === true);
  const startedAt = Date.now();

  let started: StartedEngine | undefined;
  let mail: DemoTarget['mail'];
  let mailHint: string;
  if (await answersReady(baseUrl)) {
    process.stderr.write(`Engine at ${baseUrl}: ready.\n`);
    mail = { description: "sent to the engine's SMTP server" };
    mailHint = "sent to the engine's SMTP server; with docker compose, Mailpit shows them at http://localhost:8025";
  } else {
    started = await startOwnEngine(baseUrl, admin);
    const sink = started.sink;
    mail = sink ? { description: "received by the demo's own SMTP server (no email leaves this machine)", sent: () => sink.count } : { description: `sent to ${started.smtpUrl}` };
    mailHint = `sent to ${started.smtpUrl}`;
    process.stderr.write(`Engine started at ${started.engine.url} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.\n`);
  }

  try {
    const report = await runDemo(size, { baseUrl, admin, mail }, { progress });
    progress.stop();
    process.stdout.write(
      formatReport(report, {
        mail: mailHint,
        secretariatPassword: admin.email === DEMO_ADMIN_EMAIL && !process.env.FASP_ADMIN_PASSWORD ? admin.password : null,
        routes: !!process.env.DEMO_TIMINGS,
      }),
    );
    process.stdout.write(`Total with start-up: ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    progress.stop();
    await started?.close().catch(() => undefined);
    throw error;
  }

  if (started && process.stdin.isTTY && process.stdout.isTTY) {
    process.stdout.write(`\nThe engine started by the demo keeps running at ${baseUrl}: press Ctrl-C to stop it.\n`);
    const logger = createRootLogger('warn', { role: 'demo-engine' });
    closeOnSignals(started.engine, logger);
    return -1;
  }
  await started?.close();
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      if (error instanceof DemoError) process.stderr.write(`\n${error.describe()}\n`);
      else if (error instanceof ConfigError || error instanceof DependencyError || error instanceof DemoSetupError) process.stderr.write(`\n${error.message}\n`);
      else process.stderr.write(`\ndemo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
