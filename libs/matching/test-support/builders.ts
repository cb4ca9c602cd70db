import type { MatchingProject, MatchingReviewer } from '../src/types';

// Builders for tests: every field has a neutral default, each test sets only what it is about.

export function aProject(id: string, overrides: Partial<MatchingProject> = {}): MatchingProject {
  return { id, language: 'en', slots: 1, needsLead: false, ...overrides };
}

export function aReviewer(id: string, overrides: Partial<MatchingReviewer> = {}): MatchingReviewer {
  return { id, languages: ['en'], stcMember: false, capacity: 5, currentLoad: 0, ...overrides };
}
