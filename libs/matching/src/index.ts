export * from './types';
export {
  DEFAULT_AFFINITY_WEIGHTS,
  DEFAULT_LOAD_STEP,
  MatchingInputError,
  computeAffinity,
  loadPenalty,
  maxAffinity,
  resolveSettings,
} from './affinity';
export { findConflicts, isEligible } from './conflicts';
export { assignReviewers, type SolverOptions } from './assign-reviewers';
export { greedyAssign } from './greedy-assign';
export { generateSyntheticCall, seededRandom, type SyntheticCallOptions } from './synthetic-call';
