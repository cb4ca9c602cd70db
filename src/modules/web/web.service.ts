import { Language, LANGUAGES } from '@fasp/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../platform/auth/auth-user';
import { UserRole } from '../../platform/auth/roles';
import { AppConfig } from '../../platform/config/app-config';
import { UsersRepository } from '../identity/users.repository';
import { SafeHtml } from './html';
import { COMMON } from './i18n/common';
import { negotiateLanguage, Translator } from './i18n/translate';
import { PAGE_MESSAGES } from './i18n/pages';
import { WebContext, WebError, WebRedirect } from './web-context';
import { WebSession } from './web-session.entity';

const SESSION_COOKIE = 'fasp_session';
const CSRF_COOKIE = 'fasp_csrf';
const LANG_COOKIE = 'fasp_lang';
const FLASH_COOKIE = 'fasp_flash';
const IDLE_MS = 8 * 3600 * 1000;
const ABSOLUTE_MS = 14 * 24 * 3600 * 1000;

function hash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Sessions, language and CSRF for the web pages. A session cookie is HttpOnly, SameSite=Lax
 * (links from emails still open signed in), Secure when PUBLIC_URL is https. Every POST form
 * carries the session's CSRF token (or, before signing in, a token matching the CSRF cookie).
 */
@Injectable()
export class WebService {
  readonly translator = new Translator(COMMON, ...PAGE_MESSAGES);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
  ) {}

  private get secure(): boolean {
    return this.config.publicUrl.startsWith('https:');
  }

  private cookieOptions(maxAgeSeconds?: number) {
    return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: this.secure, ...(maxAgeSeconds !== undefined && { maxAge: maxAgeSeconds }) };
  }

  async context(request: FastifyRequest, reply: FastifyReply): Promise<WebContext> {
    const cookies = (request.cookies ?? {}) as Record<string, string | undefined>;
    const query = (request.query ?? {}) as Record<string, unknown>;
    let session: WebSession | null = null;
    let user: AuthUser | null = null;
    const token = cookies[SESSION_COOKIE];
    if (token) {
      session = await this.dataSource.getRepository(WebSession).findOneBy({ tokenHash: hash(token) });
      const now = Date.now();
      if (session && (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + IDLE_MS <= now)) session = null;
      if (session) {
        user = await this.users.findActiveAuthUser(session.userId);
        if (user && now - session.lastSeenAt.getTime() > 5 * 60 * 1000) {
          await this.dataSource.query('UPDATE web_session SET last_seen_at = now() WHERE token_hash = $1', [session.tokenHash]);
        }
      }
      if (!session || !user) {
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        session = null;
        user = null;
      }
    }
    let csrf = session?.csrfToken ?? cookies[CSRF_COOKIE];
    if (!csrf) {
      csrf = randomBytes(24).toString('base64url');
      void reply.setCookie(CSRF_COOKIE, csrf, this.cookieOptions());
    }
    const asked = typeof query.lang === 'string' && (LANGUAGES as readonly string[]).includes(query.lang) ? (query.lang as Language) : null;
    if (asked) {
      void reply.setCookie(LANG_COOKIE, asked, { ...this.cookieOptions(365 * 24 * 3600), httpOnly: false });
      if (user && user.language !== asked) {
        await this.users.update(user.id, { language: asked });
        user = { ...user, language: asked };
      }
    }
    const cookieLang = cookies[LANG_COOKIE] && (LANGUAGES as readonly string[]).includes(cookies[LANG_COOKIE]) ? (cookies[LANG_COOKIE] as Language) : null;
    const lang: Language = asked ?? user?.language ?? cookieLang ?? negotiateLanguage(request.headers['accept-language']);
    const flash = cookies[FLASH_COOKIE] ?? null;
    if (flash) void reply.clearCookie(FLASH_COOKIE, { path: '/' });
    let timeZone = 'UTC';
    let unread = 0;
    if (user) {
      const [row] = await this.dataSource.query<Array<{ time_zone: string | null; unread: number }>>(
        `SELECT time_zone, (SELECT count(*)::int FROM notification WHERE user_id = u.id AND read_at IS NULL) AS unread FROM user_account u WHERE id = $1`,
        [user.id],
      );
      timeZone = row?.time_zone ?? 'UTC';
      unread = row?.unread ?? 0;
    }
    return {
      user,
      lang,
      timeZone,
      csrf,
      path: request.url,
      flash,
      unread,
      t: (key, params) => this.translator.t(lang, key, params),
    };
  }

  /** The signed-in person with one of these roles; else sign in first (303) or 403. */
  requireUser(context: WebContext, ...roles: UserRole[]): AuthUser {
    if (!context.user) throw new WebRedirect(`/login?next=${encodeURIComponent(context.path)}`);
    if (roles.length > 0 && !context.user.roles.some((role) => roles.includes(role))) throw new WebError(403);
    return context.user;
  }

  /** Refuses a form whose CSRF token is not the session's (or the pre-sign-in cookie's). */
  checkCsrf(context: WebContext, body: unknown): void {
    const given = (body as Record<string, unknown> | undefined)?._csrf;
    if (typeof given !== 'string' || !same(given, context.csrf)) throw new WebError(403, 'error.csrf');
  }

  async signIn(reply: FastifyReply, userId: string): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.dataSource.getRepository(WebSession).insert({
      tokenHash: hash(token),
      userId,
      csrfToken: randomBytes(24).toString('base64url'),
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ABSOLUTE_MS),
    });
    void reply.setCookie(SESSION_COOKIE, token, this.cookieOptions(ABSOLUTE_MS / 1000));
  }

  async signOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = (request.cookies as Record<string, string | undefined>)[SESSION_COOKIE];
    if (token) await this.dataSource.getRepository(WebSession).delete({ tokenHash: hash(token) });
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** Ends every browser session of an account (deactivation, password change). */
  async endSessionsOf(userId: string): Promise<void> {
    await this.dataSource.getRepository(WebSession).delete({ userId });
  }

  flash(reply: FastifyReply, messageKey: string): void {
    void reply.setCookie(FLASH_COOKIE, messageKey, { ...this.cookieOptions(60), httpOnly: true });
  }

  async send(reply: FastifyReply, page: SafeHtml, status = 200): Promise<void> {
    await reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value);
  }
}
