import 'reflect-metadata';
import { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as Pino } from 'pino';
import { AppModule } from './app.module';
import { AppConfig, AppRole, ConfigError, loadConfig } from './platform/config/app-config';
import { runMigrationsLocked, waitForSchema } from './platform/database/migrator';
import { DependencyError, ensurePostgres, ensureRedis } from './platform/dependencies';
import { WebExceptionFilter } from './modules/web/web-exception.filter';
import { configureHttpApp, createFastifyAdapter } from './platform/http/http-app';
import { createRootLogger } from './platform/logging/logger';
import { NestPinoLogger } from './platform/logging/nest-logger';

export interface Engine {
  config: AppConfig;
  app: INestApplicationContext;
  /** Bound address when the API role listens. */
  url?: string;
}

/**
 * Prepares the dependencies (database created if missing, migrations applied under a lock by
 * the API role) then starts the roles of the configuration in this process.
 */
export async function startEngine(config: AppConfig, logger: Pino, extraModules: Type[] = []): Promise<Engine> {
  const api = config.hasRole('api');
  await ensurePostgres(config, api);
  await ensureRedis(config);
  if (api) await runMigrationsLocked(config);
  else await waitForSchema(config);

  const module = AppModule.register(config, extraModules);
  const nestLogger = new NestPinoLogger(logger);
  if (!api) {
    const app = await NestFactory.createApplicationContext(module, { logger: nestLogger });
    await app.init();
    return { config, app };
  }
  const app = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter(config), { logger: nestLogger });
  const pages = app.get(WebExceptionFilter);
  await configureHttpApp(app, config, (exception, request, reply) => pages.renderUnrouted(exception, request, reply));
  await app.listen({ port: config.port, host: config.host });
  return { config, app, url: await app.getUrl() };
}

/**
 * On SIGTERM or SIGINT: stop accepting requests, let in-flight requests and jobs finish (jobs
 * not started stay queued for another worker), close connections, exit. If that takes longer
 * than SHUTDOWN_TIMEOUT_MS, exit anyway: unfinished jobs are then retried elsewhere once their
 * lock expires.
 */
export function closeOnSignals(engine: Engine, logger: Pino): void {
  let closing = false;
  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: engine.config.shutdownTimeoutMs }, 'shutdown timed out; exiting with work unfinished');
      process.exit(1);
    }, engine.config.shutdownTimeoutMs);
    timer.unref();
    try {
      await engine.app.close();
      logger.info('shut down cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', (signal) => void close(signal));
  process.once('SIGINT', (signal) => void close(signal));
}

/** Entry point shared by main.ts and worker.ts. */
export async function run(roles?: AppRole[]): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(roles ? { ...process.env, APP_ROLES: roles.join(',') } : process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createRootLogger(config.logLevel, { role: config.appRoles.join('+') });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  try {
    const engine = await startEngine(config, logger);
    closeOnSignals(engine, logger);
    logger.info({ roles: config.appRoles, url: engine.url, docs: engine.url ? `${config.publicUrl}/api/docs` : undefined }, 'engine started');
  } catch (error) {
    if (error instanceof DependencyError) {
      logger.fatal(error.message);
      process.stderr.write(`${error.message}\n`);
      process.exit(69);
    }
    logger.fatal({ err: error }, 'start-up failed');
    process.exit(1);
  }
}
