import { percentile, rssGrowth, summarize } from './stats';

describe('load figures', () => {
  it('takes percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes unsorted latencies', () => {
    expect(summarize([30, 10, 20, 40])).toEqual({ count: 4, p50: 20, p95: 40, p99: 40, max: 40 });
  });

  it('measures resident-set growth between the medians of two windows', () => {
    const samples = [
      { at: 50, bytes: 100 },
      { at: 55, bytes: 130 }, // one sample after a burst does not decide
      { at: 60, bytes: 100 },
      { at: 65, bytes: 102 },
      { at: 70, bytes: 101 },
      { at: 200, bytes: 400 },
      { at: 285, bytes: 110 },
      { at: 290, bytes: 111 },
      { at: 295, bytes: 140 },
      { at: 300, bytes: 112 },
    ];
    const growth = rssGrowth(samples, 60, 300, 10);
    expect(growth).toMatchObject({ first: 101, last: 111, firstSamples: 5, lastSamples: 4 });
    expect(growth.growthPct).toBeCloseTo(9.9, 1);
  });

  it('refuses to measure growth without samples in both windows', () => {
    expect(() => rssGrowth([{ at: 5, bytes: 1 }], 60, 300, 10)).toThrow(/not enough RSS samples/);
  });
});
