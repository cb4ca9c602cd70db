import { BenchResult } from './result';
import { allPassed, formatMarkdownTable, formatTable, rssCell, tableRows, TABLE_HEADER } from './table';

const MB = 2 ** 20;

const write: BenchResult = {
  bench: 'write',
  figures: [{ name: 'transitions/s, 32 clients', unit: '/s', value: 412.4, better: 'higher', baseline: { name: 'raw pg, same SQL', value: 650 }, target: { minRatio: 0.5 } }],
  peakRss: { api: 182 * MB, worker: 151 * MB },
};
const matching: BenchResult = {
  bench: 'matching',
  figures: [
    { name: 'solve 1,000x300', unit: 'ms', value: 1234.5, better: 'lower', baseline: { name: 'greedy', value: 35 }, target: { maxValue: 1000 } },
    { name: 'objective 1,000x300', unit: '', value: 5120, better: 'higher', baseline: { name: 'greedy', value: 4800 }, target: { minRatio: 1 } },
  ],
  peakRss: { process: 412 * MB },
};

describe('the benchmark table', () => {
  it('has one row per figure with value, baseline, ratio, target, verdict and peak RSS', () => {
    expect(tableRows([write, matching])).toEqual([
      ['write', 'transitions/s, 32 clients', '412 /s', '650 /s (raw pg, same SQL)', '0.63', 'ratio ≥ 0.5', 'pass', '182 / 151 MB'],
      ['matching', 'solve 1,000x300', '1,235 ms', '35.0 ms (greedy)', '0.03', '≤ 1,000 ms', 'FAIL', '412 MB (one process)'],
      ['matching', 'objective 1,000x300', '5,120', '4,800 (greedy)', '1.07', 'ratio ≥ 1', 'pass', '412 MB (one process)'],
    ]);
  });

  it('shows a bench without a result as n/a, with the reason', () => {
    expect(tableRows([], [{ bench: 'pipeline', reason: 'printed no BENCH_RESULT line' }])).toEqual([
      ['pipeline', 'n/a: printed no BENCH_RESULT line', 'n/a', '', '', '', 'n/a', 'n/a'],
    ]);
  });

  it('shows a bench skipped on purpose with what to do to run it', () => {
    const skipped = { bench: 'pipeline', reason: 'run `npm run seed:volume` first', skipped: true };
    expect(tableRows([], [skipped])).toEqual([['pipeline', 'skipped: run `npm run seed:volume` first', '', '', '', '', 'skipped', '']]);
    expect(allPassed([write], [skipped])).toBe(true);
    expect(allPassed([write, matching], [skipped])).toBe(false);
  });

  it('shows figures that could not be measured as n/a', () => {
    const read: BenchResult = { bench: 'read', figures: [{ name: 'req/s', unit: '/s', value: null, better: 'higher', baseline: { name: '/api/me', value: null }, target: { minRatio: 0.5 } }] };
    expect(tableRows([read])[0]).toEqual(['read', 'req/s', 'n/a', 'n/a (/api/me)', 'n/a', 'ratio ≥ 0.5', 'n/a', 'n/a']);
  });

  it('aligns the columns: header, rule, then rows of the same width', () => {
    const lines = formatTable([write, matching], [{ bench: 'pipeline', reason: 'timed out after 600 s' }]).split('\n');
    expect(lines).toHaveLength(2 + 4);
    expect(lines[0].startsWith('bench')).toBe(true);
    expect(lines[1]).toMatch(/^-+( +-+)+$/);
    const valueEnd = lines[0].indexOf('value') + 'value'.length;
    const valueColumnEnd = lines[1].split('  ').slice(0, 3).join('  ').length;
    // numbers are right-aligned on the end of their column
    expect(lines[2].slice(0, valueColumnEnd).endsWith('412 /s')).toBe(true);
    expect(lines[3].slice(0, valueColumnEnd).endsWith('1,235 ms')).toBe(true);
    expect(valueColumnEnd).toBeGreaterThanOrEqual(valueEnd);
    for (const line of lines.slice(2)) expect(line).not.toMatch(/\s$/);
  });

  it('writes the same rows as a Markdown table, pipes escaped', () => {
    const odd: BenchResult = { bench: 'x', figures: [{ name: 'a | b', unit: 'ms', value: 1, better: 'lower' }] };
    const markdown = formatMarkdownTable([write, odd]).split('\n');
    expect(markdown[0]).toBe(`| ${TABLE_HEADER.join(' | ')} |`);
    expect(markdown[1]).toBe('|---|---|---|---|---|---|---|---|');
    expect(markdown[2]).toBe('| write | transitions/s, 32 clients | 412 /s | 650 /s (raw pg, same SQL) | 0.63 | ratio ≥ 0.5 | pass | 182 / 151 MB |');
    expect(markdown[3]).toContain('| a \\| b |');
  });

  it('passes only when no figure fails or cannot be judged and no bench is missing', () => {
    expect(allPassed([write])).toBe(true);
    expect(allPassed([write, matching])).toBe(false);
    expect(allPassed([write], [{ bench: 'pipeline', reason: 'exited with code 1' }])).toBe(false);
  });

  it('shows peak RSS of the two processes, or of the one process that did the work', () => {
    expect(rssCell({ api: 100 * MB, worker: null })).toBe('100 / n/a MB');
    expect(rssCell({ process: 64 * MB })).toBe('64 MB (one process)');
    expect(rssCell(undefined)).toBe('n/a');
    expect(rssCell({})).toBe('n/a');
  });
});
