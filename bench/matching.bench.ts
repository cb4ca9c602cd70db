import { assignReviewers, generateSyntheticCall, greedyAssign, type MatchingInput, type MatchingResult } from '@fasp/matching';
import { type Figure, printResult } from './result';

// Reviewer assignment benchmark: the exact solver against the greedy baseline on seeded
// synthetic calls (K = 3 with a lead, three languages en 60% / fr 25% / es 15%, ~30% STC
// members, 3-5 expertise tags per reviewer out of 40, ~5% conflicted pairs; see
// libs/matching/src/synthetic-call.ts).
//
//   npx nest build && node dist/bench/matching.bench.js                 all three sizes
//   node dist/bench/matching.bench.js 100x40 1000x300 --seed=7          some sizes, another call
//   node --expose-gc dist/bench/matching.bench.js                        steadier memory figures
//
// Targets on a 2-core machine: 1,000 x 300 under 1 s, 10,000 x 5,000 under 30 s.

const DEFAULT_SIZES: readonly [number, number][] = [
  [100, 40],
  [1_000, 300],
  [10_000, 5_000],
];

/** Time budgets of the solver, in milliseconds, by size. */
const TIME_TARGETS: Record<string, number> = { '1000x300': 1_000, '10000x5000': 30_000 };

interface Measured {
  readonly result: MatchingResult;
  readonly milliseconds: number;
  readonly rssDelta: number;
  readonly heapDelta: number;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

function measure(run: () => MatchingResult): Measured {
  collectGarbage();
  const before = process.memoryUsage();
  const start = process.hrtime.bigint();
  const result = run();
  const milliseconds = Number(process.hrtime.bigint() - start) / 1e6;
  const after = process.memoryUsage();
  return { result, milliseconds, rssDelta: after.rss - before.rss, heapDelta: after.heapUsed - before.heapUsed };
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const ms = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`);
const ratio = (a: number, b: number): string => (b === 0 ? 'n/a' : (a / b).toFixed(3));

function parseArguments(argv: readonly string[]): { sizes: [number, number][]; seed: number } {
  let seed = 1;
  const sizes: [number, number][] = [];
  for (const argument of argv) {
    const seedMatch = /^--seed=(\d+)$/.exec(argument);
    const sizeMatch = /^(\d+)x(\d+)$/.exec(argument.replace(/[,_]/g, ''));
    if (seedMatch) seed = Number(seedMatch[1]);
    else if (sizeMatch) sizes.push([Number(sizeMatch[1]), Number(sizeMatch[2])]);
    else throw new Error(`unknown argument ${argument}: expected PROJECTSxREVIEWERS (e.g. 1000x300) or --seed=N`);
  }
  return { sizes: sizes.length > 0 ? sizes : [...DEFAULT_SIZES], seed };
}

const count = (n: number): string => n.toLocaleString('en');

function describe(result: MatchingResult): string {
  const t = result.totals;
  return (
    `filled ${t.filledSlots}/${t.slots} (leads ${t.filledLeadSlots}/${t.leadSlots})  ` +
    `affinity ${t.totalAffinity}  penalty ${t.loadPenalty}  objective ${t.objective}`
  );
}

function report(projects: number, reviewers: number, input: MatchingInput, solver: Measured, greedy: Measured): void {
  const s = solver.result;
  const g = greedy.result;
  const capacity = input.reviewers.reduce((sum, reviewer) => sum + reviewer.capacity, 0);
  console.log(
    [
      `${count(projects)} projects x ${count(reviewers)} reviewers: ${count(s.totals.slots)} slots, ${count(capacity)} capacity`,
      `  solver  ${ms(solver.milliseconds).padStart(9)}  ${describe(s)}`,
      `          rounds ${s.stats.rounds}  network pairs ${s.stats.candidatePairs}  priced pairs ${s.stats.pricedPairs}` +
        `  searches ${s.stats.searches}  memory rss ${mb(solver.rssDelta)} heap ${mb(solver.heapDelta)}`,
      `  greedy  ${ms(greedy.milliseconds).padStart(9)}  ${describe(g)}`,
      `          memory rss ${mb(greedy.rssDelta)} heap ${mb(greedy.heapDelta)}`,
      `  solver/greedy  filled ${ratio(s.totals.filledSlots, g.totals.filledSlots)}` +
        `  affinity ${ratio(s.totals.totalAffinity, g.totals.totalAffinity)}` +
        `  objective ${ratio(s.totals.objective, g.totals.objective)}` +
        `  time ${ratio(solver.milliseconds, greedy.milliseconds)}  shortfalls ${s.shortfalls.length} vs ${g.shortfalls.length}`,
    ].join('\n'),
  );
  const { filledSlots: sf, objective: so } = s.totals;
  const { filledSlots: gf, objective: go } = g.totals;
  if (sf < gf || (sf === gf && so < go)) {
    console.error('  ERROR: the greedy baseline beat the solver');
    process.exitCode = 1;
  }
}

/**
 * The figures of one size for `npm run bench`: the solver's time (greedy as baseline), and its
 * result against the greedy one's, compared as the solver ranks them: filled slots first, then
 * the objective.
 */
function figuresOf(projects: number, reviewers: number, solver: Measured, greedy: Measured): Figure[] {
  const size = `${count(projects)}x${count(reviewers)}`;
  const budget = TIME_TARGETS[`${projects}x${reviewers}`];
  const s = solver.result.totals;
  const g = greedy.result.totals;
  const quality: Figure =
    s.filledSlots === g.filledSlots
      ? { name: `objective ${size}`, unit: '', value: s.objective, better: 'higher', baseline: { name: 'greedy', value: g.objective }, target: { minRatio: 1 } }
      : { name: `filled slots ${size}`, unit: '', value: s.filledSlots, better: 'higher', baseline: { name: 'greedy', value: g.filledSlots }, target: { minRatio: 1 } };
  return [
    { name: `solve ${size}`, unit: 'ms', value: solver.milliseconds, better: 'lower', baseline: { name: 'greedy', value: greedy.milliseconds }, ...(budget && { target: { maxValue: budget } }) },
    quality,
  ];
}

function main(): void {
  const { sizes, seed } = parseArguments(process.argv.slice(2));
  const gc = (globalThis as { gc?: unknown }).gc ? ', gc exposed' : '';
  console.log(`reviewer assignment benchmark, seed ${seed}, node ${process.version}${gc}`);
  const figures: Figure[] = [];
  for (const [projects, reviewers] of sizes) {
    const input = generateSyntheticCall({ projects, reviewers, seed });
    const solver = measure(() => assignReviewers(input));
    const greedy = measure(() => greedyAssign(input));
    report(projects, reviewers, input, solver, greedy);
    figures.push(...figuresOf(projects, reviewers, solver, greedy));
  }
  console.log(`peak rss ${mb(process.resourceUsage().maxRSS * 1024)}`);
  printResult({ bench: 'matching', figures, peakRss: { process: process.resourceUsage().maxRSS * 1024 } });
}

main();
