import { Language } from '@fasp/core';
import { KindTexts, LAYOUT_TEXTS, NOTIFICATION_KINDS, NotificationKind } from './catalogue';

export interface RenderedNotification {
  subject: string;
  text: string;
  html: string;
  /** the body alone (the in-app inbox shows it) */
  body: string;
}

export class PlaceholderError extends Error {}

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

function fill(template: string, values: Readonly<Record<string, string>>, escape: (text: string) => string): string {
  return template.replace(PLACEHOLDER, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new PlaceholderError(`no value for {{${key}}}`);
    return escape(value);
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const plain = (text: string) => text;

const textsOf = (kind: NotificationKind, language: Language): KindTexts => NOTIFICATION_KINDS[kind].texts[language] ?? NOTIFICATION_KINDS[kind].texts.en;

/** What the in-app inbox shows of a notification: its subject as title, and its body. */
export function renderInbox(kind: NotificationKind, language: Language, values: Readonly<Record<string, string>>): Pick<RenderedNotification, 'subject' | 'body'> {
  const texts = textsOf(kind, language);
  return { subject: fill(texts.subject, values, plain).replace(/[\r\n]+/g, ' '), body: fill(texts.body, values, plain) };
}

/**
 * One notification in one language: subject, plain text and HTML (same words, the HTML with the
 * values escaped), with the greeting, a link to the page concerned, and the footer.
 */
export function renderNotification(kind: NotificationKind, language: Language, values: Readonly<Record<string, string>>, recipient: { name: string; link: string | null }): RenderedNotification {
  const texts = textsOf(kind, language);
  const layout = LAYOUT_TEXTS[language];
  const { subject, body } = renderInbox(kind, language, values);
  const greeting = fill(layout.greeting, { name: recipient.name }, plain);
  const text = [greeting, body, recipient.link ? `${layout.open}: ${recipient.link}` : null, '--', layout.footer].filter((part) => part !== null).join('\n\n');
  const paragraphs = fill(texts.body, values, escapeHtml)
    .split(/\n{2,}/)
    .map((paragraph) => `<p style="margin:0 0 12px">${paragraph.replace(/\n/g, '<br>')}</p>`)
    .join('');
  const button = recipient.link
    ? `<p style="margin:20px 0"><a href="${escapeHtml(recipient.link)}" style="background:#2f6b3a;color:#ffffff;padding:10px 16px;border-radius:4px;text-decoration:none">${escapeHtml(layout.open)}</a></p>`
    : '';
  const html =
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:Arial,Helvetica,sans-serif;color:#1d2a1f;line-height:1.5;max-width:600px;margin:0 auto;padding:16px">` +
    `<p style="margin:0 0 12px">${escapeHtml(greeting)}</p>${paragraphs}${button}` +
    `<hr style="border:none;border-top:1px solid #d5ddd6;margin:24px 0 12px"><p style="font-size:12px;color:#5a6b5d">${escapeHtml(layout.footer)}</p></body></html>`;
  return { subject, text, html, body };
}

/**
 * Formatters by language, time zone and style: making an Intl.DateTimeFormat costs far more than
 * formatting with it, and every notification formats its dates. A time zone the runtime does not
 * know still throws, as it did, and is not kept.
 */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatter(style: 'date' | 'dateTime', language: Language, timeZone: string): Intl.DateTimeFormat {
  const key = `${style}|${language}|${timeZone}`;
  let format = FORMATTERS.get(key);
  if (!format) {
    format =
      style === 'date'
        ? new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone })
        : new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone });
    FORMATTERS.set(key, format);
  }
  return format;
}

/** A date as people read it in their language and time zone (UTC when they have none). */
export function formatDate(value: Date, language: Language, timeZone: string | null): string {
  return formatter('date', language, timeZone ?? 'UTC').format(value);
}

/** The same with the time of day and the zone, for what ends within hours (a one-hour link). */
export function formatDateTime(value: Date, language: Language, timeZone: string | null): string {
  return formatter('dateTime', language, timeZone ?? 'UTC').format(value);
}

/** Words of the domain that the layout translates (an outcome, a reviewer's role, a stage). */
export type TermGroup = 'outcomes' | 'roles' | 'stages';

/**
 * A placeholder value as planned, shown per recipient: text as is; a Date as a date and
 * `{ dateTime }` as a date with the time of day, in their time zone; `{ term }` in their language.
 */
export type PlaceholderValue = string | Date | { dateTime: Date } | { term: TermGroup; key: string };

export function showValue(value: PlaceholderValue, language: Language, timeZone: string | null): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return formatDate(value, language, timeZone);
  if ('dateTime' in value) return formatDateTime(value.dateTime, language, timeZone);
  return LAYOUT_TEXTS[language][value.term][value.key] ?? value.key;
}
