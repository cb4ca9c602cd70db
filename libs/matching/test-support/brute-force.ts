import type { MatchingInput, MatchingProject, MatchingResult, MatchingReviewer } from '../src/types';

// An independent reading of the assignment rules, for tests: eligibility, affinity and load
// penalty re-implemented from the documented formulas (not imported from the library), an
// exhaustive search for the optimum, and a checker of every hard constraint. Slow on purpose:
// it is only run on calls of a handful of projects and reviewers.

/** The documented default weights, written out again so a change in the library shows up. */
export const DOCUMENTED_WEIGHTS: Record<string, { weight: number; cap: number }> = {
  practices: { weight: 12, cap: 3 },
  landUses: { weight: 8, cap: 2 },
  criteriaFocus: { weight: 6, cap: 3 },
  disciplines: { weight: 4, cap: 2 },
  countries: { weight: 10, cap: 1 },
  regions: { weight: 5, cap: 1 },
};
export const DOCUMENTED_LOAD_STEP = 3;

type TagField = 'practices' | 'landUses' | 'criteriaFocus' | 'disciplines' | 'countries' | 'regions';

export function referenceAffinity(reviewer: MatchingReviewer, project: MatchingProject): number {
  let total = 0;
  for (const [term, { weight, cap }] of Object.entries(DOCUMENTED_WEIGHTS)) {
    const mine = reviewer[term as TagField] ?? [];
    const theirs = new Set(project[term as TagField] ?? []);
    const shared = new Set(mine.filter((tag) => theirs.has(tag))).size;
    total += weight * Math.min(cap, shared);
  }
  return total;
}

export function referenceEligible(reviewer: MatchingReviewer, project: MatchingProject): boolean {
  if (!reviewer.languages.includes(project.language)) return false;
  if ((project.excludedReviewerIds ?? []).includes(reviewer.id)) return false;
  const projectOrganisations = [project.holderOrganisationId, ...(project.partnerOrganisationIds ?? [])].filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  for (const organisation of projectOrganisations) {
    if ((reviewer.organisationIds ?? []).includes(organisation)) return false;
    if ((reviewer.conflicts?.organisationIds ?? []).includes(organisation)) return false;
  }
  for (const person of project.namedPersonIds ?? []) {
    if (person === reviewer.id) return false;
    if ((reviewer.conflicts?.personIds ?? []).includes(person)) return false;
  }
  return !(reviewer.conflicts?.projectIds ?? []).includes(project.id);
}

export function referencePenalty(currentLoad: number, added: number): number {
  let penalty = 0;
  for (let k = 0; k < added; k++) penalty += DOCUMENTED_LOAD_STEP * (currentLoad + k);
  return penalty;
}

export interface Optimum {
  /** Most slots any feasible assignment fills. */
  readonly filled: number;
  /** Best affinity minus load penalty among assignments filling that many. */
  readonly objective: number;
  /** Whether every project can get all its slots, the lead included. */
  readonly complete: boolean;
}

/**
 * Exhaustive optimum by dynamic programming over projects, the state being how many dossiers
 * each reviewer has taken so far. For each project every subset of eligible reviewers of size
 * at most K is tried, accepted when the roles can be given out: at most K reviewers, and when a
 * lead is needed either an STC member among them or at most K - 1 of them (the lead slot then
 * stays empty). The filled count of a state is the sum of its loads, so each state keeps only its
 * best affinity; the load penalty depends only on the final state.
 */
export function exhaustiveOptimum(input: MatchingInput): Optimum {
  const { projects, reviewers } = input;
  const radix = reviewers.map((reviewer) => reviewer.capacity + 1);
  const place: number[] = [];
  let states = 1;
  for (const size of radix) {
    place.push(states);
    states *= size;
  }
  const decode = (state: number, r: number): number => Math.floor(state / place[r]) % radix[r];
  let best = new Map<number, number>([[0, 0]]);
  for (const project of projects) {
    const eligible = reviewers.map((_, r) => r).filter((r) => referenceEligible(reviewers[r], project));
    const subsets: number[][] = [[]];
    for (const r of eligible) {
      const grown = subsets.filter((subset) => subset.length < project.slots).map((subset) => [...subset, r]);
      subsets.push(...grown);
    }
    const allowed = subsets.filter(
      (subset) => !project.needsLead || subset.some((r) => reviewers[r].stcMember) || subset.length <= project.slots - 1,
    );
    const next = new Map<number, number>();
    for (const [state, affinity] of best) {
      for (const subset of allowed) {
        if (subset.some((r) => decode(state, r) + 1 > reviewers[r].capacity)) continue;
        let target = state;
        let gained = affinity;
        for (const r of subset) {
          target += place[r];
          gained += referenceAffinity(reviewers[r], project);
        }
        if ((next.get(target) ?? -Infinity) < gained) next.set(target, gained);
      }
    }
    best = next;
  }
  let bestFilled = -1;
  let bestObjective = -Infinity;
  for (const [state, affinity] of best) {
    let filled = 0;
    let penalty = 0;
    reviewers.forEach((reviewer, r) => {
      const taken = decode(state, r);
      filled += taken;
      penalty += referencePenalty(reviewer.currentLoad, taken);
    });
    const objective = affinity - penalty;
    if (filled > bestFilled || (filled === bestFilled && objective > bestObjective)) {
      bestFilled = filled;
      bestObjective = objective;
    }
  }
  const total = projects.reduce((sum, project) => sum + project.slots, 0);
  return { filled: bestFilled, objective: bestObjective, complete: bestFilled === total };
}

/** Every broken rule in a result, as readable strings (empty when the result is valid). */
export function hardConstraintViolations(input: MatchingInput, result: MatchingResult): string[] {
  const problems: string[] = [];
  const reviewers = new Map(input.reviewers.map((reviewer) => [reviewer.id, reviewer]));
  const projects = new Map(input.projects.map((project) => [project.id, project]));
  const taken = new Map<string, number>();
  if (result.assignments.length !== input.projects.length) problems.push('not one assignment per project');
  let filled = 0;
  let affinity = 0;
  for (const assignment of result.assignments) {
    const project = projects.get(assignment.projectId);
    if (!project) {
      problems.push(`unknown project ${assignment.projectId}`);
      continue;
    }
    const ids = assignment.reviewers.map((seat) => seat.reviewerId);
    if (new Set(ids).size !== ids.length) problems.push(`${project.id}: a reviewer sits twice`);
    if (ids.length > project.slots) problems.push(`${project.id}: more reviewers than slots`);
    const leads = assignment.reviewers.filter((seat) => seat.role === 'lead');
    if (!project.needsLead && leads.length > 0) problems.push(`${project.id}: a lead where none is needed`);
    if (leads.length > 1) problems.push(`${project.id}: two leads`);
    for (const seat of assignment.reviewers) {
      const reviewer = reviewers.get(seat.reviewerId);
      if (!reviewer) {
        problems.push(`${project.id}: unknown reviewer ${seat.reviewerId}`);
        continue;
      }
      if (!referenceEligible(reviewer, project)) problems.push(`${project.id}: ${reviewer.id} is not eligible`);
      if (seat.role === 'lead' && !reviewer.stcMember) problems.push(`${project.id}: lead ${reviewer.id} is not on the STC`);
      if (seat.affinity.total !== referenceAffinity(reviewer, project)) problems.push(`${project.id}: wrong affinity for ${reviewer.id}`);
      taken.set(reviewer.id, (taken.get(reviewer.id) ?? 0) + 1);
      affinity += seat.affinity.total;
    }
    if (project.needsLead) {
      const hasStc = assignment.reviewers.some((seat) => reviewers.get(seat.reviewerId)?.stcMember);
      if (hasStc && leads.length !== 1) problems.push(`${project.id}: an STC member is assigned but no lead named`);
      if (!hasStc && ids.length > project.slots - 1) problems.push(`${project.id}: every slot filled without a lead`);
    }
    filled += ids.length;
  }
  let penalty = 0;
  for (const reviewer of input.reviewers) {
    const count = taken.get(reviewer.id) ?? 0;
    if (count > reviewer.capacity) problems.push(`${reviewer.id}: over capacity`);
    penalty += referencePenalty(reviewer.currentLoad, count);
  }
  if (result.totals.filledSlots !== filled) problems.push('filledSlots does not match the assignments');
  if (result.totals.totalAffinity !== affinity) problems.push('totalAffinity does not match the assignments');
  if (result.totals.loadPenalty !== penalty) problems.push('loadPenalty does not match the loads');
  if (result.totals.objective !== affinity - penalty) problems.push('objective is not affinity minus penalty');
  return problems;
}
