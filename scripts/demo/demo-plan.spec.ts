import { COUNTRIES, criteriaOf, evaluate, REFERENCE_FRAMEWORK, type Review } from '@fasp/core';
import { REVIEWER_POOL } from './demo-content';
import { FULL_SIZE, interleave, largestRemainder, NETWORK_COLLEGES, NETWORK_REGIONS, planDemo, planOrganizations, planRatings, random } from './demo-plan';

const tally = (values: string[]) => values.reduce<Record<string, number>>((acc, value) => ({ ...acc, [value]: (acc[value] ?? 0) + 1 }), {});
const withoutZeros = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

describe('demo plan: organisations in the proportions of the network', () => {
  it('apportions 60 organisations by largest remainders, worked by hand', () => {
    // Regions (858): Europe 27.34, Africa 11.05, Asia & Pacific 8.32, North America 7.83, Latin America 5.45:
    // floors 58, the two seats left go to North America (.83) and Latin America (.45).
    expect(largestRemainder(NETWORK_REGIONS, 60)).toEqual({ europe: 27, africa: 11, asia_pacific: 8, north_america: 8, latin_america_caribbean: 6 });
    // Colleges (869): NGO 20.64, BUS 19.82, SCI 8.01, PROD 4.83, GOV 4.07, IO 1.86, FUND 0.76:
    // floors 56, the four left go to IO (.86), PROD (.83), BUS (.82), FUND (.76).
    expect(largestRemainder(NETWORK_COLLEGES, 60)).toEqual({ NGO: 20, BUS: 20, SCI: 8, PROD: 5, GOV: 4, IO: 2, FUND: 1 });
  });

  it.each([1, 7, 10, 40, 60, 61, 100, 869])('always hands out exactly %i seats, each within one of its quota', (total) => {
    for (const weights of [NETWORK_REGIONS, NETWORK_COLLEGES] as Array<Record<string, number>>) {
      const seats = largestRemainder(weights, total);
      const sum = Object.values(weights).reduce((acc, value) => acc + value, 0);
      expect(Object.values(seats).reduce((acc, value) => acc + value, 0)).toBe(total);
      for (const [key, weight] of Object.entries(weights)) expect(Math.abs(seats[key] - (weight * total) / sum)).toBeLessThan(1);
    }
  });

  it('interleaves labels so that every prefix stays close to the proportions, ending exactly on the counts', () => {
    const counts = { a: 27, b: 11, c: 8, d: 8, e: 6 };
    const sequence = interleave(counts);
    expect(tally(sequence)).toEqual(counts);
    for (let prefix = 1; prefix <= sequence.length; prefix++) {
      const seen = tally(sequence.slice(0, prefix));
      for (const [key, count] of Object.entries(counts)) expect(Math.abs((seen[key] ?? 0) - (count * prefix) / 60)).toBeLessThan(1.5);
    }
  });

  it.each([10, 60])('plans %i organisations with both marginals exact, each in a country of its region', (count) => {
    const organizations = planOrganizations(count);
    expect(tally(organizations.map((organization) => organization.region))).toEqual(withoutZeros(largestRemainder(NETWORK_REGIONS, count)));
    expect(tally(organizations.map((organization) => organization.college))).toEqual(withoutZeros(largestRemainder(NETWORK_COLLEGES, count)));
    for (const organization of organizations) {
      expect(COUNTRIES.find((country) => country.code === organization.country.code)?.region).toBe(organization.region);
      expect(organization.country.sites).toContain(organization.site);
    }
  });

  it('gives the 40 dossiers of the full demo a spread close to the network: every region and the three languages', () => {
    const plan = planDemo(FULL_SIZE);
    const regions = tally(plan.projects.map((project) => project.organization.region));
    const quotas = largestRemainder(NETWORK_REGIONS, 40);
    for (const [region, quota] of Object.entries(quotas)) expect(Math.abs((regions[region] ?? 0) - quota)).toBeLessThanOrEqual(1);
    const languages = tally(plan.projects.map((project) => project.language));
    expect(Object.keys(languages).sort()).toEqual(['en', 'es', 'fr']);
    expect(Math.min(...Object.values(languages))).toBeGreaterThanOrEqual(4);
  });
});

describe('demo plan: what happens to each dossier', () => {
  it('plans the full demo: one refusal, information requests, a decline, divergence, a safeguard risk, revisions', () => {
    const plan = planDemo(FULL_SIZE);
    expect(plan.counts).toMatchObject({ refused: 1, safeguard_risk: 1, divergence: 2, revision: 6, revision_not_positive: 2, weak: 5, positive_no_consent: 1, positive: 22, infoRequest: 2, decline: 1 });
    expect(tally(plan.projects.map((project) => project.finalStage))).toEqual({ published: 30, completed: 9, not_admitted: 1 });
    // information requests and the decline fall on plain positive dossiers
    for (const project of plan.projects.filter((candidate) => candidate.infoRequest || candidate.decline)) expect(project.scenario).toBe('positive');
    expect(plan.reviewerCapacity).toBe(9);
  });

  it('keeps every scenario in the reduced demo of the end-to-end test', () => {
    const plan = planDemo({ organizations: 10, reviewers: 6, projects: 8 });
    expect(tally(plan.projects.map((project) => project.scenario))).toEqual({ refused: 1, safeguard_risk: 1, divergence: 1, revision: 2, weak: 1, positive: 2 });
    expect(plan.counts).toMatchObject({ infoRequest: 1, decline: 1 });
    expect(new Set(plan.projects.map((project) => project.language))).toEqual(new Set(['en', 'fr', 'es']));
  });

  it('is the same plan every time for a size', () => {
    expect(JSON.stringify(planDemo(FULL_SIZE))).toBe(JSON.stringify(planDemo(FULL_SIZE)));
  });

  it('has enough reviewers for every seat: per language, for leads (STC members) and in total', () => {
    for (const size of [FULL_SIZE, { organizations: 10, reviewers: 6, projects: 8 }]) {
      const plan = planDemo(size);
      const pool = REVIEWER_POOL.slice(0, size.reviewers);
      const admitted = plan.projects.filter((project) => project.scenario !== 'refused');
      const seats = admitted.length * plan.reviewersPerProject + plan.counts.decline + plan.counts.divergence;
      expect(pool.length * plan.reviewerCapacity).toBeGreaterThanOrEqual(1.5 * seats);
      for (const language of ['en', 'fr', 'es'] as const) {
        const projects = admitted.filter((project) => project.language === language).length;
        const readers = pool.filter((reviewer) => reviewer.languages.includes(language));
        const leads = readers.filter((reviewer) => reviewer.stcMember);
        expect({ language, readers: readers.length >= 3 }).toEqual({ language, readers: true });
        expect(readers.length * plan.reviewerCapacity).toBeGreaterThanOrEqual(projects * (plan.reviewersPerProject + 1));
        expect(leads.length * plan.reviewerCapacity).toBeGreaterThanOrEqual(projects);
      }
    }
  });

  it('plans ratings that the framework rules judge as the plan says, round by round, with divergence only where planned', () => {
    const criteria = criteriaOf(REFERENCE_FRAMEWORK).map((criterion) => ({ code: criterion.code, step: criterion.step, naAllowed: criterion.naAllowed }));
    for (const size of [FULL_SIZE, { organizations: 10, reviewers: 6, projects: 8 }]) {
      for (const project of planDemo(size).projects) {
        project.outcomes.forEach((outcome, index) => {
          const round = index + 1;
          const seats = project.scenario === 'divergence' && round === 1 ? 3 : 2;
          const reviews: Review[] = Array.from({ length: seats }, (_, seat) => {
            const planned = planRatings({ criteria, project, round, seat, rng: random(`review:${project.index}:${round}:${seat}`) });
            return {
              reviewerId: `reviewer-${seat}`,
              ratings: Object.fromEntries(
                criteria.map((criterion) => [criterion.code, { score: planned.scores[criterion.code], ...(criterion.step === 1 && { harm: planned.harms[criterion.code] }) }]),
              ),
            } as Review;
          });
          const lastRound = round === 2;
          const evaluation = evaluate(REFERENCE_FRAMEWORK, reviews.slice(0, 2), { lastRound });
          const what = { project: project.index, scenario: project.scenario, round };
          // the first two reviews diverge only on the divergence project's first round
          expect({ ...what, divergence: evaluation.divergence.map((flag) => flag.criterion) }).toEqual({ ...what, divergence: project.scenario === 'divergence' && round === 1 ? ['3.1'] : [] });
          const final = evaluate(REFERENCE_FRAMEWORK, reviews, { lastRound });
          expect({ ...what, allowed: final.allowedOutcomes.includes(outcome) }).toEqual({ ...what, allowed: true });
          if (project.scenario === 'safeguard_risk') expect(final.safeguards.verdict).toBe('risk');
        });
      }
    }
  });
});
