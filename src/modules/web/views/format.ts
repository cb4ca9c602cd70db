import { WebContext } from '../web-context';

/**
 * Dates, numbers and the words of the stage machine as the reader expects them: in their
 * language and, for instants, in their time zone (the account's, UTC for visitors).
 */
export function formatDateTime(context: WebContext, value: Date | string | null | undefined): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(context.lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: context.timeZone }).format(new Date(value));
}

export function formatDate(context: WebContext, value: Date | string | null | undefined): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(context.lang, { dateStyle: 'medium', timeZone: context.timeZone }).format(new Date(value));
}

export function formatNumber(context: WebContext, value: number | null | undefined, fractionDigits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(context.lang, { maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits }).format(value);
}

export function formatMoney(context: WebContext, amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined || !currency) return '—';
  return new Intl.NumberFormat(context.lang, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
}

export function stageLabel(context: WebContext, stage: string): string {
  return context.t(`stage.${stage}`);
}

export function outcomeLabel(context: WebContext, outcome: string): string {
  return context.t(`outcome.${outcome}`);
}
