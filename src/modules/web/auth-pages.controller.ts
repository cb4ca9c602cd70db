import { COLLEGES, COUNTRIES, LANGUAGES } from '@fasp/core';
import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../platform/auth/access.decorators';
import { DomainException } from '../../platform/errors/domain-exception';
import { AuthService } from '../identity/auth.service';
import { OrganizationsRepository } from '../identity/organizations.repository';
import { UsersRepository } from '../identity/users.repository';
import { html, SafeHtml } from './html';
import { csrfField, errorSummary, field, FieldErrors, fieldErrorsOf, select, text } from './views/forms';
import { page } from './views/layout';
import { WebContext, WebRedirect } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebService } from './web.service';

/** Only local paths, so that ?next= cannot send anyone to another site. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s]*$/.test(next) ? next : '/';
}

@ApiExcludeController()
@Public()
@UseFilters(WebExceptionFilter)
@Controller()
export class AuthPagesController {
  constructor(
    private readonly web: WebService,
    private readonly auth: AuthService,
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
  ) {}

  @Get()
  async home(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.web.context(request, reply);
    const roles = context.user?.roles ?? [];
    const home = roles.includes('secretariat') || roles.includes('admin') ? '/pipeline' : roles.includes('reviewer') ? '/assignments' : roles.includes('holder') ? '/projects' : '/opportunities';
    await reply.redirect(home, 303);
  }

  @Get('login')
  async loginPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('next') next?: string): Promise<void> {
    const context = await this.web.context(request, reply);
    await this.web.send(reply, this.loginView(context, safeNext(next), '', null));
  }

  @Post('login')
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    this.web.checkCsrf(context, body);
    const email = (text(body.email) ?? '').trim().toLowerCase();
    const next = safeNext(body.next);
    try {
      await this.auth.login({ email, password: text(body.password) ?? '' }, request.ip);
    } catch (error) {
      const key = error instanceof DomainException && error.code === 'RATE_LIMITED' ? 'auth.signIn.limited' : 'auth.signIn.failed';
      await this.web.send(reply, this.loginView(context, next, email, context.t(key)), error instanceof DomainException && error.code === 'RATE_LIMITED' ? 429 : 401);
      return;
    }
    const account = await this.users.findByEmail(email);
    await this.web.signIn(reply, account!.id);
    await reply.redirect(next, 303);
  }

  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    this.web.checkCsrf(context, body);
    await this.web.signOut(request, reply);
    throw new WebRedirect('/login', 'auth.signedOut');
  }

  @Get('register')
  async registerPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.web.context(request, reply);
    await this.web.send(reply, await this.registerView(context, {}, null));
  }

  @Post('register')
  async register(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    this.web.checkCsrf(context, body);
    const organizationId = text(body.organizationId);
    const dto = {
      email: (text(body.email) ?? '').trim().toLowerCase(),
      password: text(body.password) ?? '',
      name: (text(body.name) ?? '').trim(),
      language: (LANGUAGES as readonly string[]).includes(text(body.language) ?? '') ? (text(body.language) as 'en') : context.lang,
      timeZone: text(body.timeZone) || undefined,
      ...(organizationId
        ? { organizationId }
        : { organization: { name: (text(body.organizationName) ?? '').trim(), country: (text(body.country) ?? '').toUpperCase(), college: text(body.college) ?? '' } }),
    };
    const errors = this.localChecks(dto);
    if (!errors) {
      try {
        const { user } = await this.auth.register(dto as Parameters<AuthService['register']>[0], request.ip);
        await this.web.signIn(reply, user.id);
        await reply.redirect('/projects', 303);
        return;
      } catch (error) {
        const fields = fieldErrorsOf(error) ?? (error instanceof DomainException && error.code === 'DUPLICATE' ? { email: [error.message] } : null);
        if (!fields) throw error;
        await this.web.send(reply, await this.registerView(context, body, fields), 400);
        return;
      }
    }
    await this.web.send(reply, await this.registerView(context, body, errors), 400);
  }

  @Get('password-reset')
  async resetPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token?: string): Promise<void> {
    const context = await this.web.context(request, reply);
    await this.web.send(reply, token ? this.newPasswordView(context, token, null) : this.resetView(context, false));
  }

  @Get('account/setup')
  async setupPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token?: string): Promise<void> {
    const context = await this.web.context(request, reply);
    await this.web.send(reply, token ? this.newPasswordView(context, token, null) : this.resetView(context, false));
  }

  @Post('password-reset')
  async reset(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, unknown>): Promise<void> {
    const context = await this.web.context(request, reply);
    this.web.checkCsrf(context, body);
    const token = text(body.token);
    if (token) {
      try {
        await this.auth.confirmPasswordReset({ token, password: text(body.password) ?? '' }, request.ip);
      } catch (error) {
        const fields = fieldErrorsOf(error) ?? (error instanceof DomainException ? { password: [error.message] } : null);
        if (!fields) throw error;
        await this.web.send(reply, this.newPasswordView(context, token, fields), 400);
        return;
      }
      throw new WebRedirect('/login', 'auth.newPassword.done');
    }
    const email = (text(body.email) ?? '').trim().toLowerCase();
    if (email.includes('@')) await this.auth.requestPasswordReset(email, request.ip).catch(() => undefined);
    await this.web.send(reply, this.resetView(context, true));
  }

  private localChecks(dto: { password: string; email: string; name: string }): FieldErrors | null {
    const errors: FieldErrors = {};
    if (dto.password.length < 12) errors.password = [`${'password'} must be at least 12 characters long`];
    if (!dto.email.includes('@')) errors.email = ['email must be an email address'];
    if (!dto.name) errors.name = ['name is required'];
    return Object.keys(errors).length > 0 ? errors : null;
  }

  private loginView(context: WebContext, next: string, email: string, failure: string | null): SafeHtml {
    const main = html`<h1>${context.t('auth.signIn.title')}</h1>
${failure ? html`<p class="error" role="alert">${failure}</p>` : ''}
<form method="post" action="/login">${csrfField(context)}<input type="hidden" name="next" value="${next}">
${field({ label: context.t('auth.email'), name: 'email', type: 'email', value: email, required: true, autocomplete: 'username' })}
${field({ label: context.t('auth.password'), name: 'password', type: 'password', required: true, autocomplete: 'current-password' })}
<div class="actions"><button type="submit">${context.t('auth.signIn.submit')}</button></div></form>
<p><a href="/password-reset">${context.t('auth.forgot')}</a></p><p><a href="/register">${context.t('auth.noAccount')}</a></p>`;
    return page(context, context.t('auth.signIn.title'), main);
  }

  private async registerView(context: WebContext, values: Record<string, unknown>, errors: FieldErrors | null): Promise<SafeHtml> {
    const directory = await this.organizations.page({ verified: true, limit: 100 }, (qb) => qb);
    const v = (name: string) => text(values[name]) ?? '';
    const main = html`<h1>${context.t('auth.register.title')}</h1>
${errorSummary(context, errors)}
<form method="post" action="/register" novalidate>${csrfField(context)}
${field({ label: context.t('auth.name'), name: 'name', value: v('name'), required: true, autocomplete: 'name', errors })}
${field({ label: context.t('auth.email'), name: 'email', type: 'email', value: v('email'), required: true, autocomplete: 'email', errors })}
${field({ label: context.t('auth.password'), name: 'password', type: 'password', required: true, hint: context.t('auth.passwordHint'), autocomplete: 'new-password', errors })}
${select({ label: context.t('auth.language'), name: 'language', value: v('language') || context.lang, choices: [{ value: 'en', label: 'English' }, { value: 'fr', label: 'Français' }, { value: 'es', label: 'Español' }] })}
${field({ label: context.t('auth.timeZone'), name: 'timeZone', value: v('timeZone'), hint: 'Africa/Dakar, Europe/Paris, America/Bogota…', errors })}
<h2>${context.t('auth.organization')}</h2>
${select({
  label: context.t('auth.organization.existing'),
  name: 'organizationId',
  value: v('organizationId'),
  errors,
  choices: [{ value: '', label: context.t('auth.organization.none') }, ...directory.items.map((organization) => ({ value: organization.id, label: `${organization.name} (${organization.country})` }))],
})}
<fieldset><legend>${context.t('auth.organization.new')}</legend>
${field({ label: context.t('auth.organization.name'), name: 'organizationName', value: v('organizationName'), errors: errors && { organizationName: errors['organization.name'] } })}
${select({ label: context.t('auth.organization.country'), name: 'country', value: v('country'), errors: errors && { country: errors['organization.country'] }, choices: [{ value: '', label: '—' }, ...COUNTRIES.map((country) => ({ value: country.code, label: country.name }))] })}
${select({ label: context.t('auth.organization.college'), name: 'college', value: v('college'), errors: errors && { college: errors['organization.college'] }, choices: [{ value: '', label: '—' }, ...COLLEGES.map((college) => ({ value: college.code, label: college.labels[context.lang] }))] })}
</fieldset>
<div class="actions"><button type="submit">${context.t('auth.register.submit')}</button></div></form>`;
    return page(context, context.t('auth.register.title'), main);
  }

  private resetView(context: WebContext, sent: boolean): SafeHtml {
    const main = html`<h1>${context.t('auth.reset.title')}</h1>
${sent ? html`<p class="flash" role="status">${context.t('auth.reset.sent')}</p>` : html`<p>${context.t('auth.reset.intro')}</p>`}
<form method="post" action="/password-reset">${csrfField(context)}
${field({ label: context.t('auth.email'), name: 'email', type: 'email', required: true, autocomplete: 'email' })}
<div class="actions"><button type="submit">${context.t('auth.reset.submit')}</button></div></form>`;
    return page(context, context.t('auth.reset.title'), main);
  }

  private newPasswordView(context: WebContext, token: string, errors: FieldErrors | null): SafeHtml {
    const main = html`<h1>${context.t('auth.newPassword.title')}</h1>
${errorSummary(context, errors)}
<form method="post" action="/password-reset">${csrfField(context)}<input type="hidden" name="token" value="${token}">
${field({ label: context.t('auth.password'), name: 'password', type: 'password', required: true, hint: context.t('auth.passwordHint'), autocomplete: 'new-password', errors })}
<div class="actions"><button type="submit">${context.t('auth.newPassword.submit')}</button></div></form>`;
    return page(context, context.t('auth.newPassword.title'), main);
  }
}
