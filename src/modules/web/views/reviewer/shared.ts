import { html, SafeHtml } from '../../html';
import { WebContext } from '../../web-context';

/** The scale as the review form gives it: labels in the reader's language. */
export interface ScaleWords {
  scale: ReadonlyArray<{ score: number; label: string }>;
  notApplicableLabel: string;
  harmLevels: ReadonlyArray<{ judgement: string; label: string }>;
}

/** "English", "Français", "Español"... in the reader's language. */
export function languageName(context: WebContext, code: string): string {
  try {
    return new Intl.DisplayNames([context.lang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A score or an aggregate (a median may be 2.5, a mean 2.33): at most two decimals, in the reader's notation. */
export function formatScore(context: WebContext, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(context.lang, { maximumFractionDigits: 2 }).format(value);
}

/** "3 — Good", "Not applicable", or "not rated". */
export function scoreWords(context: WebContext, words: ScaleWords, score: unknown): string {
  if (score === 'n/a') return words.notApplicableLabel;
  if (typeof score === 'number') {
    const level = words.scale.find((item) => item.score === score);
    return level ? `${score} — ${level.label}` : String(score);
  }
  return context.t('reviewer.review.notRated');
}

export function harmWords(words: ScaleWords, harm: unknown): string {
  if (typeof harm !== 'string' || harm === '') return '—';
  return words.harmLevels.find((level) => level.judgement === harm)?.label ?? harm;
}

/** Text the reviewer or the holder wrote, with its line breaks kept (escaped, never markup). */
export function paragraphs(text: string | null | undefined): SafeHtml {
  const blocks = (text ?? '').split(/\n{2,}/).map((block) => block.trim()).filter(Boolean);
  return html`${blocks.map((block) => html`<p class="rv-written">${block}</p>`)}`;
}

/** A label in a row of facts (definition list). */
export function facts(items: Array<[string, string | SafeHtml]>): SafeHtml {
  return html`<dl class="rv-facts">${items.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>`;
}
