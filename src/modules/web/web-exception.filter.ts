import { ArgumentsHost, Catch, ExceptionFilter, Logger, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainException } from '../../platform/errors/domain-exception';
import { html } from './html';
import { page } from './views/layout';
import { WebError, WebRedirect } from './web-context';
import { WebService } from './web.service';

/** Web pages answer errors with pages (and redirects with 303), never with JSON. */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Web');

  constructor(private readonly web: WebService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void this.handle(exception, request, reply);
  }

  /** For the global filter: a browser's request for a page no route serves gets a 404 page. */
  renderUnrouted(exception: unknown, request: FastifyRequest, reply: FastifyReply): boolean {
    if (!(exception instanceof NotFoundException)) return false;
    void this.handle(new WebError(404), request, reply);
    return true;
  }

  private async handle(exception: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (exception instanceof WebRedirect) {
      if (exception.flash) this.web.flash(reply, exception.flash);
      await reply.redirect(exception.location, 303);
      return;
    }
    let status: 403 | 404 | 409 | 500 = 500;
    let messageKey: string | undefined;
    if (exception instanceof WebError) {
      status = exception.status;
      messageKey = exception.messageKey;
    } else if (exception instanceof DomainException && [403, 404, 409].includes(exception.status)) {
      status = exception.status as 403 | 404 | 409;
    } else if (exception instanceof DomainException && exception.status === 401) {
      await reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
      return;
    } else {
      this.logger.error({ msg: 'page failed', path: request.url, err: exception });
    }
    const context = await this.web.context(request, reply).catch(() => null);
    if (!context) {
      await reply.status(status).type('text/plain; charset=utf-8').send(String(status));
      return;
    }
    const main = html`<h1>${context.t(`error.${status}.title`)}</h1><p>${context.t(messageKey ?? `error.${status}.text`)}</p><p><a href="/">${context.t('error.back')}</a></p>`;
    await this.web.send(reply, page(context, context.t(`error.${status}.title`), main), status);
  }
}
