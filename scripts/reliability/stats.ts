/** Figures of a load run: latency percentiles and the growth of a resident set. */

/** The p-th percentile (0-100) by the nearest-rank method, of values sorted ascending; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0];
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1] : Number.NaN };
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export interface RssSample {
  /** seconds since the load started */
  at: number;
  bytes: number;
}

export interface RssGrowth {
  /** median of the samples around the first checkpoint */
  first: number;
  /** median of the samples of the final window */
  last: number;
  /** (last - first) / first, in percent */
  growthPct: number;
  firstSamples: number;
  lastSamples: number;
}

/**
 * The growth of a process's resident set between a checkpoint (`firstAt` s, the median of the
 * samples within `halfWindow` s of it, so that one garbage collection does not decide) and the
 * end of the run (the median of the samples of its last `2 x halfWindow` s).
 */
export function rssGrowth(samples: readonly RssSample[], firstAt: number, end: number, halfWindow: number): RssGrowth {
  const around = samples.filter((sample) => Math.abs(sample.at - firstAt) <= halfWindow).map((sample) => sample.bytes);
  const final = samples.filter((sample) => sample.at >= end - 2 * halfWindow).map((sample) => sample.bytes);
  if (around.length === 0 || final.length === 0) throw new Error(`not enough RSS samples (${around.length} around ${firstAt} s, ${final.length} at the end)`);
  const first = median(around);
  const last = median(final);
  return { first, last, growthPct: ((last - first) / first) * 100, firstSamples: around.length, lastSamples: final.length };
}
