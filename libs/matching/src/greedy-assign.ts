import { buildResult } from './build-result';
import { markIneligible, prepare } from './prepare';
import type { MatchingInput, MatchingResult } from './types';

/**
 * The baseline the solver is measured against: projects one after the other (by id), each
 * taking the best reviewers still available. The lead slot is filled first (best eligible STC
 * member with capacity left), then the other slots (best eligible reviewers not yet on the
 * project). "Best" means the highest affinity minus the marginal load cost at that moment
 * (loadStep x load held), ties by id. Same input, same result shape, no optimality: an early
 * project may take the only reviewer a later one could have had.
 */
export function greedyAssign(input: MatchingInput): MatchingResult {
  const problem = prepare(input);
  const { capacity, baseLoad, loadStep, stc } = problem;
  const R = problem.reviewers.length;
  const load = new Int32Array(R);
  const marks = new Int32Array(R).fill(-1);
  const chosen = problem.projects.map((project, p) => {
    const taken: number[] = [];
    markIneligible(problem, p, marks, p);
    const readers = problem.readers[problem.projectLanguage[p]];
    const pick = (stcOnly: boolean): boolean => {
      let best = -1;
      let bestScore = -Infinity;
      for (const r of readers) {
        if (marks[r] === p || load[r] >= capacity[r] || (stcOnly && !stc[r])) continue;
        const score = problem.affinity(r, p) - loadStep * (baseLoad[r] + load[r]);
        if (score > bestScore) {
          best = r;
          bestScore = score;
        }
      }
      if (best < 0) return false;
      taken.push(best);
      marks[best] = p;
      load[best]++;
      return true;
    };
    let open = project.slots;
    if (project.needsLead) {
      open--;
      // Without a lead the other slots are still filled, but one stays empty for the lead.
      pick(true);
    }
    while (open > 0 && pick(false)) open--;
    return taken;
  });
  return buildResult(problem, chosen, { algorithm: 'greedy', rounds: 1, candidatePairs: 0, searches: 0, pricedPairs: 0 });
}
