/**
 * Exact min-cost flow for reviewer assignment, specialised to its network.
 *
 * NETWORK. One hub node O (source and sink merged, so a flow is a circulation), one node per
 * reviewer, two nodes per project, p_main and p_non:
 *
 *     O --(load arcs)--> r --(pair arc, cap 1)--> p_main --(K_p slot arcs, cost 0)--> O    r an STC member
 *                        r --(pair arc, cap 1)--> p_non --(cap K_p - [needsLead])--> p_main  r not an STC member
 *
 * - Load arcs: capacity_r unit arcs O -> r; the k-th dossier given to a reviewer who held L0
 *   before the run costs loadStep x (L0 + k - 1). Marginal costs increase, so the arcs fill in
 *   order and carry the convex load penalty exactly; they are kept implicit (the reviewer's load
 *   picks the next unit).
 * - Pair arcs exist only for eligible pairs (language read, no conflict, not excluded): hard
 *   constraints are missing arcs. Capacity 1, so a reviewer sits at most once on a project.
 *   Cost -(BONUS + affinity).
 * - The lead. Instead of a gadget per (reviewer, project) choosing between a lead slot and the
 *   ordinary slots, non-STC reviewers enter through p_non, whose arc to p_main has capacity
 *   K - 1 when the project needs a lead. The two are equivalent: a set S of reviewers is
 *   feasible in the gadget model iff |S| <= K and (no lead needed, or S holds an STC member, or
 *   |S| <= K - 1); in this network iff |S| <= K and |S \ STC| <= K - [needsLead]. If S holds an
 *   STC member both say |S| <= K (make one STC member lead, the rest fit in K - 1 ordinary
 *   slots); if not, both say |S| <= K - [needsLead]. This network has no gadget node, no arc to
 *   choose between roles, and the roles are read off afterwards (lead = an assigned STC member).
 *
 * OBJECTIVE. The assignment x (x_rp = 1 when r reviews p) maximises, lexicographically,
 *
 *     1. filled slots  F(x) = sum_rp x_rp
 *     2. objective     A(x) - L(x),  A(x) = sum_rp x_rp affinity(r, p),
 *                      L(x) = sum_r loadStep x (L0_r + (L0_r + 1) + ... + (L0_r + n_r - 1)),
 *                      n_r = sum_p x_rp and L0_r the reviewer's currentLoad,
 *
 * subject to the hard constraints above. The network minimises -(BONUS F + A - L). BONUS
 * exceeds what any simple cycle of the residual network can change in A - L (A_max per pair
 * arc, at most 2 min(R, 2P) + 1 pair arcs on a simple cycle, plus one load arc), so a cycle that
 * fills one more slot always pays, and one that keeps F only pays if it raises A - L: the
 * minimum is the lexicographic optimum, found in one solve. All costs are integers and every
 * potential stays far below 2^53 (checked up front), so the arithmetic is exact.
 *
 * ALGORITHM. Slots are opened one at a time (projects in index order, each project's slots in a
 * row). Opening a slot adds one unit of capacity to p_main -> O; the new optimum differs from the
 * old by the cheapest cycle through that arc (any cheaper change not using it would already have
 * improved the old optimum), i.e. by the shortest path O ~> p_main in the residual network, taken
 * if its cost is negative. That path is found by Dijkstra run backwards from p_main on reduced
 * costs c(u,v) + pi(u) - pi(v) >= 0, stopping as soon as O is settled (O goes ahead of nodes at
 * the same distance): with good potentials the search stays local (the reviewers of the project,
 * and those of the projects they would leave). Potentials of settled nodes are raised by
 * d* - d(v) afterwards (pi(O) stays 0), which keeps every reduced cost >= 0 and the path tight.
 * When a slot brings no improvement the project's next slots would not either, so they are
 * skipped. When O is unreachable, every node the search settled can never be reached from O
 * again (augmenting paths only run through nodes reachable from O, so no new arc enters that
 * set); those nodes are marked dead and skipped by all later searches.
 *
 * Correctness: each step keeps the flow optimal for the slots opened so far, so the last one is
 * optimal for the whole run. `certificate()` turns the final state into a dual solution proving
 * it: every residual arc has a non-negative reduced cost. The caller prices the pairs the
 * network was built without against that certificate (column generation, assign-reviewers.ts)
 * and, when some must join, builds a larger network warm from this one (`reoptimise`).
 *
 * COMPLEXITY. One Dijkstra per slot opened, O(m' log m') for the m' arcs of the region it
 * settles: O(S m log m) in the worst case for S = sum of K over the run and m arcs, in practice
 * a few hundred arcs per search. Dead marking makes all failing searches together O(m log m).
 * `reoptimise` costs one search per reviewer released and one per slot reopened;
 * `certificate` one full Dijkstra, O(m log m). Memory O(R + P + m).
 */

// Arc codes for the special arcs of a path (pair arcs are recorded by index).
const LOAD_ARC = -1;
const SLOT_ARC = -2;
const NON_FORWARD = -3;
const NON_REVERSE = -4;

/** One candidate pair: reviewer index, project index, integer affinity. */
export interface CandidateArcs {
  readonly reviewer: Int32Array;
  readonly project: Int32Array;
  readonly affinity: Int32Array;
  readonly length: number;
}

export interface NetworkShape {
  readonly reviewers: number;
  readonly projects: number;
  readonly stc: Uint8Array;
  readonly capacity: Int32Array;
  readonly baseLoad: Int32Array;
  readonly slots: Int32Array;
  readonly needsLead: Uint8Array;
  readonly loadStep: number;
  /** Per filled slot; see the header for the bound it must exceed. */
  readonly bonus: number;
}

/** A growable binary min-heap of (key, node) with lazy deletion. */
class NodeHeap {
  private keys = new Float64Array(1024);
  private nodes = new Int32Array(1024);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      this.nodes = nodes;
    }
    let i = this.size++;
    const { keys, nodes } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      nodes[i] = nodes[parent];
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  /** Removes the minimum; read it from `topKey` / `topNode` before calling. */
  pop(): void {
    const { keys, nodes } = this;
    const last = --this.size;
    if (last === 0) return;
    const key = keys[last];
    const node = nodes[last];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && keys[child + 1] < keys[child]) child++;
      if (keys[child] >= key) break;
      keys[i] = keys[child];
      nodes[i] = nodes[child];
      i = child;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  get topKey(): number {
    return this.keys[0];
  }

  get topNode(): number {
    return this.nodes[0];
  }
}

/** State carried from a solved network into a larger one (column generation). */
export interface WarmStart {
  readonly network: AssignmentNetwork;
  /** Feasible potentials for the old network: its `certificate()`. */
  readonly potentials: Float64Array;
}

export class AssignmentNetwork {
  readonly nodeCount: number;
  private readonly R: number;
  private readonly P: number;
  private readonly shape: NetworkShape;

  // Pair arcs grouped by head node (CSR): arcs into node v are inStart[v] .. inStart[v + 1] - 1.
  private readonly inStart: Int32Array;
  private readonly arcReviewer: Int32Array;
  private readonly arcHead: Int32Array;
  private readonly arcCost: Float64Array;
  private readonly arcAffinity: Int32Array;
  private readonly arcFlow: Uint8Array;
  // The same arcs grouped by reviewer, for searches that leave a reviewer forwards.
  private readonly outStart: Int32Array;
  private readonly outArcs: Int32Array;

  // Flow state. Slot arcs p_main -> O: `open[p]` of them exist, `filled[p]` carry flow.
  private readonly load: Int32Array;
  private readonly filled: Int32Array;
  private readonly open: Int32Array;
  private readonly nonFlow: Int32Array;
  private readonly nonCap: Int32Array;
  // Arcs carrying flow, per reviewer: assigned[assignedStart[r] .. + assignedCount[r]].
  private readonly assignedStart: Int32Array;
  private readonly assignedCount: Int32Array;
  private readonly assigned: Int32Array;

  // Dual state.
  private readonly pi: Float64Array;
  private readonly dead: Uint8Array;

  // Search scratch.
  private readonly dist: Float64Array;
  private readonly seen: Int32Array;
  private readonly done: Int32Array;
  private readonly viaNode: Int32Array;
  private readonly viaArc: Int32Array;
  private readonly settled: Int32Array;
  private readonly heap = new NodeHeap();
  private stamp = 0;

  /** Dijkstra searches run, for the benchmark. */
  searches = 0;

  constructor(shape: NetworkShape, arcs: CandidateArcs, warm?: WarmStart) {
    const R = shape.reviewers;
    const P = shape.projects;
    this.R = R;
    this.P = P;
    this.shape = shape;
    const N = 1 + R + 2 * P;
    this.nodeCount = N;

    const m = arcs.length;
    const inStart = new Int32Array(N + 1);
    const outStart = new Int32Array(R + 1);
    for (let i = 0; i < m; i++) {
      const r = arcs.reviewer[i];
      inStart[this.projectNodeOf(r, arcs.project[i]) + 1]++;
      outStart[r + 1]++;
    }
    for (let v = 0; v < N; v++) inStart[v + 1] += inStart[v];
    for (let r = 0; r < R; r++) outStart[r + 1] += outStart[r];
    const inFill = inStart.slice(0, N);
    const outFill = outStart.slice(0, R);
    this.arcReviewer = new Int32Array(m);
    this.arcHead = new Int32Array(m);
    this.arcCost = new Float64Array(m);
    this.arcAffinity = new Int32Array(m);
    this.arcFlow = new Uint8Array(m);
    this.outArcs = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      const r = arcs.reviewer[i];
      const v = this.projectNodeOf(r, arcs.project[i]);
      const e = inFill[v]++;
      this.arcReviewer[e] = r;
      this.arcHead[e] = v;
      this.arcAffinity[e] = arcs.affinity[i];
      this.arcCost[e] = -(shape.bonus + arcs.affinity[i]);
      this.outArcs[outFill[r]++] = e;
    }
    this.inStart = inStart;
    this.outStart = outStart;

    this.load = new Int32Array(R);
    this.filled = new Int32Array(P);
    this.open = new Int32Array(P);
    this.nonFlow = new Int32Array(P);
    this.nonCap = new Int32Array(P);
    for (let p = 0; p < P; p++) this.nonCap[p] = shape.slots[p] - shape.needsLead[p];
    this.assignedStart = new Int32Array(R + 1);
    for (let r = 0; r < R; r++) {
      this.assignedStart[r + 1] = this.assignedStart[r] + Math.min(shape.capacity[r], outStart[r + 1] - outStart[r]);
    }
    this.assignedCount = new Int32Array(R);
    this.assigned = new Int32Array(this.assignedStart[R]);
    this.pi = new Float64Array(N);
    this.dead = new Uint8Array(N);

    this.dist = new Float64Array(N);
    this.seen = new Int32Array(N);
    this.done = new Int32Array(N);
    this.viaNode = new Int32Array(N);
    this.viaArc = new Int32Array(N);
    this.settled = new Int32Array(N);

    if (warm) {
      this.adopt(warm);
    } else {
      // pi(O) = pi(r) = 0 and pi(project nodes) = -(bonus + max affinity) make every arc of the
      // empty flow non-negative: load arcs cost >= 0, pair arcs -(bonus + a) + bonus + maxA >= 0,
      // p_non -> p_main 0. No slot arc is open yet.
      let maxA = 0;
      for (let i = 0; i < m; i++) maxA = Math.max(maxA, arcs.affinity[i]);
      this.pi.fill(-(shape.bonus + maxA), 1 + R);
    }
  }

  /** Takes over the flow and potentials of a network whose arcs are a subset of this one's. */
  private adopt({ network: old, potentials }: WarmStart): void {
    this.load.set(old.load);
    this.filled.set(old.filled);
    this.open.set(old.open);
    this.nonFlow.set(old.nonFlow);
    this.pi.set(potentials);
    const arcOf = new Int32Array(this.R);
    for (let v = 1 + this.R; v < this.nodeCount; v++) {
      for (let e = this.inStart[v]; e < this.inStart[v + 1]; e++) arcOf[this.arcReviewer[e]] = e;
      for (let e = old.inStart[v]; e < old.inStart[v + 1]; e++) {
        if (old.arcFlow[e] === 0) continue;
        const mine = arcOf[old.arcReviewer[e]];
        this.arcFlow[mine] = 1;
        const r = this.arcReviewer[mine];
        this.assigned[this.assignedStart[r] + this.assignedCount[r]++] = mine;
      }
    }
  }

  reviewerNode(r: number): number {
    return 1 + r;
  }

  mainNode(p: number): number {
    return 1 + this.R + p;
  }

  nonNode(p: number): number {
    return 1 + this.R + this.P + p;
  }

  /** The node a pair arc of reviewer r into project p enters. */
  projectNodeOf(r: number, p: number): number {
    return this.shape.stc[r] ? this.mainNode(p) : this.nonNode(p);
  }

  /** Cost of the next dossier of reviewer r (its next load arc). */
  private marginal(r: number): number {
    return this.shape.loadStep * (this.shape.baseLoad[r] + this.load[r]);
  }

  /** Opens every slot, project by project; afterwards the flow is optimal. */
  solve(): void {
    for (let p = 0; p < this.P; p++) this.fillProject(p);
  }

  /** Opens the slots of p one by one until one brings no improvement; then all are open. */
  private fillProject(p: number): void {
    const slots = this.shape.slots[p];
    while (this.filled[p] < slots && !this.dead[this.mainNode(p)] && this.openSlot(p));
    this.open[p] = slots;
  }

  /**
   * Re-optimises after the network gained arcs (built with a warm start). Each project with a
   * new arc is emptied: its reviewers are released, its slots closed, and its two nodes get the
   * highest potentials that keep their incoming arcs non-negative (nothing leaves them any more
   * but p_non -> p_main, kept non-negative by putting p_main no higher than p_non, so no other
   * arc is affected). Every released reviewer now has one unit of flow in
   * and none out; each such unit is sent on to O along a shortest path (the reviewer drops the
   * dossier, or takes another project, or displaces someone), which keeps the flow optimal for
   * what it carries. Then the projects' slots are opened again as in `solve`.
   */
  reoptimise(projects: readonly number[]): void {
    // The warm potentials are a certificate, non-negative on every arc: no node is dead any more.
    this.dead.fill(0);
    const released: number[] = [];
    for (const p of projects) {
      // p_non first: p_main must then stay at or below it (arc p_non -> p_main, cost 0).
      let lowest = Infinity;
      for (const v of [this.nonNode(p), this.mainNode(p)]) {
        for (let e = this.inStart[v]; e < this.inStart[v + 1]; e++) {
          const r = this.arcReviewer[e];
          if (this.arcFlow[e] === 1) {
            this.unassign(e);
            released.push(r);
          }
          lowest = Math.min(lowest, this.arcCost[e] + this.pi[1 + r]);
        }
        if (lowest < Infinity) this.pi[v] = lowest;
        lowest = this.pi[v];
      }
      this.nonFlow[p] = 0;
      this.filled[p] = 0;
      this.open[p] = 0;
    }
    for (const r of released) this.release(r);
    for (const p of projects) this.fillProject(p);
  }

  private unassign(e: number): void {
    this.arcFlow[e] = 0;
    const r = this.arcReviewer[e];
    const start = this.assignedStart[r];
    const last = start + --this.assignedCount[r];
    for (let i = start; i <= last; i++) {
      if (this.assigned[i] === e) {
        this.assigned[i] = this.assigned[last];
        return;
      }
    }
  }

  private assign(e: number): void {
    this.arcFlow[e] = 1;
    const r = this.arcReviewer[e];
    this.assigned[this.assignedStart[r] + this.assignedCount[r]++] = e;
  }

  /**
   * Offers distance d to `node` in the current search, reached over `arc` from `from` (the
   * neighbour on the path towards the search's start). Dead nodes are never entered.
   */
  private reach(node: number, d: number, from: number, arc: number): void {
    const stamp = this.stamp;
    if (this.done[node] === stamp || this.dead[node]) return;
    if (this.seen[node] !== stamp || d < this.dist[node]) {
      this.seen[node] = stamp;
      this.dist[node] = d;
      this.viaNode[node] = from;
      this.viaArc[node] = arc;
      // Distances are integers: O goes ahead of the nodes at its own distance, which are not
      // needed once O is settled, so a search ends as soon as its answer is known.
      this.heap.push(node === 0 ? d - 0.5 : d, node);
    }
  }

  /**
   * Sends the unit of flow stranded at reviewer r to O along a shortest residual path (Dijkstra
   * forwards on reduced costs). r holds at least that unit, so dropping it (r -> O) is always
   * possible and the search always succeeds.
   */
  private release(source: number): void {
    this.searches++;
    const start = this.reviewerNode(source);
    const stamp = ++this.stamp;
    const { dist, seen, done, pi, heap, settled, viaNode, viaArc } = this;
    heap.clear();
    dist[start] = 0;
    seen[start] = stamp;
    heap.push(0, start);
    let settledCount = 0;
    for (;;) {
      const d = heap.topKey;
      const u = heap.topNode;
      heap.pop();
      if (done[u] === stamp || d > dist[u]) continue;
      done[u] = stamp;
      settled[settledCount++] = u;
      if (u === 0) break;
      const du = d + pi[u];
      if (u <= this.R) {
        const r = u - 1;
        if (this.load[r] > 0) this.reach(0, du - this.shape.loadStep * (this.shape.baseLoad[r] + this.load[r] - 1) - pi[0], u, LOAD_ARC);
        for (let i = this.outStart[r]; i < this.outStart[r + 1]; i++) {
          const e = this.outArcs[i];
          if (this.arcFlow[e] === 0) this.reach(this.arcHead[e], du + this.arcCost[e] - pi[this.arcHead[e]], u, e);
        }
        continue;
      }
      for (let e = this.inStart[u]; e < this.inStart[u + 1]; e++) {
        if (this.arcFlow[e] === 1) this.reach(1 + this.arcReviewer[e], du - this.arcCost[e] - pi[1 + this.arcReviewer[e]], u, e);
      }
      if (u <= this.R + this.P) {
        const q = u - 1 - this.R;
        if (this.filled[q] < this.open[q]) this.reach(0, du - pi[0], u, SLOT_ARC);
        if (this.nonFlow[q] > 0) this.reach(this.nonNode(q), du - pi[this.nonNode(q)], u, NON_REVERSE);
      } else {
        const q = u - 1 - this.R - this.P;
        if (this.nonFlow[q] < this.nonCap[q]) this.reach(this.mainNode(q), du - pi[this.mainNode(q)], u, NON_FORWARD);
      }
    }
    const dStar = dist[0];
    for (let i = 0; i < settledCount; i++) {
      const u = settled[i];
      pi[u] += dist[u] - dStar;
    }
    // Walk back from O to list the path, then apply it from the start: a reviewer in the middle
    // leaves one project before taking another, so its list of projects never overflows.
    let length = 0;
    for (let v = 0; v !== start; v = viaNode[v]) settled[length++] = v;
    for (let i = length - 1; i >= 0; i--) {
      const v = settled[i];
      const u = viaNode[v];
      const arc = viaArc[v];
      if (arc === LOAD_ARC) this.load[u - 1]--;
      else if (arc === SLOT_ARC) this.filled[u - 1 - this.R]++;
      else if (arc === NON_FORWARD) this.nonFlow[u - 1 - this.R - this.P]++;
      else if (arc === NON_REVERSE) this.nonFlow[u - 1 - this.R]--;
      else if (u <= this.R) this.assign(arc);
      else this.unassign(arc);
    }
  }

  /**
   * Opens one more slot of p and applies the cheapest cycle through it if that improves the
   * objective. Returns whether the slot was filled.
   */
  private openSlot(p: number): boolean {
    this.searches++;
    const target = this.mainNode(p);
    const stamp = ++this.stamp;
    const { dist, seen, done, pi, dead, heap, settled, viaNode, viaArc } = this;
    const R = this.R;
    heap.clear();
    dist[target] = 0;
    seen[target] = stamp;
    heap.push(0, target);
    let settledCount = 0;
    let reached = false;
    let dStar = 0;
    while (heap.size > 0) {
      const d = heap.topKey;
      const v = heap.topNode;
      heap.pop();
      if (done[v] === stamp || d > dist[v]) continue;
      done[v] = stamp;
      settled[settledCount++] = v;
      dStar = dist[v];
      if (v === 0) {
        reached = true;
        break;
      }
      const dv = dStar - pi[v];
      if (v <= R) {
        const r = v - 1;
        if (this.load[r] < this.shape.capacity[r]) this.reach(0, dv + this.marginal(r) + pi[0], v, LOAD_ARC);
        const start = this.assignedStart[r];
        for (let i = start, end = start + this.assignedCount[r]; i < end; i++) {
          const e = this.assigned[i];
          const u = this.arcHead[e];
          this.reach(u, dv - this.arcCost[e] + pi[u], v, e);
        }
        continue;
      }
      for (let e = this.inStart[v], end = this.inStart[v + 1]; e < end; e++) {
        if (this.arcFlow[e] === 0) {
          const u = 1 + this.arcReviewer[e];
          this.reach(u, dv + this.arcCost[e] + pi[u], v, e);
        }
      }
      if (v <= R + this.P) {
        const q = v - 1 - R;
        if (this.nonFlow[q] < this.nonCap[q]) this.reach(this.nonNode(q), dv + pi[this.nonNode(q)], v, NON_FORWARD);
        if (this.filled[q] > 0) this.reach(0, dv + pi[0], v, SLOT_ARC);
      } else {
        const q = v - 1 - R - this.P;
        if (this.nonFlow[q] > 0) this.reach(this.mainNode(q), dv + pi[this.mainNode(q)], v, NON_REVERSE);
      }
    }

    // True length of the path found: reduced length d* plus pi(target) - pi(O), with pi(O) = 0.
    const length = dStar + pi[target];
    for (let i = 0; i < settledCount; i++) {
      const u = settled[i];
      pi[u] += dStar - dist[u];
    }
    if (!reached) {
      for (let i = 0; i < settledCount; i++) dead[settled[i]] = 1;
      return false;
    }
    if (length >= 0) return false;
    // Push one unit along O ~> target, then through the new slot arc.
    let u = 0;
    while (u !== target) {
      const v = viaNode[u];
      const arc = viaArc[u];
      if (arc === LOAD_ARC) this.load[v - 1]++;
      else if (arc === SLOT_ARC) this.filled[v - 1 - R]--;
      else if (arc === NON_FORWARD) this.nonFlow[v - 1 - R]++;
      else if (arc === NON_REVERSE) this.nonFlow[u - 1 - R]--;
      else if (u <= R) this.assign(arc);
      else this.unassign(arc);
      u = v;
    }
    this.filled[p]++;
    return true;
  }

  /** The reviewers assigned to project p, in arc order. */
  assignedTo(p: number): number[] {
    const result: number[] = [];
    for (const v of [this.mainNode(p), this.nonNode(p)]) {
      for (let e = this.inStart[v]; e < this.inStart[v + 1]; e++) if (this.arcFlow[e] === 1) result.push(this.arcReviewer[e]);
    }
    return result;
  }

  filledOf(p: number): number {
    return this.filled[p];
  }

  /**
   * Potentials proving the flow optimal: every residual arc (u, v), the slot arcs of every slot
   * included, has c(u, v) + pi(u) - pi(v) >= 0.
   *
   * Two steps. Dead nodes are lifted by one constant large enough for their arcs towards live
   * nodes (no residual arc goes from a live node to a dead one, so no other arc changes). Then
   * the potentials are replaced by the shortest distances from O (nodes O cannot reach get the
   * largest distance found): still a proof, since distances satisfy d(v) <= d(u) + c(u, v) on
   * every arc, but the highest potentials any proof can give, measured from O. The search's own
   * potentials are one proof among many, often with one reviewer at the top of the range its
   * load allows and an equally loaded one at the bottom; priced with those, a pair that swaps
   * two such reviewers looks like an improvement when it is worth nothing. Distances from O
   * level them, so the pricing in assign-reviewers.ts brings in far fewer useless pairs.
   */
  certificate(): Float64Array {
    const pi = Float64Array.from(this.pi);
    const { dead, shape, dist, seen, done, heap } = this;
    let lift = 0;
    this.forEachResidualArc((u, v, cost) => {
      if (dead[u] && !dead[v]) lift = Math.max(lift, -(cost + pi[u] - pi[v]));
    });
    if (lift > 0) for (let v = 0; v < this.nodeCount; v++) if (dead[v]) pi[v] += lift;

    // Dijkstra from O over the whole residual network, on reduced costs (all >= 0 by now).
    const stamp = ++this.stamp;
    heap.clear();
    dist[0] = 0;
    seen[0] = stamp;
    heap.push(0, 0);
    let farthest = 0;
    const offer = (v: number, d: number): void => {
      if (done[v] === stamp) return;
      if (seen[v] !== stamp || d < dist[v]) {
        seen[v] = stamp;
        dist[v] = d;
        heap.push(d, v);
      }
    };
    while (heap.size > 0) {
      const d = heap.topKey;
      const u = heap.topNode;
      heap.pop();
      if (done[u] === stamp || d > dist[u]) continue;
      done[u] = stamp;
      farthest = d;
      const du = d + pi[u];
      if (u === 0) {
        for (let r = 0; r < this.R; r++) {
          if (this.load[r] < shape.capacity[r]) offer(1 + r, du + this.marginal(r) - pi[1 + r]);
        }
        for (let p = 0; p < this.P; p++) if (this.filled[p] > 0) offer(this.mainNode(p), du - pi[this.mainNode(p)]);
      } else if (u <= this.R) {
        const r = u - 1;
        for (let i = this.outStart[r]; i < this.outStart[r + 1]; i++) {
          const e = this.outArcs[i];
          if (this.arcFlow[e] === 0) offer(this.arcHead[e], du + this.arcCost[e] - pi[this.arcHead[e]]);
        }
      } else {
        for (let e = this.inStart[u]; e < this.inStart[u + 1]; e++) {
          if (this.arcFlow[e] === 1) offer(1 + this.arcReviewer[e], du - this.arcCost[e] - pi[1 + this.arcReviewer[e]]);
        }
        if (u <= this.R + this.P) {
          const q = u - 1 - this.R;
          if (this.nonFlow[q] > 0) offer(this.nonNode(q), du - pi[this.nonNode(q)]);
        } else {
          const q = u - 1 - this.R - this.P;
          if (this.nonFlow[q] < this.nonCap[q]) offer(this.mainNode(q), du - pi[this.mainNode(q)]);
        }
      }
    }
    for (let v = 0; v < this.nodeCount; v++) pi[v] += done[v] === stamp ? dist[v] : farthest;
    return pi;
  }

  /** Calls visit(u, v, cost) for every arc of the residual network (once per parallel group). */
  forEachResidualArc(visit: (u: number, v: number, cost: number) => void): void {
    const { shape } = this;
    for (let r = 0; r < this.R; r++) {
      const v = this.reviewerNode(r);
      if (this.load[r] < shape.capacity[r]) visit(0, v, this.marginal(r));
      if (this.load[r] > 0) visit(v, 0, -shape.loadStep * (shape.baseLoad[r] + this.load[r] - 1));
    }
    for (let e = 0; e < this.arcHead.length; e++) {
      const r = this.reviewerNode(this.arcReviewer[e]);
      if (this.arcFlow[e] === 0) visit(r, this.arcHead[e], this.arcCost[e]);
      else visit(this.arcHead[e], r, -this.arcCost[e]);
    }
    for (let p = 0; p < this.P; p++) {
      const main = this.mainNode(p);
      const non = this.nonNode(p);
      if (this.filled[p] < this.open[p]) visit(main, 0, 0);
      if (this.filled[p] > 0) visit(0, main, 0);
      if (this.nonFlow[p] < this.nonCap[p]) visit(non, main, 0);
      if (this.nonFlow[p] > 0) visit(main, non, 0);
    }
  }

  /**
   * Problems with the current state, for tests: flow conservation and capacities at every node,
   * and reduced costs of live residual arcs (a negative one would break the optimality proof).
   */
  invariantViolations(): string[] {
    const problems: string[] = [];
    const { shape } = this;
    const inflow = new Int32Array(this.nodeCount);
    const outflow = new Int32Array(this.nodeCount);
    for (let e = 0; e < this.arcHead.length; e++) {
      if (this.arcFlow[e] === 0) continue;
      outflow[1 + this.arcReviewer[e]]++;
      inflow[this.arcHead[e]]++;
    }
    for (let r = 0; r < this.R; r++) {
      if (this.load[r] > shape.capacity[r]) problems.push(`reviewer ${r} over capacity`);
      if (outflow[1 + r] !== this.load[r]) problems.push(`reviewer ${r}: load ${this.load[r]} but ${outflow[1 + r]} projects`);
      if (this.assignedCount[r] !== this.load[r]) problems.push(`reviewer ${r}: assigned list out of date`);
    }
    for (let p = 0; p < this.P; p++) {
      if (inflow[this.nonNode(p)] !== this.nonFlow[p]) problems.push(`project ${p}: p_non conservation`);
      if (inflow[this.mainNode(p)] + this.nonFlow[p] !== this.filled[p]) problems.push(`project ${p}: p_main conservation`);
      if (this.nonFlow[p] > this.nonCap[p]) problems.push(`project ${p}: too many non-STC reviewers`);
      if (this.filled[p] > this.open[p] && this.open[p] > 0) problems.push(`project ${p}: more filled than open slots`);
    }
    this.forEachResidualArc((u, v, cost) => {
      if (this.dead[u] || this.dead[v]) return;
      const reduced = cost + this.pi[u] - this.pi[v];
      if (reduced < 0) problems.push(`arc ${u} -> ${v}: reduced cost ${reduced}`);
    });
    return problems;
  }
}
