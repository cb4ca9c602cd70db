import type { MatchingInput } from '../src/types';
import { DOCUMENTED_LOAD_STEP, referenceAffinity, referenceEligible } from './brute-force';

// A second, deliberately plain solver for calls too large for the exhaustive search: the
// textbook network with a gadget per (reviewer, project) pair feeding either the lead slot or
// the ordinary slots, every load unit an explicit arc, and min-cost maximum flow by successive
// shortest paths with Bellman-Ford (queue-based). Slow but sharing nothing with the library's
// solver but the documented rules.

interface Arc {
  readonly to: number;
  capacity: number;
  readonly cost: number;
  readonly reverse: number;
}

class PlainNetwork {
  readonly arcs: Arc[][] = [];

  node(): number {
    this.arcs.push([]);
    return this.arcs.length - 1;
  }

  arc(from: number, to: number, capacity: number, cost: number): void {
    this.arcs[from].push({ to, capacity, cost, reverse: this.arcs[to].length });
    this.arcs[to].push({ to: from, capacity: 0, cost: -cost, reverse: this.arcs[from].length - 1 });
  }

  /** Min-cost max-flow from s to t: [flow, cost]. */
  minCostMaxFlow(s: number, t: number): [number, number] {
    let flow = 0;
    let cost = 0;
    const n = this.arcs.length;
    for (;;) {
      const dist = new Array<number>(n).fill(Infinity);
      const via = new Array<[number, number] | null>(n).fill(null);
      const queued = new Array<boolean>(n).fill(false);
      dist[s] = 0;
      const queue = [s];
      queued[s] = true;
      while (queue.length > 0) {
        const u = queue.shift()!;
        queued[u] = false;
        this.arcs[u].forEach((arc, i) => {
          if (arc.capacity > 0 && dist[u] + arc.cost < dist[arc.to]) {
            dist[arc.to] = dist[u] + arc.cost;
            via[arc.to] = [u, i];
            if (!queued[arc.to]) {
              queued[arc.to] = true;
              queue.push(arc.to);
            }
          }
        });
      }
      if (dist[t] === Infinity) return [flow, cost];
      for (let v = t; v !== s; ) {
        const [u, i] = via[v]!;
        const arc = this.arcs[u][i];
        arc.capacity--;
        this.arcs[v][arc.reverse].capacity++;
        v = u;
      }
      flow++;
      cost += dist[t];
    }
  }
}

/** Most filled slots and the best affinity minus load penalty among them. */
export function referenceFlowOptimum(input: MatchingInput): { filled: number; objective: number } {
  const network = new PlainNetwork();
  const source = network.node();
  const sink = network.node();
  const reviewerNodes = input.reviewers.map((reviewer) => {
    const node = network.node();
    for (let k = 0; k < reviewer.capacity; k++) network.arc(source, node, 1, DOCUMENTED_LOAD_STEP * (reviewer.currentLoad + k));
    return node;
  });
  for (const project of input.projects) {
    const lead = project.needsLead ? network.node() : -1;
    const ordinary = network.node();
    if (project.needsLead) network.arc(lead, sink, 1, 0);
    network.arc(ordinary, sink, project.slots - (project.needsLead ? 1 : 0), 0);
    input.reviewers.forEach((reviewer, r) => {
      if (!referenceEligible(reviewer, project)) return;
      const gadget = network.node();
      network.arc(reviewerNodes[r], gadget, 1, -referenceAffinity(reviewer, project));
      if (project.needsLead && reviewer.stcMember) network.arc(gadget, lead, 1, 0);
      network.arc(gadget, ordinary, 1, 0);
    });
  }
  const [filled, cost] = network.minCostMaxFlow(source, sink);
  return { filled, objective: -cost };
}
