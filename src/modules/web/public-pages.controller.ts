import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, hasRole, isStaff } from '../../platform/auth/auth-user';
import { Public } from '../../platform/auth/access.decorators';
import { ChangePasswordDto, UpdateMeDto } from '../identity/dto/user.dto';
import { OrganizationsRepository } from '../identity/organizations.repository';
import { UsersService } from '../identity/users.service';
import { NOTIFICATION_KIND_NAMES, NOTIFICATION_KINDS, NotificationKind } from '../notifications/catalogue';
import { ListNotificationsQueryDto, NotificationPreferencesDto } from '../notifications/dto/notifications.dto';
import { InboxService } from '../notifications/inbox.service';
import { ListOpportunitiesQueryDto } from '../public/public.dto';
import { PublicService } from '../public/public.service';
import { SafeHtml } from './html';
import { fieldErrorsOf, list, text, validateForm } from './views/forms';
import { AccountModel, accountView } from './views/public/account';
import { inboxView, localLink } from './views/public/notifications';
import { FILTER_NAMES, OpportunityFilters, opportunitiesView, opportunityView } from './views/public/opportunities';
import { WebContext, WebError, WebRedirect } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebService } from './web.service';

const FASP_ID = /^FASP-\d{4}-\d{4,}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Only local paths, so that a form's return address cannot send anyone to another site. */
function localPath(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : fallback;
}

/** The notification kinds a person receives, by their roles (security mail is always sent). */
function kindsFor(user: AuthUser): NotificationKind[] {
  const audiences = new Set<string>();
  if (hasRole(user, 'holder')) audiences.add('holder');
  if (hasRole(user, 'reviewer')) audiences.add('reviewer').add('lead');
  if (isStaff(user)) audiences.add('secretariat');
  return NOTIFICATION_KIND_NAMES.filter((kind) => {
    const definition: { audience: string; always?: boolean } = NOTIFICATION_KINDS[kind];
    // the digest has its own switch
    return kind !== 'daily_digest' && definition.always !== true && audiences.has(definition.audience);
  });
}

/**
 * The public investment opportunities (no sign-in), and every signed-in person's inbox and
 * account settings. Each page calls the service behind the matching API route.
 */
@ApiExcludeController()
@Public()
@UseFilters(WebExceptionFilter)
@Controller()
export class PublicPagesController {
  constructor(
    private readonly web: WebService,
    private readonly publicService: PublicService,
    private readonly inbox: InboxService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsRepository,
  ) {}

  /* ------------------------------------------------------------------------------------- */
  /* Investment opportunities                                                              */
  /* ------------------------------------------------------------------------------------- */

  @Get('opportunities')
  async opportunities(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.web.context(request, reply);
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const filters: OpportunityFilters = {};
    for (const name of FILTER_NAMES) {
      const value = text(raw[name])?.trim();
      if (value) filters[name] = value;
    }
    const cursor = text(raw.cursor) || undefined;
    const limit = text(raw.limit) || undefined;
    try {
      const query = await validateForm(ListOpportunitiesQueryDto, { ...filters, ...(cursor && { cursor }), ...(limit && { limit }) });
      if (await this.notModified(request, reply, context)) return;
      const [found, total] = await Promise.all([this.publicService.list(query), this.publicService.count({ ...query, cursor: undefined })]);
      const body = opportunitiesView(context, { filters, limit, items: found.items, total, nextCursor: found.nextCursor, paged: Boolean(cursor), errors: null });
      await this.sendCacheable(reply, context, body);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      await this.web.send(reply, opportunitiesView(context, { filters, limit: undefined, items: [], total: 0, nextCursor: null, paged: false, errors }), 400);
    }
  }

  @Get('opportunities/:faspId')
  async opportunity(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('faspId') faspId: string): Promise<void> {
    const context = await this.web.context(request, reply);
    if (!FASP_ID.test(faspId)) throw new WebError(404);
    const item = await this.publicService.get(faspId);
    if (await this.notModified(request, reply, context)) return;
    await this.sendCacheable(reply, context, opportunityView(context, item));
  }

  /**
   * A visitor's page changes only with the published opportunities, the language and the
   * address, as the API's ETag does: a browser revalidates and gets 304. Signed-in pages carry
   * the person's own header and form token, so they are never cached.
   */
  private async notModified(request: FastifyRequest, reply: FastifyReply, context: WebContext): Promise<boolean> {
    if (context.user || context.flash) return false;
    const etag = await this.publicService.etag(`page|${context.lang}|${request.url}`);
    void reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'Accept-Language, Cookie');
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === etag)) {
      await reply.status(304).send();
      return true;
    }
    return false;
  }

  private async sendCacheable(reply: FastifyReply, context: WebContext, body: SafeHtml): Promise<void> {
    if (context.user || context.flash) {
      await this.web.send(reply, body);
      return;
    }
    await reply.status(200).header('content-type', 'text/html; charset=utf-8').send(body.value);
  }

  /* ------------------------------------------------------------------------------------- */
  /* Inbox                                                                                 */
  /* ------------------------------------------------------------------------------------- */

  @Get('notifications')
  async notifications(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context);
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const unreadOnly = raw.unread === 'true';
    let query: ListNotificationsQueryDto;
    try {
      query = await validateForm(ListNotificationsQueryDto, { ...(unreadOnly && { unread: 'true' }), ...(text(raw.cursor) && { cursor: text(raw.cursor) }) });
      const found = await this.inbox.list(user.id, query);
      await this.web.send(reply, inboxView(context, { items: found.items, unreadCount: found.unreadCount, nextCursor: found.nextCursor, unreadOnly, paged: Boolean(query.cursor) }));
    } catch (error) {
      // a cursor from nowhere: start again from the newest
      if (!fieldErrorsOf(error)) throw error;
      throw new WebRedirect(unreadOnly ? '/notifications?unread=true' : '/notifications');
    }
  }

  @Get('notifications/:id/open')
  async openNotification(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context);
    if (!UUID.test(id)) throw new WebError(404);
    const { link } = await this.inbox.markRead(user.id, id);
    throw new WebRedirect(localLink(link) ?? '/notifications');
  }

  @Post('notifications/read-all')
  async readAll(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context);
    this.web.checkCsrf(context, body);
    await this.inbox.markAllRead(user.id);
    throw new WebRedirect('/notifications', 'inbox.allRead');
  }

  @Post('notifications/:id/read')
  async read(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context);
    this.web.checkCsrf(context, body);
    if (!UUID.test(id)) throw new WebError(404);
    await this.inbox.markRead(user.id, id);
    throw new WebRedirect(localPath(body.back, '/notifications'));
  }

  /* ------------------------------------------------------------------------------------- */
  /* Account                                                                               */
  /* ------------------------------------------------------------------------------------- */

  @Get('account')
  async account(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context);
    await this.web.send(reply, await this.accountPage(context, user, {}));
  }

  /** Name, language and time zone, with the API's rules (an unknown zone is refused). */
  @Post('account')
  async saveAccount(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context);
    this.web.checkCsrf(context, body);
    const typed = { name: (text(body.name) ?? '').trim(), language: text(body.language) ?? '', timeZone: (text(body.timeZone) ?? '').trim() };
    try {
      const dto = await validateForm(UpdateMeDto, { name: typed.name, language: typed.language, ...(typed.timeZone && { timeZone: typed.timeZone }) });
      await this.users.updateMe(user, dto);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      await this.web.send(reply, await this.accountPage(context, user, { profile: errors }, typed), 400);
      return;
    }
    throw new WebRedirect('/account', 'account.saved');
  }

  @Post('account/email-preferences')
  async saveEmailPreferences(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context);
    this.web.checkCsrf(context, body);
    const shown = kindsFor(user);
    const wanted = new Set(list(body.email));
    const current = await this.inbox.preferences(user.id);
    // kinds this page does not show keep their setting
    const kept = current.emailDisabled.filter((kind) => !(shown as string[]).includes(kind));
    const staff = isStaff(user);
    const dto = await validateForm(NotificationPreferencesDto, {
      emailDisabled: [...kept, ...shown.filter((kind) => !wanted.has(kind))],
      ...(staff && { digest: body.digest === 'true' }),
    });
    await this.inbox.setPreferences(user.id, dto);
    throw new WebRedirect('/account#email', 'account.emailsSaved');
  }

  /** The current password is required; every other session of the person ends, this browser gets a new one. */
  @Post('account/password')
  async changePassword(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    const user = this.web.requireUser(context);
    this.web.checkCsrf(context, body);
    try {
      const dto = await validateForm(ChangePasswordDto, { currentPassword: text(body.currentPassword) ?? '', newPassword: text(body.newPassword) ?? '' });
      await this.users.changePassword(user, dto, request.ip);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      await this.web.send(reply, await this.accountPage(context, user, { password: errors }), 400);
      return;
    }
    await this.web.endSessionsOf(user.id);
    await this.web.signIn(reply, user.id);
    this.web.flash(reply, 'account.passwordChanged');
    await reply.redirect('/account', 303);
  }

  private async accountPage(context: WebContext, user: AuthUser, errors: AccountModel['errors'], typed?: AccountModel['profile']): Promise<SafeHtml> {
    const [account, preferences] = await Promise.all([this.users.get(user.id), this.inbox.preferences(user.id)]);
    const organization = account.organizationId ? await this.organizations.findById(account.organizationId) : null;
    const staff = isStaff(user);
    return accountView(context, {
      email: account.email,
      roles: account.roles,
      organization: organization?.name ?? null,
      profile: typed ?? { name: account.name, language: account.language, timeZone: account.timeZone ?? '' },
      emails: kindsFor(user).map((kind) => ({ kind, enabled: !preferences.emailDisabled.includes(kind) })),
      digest: staff ? preferences.digest : null,
      errors,
    });
  }
}

