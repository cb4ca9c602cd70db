import { formatMegabytes, formatNumber, parseVmRss, percentile, summarise } from './stats';

describe('nearest-rank percentiles', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the value at rank ⌈p·n⌉ of the sorted samples', () => {
    expect(percentile(hundred, 0.5)).toBe(50);
    expect(percentile(hundred, 0.95)).toBe(95);
    expect(percentile(hundred, 0.99)).toBe(99);
    expect(percentile(hundred, 1)).toBe(100);
    expect(percentile([10, 20, 30], 0.5)).toBe(20);
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(20);
    expect(percentile([10, 20, 30, 40], 0.51)).toBe(30);
  });

  it('gives the smallest value for p = 0 or a single sample, NaN for none', () => {
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('summarises unsorted samples without reordering them', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarise(samples)).toEqual({ count: 5, mean: 3, p50: 3, p95: 5, p99: 5, max: 5 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
    expect(summarise([]).count).toBe(0);
    expect(summarise([]).max).toBeNaN();
  });
});

describe('peak RSS from /proc/<pid>/status', () => {
  it('reads VmRSS in bytes', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1234567 kB\nVmRSS:\t  187340 kB\nRssAnon:\t  150000 kB\n';
    expect(parseVmRss(status)).toBe(187340 * 1024);
  });

  it('is null for a process that is gone (empty file) or a kernel thread (no VmRSS)', () => {
    expect(parseVmRss('')).toBeNull();
    expect(parseVmRss('Name:\tkthreadd\nState:\tS (sleeping)\n')).toBeNull();
  });
});

describe('numbers in the table', () => {
  it('separates thousands above 100, keeps three significant figures below', () => {
    expect(formatNumber(12345.6)).toBe('12,346');
    expect(formatNumber(412.4)).toBe('412');
    expect(formatNumber(42.56)).toBe('42.6');
    expect(formatNumber(3.14159)).toBe('3.14');
    expect(formatNumber(0.0123)).toBe('0.012');
    expect(formatNumber(-250.4)).toBe('-250');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });

  it('shows bytes as whole megabytes', () => {
    expect(formatMegabytes(187340 * 1024)).toBe('183 MB');
  });
});
