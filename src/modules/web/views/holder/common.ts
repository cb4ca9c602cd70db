import { DOSSIER_FIELD_LABELS, DossierField, Language } from '@fasp/core';
import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { FieldErrors } from '../forms';
import { stageLabel } from '../format';
import { inputId } from './dossier-form';

/** What the holder's pages show about a project in their header. */
export interface ProjectHead {
  id: string;
  title: string;
  faspId: string | null;
  stage: string;
  round: number;
  callTitle: string;
}

/** The sub-pages of a project, as tabs; the current one is marked. */
export type ProjectTab = 'overview' | 'dossier' | 'statements' | 'attachments' | 'feedback' | 'revise';

export function projectHeader(context: WebContext, project: ProjectHead, current: ProjectTab, options: { feedback?: boolean; revise?: boolean } = {}): SafeHtml {
  const base = `/projects/${project.id}`;
  const tabs: Array<[ProjectTab, string, string]> = [
    ['overview', base, context.t('holder.tab.overview')],
    ['dossier', `${base}/edit/general`, context.t('holder.tab.dossier')],
    ['statements', `${base}/statements`, context.t('holder.tab.statements')],
    ['attachments', `${base}/attachments`, context.t('holder.tab.attachments')],
  ];
  if (options.feedback) tabs.push(['feedback', `${base}/feedback`, context.t('holder.tab.feedback')]);
  if (options.revise) tabs.push(['revise', `${base}/revise`, context.t('holder.tab.revise')]);
  return html`<p class="breadcrumb"><a href="/projects">${context.t('holder.projects.title')}</a></p>
<p class="project-meta">${project.faspId ? html`<strong>${project.faspId}</strong> · ` : ''}${project.callTitle} · <span class="stage">${stageLabel(context, project.stage)}</span>${when(project.round > 1, () => html` · ${context.t('holder.round', { round: project.round })}`)}</p>
<nav class="tabs" aria-label="${context.t('holder.tab.label')}"><ul>${tabs.map(
    ([tab, href, label]) => html`<li><a href="${href}"${tab === current ? html` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>`;
}

const INPUT_KEYS: Record<string, string> = {
  amount: 'holder.field.amount',
  currency: 'holder.field.currency',
  description: 'holder.field.description',
  people: 'holder.field.people',
  households: 'holder.field.households',
  stockTonnesPerHa: 'holder.field.stock',
  depthCm: 'holder.field.depth',
  method: 'holder.field.method',
  year: 'holder.field.year',
  tonnesPerHaPerYear: 'holder.field.change',
  horizonYears: 'holder.field.horizon',
  name: 'holder.field.name',
  country: 'holder.field.country',
  role: 'holder.field.role',
  email: 'holder.field.email',
};

/** What an input is called, for the error summary: `Budget — Amount`, `Partners 2 — Name`. */
export function inputLabel(context: WebContext, name: string, criterionName?: (code: string) => string | undefined): string {
  const lang: Language = context.lang;
  if (name.startsWith('statements.')) {
    const code = name.slice('statements.'.length);
    return context.t('holder.statements.label', { code, name: criterionName?.(code) ?? code });
  }
  if (['latitude', 'longitude', 'geojson', 'file', 'kind', 'callId', 'location', 'language'].includes(name)) return context.t(`holder.field.${name}`);
  const [field, ...rest] = name.split('.');
  const label = DOSSIER_FIELD_LABELS[field as DossierField]?.[lang] ?? field;
  if (rest.length === 0) return label;
  if (rest.length === 1) return `${label} — ${context.t(INPUT_KEYS[rest[0]] ?? rest[0])}`;
  return `${label} ${Number(rest[0]) + 1} — ${context.t(INPUT_KEYS[rest[1]] ?? rest[1])}`;
}

/** The list of problems at the top of a form, each a link to its input, named as the page names it. */
export function problemSummary(context: WebContext, errors: FieldErrors | null | undefined, criterionName?: (code: string) => string | undefined): SafeHtml | '' {
  if (!errors || Object.keys(errors).length === 0) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1"><p>${context.t('form.errors')}</p><ul>${Object.entries(errors).map(
    ([name, messages]) => html`<li><a href="#${inputId(name)}">${inputLabel(context, name, criterionName)}</a>: ${(messages ?? []).join(' ')}</li>`,
  )}</ul></div>`;
}

/** A short text kept with its line breaks (paragraphs of a feedback, a reason). */
export function paragraphs(text: string | null | undefined): SafeHtml {
  const blocks = (text ?? '')
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  return html`${blocks.map((block) => html`<p>${block.split('\n').map((line, index) => (index === 0 ? html`${line}` : html`<br>${line}`))}</p>`)}`;
}

/** One criterion's released feedback (the lead's texts and the reviewers' recommendations), without names. */
export interface CriterionFeedbackView {
  code: string;
  name: string;
  value: number | null;
  harm: string | null;
  feedback: Record<string, unknown>;
  recommendations: string[];
}

export function feedbackTexts(context: WebContext, feedback: Record<string, unknown>, recommendations: readonly string[], level: 'h3' | 'h4' = 'h4'): SafeHtml {
  const parts = (['strengths', 'weaknesses', 'recommendations'] as const)
    .map((key) => [key, typeof feedback[key] === 'string' ? (feedback[key]).trim() : ''] as const)
    .filter(([, text]) => text !== '');
  const heading = (text: string) => (level === 'h3' ? html`<h3>${text}</h3>` : html`<h4>${text}</h4>`);
  return html`${parts.map(([key, text]) => html`${heading(context.t(`holder.feedback.${key}`))}${paragraphs(text)}`)}
${when(recommendations.length > 0, () => html`${heading(context.t('holder.feedback.reviewerRecommendations'))}<ul>${recommendations.map((text) => html`<li>${text}</li>`)}</ul>`)}
${when(parts.length === 0 && recommendations.length === 0, () => html`<p class="muted">${context.t('holder.feedback.none')}</p>`)}`;
}

/** "n items are still missing", with the singular for one. */
export function missingText(context: WebContext, count: number): string {
  return count === 1 ? context.t('holder.overview.missingOne') : context.t('holder.overview.missing', { count });
}
