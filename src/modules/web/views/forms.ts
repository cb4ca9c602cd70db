import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainException } from '../../../platform/errors/domain-exception';
import { flattenValidationErrors } from '../../../platform/errors/validation';
import { html, SafeHtml, when } from '../html';
import { WebContext } from '../web-context';

export interface FieldErrors {
  [field: string]: string[] | undefined;
}

/** Field errors of an API refusal (VALIDATION_FAILED details), by field path. */
export function fieldErrorsOf(error: unknown): FieldErrors | null {
  const details = (error as { code?: string; details?: { fields?: Array<{ field: string; messages: string[] }> } } | undefined);
  if (details?.code !== 'VALIDATION_FAILED' || !details.details?.fields) return null;
  const errors: FieldErrors = {};
  for (const field of details.details.fields) errors[field.field] = [...(errors[field.field] ?? []), ...field.messages];
  return errors;
}

export function csrfField(context: WebContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${context.csrf}">`;
}

export function errorSummary(context: WebContext, errors: FieldErrors | null | undefined): SafeHtml | '' {
  if (!errors || Object.keys(errors).length === 0) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1"><p>${context.t('form.errors')}</p><ul>${Object.entries(errors).map(
    ([field, messages]) => html`<li><a href="#${fieldId(field)}">${field}</a>: ${(messages ?? []).join(' ')}</li>`,
  )}</ul></div>`;
}

export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

interface FieldOptions {
  label: string;
  name: string;
  value?: string | number | null;
  type?: string;
  required?: boolean;
  hint?: string;
  errors?: FieldErrors | null;
  autocomplete?: string;
  attributes?: SafeHtml;
}

/** A labelled input with its hint and errors wired for screen readers. */
export function field(options: FieldOptions): SafeHtml {
  const id = fieldId(options.name);
  const errors = options.errors?.[options.name];
  const describedBy = [options.hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(' ');
  return html`<div class="field${errors ? ' invalid' : ''}"><label for="${id}">${options.label}${when(options.required, () => html` <span class="req" aria-hidden="true">*</span>`)}</label>
${when(options.hint, () => html`<p class="hint" id="${id}-hint">${options.hint}</p>`)}
${when(errors, () => html`<p class="error" id="${id}-error">${(errors ?? []).join(' ')}</p>`)}
<input id="${id}" name="${options.name}" type="${options.type ?? 'text'}" value="${options.value ?? ''}"${when(options.required, () => html` required`)}${when(options.autocomplete, () => html` autocomplete="${options.autocomplete}"`)}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${errors ? html` aria-invalid="true"` : ''}${options.attributes ?? ''}></div>`;
}

export function textarea(options: Omit<FieldOptions, 'type'> & { rows?: number }): SafeHtml {
  const id = fieldId(options.name);
  const errors = options.errors?.[options.name];
  const describedBy = [options.hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(' ');
  return html`<div class="field${errors ? ' invalid' : ''}"><label for="${id}">${options.label}${when(options.required, () => html` <span class="req" aria-hidden="true">*</span>`)}</label>
${when(options.hint, () => html`<p class="hint" id="${id}-hint">${options.hint}</p>`)}
${when(errors, () => html`<p class="error" id="${id}-error">${(errors ?? []).join(' ')}</p>`)}
<textarea id="${id}" name="${options.name}" rows="${options.rows ?? 5}"${when(options.required, () => html` required`)}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${errors ? html` aria-invalid="true"` : ''}${options.attributes ?? ''}>${options.value ?? ''}</textarea></div>`;
}

export function select(options: Omit<FieldOptions, 'type'> & { choices: Array<{ value: string; label: string }>; multiple?: boolean; selected?: readonly string[] }): SafeHtml {
  const id = fieldId(options.name);
  const errors = options.errors?.[options.name];
  const selected = new Set(options.selected ?? (options.value !== undefined && options.value !== null ? [String(options.value)] : []));
  return html`<div class="field${errors ? ' invalid' : ''}"><label for="${id}">${options.label}${when(options.required, () => html` <span class="req" aria-hidden="true">*</span>`)}</label>
${when(options.hint, () => html`<p class="hint" id="${id}-hint">${options.hint}</p>`)}
${when(errors, () => html`<p class="error" id="${id}-error">${(errors ?? []).join(' ')}</p>`)}
<select id="${id}" name="${options.name}"${when(options.multiple, () => html` multiple size="6"`)}${when(options.required, () => html` required`)}${errors ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>${options.choices.map(
    (choice) => html`<option value="${choice.value}"${selected.has(choice.value) ? html` selected` : ''}>${choice.label}</option>`,
  )}</select></div>`;
}

/** A group of checkboxes (fieldset + legend), for multi-valued controlled vocabularies. */
export function checkboxes(options: { legend: string; name: string; choices: Array<{ value: string; label: string }>; selected: readonly string[]; errors?: FieldErrors | null }): SafeHtml {
  const errors = options.errors?.[options.name];
  return html`<fieldset class="checks${errors ? ' invalid' : ''}"><legend>${options.legend}</legend>
${when(errors, () => html`<p class="error">${(errors ?? []).join(' ')}</p>`)}
${options.choices.map(
    (choice) =>
      html`<label><input type="checkbox" name="${options.name}" value="${choice.value}"${options.selected.includes(choice.value) ? html` checked` : ''}> ${choice.label}</label>`,
  )}</fieldset>`;
}

/** A POST button (its own small form), e.g. an action on a project. */
export function actionButton(context: WebContext, action: string, label: string, fields: Record<string, string | number> = {}, style = 'button'): SafeHtml {
  return html`<form method="post" action="${action}" class="inline">${csrfField(context)}${Object.entries(fields).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  )}<button type="submit" class="${style}">${label}</button></form>`;
}

/** Form bodies give one string or a list for repeated names; this always gives a list. */
export function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A form's values checked with the API's own DTO class and rules: the DTO instance, or the API's
 * VALIDATION_FAILED refusal (which `fieldErrorsOf` turns into inline errors). Pass only the
 * fields the DTO declares (not `_csrf`).
 */
export async function validateForm<T extends object>(type: new () => T, values: Record<string, unknown>): Promise<T> {
  const instance = plainToInstance(type, values);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (errors.length > 0) {
    const fields = flattenValidationErrors(errors);
    throw new DomainException('VALIDATION_FAILED', `Invalid input: ${fields.map((item) => item.field).join(', ')}`, { fields });
  }
  return instance;
}
