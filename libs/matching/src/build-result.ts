import { compareIds, computeAffinity, loadPenalty } from './affinity';
import type { PreparedProblem } from './prepare';
import type {
  AssignedReviewer,
  CandidateCounts,
  MatchingResult,
  MatchingTotals,
  ProjectAssignment,
  ReviewerLoad,
  Shortfall,
  ShortfallReason,
  SolverStats,
} from './types';

/**
 * The result of a run from the reviewers chosen per project (`chosen[p]`: reviewer indices).
 * Shared by the solver and the greedy baseline so both are reported and explained alike.
 */
export function buildResult(
  problem: PreparedProblem,
  chosen: readonly (readonly number[])[],
  stats: SolverStats,
): MatchingResult {
  const { projects, reviewers, weights, loadStep } = problem;
  const R = reviewers.length;
  const assignedCount = new Int32Array(R);
  for (const list of chosen) for (const r of list) assignedCount[r]++;

  let totalAffinity = 0;
  let filledSlots = 0;
  let leadSlots = 0;
  let filledLeadSlots = 0;
  let slots = 0;
  const assignments: ProjectAssignment[] = [];
  const shortfalls: Shortfall[] = [];
  projects.forEach((project, p) => {
    const entries = chosen[p].map((r) => ({ r, affinity: computeAffinity(reviewers[r], project, weights) }));
    // Higher affinity first, then id: the order of the explanation and the choice of the lead.
    entries.sort((a, b) => b.affinity.total - a.affinity.total || compareIds(reviewers[a.r].id, reviewers[b.r].id));
    const leadIndex = project.needsLead ? entries.findIndex((entry) => problem.stc[entry.r] === 1) : -1;
    const ordered = leadIndex >= 0 ? [entries[leadIndex], ...entries.filter((_, i) => i !== leadIndex)] : entries;
    const assigned: AssignedReviewer[] = ordered.map((entry, i) => ({
      reviewerId: reviewers[entry.r].id,
      role: leadIndex >= 0 && i === 0 ? 'lead' : 'member',
      stcMember: reviewers[entry.r].stcMember,
      affinity: entry.affinity,
    }));
    for (const entry of entries) totalAffinity += entry.affinity.total;
    slots += project.slots;
    filledSlots += entries.length;
    if (project.needsLead) {
      leadSlots++;
      if (leadIndex >= 0) filledLeadSlots++;
    }
    assignments.push({ projectId: project.id, slots: project.slots, needsLead: project.needsLead, reviewers: assigned });
    if (entries.length < project.slots || (project.needsLead && leadIndex < 0)) {
      shortfalls.push(explainShortfall(problem, p, chosen[p], assignedCount));
    }
  });

  let penalty = 0;
  const loads: ReviewerLoad[] = reviewers.map((reviewer, r) => {
    penalty += loadPenalty(reviewer.currentLoad, assignedCount[r], loadStep);
    return {
      reviewerId: reviewer.id,
      assigned: assignedCount[r],
      load: reviewer.currentLoad + assignedCount[r],
      capacity: reviewer.capacity,
    };
  });
  const totals: MatchingTotals = {
    slots,
    filledSlots,
    leadSlots,
    filledLeadSlots,
    totalAffinity,
    loadPenalty: penalty,
    objective: totalAffinity - penalty,
  };
  return { assignments, shortfalls, loads, totals, stats };
}

function contains(list: Int32Array, start: number, end: number, value: number): boolean {
  let lo = start;
  let hi = end - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] === value) return true;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Why project p is short. With an optimal assignment an unfilled slot means that no eligible
 * reviewer who could take it has capacity left (otherwise giving it to them would fill one more
 * slot), so the reasons are read from the final loads: nobody reads the language, everybody who
 * does is conflicted or excluded, too few eligible reviewers, or the eligible ones are full.
 */
function explainShortfall(
  problem: PreparedProblem,
  p: number,
  chosen: readonly number[],
  assignedCount: Int32Array,
): Shortfall {
  const project = problem.projects[p];
  const language = project.language;
  const onProject = new Set(chosen);
  const counts = {
    readers: 0,
    stcReaders: 0,
    conflicted: 0,
    excluded: 0,
    eligible: 0,
    eligibleStc: 0,
    eligibleFull: 0,
    eligibleStcFull: 0,
  };
  let stcConflicted = 0;
  let stcExcluded = 0;
  for (const r of problem.readers[problem.projectLanguage[p]]) {
    const isStc = problem.stc[r] === 1;
    counts.readers++;
    if (isStc) counts.stcReaders++;
    if (contains(problem.conflictList, problem.conflictStart[p], problem.conflictStart[p + 1], r)) {
      counts.conflicted++;
      if (isStc) stcConflicted++;
      continue;
    }
    if (contains(problem.excludedList, problem.excludedStart[p], problem.excludedStart[p + 1], r)) {
      counts.excluded++;
      if (isStc) stcExcluded++;
      continue;
    }
    counts.eligible++;
    if (isStc) counts.eligibleStc++;
    if (!onProject.has(r) && assignedCount[r] >= problem.capacity[r]) {
      counts.eligibleFull++;
      if (isStc) counts.eligibleStcFull++;
    }
  }
  const filled = chosen.length;
  const leadMissing = project.needsLead && !chosen.some((r) => problem.stc[r] === 1);
  const reasons: ShortfallReason[] = [];
  if (leadMissing) {
    if (counts.stcReaders === 0) {
      reasons.push({ code: 'NO_STC_MEMBER_FOR_LANGUAGE', scope: 'lead', language });
    } else if (counts.eligibleStc === 0) {
      reasons.push(
        stcExcluded === 0
          ? { code: 'ALL_CANDIDATES_CONFLICTED', scope: 'lead', conflicted: stcConflicted }
          : { code: 'ALL_CANDIDATES_EXCLUDED', scope: 'lead', conflicted: stcConflicted, excluded: stcExcluded },
      );
    } else {
      reasons.push({ code: 'CAPACITY_EXHAUSTED', scope: 'lead', full: counts.eligibleStcFull });
    }
  }
  const memberMissing = project.slots - filled - (leadMissing ? 1 : 0);
  if (memberMissing > 0) {
    if (counts.readers === 0) {
      reasons.push({ code: 'NO_REVIEWER_FOR_LANGUAGE', scope: 'member', language });
    } else if (counts.eligible === 0) {
      reasons.push(
        counts.excluded === 0
          ? { code: 'ALL_CANDIDATES_CONFLICTED', scope: 'member', conflicted: counts.conflicted }
          : { code: 'ALL_CANDIDATES_EXCLUDED', scope: 'member', conflicted: counts.conflicted, excluded: counts.excluded },
      );
    } else {
      if (counts.eligible < project.slots) {
        reasons.push({ code: 'NOT_ENOUGH_CANDIDATES', scope: 'member', eligible: counts.eligible, slots: project.slots });
      }
      if (counts.eligibleFull > 0) reasons.push({ code: 'CAPACITY_EXHAUSTED', scope: 'member', full: counts.eligibleFull });
    }
  }
  const candidates: CandidateCounts = counts;
  return {
    projectId: project.id,
    slots: project.slots,
    filled,
    missing: project.slots - filled,
    leadMissing,
    reasons,
    candidates,
  };
}
