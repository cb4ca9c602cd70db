import { html, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { csrfField, field, FieldErrors, select } from '../forms';
import { formatDate, stageLabel } from '../format';
import { page } from '../layout';
import { problemSummary } from './common';
import { FormValues, one } from './dossier-form';

export interface ProjectRow {
  id: string;
  faspId: string | null;
  title: string;
  callTitle: string;
  stage: string;
  /** missing items before submission (editable stages only) */
  missing: number | null;
  outcome: string | null;
  updatedAt: Date;
}

export interface OpenCall {
  id: string;
  title: string;
  closesAt: Date;
  languages: string[];
}

/** The next thing the holder has to do, in words. */
export function nextStep(context: WebContext, project: Pick<ProjectRow, 'stage' | 'missing' | 'outcome'>): string {
  switch (project.stage) {
    case 'draft':
      if (!project.missing) return context.t('holder.next.submit');
      return project.missing === 1 ? context.t('holder.next.completeOne') : context.t('holder.next.complete', { count: project.missing });
    case 'info_requested':
      return context.t('holder.next.answer');
    case 'revision':
      return context.t('holder.next.revise');
    case 'submitted':
      return context.t('holder.next.eligibility');
    case 'assignment':
      return context.t('holder.next.assignment');
    case 'review':
    case 'consolidation':
      return context.t('holder.next.review');
    case 'completed':
      return project.outcome === 'positive' ? context.t('holder.next.readPositive') : context.t('holder.next.read');
    case 'published':
      return context.t('holder.next.published');
    case 'not_admitted':
      return context.t('holder.next.notAdmitted');
    default:
      return context.t('holder.next.none');
  }
}

export function projectsView(context: WebContext, rows: readonly ProjectRow[], calls: readonly OpenCall[], nextCursor: string | null): SafeHtml {
  const main = html`<h1>${context.t('holder.projects.title')}</h1>
${
  calls.length > 0
    ? html`<p><a class="button" href="/projects/new">${context.t('holder.projects.new')}</a></p>`
    : html`<p class="muted">${context.t('holder.projects.noOpenCall')}</p>`
}
${
  rows.length === 0
    ? html`<p>${context.t('holder.projects.none')}</p>`
    : html`<div class="table-scroll"><table class="projects">
<caption class="visually-hidden">${context.t('holder.projects.caption')}</caption>
<thead><tr><th scope="col">${context.t('holder.projects.faspId')}</th><th scope="col">${context.t('holder.projects.project')}</th><th scope="col">${context.t('holder.projects.call')}</th><th scope="col">${context.t('holder.projects.stage')}</th><th scope="col">${context.t('holder.projects.next')}</th></tr></thead>
<tbody>${rows.map(
        (row) => html`<tr><td>${row.faspId ?? html`<span class="muted">${context.t('holder.projects.noId')}</span>`}</td>
<td><a href="/projects/${row.id}">${row.title}</a><br><span class="muted">${context.t('holder.projects.updated', { date: formatDate(context, row.updatedAt) })}</span></td>
<td>${row.callTitle}</td><td><span class="stage">${stageLabel(context, row.stage)}</span></td><td>${nextStep(context, row)}</td></tr>`,
      )}</tbody></table></div>`
}
${when(nextCursor, () => html`<p><a href="/projects?cursor=${encodeURIComponent(nextCursor ?? '')}">${context.t('holder.projects.more')}</a></p>`)}`;
  return page(context, context.t('holder.projects.title'), main, { wide: true });
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', fr: 'Français', es: 'Español' };

export function newProjectView(context: WebContext, calls: readonly OpenCall[], values: FormValues, errors: FieldErrors | null, refusal: string | null = null): SafeHtml {
  const main = html`<p class="breadcrumb"><a href="/projects">${context.t('holder.projects.title')}</a></p>
<h1>${context.t('holder.new.title')}</h1>
${problemSummary(context, errors)}
${when(refusal, () => html`<p class="notice" role="alert">${refusal}</p>`)}
${
  calls.length === 0
    ? html`<p>${context.t('holder.projects.noOpenCall')}</p>`
    : html`<p>${context.t('holder.new.intro')}</p>
<form method="post" action="/projects" novalidate>${csrfField(context)}
${select({
  label: context.t('holder.field.callId'),
  name: 'callId',
  required: true,
  value: one(values, 'callId') || (calls.length === 1 ? calls[0].id : ''),
  errors,
  choices: [
    ...(calls.length > 1 ? [{ value: '', label: context.t('holder.new.chooseCall') }] : []),
    ...calls.map((call) => ({
      value: call.id,
      label: context.t('holder.new.callOption', { title: call.title, date: formatDate(context, call.closesAt), languages: call.languages.map((code) => LANGUAGE_NAMES[code] ?? code).join(', ') }),
    })),
  ],
})}
${field({ label: context.t('holder.new.projectTitle'), name: 'title', value: one(values, 'title'), required: true, errors, hint: context.t('holder.new.titleHint') })}
${select({
  label: context.t('holder.field.language'),
  name: 'language',
  required: true,
  value: one(values, 'language') || context.lang,
  errors,
  hint: context.t('holder.new.languageHint'),
  choices: Object.entries(LANGUAGE_NAMES).map(([value, label]) => ({ value, label })),
})}
<div class="actions"><button type="submit">${context.t('holder.new.submit')}</button><a class="button secondary" href="/projects">${context.t('form.cancel')}</a></div>
</form>`
}`;
  return page(context, context.t('holder.new.title'), main);
}
