/**
 * The one result format of the benchmarks. Each bench ends by printing one line
 *
 *   BENCH_RESULT {"bench":"write","figures":[...],"peakRss":{...}}
 *
 * on its standard output; `npm run bench` (bench/all.bench.ts) runs every bench as a child
 * process, reads these lines and prints one table. A figure is a measured value, optionally
 * with the baseline it is compared with (measured in the same run on the same services) and a
 * target: a least ratio to the baseline, or a bound on the value itself.
 */

export const RESULT_PREFIX = 'BENCH_RESULT ';

/** Whether a larger value is better (a throughput) or a smaller one (a latency, a duration). */
export type Better = 'higher' | 'lower';

export interface Target {
  /** the ratio to the baseline (1 = as good as the baseline, see `ratioOf`) must be at least this */
  minRatio?: number;
  /** the value itself must be at most this (a latency or duration budget, in the figure's unit) */
  maxValue?: number;
  /** the value itself must be at least this */
  minValue?: number;
}

export interface Figure {
  /** what is measured, e.g. "transitions/s, 32 clients" */
  name: string;
  /** unit of value and baseline: "/s", "ms", "s" ... */
  unit: string;
  /** null when it could not be measured */
  value: number | null;
  better: Better;
  baseline?: { name: string; value: number | null };
  target?: Target;
}

/** Peak resident set sizes in bytes: of the engine's API and worker processes, or of the bench's own process when the work ran in it. */
export interface PeakRss {
  api?: number | null;
  worker?: number | null;
  process?: number | null;
}

export interface BenchResult {
  /** short name of the bench: write, read, notifications, matching, pipeline */
  bench: string;
  figures: Figure[];
  peakRss?: PeakRss;
  notes?: string[];
}

export function resultLine(result: BenchResult): string {
  return `${RESULT_PREFIX}${JSON.stringify(result)}`;
}

/** Prints the result line (last thing a bench does). */
export function printResult(result: BenchResult): void {
  process.stdout.write(`${resultLine(result)}\n`);
}

const isNumberOrNull = (value: unknown): value is number | null => value === null || (typeof value === 'number' && Number.isFinite(value));

function isFigure(value: unknown): value is Figure {
  if (typeof value !== 'object' || value === null) return false;
  const figure = value as Record<string, unknown>;
  if (typeof figure.name !== 'string' || typeof figure.unit !== 'string' || !isNumberOrNull(figure.value)) return false;
  if (figure.better !== 'higher' && figure.better !== 'lower') return false;
  if (figure.baseline !== undefined) {
    const baseline = figure.baseline as Record<string, unknown> | null;
    if (typeof baseline !== 'object' || baseline === null || typeof baseline.name !== 'string' || !isNumberOrNull(baseline.value)) return false;
  }
  if (figure.target !== undefined) {
    const target = figure.target as Record<string, unknown> | null;
    if (typeof target !== 'object' || target === null) return false;
    for (const key of ['minRatio', 'maxValue', 'minValue']) if (target[key] !== undefined && typeof target[key] !== 'number') return false;
  }
  return true;
}

function isResult(value: unknown): value is BenchResult {
  if (typeof value !== 'object' || value === null) return false;
  const result = value as Record<string, unknown>;
  return typeof result.bench === 'string' && Array.isArray(result.figures) && result.figures.every(isFigure);
}

export interface ParsedOutput {
  results: BenchResult[];
  /** lines that start like a result but do not hold one */
  invalid: string[];
}

/** Every result line of a bench's output (a bench may print several; usually one). */
export function parseResults(output: string): ParsedOutput {
  const results: BenchResult[] = [];
  const invalid: string[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith(RESULT_PREFIX.trim())) continue;
    try {
      const parsed: unknown = JSON.parse(line.slice(RESULT_PREFIX.trim().length));
      if (isResult(parsed)) results.push(parsed);
      else invalid.push(line);
    } catch {
      invalid.push(line);
    }
  }
  return { results, invalid };
}

/**
 * How the value compares with its baseline, as a number where 1 means "as good as the baseline"
 * and 0.5 "half as good": value / baseline for a throughput, baseline / value for a latency.
 * Null without a baseline or with a missing or zero value.
 */
export function ratioOf(figure: Figure): number | null {
  const value = figure.value;
  const baseline = figure.baseline?.value;
  if (value === null || baseline === null || baseline === undefined) return null;
  if (figure.better === 'higher') return baseline === 0 ? null : value / baseline;
  return value === 0 ? null : baseline / value;
}

export type Verdict = 'pass' | 'FAIL' | 'n/a' | '';

/** pass or FAIL against the target; n/a when a target exists but the figure could not be measured; empty without a target. */
export function verdictOf(figure: Figure): Verdict {
  const target = figure.target;
  if (!target || (target.minRatio === undefined && target.maxValue === undefined && target.minValue === undefined)) return '';
  if (figure.value === null) return 'n/a';
  if (target.minRatio !== undefined) {
    const ratio = ratioOf(figure);
    if (ratio === null) return 'n/a';
    if (ratio < target.minRatio) return 'FAIL';
  }
  if (target.maxValue !== undefined && figure.value > target.maxValue) return 'FAIL';
  if (target.minValue !== undefined && figure.value < target.minValue) return 'FAIL';
  return 'pass';
}
