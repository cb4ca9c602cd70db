/**
 * HTML built with tagged templates: every interpolated value is escaped unless it is already
 * SafeHtml (the output of `html` itself, or `raw` for markup the engine produced, such as an
 * SVG chart). Views are plain typed functions: no template engine, no runtime compilation.
 */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((item: Interpolation) => render(item)).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0];
  for (let index = 0; index < values.length; index++) out += render(values[index]) + strings[index + 1];
  return new SafeHtml(out);
}

/** Trusted markup (never user input). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** `when(condition, () => html...)`: nothing when false. */
export function when(condition: unknown, render: () => SafeHtml): SafeHtml | '' {
  return condition ? render() : '';
}
