import fc from 'fast-check';
import { aProject, aReviewer } from '../test-support/builders';
import { bonusFor } from './assign-reviewers';
import { AssignmentNetwork, type CandidateArcs, type NetworkShape } from './min-cost-flow';
import { markIneligible, prepare, type PreparedProblem } from './prepare';
import { generateSyntheticCall } from './synthetic-call';
import type { MatchingInput } from './types';

// The network on its own: flow conservation, capacities and the optimality certificate after a
// cold solve and after a warm re-optimisation with more arcs.

function shapeOf(problem: PreparedProblem): NetworkShape {
  return {
    reviewers: problem.reviewers.length,
    projects: problem.projects.length,
    stc: problem.stc,
    capacity: problem.capacity,
    baseLoad: problem.baseLoad,
    slots: problem.slots,
    needsLead: problem.needsLead,
    loadStep: problem.loadStep,
    bonus: bonusFor(problem),
  };
}

/** Eligible pairs of the problem, keeping those `keep` accepts. */
function eligibleArcs(problem: PreparedProblem, keep: (r: number, p: number) => boolean = () => true): CandidateArcs {
  const reviewer: number[] = [];
  const project: number[] = [];
  const affinity: number[] = [];
  const marks = new Int32Array(problem.reviewers.length).fill(-1);
  problem.projects.forEach((_, p) => {
    markIneligible(problem, p, marks, p);
    for (const r of problem.readers[problem.projectLanguage[p]]) {
      if (marks[r] === p || problem.capacity[r] === 0 || !keep(r, p)) continue;
      reviewer.push(r);
      project.push(p);
      affinity.push(problem.affinity(r, p));
    }
  });
  return {
    reviewer: Int32Array.from(reviewer),
    project: Int32Array.from(project),
    affinity: Int32Array.from(affinity),
    length: reviewer.length,
  };
}

/** (filled slots, affinity - load penalty) of the network's flow. */
function valueOf(problem: PreparedProblem, network: AssignmentNetwork): [number, number] {
  const taken = new Int32Array(problem.reviewers.length);
  let filled = 0;
  let objective = 0;
  problem.projects.forEach((_, p) => {
    for (const r of network.assignedTo(p)) {
      objective += problem.affinity(r, p) - problem.loadStep * (problem.baseLoad[r] + taken[r]);
      taken[r]++;
      filled++;
    }
  });
  return [filled, objective];
}

function certificateViolations(network: AssignmentNetwork): string[] {
  const pi = network.certificate();
  const problems: string[] = [];
  network.forEachResidualArc((u, v, cost) => {
    if (cost + pi[u] - pi[v] < 0) problems.push(`${u} -> ${v}`);
  });
  return problems;
}

const smallCall = fc
  .record({
    projects: fc.integer({ min: 1, max: 40 }),
    reviewers: fc.integer({ min: 1, max: 20 }),
    seed: fc.integer(),
    slack: fc.double({ min: 0.3, max: 1.5, noNaN: true }),
  })
  .map(({ projects, reviewers, seed, slack }) => generateSyntheticCall({ projects, reviewers, seed, capacitySlack: slack }));

describe('AssignmentNetwork', () => {
  it('ends a solve with a valid flow and a certificate of optimality', () => {
    fc.assert(
      fc.property(smallCall, (input) => {
        const problem = prepare(input);
        const network = new AssignmentNetwork(shapeOf(problem), eligibleArcs(problem));
        network.solve();
        expect(network.invariantViolations()).toEqual([]);
        expect(certificateViolations(network)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('re-optimises warm after gaining arcs to the value of a cold solve', () => {
    fc.assert(
      fc.property(smallCall, fc.integer({ min: 2, max: 5 }), (input, modulo) => {
        const problem = prepare(input);
        const shape = shapeOf(problem);
        // Start with a fraction of the pairs, then add the rest in one go.
        const initially = (r: number, p: number) => (r + 2 * p) % modulo === 0;
        const first = new AssignmentNetwork(shape, eligibleArcs(problem, initially));
        first.solve();
        const all = eligibleArcs(problem);
        const gained = new Set<number>();
        for (let i = 0; i < all.length; i++) if (!initially(all.reviewer[i], all.project[i])) gained.add(all.project[i]);
        const warm = new AssignmentNetwork(shape, all, { network: first, potentials: first.certificate() });
        warm.reoptimise([...gained].sort((a, b) => a - b));
        expect(warm.invariantViolations()).toEqual([]);
        expect(certificateViolations(warm)).toEqual([]);
        const cold = new AssignmentNetwork(shape, all);
        cold.solve();
        expect(valueOf(problem, warm)).toEqual(valueOf(problem, cold));
      }),
      { numRuns: 60 },
    );
  });

  it('marks a project nobody can reach as dead and lifts it in the certificate', () => {
    const input: MatchingInput = {
      projects: [aProject('p0', { slots: 1, needsLead: true }), aProject('p1')],
      reviewers: [aReviewer('a'), aReviewer('b', { stcMember: true, capacity: 1 })],
    };
    const problem = prepare(input);
    // p0 wants only a lead but its one arc comes from a non-STC reviewer: nothing reaches it.
    const network = new AssignmentNetwork(shapeOf(problem), eligibleArcs(problem, (r, p) => p === 1 || r === 0));
    network.solve();
    expect(network.assignedTo(0)).toEqual([]);
    expect(network.assignedTo(1)).toHaveLength(1);
    expect(network.invariantViolations()).toEqual([]);
    expect(certificateViolations(network)).toEqual([]);
  });
});
