import { BenchResult, Figure, PeakRss, ratioOf, verdictOf } from './result';
import { formatMegabytes, formatNumber } from './stats';

/**
 * A bench that produced no result line: it failed, timed out or printed none, or it was skipped
 * on purpose (`skipped`, e.g. its data set is not there; `reason` then says how to get it).
 */
export interface MissingBench {
  bench: string;
  reason: string;
  skipped?: boolean;
}

export const TABLE_HEADER = ['bench', 'figure', 'value', 'baseline', 'ratio', 'target', 'result', 'peak RSS api / worker'] as const;

function valueCell(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return 'n/a';
  return unit === '' ? formatNumber(value) : `${formatNumber(value)} ${unit}`;
}

function targetCell(figure: Figure): string {
  const target = figure.target;
  if (!target) return '';
  const parts: string[] = [];
  if (target.minRatio !== undefined) parts.push(`ratio ≥ ${target.minRatio}`);
  if (target.maxValue !== undefined) parts.push(`≤ ${valueCell(target.maxValue, figure.unit)}`);
  if (target.minValue !== undefined) parts.push(`≥ ${valueCell(target.minValue, figure.unit)}`);
  return parts.join(', ');
}

/** "182 / 151 MB" for the engine's two processes; "412 MB (one process)" when the bench ran the work in its own process. */
export function rssCell(rss: PeakRss | undefined): string {
  if (!rss) return 'n/a';
  const mb = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? 'n/a' : formatMegabytes(bytes).replace(' MB', ''));
  if (rss.api !== undefined || rss.worker !== undefined) return `${mb(rss.api)} / ${mb(rss.worker)} MB`;
  if (rss.process !== undefined && rss.process !== null) return `${formatMegabytes(rss.process)} (one process)`;
  return 'n/a';
}

/** The table's rows, as cells: one per figure, and one "n/a" row per missing bench. */
export function tableRows(results: readonly BenchResult[], missing: readonly MissingBench[] = []): string[][] {
  const rows: string[][] = [];
  for (const result of results) {
    for (const figure of result.figures) {
      const ratio = ratioOf(figure);
      rows.push([
        result.bench,
        figure.name,
        valueCell(figure.value, figure.unit),
        figure.baseline ? `${valueCell(figure.baseline.value, figure.unit)} (${figure.baseline.name})` : '',
        ratio === null ? (figure.baseline ? 'n/a' : '') : ratio.toFixed(2),
        targetCell(figure),
        verdictOf(figure),
        rssCell(result.peakRss),
      ]);
    }
  }
  for (const bench of missing) {
    rows.push(bench.skipped ? [bench.bench, `skipped: ${bench.reason}`, '', '', '', '', 'skipped', ''] : [bench.bench, `n/a: ${bench.reason}`, 'n/a', '', '', '', 'n/a', 'n/a']);
  }
  return rows;
}

/** A plain-text table with aligned columns (numbers right-aligned), as printed by `npm run bench`. */
export function formatTable(results: readonly BenchResult[], missing: readonly MissingBench[] = []): string {
  const header = [...TABLE_HEADER];
  const rows = tableRows(results, missing);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const rightAligned = new Set([2, 4]);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** A Markdown table of the same rows (for the README's Performance section). */
export function formatMarkdownTable(results: readonly BenchResult[], missing: readonly MissingBench[] = []): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const rows = tableRows(results, missing);
  return [`| ${TABLE_HEADER.join(' | ')} |`, `|${TABLE_HEADER.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`)].join('\n');
}

/** True when no figure failed its target (figures that could not be measured, and benches that failed, do not count as passing; skipped ones do not count at all). */
export function allPassed(results: readonly BenchResult[], missing: readonly MissingBench[] = []): boolean {
  return missing.every((bench) => bench.skipped) && results.every((result) => result.figures.every((figure) => !['FAIL', 'n/a'].includes(verdictOf(figure))));
}
