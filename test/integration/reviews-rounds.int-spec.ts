import request from 'supertest';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { EngineWithUploads, startEngineWithUploads } from '../helpers/projects';
import { completeRatings, proposeAndRelease, ReviewSetup, startReview, submitAll, transitionNow, transitionsOf } from '../helpers/reviews';

interface Refusal {
  code: string;
  details: {
    failedGuards: string[];
    guards: {
      outcomeAllowed?: { allowedOutcomes: string[]; rules: Array<{ code: string; rule: string; forbids: string[] }>; explanation: string[] };
      roundsLeft?: { round: number; maxRounds: number };
    };
  };
}

/**
 * Review rounds are bounded by the call's `maxRounds`: in the last round `revise` is refused when
 * the lead proposes it and when the secretariat releases it, with the rule that refuses it.
 */
describe('reviews: bounded rounds', () => {
  let engine: EngineWithUploads;

  beforeAll(async () => {
    engine = await startEngineWithUploads();
  });
  afterAll(() => engine?.close());

  const reload = (id: string) => engine.dataSource.getRepository(Project).findOneByOrFail({ id });

  /** Weak reviews (revise and not_positive allowed unless the round is the last). */
  async function weakRound(setup: ReviewSetup): Promise<void> {
    await submitAll(engine, setup.seats, { ratings: completeRatings(1), overallRecommendation: 'revise' });
    expect((await reload(setup.project.id)).stage).toBe('consolidation');
  }

  async function expectLastRoundRefusals(setup: ReviewSetup, round: number, maxRounds: number): Promise<void> {
    // the outcome released last (none yet, or the previous round's revise) stays until this round's release
    const outcomeBefore = (await reload(setup.project.id)).outcome;
    const consolidation = await request(engine.url).get(`/api/projects/${setup.project.id}/consolidation`).set('authorization', setup.lead.reviewer.bearer).expect(200);
    expect(consolidation.body.round).toBe(round);
    expect(consolidation.body.evaluation.allowedOutcomes).toEqual(['not_positive']);

    // at the proposal
    const proposed = await transitionNow(engine, setup.lead.reviewer, setup.project.id, { action: 'propose_outcome', outcome: 'revise' });
    expect(proposed.status).toBe(422);
    const refusal = proposed.body as Refusal;
    expect(refusal.code).toBe('RULE_REFUSED');
    expect(refusal.details.failedGuards).toEqual(['outcomeAllowed']);
    expect(refusal.details.guards.outcomeAllowed!.rules).toEqual([expect.objectContaining({ code: 'ROUNDS_EXHAUSTED', forbids: ['revise'] })]);
    expect(refusal.details.guards.outcomeAllowed!.explanation).toEqual([expect.stringContaining('last review round')]);

    // at the release, whatever was proposed
    expect((await transitionNow(engine, setup.lead.reviewer, setup.project.id, { action: 'propose_outcome', outcome: 'not_positive' })).status).toBe(200);
    const released = await transitionNow(engine, setup.secretariat, setup.project.id, { action: 'release_feedback', outcome: 'revise' });
    expect(released.status).toBe(422);
    const releaseRefusal = released.body as Refusal;
    expect(releaseRefusal.code).toBe('RULE_REFUSED');
    expect(releaseRefusal.details.failedGuards).toEqual(expect.arrayContaining(['outcomeAllowed', 'roundsLeft']));
    expect(releaseRefusal.details.guards.roundsLeft).toEqual({ round, maxRounds });
    const project = await reload(setup.project.id);
    expect(project).toMatchObject({ stage: 'consolidation', round, outcome: outcomeBefore });

    // the outcome the rules allow goes through
    const done = await transitionNow(engine, setup.secretariat, setup.project.id, { action: 'release_feedback', outcome: 'not_positive' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ stage: 'completed', outcome: 'not_positive', round });
  }

  it('maxRounds = 1: revise is refused in round 1, at the proposal and at the release', async () => {
    const setup = await startReview(engine, { maxRounds: 1 });
    await weakRound(setup);
    await expectLastRoundRefusals(setup, 1, 1);
    expect((await transitionsOf(engine, setup.project.id)).map((row) => row.action)).not.toContain('resubmit');
  });

  it('maxRounds = 2: round 1 may revise; round 2 may not', async () => {
    const setup = await startReview(engine, { maxRounds: 2 });
    await weakRound(setup);
    const consolidation = await request(engine.url).get(`/api/projects/${setup.project.id}/consolidation`).set('authorization', setup.lead.reviewer.bearer).expect(200);
    expect(consolidation.body.evaluation.allowedOutcomes).toEqual(['not_positive', 'revise']);
    expect(await proposeAndRelease(engine, setup, 'revise')).toMatchObject({ stage: 'revision', round: 1 });
    // a revision can only be resubmitted, not released again
    const again = await transitionNow(engine, setup.secretariat, setup.project.id, { action: 'release_feedback', outcome: 'revise' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ILLEGAL_TRANSITION');
    expect((await transitionNow(engine, setup.holder, setup.project.id, { action: 'resubmit' })).status).toBe(200);
    expect(await reload(setup.project.id)).toMatchObject({ stage: 'review', round: 2 });

    await weakRound(setup);
    await expectLastRoundRefusals(setup, 2, 2);
  });

  it('an unclear safeguard forces revise while rounds are left, and not_positive in the last round', async () => {
    const unclear = (code: string) => (code === '1.3' ? 'unclear' : 'no_risk');
    const early = await startReview(engine, { maxRounds: 2 });
    await submitAll(engine, early.seats, { ratings: completeRatings(4, unclear) });
    const first = await request(engine.url).get(`/api/projects/${early.project.id}/consolidation`).set('authorization', early.lead.reviewer.bearer).expect(200);
    expect(first.body.evaluation.allowedOutcomes).toEqual(['revise']);
    const notPositive = await transitionNow(engine, early.lead.reviewer, early.project.id, { action: 'propose_outcome', outcome: 'not_positive' });
    expect(notPositive.status).toBe(422);
    expect((notPositive.body as Refusal).details.guards.outcomeAllowed!.rules.map((rule) => rule.code)).toEqual(['UNCLEAR_SAFEGUARD']);

    const last = await startReview(engine, { maxRounds: 1 });
    await submitAll(engine, last.seats, { ratings: completeRatings(4, unclear) });
    const only = await request(engine.url).get(`/api/projects/${last.project.id}/consolidation`).set('authorization', last.lead.reviewer.bearer).expect(200);
    expect(only.body.evaluation.allowedOutcomes).toEqual(['not_positive']);
    // the lead may settle the question by consolidating the judgement
    await request(engine.url).put(`/api/projects/${last.project.id}/consolidation`).set('authorization', last.lead.reviewer.bearer).send({ ratings: { '1.3': { harm: 'risk_mitigated' } } }).expect(200);
    expect(await proposeAndRelease(engine, last, 'positive')).toMatchObject({ stage: 'completed', outcome: 'positive' });
  });
});
