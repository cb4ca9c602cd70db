import { ATTACHMENT_KINDS } from '@fasp/core';
import { html, raw, SafeHtml, when } from '../../html';
import { WebContext } from '../../web-context';
import { actionButton, csrfField, field, FieldErrors, select } from '../forms';
import { formatDateTime, formatNumber } from '../format';
import { page } from '../layout';
import { ProjectHead, problemSummary, projectHeader } from './common';

export interface AttachmentRow {
  id: string;
  kind: string;
  filename: string;
  size: number;
  createdAt: Date;
}

export function fileSize(context: WebContext, bytes: number): string {
  if (bytes < 1024) return `${formatNumber(context, bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(context, bytes / 1024, 1)} KB`;
  return `${formatNumber(context, bytes / (1024 * 1024), 1)} MB`;
}

/** The files of a dossier, for the overview and the attachments page. */
export function attachmentList(context: WebContext, projectId: string, rows: readonly AttachmentRow[], options: { remove?: boolean } = {}): SafeHtml {
  if (rows.length === 0) return html`<p class="muted">${context.t('holder.attachments.none')}</p>`;
  return html`<ul class="files">${rows.map(
    (row) => html`<li><a href="/projects/${projectId}/attachments/${row.id}">${row.filename}</a> <span class="muted">— ${context.t(`holder.kind.${row.kind}`)}, ${fileSize(context, row.size)}, ${formatDateTime(context, row.createdAt)}</span>
${when(options.remove, () => actionButton(context, `/projects/${projectId}/attachments/${row.id}/delete`, context.t('holder.attachments.remove', { name: row.filename }), {}, 'link'))}</li>`,
  )}</ul>`;
}

export interface AttachmentsPage {
  head: ProjectHead;
  rows: AttachmentRow[];
  editable: boolean;
  errors: FieldErrors | null;
  kind: string;
  maxBytes: number;
  showFeedbackTab: boolean;
  showReviseTab: boolean;
}

export function attachmentsView(context: WebContext, data: AttachmentsPage): SafeHtml {
  const main = html`${projectHeader(context, data.head, 'attachments', { feedback: data.showFeedbackTab, revise: data.showReviseTab })}
<h1>${context.t('holder.attachments.title')}</h1>
<p>${context.t('holder.attachments.intro')}</p>
${problemSummary(context, data.errors)}
${attachmentList(context, data.head.id, data.rows, { remove: data.editable })}
${
  data.editable
    ? html`<form id="upload" method="post" action="/projects/${data.head.id}/attachments" enctype="multipart/form-data" data-upload novalidate class="upload">
<h2>${context.t('holder.attachments.add')}</h2>
${csrfField(context)}
${select({
  label: context.t('holder.field.kind'),
  name: 'kind',
  value: data.kind,
  errors: data.errors,
  choices: ATTACHMENT_KINDS.map((kind) => ({ value: kind, label: context.t(`holder.kind.${kind}`) })),
})}
${field({
  label: context.t('holder.field.file'),
  name: 'file',
  type: 'file',
  errors: data.errors,
  hint: context.t('holder.attachments.hint', { size: fileSize(context, data.maxBytes) }),
  attributes: raw(' accept=".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg"'),
})}
<progress max="100" value="0" hidden aria-label="${context.t('holder.attachments.progress')}"></progress>
<div class="actions"><button type="submit">${context.t('holder.attachments.upload')}</button></div>
</form>`
    : html`<p class="notice">${context.t('holder.readOnly')}</p>`
}`;
  return page(context, `${context.t('holder.attachments.title')} — ${data.head.title}`, main);
}
