import { aProject, aReviewer } from '../test-support/builders';
import { hardConstraintViolations } from '../test-support/brute-force';
import { greedyAssign } from './greedy-assign';
import type { MatchingInput } from './types';

describe('greedyAssign', () => {
  it('serves projects in id order, each taking the best reviewer left', () => {
    const input: MatchingInput = {
      // Listed out of order on purpose: p1 still chooses first.
      projects: [aProject('p2', { practices: ['biochar'] }), aProject('p1', { practices: ['biochar'] })],
      reviewers: [aReviewer('expert', { practices: ['biochar'], capacity: 1 }), aReviewer('novice')],
    };
    const result = greedyAssign(input);
    expect(hardConstraintViolations(input, result)).toEqual([]);
    expect(result.assignments.map((assignment) => [assignment.projectId, assignment.reviewers.map((seat) => seat.reviewerId)])).toEqual([
      ['p1', ['expert']],
      ['p2', ['novice']],
    ]);
    expect(result.stats.algorithm).toBe('greedy');
  });

  it('fills the lead slot first, with the best STC member', () => {
    const input: MatchingInput = {
      projects: [aProject('p1', { slots: 2, needsLead: true, practices: ['biochar'] })],
      reviewers: [
        aReviewer('expert', { practices: ['biochar'] }),
        aReviewer('stc-plain', { stcMember: true }),
        aReviewer('stc-expert', { stcMember: true, practices: ['biochar'] }),
      ],
    };
    expect(greedyAssign(input).assignments[0].reviewers.map((seat) => [seat.reviewerId, seat.role])).toEqual([
      ['stc-expert', 'lead'],
      ['expert', 'member'],
    ]);
  });

  it('weighs the load already held, and breaks ties by id', () => {
    const input: MatchingInput = {
      projects: [aProject('p1'), aProject('p2'), aProject('p3')],
      reviewers: [aReviewer('b'), aReviewer('a'), aReviewer('c', { currentLoad: 1 })],
    };
    // p1: a and b tie at load 0, a wins; p2: b (load 0) beats a and c (load 1); p3: a, b, c all at
    // load 1, a wins again.
    expect(greedyAssign(input).assignments.map((assignment) => assignment.reviewers[0].reviewerId)).toEqual(['a', 'b', 'a']);
  });

  it('stops at what is available and says why', () => {
    const input: MatchingInput = {
      projects: [aProject('p1', { slots: 2, needsLead: true }), aProject('p2', { slots: 1, needsLead: true })],
      reviewers: [aReviewer('stc', { stcMember: true, capacity: 1 }), aReviewer('a')],
    };
    const result = greedyAssign(input);
    expect(result.totals).toMatchObject({ slots: 3, filledSlots: 2, leadSlots: 2, filledLeadSlots: 1 });
    expect(result.shortfalls).toEqual([
      expect.objectContaining({ projectId: 'p2', leadMissing: true, reasons: [{ code: 'CAPACITY_EXHAUSTED', scope: 'lead', full: 1 }] }),
    ]);
  });
});
