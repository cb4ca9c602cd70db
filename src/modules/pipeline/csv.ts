/**
 * CSV cells as spreadsheets read them safely: RFC 4180 quoting (a cell with a comma, a quote, or
 * a line break is quoted, quotes doubled), and formula injection neutralised (a cell starting
 * with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so it is shown as text,
 * never evaluated).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Byte order mark: spreadsheet programs then read the file as UTF-8. */
export const UTF8_BOM = '\uFEFF';
