import { BenchResult, Figure, parseResults, ratioOf, resultLine, verdictOf } from './result';

const throughput = (value: number | null, baseline: number | null, minRatio?: number): Figure => ({
  name: 'transitions/s',
  unit: '/s',
  value,
  better: 'higher',
  baseline: { name: 'raw pg', value: baseline },
  ...(minRatio !== undefined && { target: { minRatio } }),
});

describe('bench result lines', () => {
  const result: BenchResult = { bench: 'write', figures: [throughput(120, 200, 0.5)], peakRss: { api: 200 * 2 ** 20, worker: 150 * 2 ** 20 } };

  it('reads back what a bench printed, among its other output', () => {
    const output = ['write path: 32 clients', 'engine 120/s', resultLine(result), 'trailing words'].join('\n');
    expect(parseResults(output)).toEqual({ results: [result], invalid: [] });
  });

  it('reads several result lines, CRLF line ends and surrounding spaces', () => {
    const second: BenchResult = { bench: 'read', figures: [] };
    const output = `  ${resultLine(result)}  \r\nnoise\r\n${resultLine(second)}\r\n`;
    expect(parseResults(output).results).toEqual([result, second]);
  });

  it('sets aside lines that start like a result but hold none', () => {
    const broken = 'BENCH_RESULT {"bench": "write", "figures": [';
    const wrongShape = 'BENCH_RESULT {"bench": 3, "figures": []}';
    const badFigure = 'BENCH_RESULT {"bench": "x", "figures": [{"name": "a", "unit": "ms", "value": "fast", "better": "lower"}]}';
    expect(parseResults([broken, wrongShape, badFigure].join('\n'))).toEqual({ results: [], invalid: [broken, wrongShape, badFigure] });
  });

  it('finds nothing in output without a result line', () => {
    expect(parseResults('pipeline benchmark\nsummary 12 ms\n')).toEqual({ results: [], invalid: [] });
  });
});

describe('ratio to the baseline', () => {
  it('is value / baseline for a rate and baseline / value for a time, so 1 means as good as the baseline', () => {
    expect(ratioOf(throughput(120, 200))).toBeCloseTo(0.6);
    expect(ratioOf({ name: 'p99', unit: 'ms', value: 40, better: 'lower', baseline: { name: '/api/me', value: 10 } })).toBeCloseTo(0.25);
  });

  it('is null without a baseline, with a missing value, or with a zero divisor', () => {
    expect(ratioOf({ name: 'solve', unit: 'ms', value: 10, better: 'lower' })).toBeNull();
    expect(ratioOf(throughput(null, 200))).toBeNull();
    expect(ratioOf(throughput(120, null))).toBeNull();
    expect(ratioOf(throughput(120, 0))).toBeNull();
    expect(ratioOf({ name: 'p99', unit: 'ms', value: 0, better: 'lower', baseline: { name: 'b', value: 5 } })).toBeNull();
  });
});

describe('verdict against the target', () => {
  it('passes at and above the least ratio, fails below it', () => {
    expect(verdictOf(throughput(100, 200, 0.5))).toBe('pass');
    expect(verdictOf(throughput(99, 200, 0.5))).toBe('FAIL');
  });

  it('checks bounds on the value itself', () => {
    const solve = (value: number): Figure => ({ name: 'solve 1,000x300', unit: 'ms', value, better: 'lower', baseline: { name: 'greedy', value: 5 }, target: { maxValue: 1000 } });
    expect(verdictOf(solve(999))).toBe('pass');
    expect(verdictOf(solve(1001))).toBe('FAIL');
    expect(verdictOf({ name: 'n', unit: '', value: 3, better: 'higher', target: { minValue: 4 } })).toBe('FAIL');
  });

  it('needs every part of the target', () => {
    const figure: Figure = { name: 'p95', unit: 'ms', value: 50, better: 'lower', baseline: { name: 'b', value: 10 }, target: { minRatio: 0.1, maxValue: 40 } };
    expect(verdictOf(figure)).toBe('FAIL');
  });

  it('is n/a when a target cannot be judged, and empty without a target', () => {
    expect(verdictOf(throughput(null, 200, 0.5))).toBe('n/a');
    expect(verdictOf(throughput(120, null, 0.5))).toBe('n/a');
    expect(verdictOf(throughput(120, 200))).toBe('');
  });
});
