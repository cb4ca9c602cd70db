import { findConflicts } from './conflicts';
import { generateSyntheticCall, seededRandom } from './synthetic-call';

describe('generateSyntheticCall', () => {
  it('gives the same call for the same seed and another for another seed', () => {
    const options = { projects: 30, reviewers: 12, seed: 7 };
    expect(generateSyntheticCall(options)).toEqual(generateSyntheticCall(options));
    expect(generateSyntheticCall({ ...options, seed: 8 })).not.toEqual(generateSyntheticCall(options));
  });

  it('has the announced shape: K = 3 with a lead, skewed languages, about 30% STC and 5% conflicted pairs', () => {
    const { projects, reviewers } = generateSyntheticCall({ projects: 400, reviewers: 200, seed: 1 });
    expect(projects.every((project) => project.slots === 3 && project.needsLead)).toBe(true);
    const share = (count: number, total: number) => count / total;
    expect(share(projects.filter((project) => project.language === 'en').length, projects.length)).toBeGreaterThan(0.5);
    expect(share(projects.filter((project) => project.language === 'es').length, projects.length)).toBeLessThan(0.25);
    const stc = share(reviewers.filter((reviewer) => reviewer.stcMember).length, reviewers.length);
    expect(stc).toBeGreaterThan(0.2);
    expect(stc).toBeLessThan(0.4);
    let conflicted = 0;
    for (const project of projects) for (const reviewer of reviewers) if (findConflicts(reviewer, project).length > 0) conflicted++;
    const rate = share(conflicted, projects.length * reviewers.length);
    expect(rate).toBeGreaterThan(0.03);
    expect(rate).toBeLessThan(0.07);
    // Total capacity is about 1.2 x the slots.
    const capacity = reviewers.reduce((sum, reviewer) => sum + reviewer.capacity, 0);
    expect(share(capacity, 3 * projects.length)).toBeGreaterThan(1.05);
    expect(share(capacity, 3 * projects.length)).toBeLessThan(1.35);
  });
});

describe('seededRandom', () => {
  it('yields the same numbers in [0, 1) for the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
  });
});
