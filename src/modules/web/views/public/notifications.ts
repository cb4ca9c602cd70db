import { NotificationDto } from '../../../notifications/dto/notifications.dto';
import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { actionButton, csrfField } from '../forms';
import { formatDateTime } from '../format';
import { page } from '../layout';
import { counted } from './words';

export interface InboxModel {
  items: NotificationDto[];
  unreadCount: number;
  nextCursor: string | null;
  unreadOnly: boolean;
  /** a later page is shown */
  paged: boolean;
}

/**
 * The page of the application a notification is about. Links are stored absolute (as in the
 * email); on the pages they stay on this host, whatever PUBLIC_URL was when they were made.
 */
export function localLink(link: string | null): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, 'http://local');
    const path = `${url.pathname}${url.search}`;
    return path.startsWith('/') && !path.startsWith('//') ? path : null;
  } catch {
    return null;
  }
}

function paragraphs(body: string): SafeHtml[] {
  return body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => html`<p>${paragraph}</p>`);
}

function item(context: WebContext, notification: NotificationDto, back: string): SafeHtml {
  const unread = notification.readAt === null;
  const link = localLink(notification.link);
  return html`<li class="note${unread ? ' unread' : ''}">
<h2>${when(unread, () => html`<span class="badge">${context.t('inbox.unread')}</span> `)}${notification.title}</h2>
<p class="muted"><time datetime="${notification.createdAt}">${formatDateTime(context, notification.createdAt)}</time></p>
${paragraphs(notification.body)}
<div class="actions">${when(link, () => html`<a class="button" href="/notifications/${notification.id}/open" aria-label="${context.t('inbox.openOf', { title: notification.title })}">${context.t('inbox.open')}</a>`)}${when(
    unread,
    () => html`<form method="post" action="/notifications/${notification.id}/read" class="inline">${csrfField(context)}<input type="hidden" name="back" value="${back}"><button type="submit" class="secondary" aria-label="${context.t('inbox.markReadOf', { title: notification.title })}">${context.t('inbox.markRead')}</button></form>`,
  )}</div>
</li>`;
}

export function inboxView(context: WebContext, model: InboxModel): SafeHtml {
  const base = model.unreadOnly ? '/notifications?unread=true' : '/notifications';
  const next = model.nextCursor ? `${base}${base.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(model.nextCursor)}` : null;
  const main = html`<h1>${context.t('inbox.title')}</h1>
<p>${counted(context, 'inbox.unreadCount', model.unreadCount)}</p>
<div class="actions inbox-tools">
${when(model.unreadCount > 0, () => actionButton(context, '/notifications/read-all', context.t('inbox.markAllRead'), {}, 'secondary'))}
${model.unreadOnly ? html`<a href="/notifications">${context.t('inbox.showAll')}</a>` : html`<a href="/notifications?unread=true">${context.t('inbox.showUnread')}</a>`}
<a href="/account#email">${context.t('inbox.preferences')}</a>
</div>
${
  model.items.length === 0
    ? html`<p>${context.t(model.unreadOnly ? 'inbox.noneUnread' : 'inbox.none')}</p>`
    : html`<ol class="inbox">${model.items.map((notification) => item(context, notification, context.path))}</ol>`
}
<nav class="pager" aria-label="${context.t('public.pages')}">${when(model.paged, () => html`<a href="${base}">${context.t('inbox.newest')}</a>`)}${when(next, () => html`<a href="${next ?? ''}" rel="next">${context.t('inbox.older')}</a>`)}</nav>`;
  return page(context, context.t('inbox.title'), main);
}
