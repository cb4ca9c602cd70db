import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/platform/config/app-config';
import { buildOpenApiDocument } from '../src/platform/http/openapi';

/**
 * Writes openapi.json from the code (`npm run openapi`), or with --check fails when the
 * committed file differs from what the code describes (`npm run openapi:check`, run by CI).
 * Runs Nest in preview mode: routes and DTOs are read, no database or Redis is touched.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, APP_ROLES: 'api', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  const document = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  const target = join(__dirname, '..', '..', 'openapi.json');
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {
      // missing file: reported below as drift
    }
    if (committed !== document) {
      process.stderr.write('openapi.json is out of date with the code: run `npm run openapi` and commit the result.\n');
      process.exit(1);
    }
    process.stdout.write('openapi.json matches the code.\n');
  } else {
    writeFileSync(target, document);
    process.stdout.write(`wrote ${target}\n`);
  }
  process.exit(0);
}

void main();
