import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../platform/config/app-config';
import { ALL_QUEUES } from '../../platform/queue/queue.constants';
import { QueueClients } from '../../platform/queue/queue-clients';
import { AuthService } from '../identity/auth.service';
import { TokenService } from '../identity/token.service';
import { UsersRepository } from '../identity/users.repository';

const COOKIE = 'fasp_admin';
const BASE = '/admin/queues';

/**
 * The queue dashboard (bull-board) at /admin/queues, for the secretariat and admins. The same
 * accounts sign in: with a bearer token (scripts), or in a browser through /admin/login, which
 * keeps the access token in an HttpOnly, SameSite=Strict cookie scoped to /admin.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  private readonly logger = new Logger(QueueDashboard.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queues: QueueClients,
    private readonly tokens: TokenService,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.<FastifyInstance>();
    if (!fastify || !this.config.hasRole('api')) return;
    const board = new FastifyAdapter();
    board.setBasePath(BASE);
    createBullBoard({ queues: ALL_QUEUES.map((name) => new BullMQAdapter(this.queues.queue(name), { readOnlyMode: false })), serverAdapter: board });
    // Not awaited: awaiting would load the plugin tree before Nest installs its error handler.
    void fastify.register(async (scope) => {
      scope.get('/admin/login', async (request, reply) => this.loginPage(reply, (request.query as { error?: string }).error === '1'));
      scope.post('/admin/login', async (request, reply) => this.login(request, reply));
      scope.post('/admin/logout', async (_request, reply) => reply.clearCookie(COOKIE, { path: '/admin' }).redirect('/admin/login', 303));
      await scope.register(async (protectedScope) => {
        protectedScope.addHook('onRequest', async (request, reply) => this.guard(request, reply));
        await protectedScope.register(board.registerPlugin() as never, { prefix: BASE });
      });
    });
  }

  private async guard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const token = header ?? (request.cookies as Record<string, string | undefined> | undefined)?.[COOKIE];
    const claims = token ? await this.tokens.verifyAccessToken(token) : null;
    const user = claims ? await this.users.findActiveAuthUser(claims.sub) : null;
    if (!user) {
      if (header || request.headers.accept?.includes('application/json')) {
        await reply.status(401).send({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Sign in first', correlationId: String(request.id) });
      } else {
        await reply.redirect('/admin/login', 303);
      }
      return;
    }
    if (!user.roles.some((role) => role === 'secretariat' || role === 'admin')) {
      await reply.status(403).send({ statusCode: 403, code: 'FORBIDDEN', message: 'Only for: secretariat, admin', correlationId: String(request.id) });
    }
  }

  private async login(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as { email?: unknown; password?: unknown };
    try {
      if (typeof body.email !== 'string' || typeof body.password !== 'string') throw new Error('missing');
      const tokens = await this.auth.login({ email: body.email.trim().toLowerCase(), password: body.password }, request.ip);
      await reply
        .setCookie(COOKIE, tokens.accessToken, {
          path: '/admin',
          httpOnly: true,
          sameSite: 'strict',
          secure: this.config.publicUrl.startsWith('https:'),
          maxAge: tokens.expiresIn,
        })
        .redirect(BASE, 303);
    } catch (error) {
      this.logger.debug({ msg: 'dashboard sign-in refused', error: (error as Error).message });
      await reply.redirect('/admin/login?error=1', 303);
    }
  }

  private async loginPage(reply: FastifyReply, failed: boolean): Promise<void> {
    const message = failed ? '<p role="alert" style="color:#a4262c">Email or password is incorrect, or too many attempts.</p>' : '';
    await reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>FASP queues: sign in</title></head>` +
          `<body style="font-family:system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem"><main><h1>FASP queues</h1>${message}` +
          `<form method="post" action="/admin/login"><p><label for="email">Email</label><br><input id="email" name="email" type="email" autocomplete="username" required style="width:100%"></p>` +
          `<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required style="width:100%"></p>` +
          `<p><button type="submit">Sign in</button></p></form><p style="color:#555">For the Executive Secretariat and administrators.</p></main></body></html>`,
      );
  }
}
