import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../../platform/auth/access.decorators';
import { WebError } from './web-context';

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };

/** The pages' own stylesheet and scripts (and htmx, served from the package: nothing from other hosts). */
const FILES: Record<string, () => Buffer> = {
  'app.css': () => readFileSync(join(__dirname, 'static', 'app.css')),
  'app.js': () => readFileSync(join(__dirname, 'static', 'app.js')),
  'htmx.min.js': () => readFileSync(require.resolve('htmx.org/dist/htmx.min.js')),
};

@ApiExcludeController()
@Public()
@Controller('static')
export class StaticController {
  private readonly cache = new Map<string, { body: Buffer; etag: string }>();

  @Get(':file')
  async file(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const load = FILES[file];
    if (!load) throw new WebError(404);
    let entry = this.cache.get(file);
    if (!entry) {
      const body = load();
      entry = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 20)}"` };
      this.cache.set(file, entry);
    }
    void reply.header('etag', entry.etag).header('cache-control', 'public, max-age=3600');
    if (request.headers['if-none-match'] === entry.etag) {
      await reply.status(304).send();
      return;
    }
    await reply.header('content-type', TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream').send(entry.body);
  }
}
