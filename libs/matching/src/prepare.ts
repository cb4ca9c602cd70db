import { compareIds, MatchingInputError, resolveSettings, tagsOf } from './affinity';
import { AFFINITY_TERMS, type AffinityWeights, type MatchingInput, type MatchingProject, type MatchingReviewer } from './types';

// The input compiled once into arrays indexed by position. Projects and reviewers are sorted by
// id first: every later step depends only on this canonical order, so the result does not depend
// on the order of the input arrays (nor on the order of tags inside them).

/** A run's input, validated, sorted by id, with tags and conflicts turned into numbers. */
export interface PreparedProblem {
  readonly projects: readonly MatchingProject[];
  readonly reviewers: readonly MatchingReviewer[];
  readonly weights: AffinityWeights;
  readonly loadStep: number;
  /** Distinct languages, sorted; index = language index. */
  readonly languages: readonly string[];
  readonly projectLanguage: Int32Array;
  readonly slots: Int32Array;
  readonly needsLead: Uint8Array;
  /** Bit l set when the reviewer reads language l. */
  readonly reviewerLanguages: Int32Array;
  readonly stc: Uint8Array;
  readonly capacity: Int32Array;
  readonly baseLoad: Int32Array;
  /** Per language, the reviewers who read it, by index. */
  readonly readers: readonly Int32Array[];
  /** Per project (CSR), reviewers with a conflict of interest, sorted. */
  readonly conflictStart: Int32Array;
  readonly conflictList: Int32Array;
  /** Per project (CSR), reviewers excluded by the caller and not conflicted, sorted. */
  readonly excludedStart: Int32Array;
  readonly excludedList: Int32Array;
  /** Per project, the highest affinity any reviewer could have with it. */
  readonly maxProjectAffinity: Int32Array;
  /** The highest affinity over all projects. */
  readonly maxAffinity: number;
  /** Integer affinity of reviewer r for project p; equals computeAffinity(...).total. */
  affinity(r: number, p: number): number;
}

/** Bits set in a 32-bit word. */
function popcount(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

function assertCount(value: unknown, what: string, max: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new MatchingInputError('INVALID_INPUT', `${what} must be an integer between 0 and ${max}`);
  }
}

function assertId(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value === '') throw new MatchingInputError('INVALID_INPUT', `${what} must be a non-empty string`);
}

function sortById<T extends { readonly id: string }>(items: readonly T[], what: string): T[] {
  const sorted = [...items].sort((a, b) => compareIds(a.id, b.id));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].id === sorted[i - 1].id) throw new MatchingInputError('DUPLICATE_ID', `duplicate ${what} id ${sorted[i].id}`);
  }
  return sorted;
}

function validate(input: MatchingInput): void {
  if (!Array.isArray(input.projects) || !Array.isArray(input.reviewers)) {
    throw new MatchingInputError('INVALID_INPUT', 'projects and reviewers must be arrays');
  }
  for (const project of input.projects) {
    assertId(project.id, 'project id');
    assertId(project.language, `language of project ${project.id}`);
    assertCount(project.slots, `slots of project ${project.id}`, 1_000);
    if (typeof project.needsLead !== 'boolean') {
      throw new MatchingInputError('INVALID_INPUT', `needsLead of project ${project.id} must be a boolean`);
    }
    if (project.needsLead && project.slots === 0) {
      throw new MatchingInputError('INVALID_INPUT', `project ${project.id} needs a lead but has no slot`);
    }
  }
  for (const reviewer of input.reviewers) {
    assertId(reviewer.id, 'reviewer id');
    if (!Array.isArray(reviewer.languages)) {
      throw new MatchingInputError('INVALID_INPUT', `languages of reviewer ${reviewer.id} must be an array`);
    }
    if (typeof reviewer.stcMember !== 'boolean') {
      throw new MatchingInputError('INVALID_INPUT', `stcMember of reviewer ${reviewer.id} must be a boolean`);
    }
    assertCount(reviewer.capacity, `capacity of reviewer ${reviewer.id}`, 100_000);
    assertCount(reviewer.currentLoad, `currentLoad of reviewer ${reviewer.id}`, 100_000);
  }
}

/** Appends `value` to the list kept under `key`. */
function index(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function sortedUnique(values: number[]): number[] {
  values.sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[i - 1]) values[n++] = values[i];
  values.length = n;
  return values;
}

export function prepare(input: MatchingInput): PreparedProblem {
  validate(input);
  const { weights, loadStep } = resolveSettings(input.settings);
  const projects = sortById(input.projects, 'project');
  const reviewers = sortById(input.reviewers, 'reviewer');
  const P = projects.length;
  const R = reviewers.length;

  const languages = [...new Set([...projects.map((p) => p.language), ...reviewers.flatMap((r) => r.languages)])].sort(compareIds);
  if (languages.length > 30) throw new MatchingInputError('INVALID_INPUT', 'more than 30 distinct languages');
  const languageIndex = new Map(languages.map((language, i) => [language, i]));

  const projectLanguage = new Int32Array(P);
  const slots = new Int32Array(P);
  const needsLead = new Uint8Array(P);
  projects.forEach((project, p) => {
    projectLanguage[p] = languageIndex.get(project.language)!;
    slots[p] = project.slots;
    needsLead[p] = project.needsLead ? 1 : 0;
  });
  const reviewerLanguages = new Int32Array(R);
  const stc = new Uint8Array(R);
  const capacity = new Int32Array(R);
  const baseLoad = new Int32Array(R);
  const readerLists: number[][] = languages.map(() => []);
  reviewers.forEach((reviewer, r) => {
    for (const language of reviewer.languages) reviewerLanguages[r] |= 1 << languageIndex.get(language)!;
    for (let l = 0; l < languages.length; l++) if (reviewerLanguages[r] & (1 << l)) readerLists[l].push(r);
    stc[r] = reviewer.stcMember ? 1 : 0;
    capacity[r] = reviewer.capacity;
    baseLoad[r] = reviewer.currentLoad;
  });

  // Conflicts: inverted indexes from organisation, person and project ids to reviewers, then one
  // pass over the projects. Cost is proportional to the conflicts found, not to P x R.
  const reviewerById = new Map(reviewers.map((reviewer, r) => [reviewer.id, r]));
  const members = new Map<string, number[]>();
  const declaredOrganisation = new Map<string, number[]>();
  const declaredPerson = new Map<string, number[]>();
  const declaredProject = new Map<string, number[]>();
  reviewers.forEach((reviewer, r) => {
    for (const id of reviewer.organisationIds ?? []) index(members, id, r);
    for (const id of reviewer.conflicts?.organisationIds ?? []) index(declaredOrganisation, id, r);
    for (const id of reviewer.conflicts?.personIds ?? []) index(declaredPerson, id, r);
    for (const id of reviewer.conflicts?.projectIds ?? []) index(declaredProject, id, r);
  });
  const conflictStart = new Int32Array(P + 1);
  const excludedStart = new Int32Array(P + 1);
  const conflictChunks: number[][] = [];
  const excludedChunks: number[][] = [];
  projects.forEach((project, p) => {
    const conflicted: number[] = [];
    const organisations = [
      ...(project.holderOrganisationId ? [project.holderOrganisationId] : []),
      ...(project.partnerOrganisationIds ?? []),
    ];
    for (const id of organisations) {
      conflicted.push(...(members.get(id) ?? []), ...(declaredOrganisation.get(id) ?? []));
    }
    for (const id of project.namedPersonIds ?? []) {
      const named = reviewerById.get(id);
      if (named !== undefined) conflicted.push(named);
      conflicted.push(...(declaredPerson.get(id) ?? []));
    }
    conflicted.push(...(declaredProject.get(project.id) ?? []));
    sortedUnique(conflicted);
    const conflictSet = new Set(conflicted);
    const excluded: number[] = [];
    for (const id of project.excludedReviewerIds ?? []) {
      const r = reviewerById.get(id);
      if (r !== undefined && !conflictSet.has(r)) excluded.push(r);
    }
    sortedUnique(excluded);
    conflictChunks.push(conflicted);
    excludedChunks.push(excluded);
    conflictStart[p + 1] = conflictStart[p] + conflicted.length;
    excludedStart[p + 1] = excludedStart[p] + excluded.length;
  });
  const conflictList = Int32Array.from(conflictChunks.flat());
  const excludedList = Int32Array.from(excludedChunks.flat());

  // Affinity as bitsets: per term, the vocabulary is the set of tags some project carries (a
  // reviewer tag no project carries can never match). Each entity gets W words laid end to end.
  const termWeight: number[] = [];
  const termCap: number[] = [];
  const termOffset: number[] = [0];
  const vocabularies: Map<string, number>[] = [];
  for (const term of AFFINITY_TERMS) {
    const vocabulary = new Map<string, number>();
    for (const project of projects) for (const tag of tagsOf(project, term)) if (!vocabulary.has(tag)) vocabulary.set(tag, vocabulary.size);
    vocabularies.push(vocabulary);
    termWeight.push(weights[term].weight);
    termCap.push(weights[term].cap);
    termOffset.push(termOffset[termOffset.length - 1] + Math.ceil(vocabulary.size / 32));
  }
  const W = termOffset[AFFINITY_TERMS.length];
  const projectBits = new Int32Array(P * W);
  const reviewerBits = new Int32Array(R * W);
  const setBits = (bits: Int32Array, base: number, entity: MatchingProject | MatchingReviewer): void => {
    AFFINITY_TERMS.forEach((term, t) => {
      for (const tag of tagsOf(entity, term)) {
        const bit = vocabularies[t].get(tag);
        if (bit !== undefined) bits[base + termOffset[t] + (bit >>> 5)] |= 1 << (bit & 31);
      }
    });
  };
  projects.forEach((project, p) => setBits(projectBits, p * W, project));
  reviewers.forEach((reviewer, r) => setBits(reviewerBits, r * W, reviewer));

  // Per project, the terms that can score at all, as (weight, cap, first word, end word) quads.
  const activeStart = new Int32Array(P + 1);
  const active: number[] = [];
  const maxProjectAffinity = new Int32Array(P);
  let maxAffinityOverall = 0;
  for (let p = 0; p < P; p++) {
    let bound = 0;
    for (let t = 0; t < AFFINITY_TERMS.length; t++) {
      if (termWeight[t] === 0 || termCap[t] === 0) continue;
      let count = 0;
      for (let w = termOffset[t]; w < termOffset[t + 1]; w++) count += popcount(projectBits[p * W + w]);
      if (count === 0) continue;
      active.push(termWeight[t], termCap[t], p * W + termOffset[t], p * W + termOffset[t + 1]);
      bound += termWeight[t] * Math.min(termCap[t], count);
    }
    activeStart[p + 1] = active.length;
    maxProjectAffinity[p] = bound;
    maxAffinityOverall = Math.max(maxAffinityOverall, bound);
  }
  const activeTerms = Int32Array.from(active);

  const affinity = (r: number, p: number): number => {
    let total = 0;
    const shift = r * W - p * W;
    for (let i = activeStart[p]; i < activeStart[p + 1]; i += 4) {
      let count = 0;
      for (let w = activeTerms[i + 2]; w < activeTerms[i + 3]; w++) {
        const both = projectBits[w] & reviewerBits[w + shift];
        if (both !== 0) count += popcount(both);
      }
      const cap = activeTerms[i + 1];
      total += activeTerms[i] * (count < cap ? count : cap);
    }
    return total;
  };

  return {
    projects,
    reviewers,
    weights,
    loadStep,
    languages,
    projectLanguage,
    slots,
    needsLead,
    reviewerLanguages,
    stc,
    capacity,
    baseLoad,
    readers: readerLists.map((list) => Int32Array.from(list)),
    conflictStart,
    conflictList,
    excludedStart,
    excludedList,
    maxProjectAffinity,
    maxAffinity: maxAffinityOverall,
    affinity,
  };
}

/**
 * Marks with `stamp` every reviewer that may not review project p (conflicted or excluded):
 * afterwards `marks[r] === stamp` means "ineligible for p". Stamps avoid clearing the array.
 */
export function markIneligible(problem: PreparedProblem, p: number, marks: Int32Array, stamp: number): void {
  for (let i = problem.conflictStart[p]; i < problem.conflictStart[p + 1]; i++) marks[problem.conflictList[i]] = stamp;
  for (let i = problem.excludedStart[p]; i < problem.excludedStart[p + 1]; i++) marks[problem.excludedList[i]] = stamp;
}
