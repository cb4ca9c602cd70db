import { MatchingInputError } from './affinity';
import { buildResult } from './build-result';
import { AssignmentNetwork, type CandidateArcs } from './min-cost-flow';
import { markIneligible, prepare, type PreparedProblem } from './prepare';
import type { MatchingInput, MatchingResult } from './types';

// Exact assignment over a whole call. Every eligible (reviewer, project) pair is an arc of the
// model (min-cost-flow.ts), but a large call has tens of millions of them (10,000 projects x
// 5,000 reviewers: about 27 million pairs share a language), far more than the searches can
// afford to look at. The solver therefore runs column generation:
//
// 1. Build the network with a candidate subset of the pairs and solve it exactly. A call with
//    at most `fullGraphLimit` eligible pairs (400,000: a real FASP call, even 1,000 x 300) takes
//    them all and is done in one round. A larger one starts from short lists (initialCandidates).
// 2. Price every eligible pair left out against the optimality certificate of that network
//    (potentials pi with every residual reduced cost >= 0): the pair can only improve the
//    solution if its reduced cost -(bonus + affinity) + pi(r) - pi(p) is negative.
// 3. No negative pair: the potentials are feasible for the complete network, so the flow is
//    optimal for it (complementary slackness), and that is the answer. Otherwise the most
//    negative pairs of each project join the network, which re-optimises from where it was
//    (AssignmentNetwork.reoptimise: only the projects that gained pairs are emptied and
//    refilled), and pricing starts again. Each round adds at least one pair and pairs are never
//    removed, so this terminates; the first candidate set decides the running time, never the
//    answer.
//
// Cost on the benchmark's 10,000 x 5,000 call: the affinities of all pairs are computed once
// (and kept, one byte each), the first network has ~300,000 pairs, three or four rounds add a
// few hundred, and later pricing rounds only rescan pairs whose reduced cost can have fallen.
// Why not route the zero-affinity pairs through a shared hub per language: hub arcs are a
// relaxation. A flow through a hub can pair a reviewer with a project it is conflicted with,
// excluded from or already sits on, and turning hub flow back into pairs is a matching problem
// of its own that can fail. Column generation keeps every pair an ordinary arc, so exactness
// rests on LP duality alone; the price is one pass over the affinities of all pairs (well under
// a second at 10,000 x 5,000).

export interface SolverOptions {
  /**
   * Candidate reviewers per project in the first round of a large call (the best by affinity
   * net of current load). A tuning knob only: exactness does not depend on it.
   */
  readonly candidatesPerProject?: number;
  /** Calls with at most this many eligible pairs are solved with all of them at once. */
  readonly fullGraphLimit?: number;
  /**
   * Most new pairs a project node takes from the first pricing round; doubled for the next
   * round whenever some node had more negative pairs than it took.
   */
  readonly pairsAddedPerRound?: number;
}

const DEFAULTS = { candidatesPerProject: 24, fullGraphLimit: 400_000, pairsAddedPerRound: 8 };

/** Exact-integer arithmetic bound: keep every cost and potential below 2^52. */
const SAFE = 2 ** 52;

/** Most pairs whose affinities are kept between the first two steps (one or two bytes each). */
const CACHE_LIMIT = 64_000_000;

/** A deterministic 20-bit mix of two indices, to break ties between equal candidates evenly. */
function mix(a: number, b: number): number {
  let h = Math.imul(a + 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x27d4eb2d);
  h ^= h >>> 15;
  return h & 0xfffff;
}

/** Growable arrays of candidate pairs. */
class PairList implements CandidateArcs {
  reviewer = new Int32Array(1024);
  project = new Int32Array(1024);
  affinity = new Int32Array(1024);
  length = 0;

  add(r: number, p: number, a: number): void {
    if (this.length === this.reviewer.length) {
      const grow = (old: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const next = new Int32Array(old.length * 2);
        next.set(old);
        return next;
      };
      this.reviewer = grow(this.reviewer);
      this.project = grow(this.project);
      this.affinity = grow(this.affinity);
    }
    this.reviewer[this.length] = r;
    this.project[this.length] = p;
    this.affinity[this.length] = a;
    this.length++;
  }
}

/** Keeps the `limit` largest keys seen (with their reviewer), smallest first. */
class TopList {
  readonly keys: Float64Array;
  readonly items: Int32Array;
  size = 0;

  constructor(readonly limit: number) {
    this.keys = new Float64Array(limit);
    this.items = new Int32Array(limit);
  }

  offer(key: number, item: number): void {
    if (this.limit === 0) return;
    if (this.size === this.limit) {
      if (key <= this.keys[0]) return;
      let i = 0;
      while (i + 1 < this.size && this.keys[i + 1] < key) {
        this.keys[i] = this.keys[i + 1];
        this.items[i] = this.items[i + 1];
        i++;
      }
      this.keys[i] = key;
      this.items[i] = item;
      return;
    }
    let i = this.size++;
    while (i > 0 && this.keys[i - 1] > key) {
      this.keys[i] = this.keys[i - 1];
      this.items[i] = this.items[i - 1];
      i--;
    }
    this.keys[i] = key;
    this.items[i] = item;
  }
}

/** The bonus per filled slot of a call (see min-cost-flow.ts), checked against exact arithmetic. */
export function bonusFor(problem: PreparedProblem): number {
  const R = problem.reviewers.length;
  const P = problem.projects.length;
  let maxMarginal = 0;
  for (let r = 0; r < R; r++) {
    maxMarginal = Math.max(maxMarginal, problem.loadStep * (problem.baseLoad[r] + problem.capacity[r]));
  }
  const bonus = problem.maxAffinity * (2 * Math.min(R, 2 * P) + 2) + maxMarginal + 1;
  const nodes = 1 + R + 2 * P;
  if ((bonus + problem.maxAffinity + maxMarginal) * nodes * 4 >= SAFE) {
    throw new MatchingInputError('TOO_LARGE', 'call too large for exact integer costs; lower the weights or split the call');
  }
  return bonus;
}

/**
 * Affinities of every pair with a common language, kept between the first candidate lists and
 * the first pricing, which both need nearly all of them (a byte or two per pair: 28 MB for
 * 10,000 x 5,000). Above CACHE_LIMIT pairs, or for weights beyond 16 bits, nothing is kept and
 * each affinity is computed again.
 */
class AffinityCache {
  private readonly offset: Int32Array;
  private readonly position: Int32Array[];
  private readonly values: Uint8Array | Uint16Array | null;

  constructor(private readonly problem: PreparedProblem) {
    const P = problem.projects.length;
    this.offset = new Int32Array(P + 1);
    for (let p = 0; p < P; p++) this.offset[p + 1] = this.offset[p] + problem.readers[problem.projectLanguage[p]].length;
    const size = this.offset[P];
    this.values =
      size > CACHE_LIMIT || problem.maxAffinity > 0xffff ? null : problem.maxAffinity > 0xff ? new Uint16Array(size) : new Uint8Array(size);
    this.position = problem.readers.map((readers) => {
      const position = new Int32Array(this.values ? problem.reviewers.length : 0);
      readers.forEach((r, i) => (position[r] = i));
      return position;
    });
  }

  /** Computes and keeps the affinity of (r, p). */
  compute(r: number, p: number): number {
    const affinity = this.problem.affinity(r, p);
    if (this.values) this.values[this.offset[p] + this.position[this.problem.projectLanguage[p]][r]] = affinity;
    return affinity;
  }

  /** The affinity of (r, p), which `compute` must have seen if the cache is on. */
  get(r: number, p: number): number {
    if (!this.values) return this.problem.affinity(r, p);
    return this.values[this.offset[p] + this.position[this.problem.projectLanguage[p]][r]];
  }
}

/**
 * The first candidate pairs: all eligible pairs of a small call. Otherwise the union of two
 * short lists, so that every project and every reviewer with capacity starts with a choice:
 * each project's best reviewers (by affinity net of the reviewer's current marginal load cost;
 * with a lead to fill, also its best STC members), and each reviewer's best projects (about
 * twice its capacity). Ties are spread by a hash of the pair, so that equally good reviewers
 * share the lists instead of the lowest ids taking them all. Without the reviewers' own lists, a
 * reviewer who is nobody's first choice (say, one already holding dossiers in a call where
 * affinities tie) would be left out of the first network, and with it its capacity.
 */
function initialCandidates(problem: PreparedProblem, options: Required<SolverOptions>, cache: AffinityCache): PairList {
  const P = problem.projects.length;
  const R = problem.reviewers.length;
  const { capacity, stc, baseLoad, loadStep } = problem;
  let eligiblePairs = 0;
  for (let p = 0; p < P; p++) eligiblePairs += problem.readers[problem.projectLanguage[p]].length;
  const full = eligiblePairs <= options.fullGraphLimit;
  const pairs = new PairList();
  const marks = new Int32Array(R).fill(-1);
  const perProject = options.candidatesPerProject;
  const best = new TopList(perProject);
  const bestLead = new TopList(Math.min(perProject, 12));
  const perReviewer = Array.from({ length: R }, (_, r) => new TopList(full ? 0 : Math.min(64, 2 * capacity[r] + 2)));
  for (let p = 0; p < P; p++) {
    if (problem.slots[p] === 0) continue;
    markIneligible(problem, p, marks, p);
    const readers = problem.readers[problem.projectLanguage[p]];
    if (full) {
      for (const r of readers) if (marks[r] !== p && capacity[r] > 0) pairs.add(r, p, cache.compute(r, p));
      continue;
    }
    best.size = 0;
    bestLead.size = 0;
    for (const r of readers) {
      if (marks[r] === p || capacity[r] === 0) continue;
      const affinity = cache.compute(r, p);
      const tie = mix(r, p);
      const key = (affinity - loadStep * baseLoad[r]) * 2 ** 20 + tie;
      best.offer(key, r);
      if (stc[r] && problem.needsLead[p]) bestLead.offer(key, r);
      perReviewer[r].offer(affinity * 2 ** 20 + tie, p);
    }
    for (const list of [best, bestLead]) for (let i = 0; i < list.size; i++) pairs.add(list.items[i], p, 0);
  }
  perReviewer.forEach((list, r) => {
    for (let i = 0; i < list.size; i++) pairs.add(r, list.items[i], 0);
  });
  if (full) return pairs;
  const unique = sortPairs(pairs);
  for (let i = 0; i < unique.length; i++) unique.affinity[i] = cache.get(unique.reviewer[i], unique.project[i]);
  return unique;
}

/**
 * Prices the eligible pairs left out of the network. The first call looks at every pair; later
 * calls use what the previous one proved. A pair (r, p) found non-negative then can turn negative
 * only if pi(r) fell by more than pi(p's node) did (its reduced cost moves by the change of
 * pi(r) minus the change of pi(node)), so each project node scans only the reviewers whose
 * potential dropped by more than its own, taken in that order, unless it had more negative pairs
 * than were added, in which case it is scanned in full again.
 */
class Pricer {
  private previous: Float64Array | null = null;
  private readonly truncated: Uint8Array;
  /** Pairs whose affinity was computed, over all calls; for the benchmark. */
  scanned = 0;

  constructor(
    private readonly problem: PreparedProblem,
    private readonly cache: AffinityCache,
    private limit: number,
    private readonly bonus: number,
  ) {
    this.truncated = new Uint8Array(2 * problem.projects.length);
  }

  /**
   * Eligible pairs outside `pairs` whose reduced cost under the network's certificate is
   * negative, the most negative first, at most `limit` per project node; empty when the
   * network's optimum is optimal for the whole call. Also returns the certificate.
   */
  price(network: AssignmentNetwork, pairs: PairList): { added: PairList; potentials: Float64Array } {
    const { problem, cache, limit, bonus, previous } = this;
    const P = problem.projects.length;
    const R = problem.reviewers.length;
    const pi = network.certificate();
    const reviewerPi = new Float64Array(R);
    for (let r = 0; r < R; r++) reviewerPi[r] = pi[network.reviewerNode(r)];
    // Sort key: the potential itself on the first call, its drop since the last call afterwards.
    const key = new Float64Array(R);
    for (let r = 0; r < R; r++) key[r] = previous ? reviewerPi[r] - previous[network.reviewerNode(r)] : reviewerPi[r];
    // Readers of each language with capacity, split by STC membership, by increasing key.
    const pools = problem.readers.map((readers) => {
      const usable = [...readers].filter((r) => problem.capacity[r] > 0);
      usable.sort((a, b) => key[a] - key[b] || a - b);
      return {
        stc: Int32Array.from(usable.filter((r) => problem.stc[r] === 1)),
        other: Int32Array.from(usable.filter((r) => problem.stc[r] === 0)),
      };
    });
    const byProject = new Int32Array(P + 1);
    for (let i = 0; i < pairs.length; i++) byProject[pairs.project[i] + 1]++;
    for (let p = 0; p < P; p++) byProject[p + 1] += byProject[p];
    const order = new Int32Array(pairs.length);
    const fill = byProject.slice(0, P);
    for (let i = 0; i < pairs.length; i++) order[fill[pairs.project[i]]++] = i;

    const added = new PairList();
    const marks = new Int32Array(R).fill(-1);
    const worst = new TopList(limit + 1);
    for (let p = 0; p < P; p++) {
      if (problem.slots[p] === 0) continue;
      markIneligible(problem, p, marks, p);
      for (let i = byProject[p]; i < byProject[p + 1]; i++) marks[pairs.reviewer[order[i]]] = p;
      const pool = pools[problem.projectLanguage[p]];
      const bound = problem.maxProjectAffinity[p];
      for (const [list, node, slot] of [
        [pool.stc, network.mainNode(p), 2 * p],
        [pool.other, network.nonNode(p), 2 * p + 1],
      ] as const) {
        // Reduced cost of r -> node: -(bonus + a) + pi(r) - pi(node) < 0  <=>  pi(r) - a < threshold.
        const threshold = pi[node] + bonus;
        const full = previous === null || this.truncated[slot] === 1;
        // First call: keys are potentials, and none beyond threshold + bound can be negative.
        // Later calls: keys are drops, and none at or above the node's own change can be.
        const stop = previous === null ? threshold + bound : full ? Infinity : pi[node] - previous[node];
        worst.size = 0;
        for (const r of list) {
          if (key[r] >= stop) break;
          if (marks[r] === p || reviewerPi[r] - bound >= threshold) continue;
          this.scanned++;
          const reduced = reviewerPi[r] - cache.get(r, p) - threshold;
          if (reduced < 0) worst.offer(-reduced, r);
        }
        this.truncated[slot] = worst.size > limit ? 1 : 0;
        for (let i = Math.max(0, worst.size - limit); i < worst.size; i++) {
          added.add(worst.items[i], p, cache.get(worst.items[i], p));
        }
      }
    }
    this.previous = pi;
    // Nodes that had more negative pairs than were taken: take twice as many next time, so a
    // call whose first candidates were far off converges in a logarithmic number of rounds.
    if (this.truncated.includes(1)) this.limit = Math.min(2 * this.limit, 1024);
    return { added, potentials: pi };
  }
}

/**
 * Assigns reviewers to every project of the call: the most slots that can be filled, and among
 * those the highest total affinity minus load penalty (see min-cost-flow.ts for the exact model).
 * Deterministic, and independent of the order of the input arrays.
 */
export function assignReviewers(input: MatchingInput, options: SolverOptions = {}): MatchingResult {
  const settings = { ...DEFAULTS, ...options };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isSafeInteger(value) || value < 0) throw new MatchingInputError('INVALID_INPUT', `${name} must be an integer >= 0`);
  }
  if (settings.pairsAddedPerRound === 0) throw new MatchingInputError('INVALID_INPUT', 'pairsAddedPerRound must be at least 1');
  const problem = prepare(input);
  const P = problem.projects.length;
  const R = problem.reviewers.length;
  const bonus = bonusFor(problem);
  const shape = {
    reviewers: R,
    projects: P,
    stc: problem.stc,
    capacity: problem.capacity,
    baseLoad: problem.baseLoad,
    slots: problem.slots,
    needsLead: problem.needsLead,
    loadStep: problem.loadStep,
    bonus,
  };
  const cache = new AffinityCache(problem);
  let pairs = initialCandidates(problem, settings, cache);
  let network = new AssignmentNetwork(shape, pairs);
  network.solve();
  const pricer = new Pricer(problem, cache, settings.pairsAddedPerRound, bonus);
  let rounds = 1;
  let searches = network.searches;
  for (;;) {
    const { added, potentials } = pricer.price(network, pairs);
    if (added.length === 0) break;
    rounds++;
    for (let i = 0; i < added.length; i++) pairs.add(added.reviewer[i], added.project[i], added.affinity[i]);
    pairs = sortPairs(pairs);
    network = new AssignmentNetwork(shape, pairs, { network, potentials });
    const affected = [...new Set(added.project.subarray(0, added.length))].sort((a, b) => a - b);
    network.reoptimise(affected);
    searches += network.searches;
  }
  const chosen = Array.from({ length: P }, (_, p) => network.assignedTo(p));
  return buildResult(problem, chosen, {
    algorithm: 'min-cost-flow',
    rounds,
    candidatePairs: pairs.length,
    searches,
    pricedPairs: pricer.scanned,
  });
}

/** Pairs ordered by project then reviewer, duplicates dropped, so a network's arc order never depends on history. */
function sortPairs(pairs: PairList): PairList {
  const order = Array.from({ length: pairs.length }, (_, i) => i);
  order.sort((a, b) => pairs.project[a] - pairs.project[b] || pairs.reviewer[a] - pairs.reviewer[b]);
  const sorted = new PairList();
  let last = -1;
  for (const i of order) {
    if (last >= 0 && pairs.project[i] === pairs.project[last] && pairs.reviewer[i] === pairs.reviewer[last]) continue;
    sorted.add(pairs.reviewer[i], pairs.project[i], pairs.affinity[i]);
    last = i;
  }
  return sorted;
}
