import request from 'supertest';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { EngineWithUploads, startEngineWithUploads } from '../helpers/projects';
import { activeSeatsOf } from '../helpers/reviewers';
import { completeRatings, documentsOf, proposeAndRelease, startReview, submitAll, submitReviewWith, transitionNow, transitionsOf } from '../helpers/reviews';
import { waitForQueuesIdle } from '../helpers/test-engine';
import { eventually } from '../helpers/wait';

/**
 * The framework's rules applied by the API: the safeguard gate refuses a positive outcome with
 * the rule that refuses it, and diverging reviews bring one more reviewer when the call says so.
 */
describe('reviews, end to end: rules', () => {
  let engine: EngineWithUploads;

  beforeAll(async () => {
    engine = await startEngineWithUploads();
  });
  afterAll(() => engine?.close());

  const stageOf = async (projectId: string) => (await engine.dataSource.getRepository(Project).findOneByOrFail({ id: projectId })).stage;

  it('a positive proposal despite a safeguard judged at risk is refused with 422 naming the rule; not_positive goes through', async () => {
    const setup = await startReview(engine);
    const { project, lead, secretariat, holder, seats } = setup;
    // Strong scores everywhere, but one reviewer sees a risk on land tenure (1.2).
    await submitAll(engine, seats, (seat) => ({ ratings: completeRatings(4, (code) => (seat.role === 'member' && code === '1.2' ? 'risk' : 'no_risk')) }));
    const consolidation = await request(engine.url).get(`/api/projects/${project.id}/consolidation`).set('authorization', lead.reviewer.bearer).expect(200);
    expect(consolidation.body.evaluation.safeguards.verdict).toBe('risk');
    expect(consolidation.body.evaluation.allowedOutcomes).toEqual(['not_positive', 'revise']);

    const refused = await transitionNow(engine, lead.reviewer, project.id, { action: 'propose_outcome', outcome: 'positive' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('RULE_REFUSED');
    expect(refused.body.details.failedGuards).toEqual(['outcomeAllowed']);
    const guard = refused.body.details.guards.outcomeAllowed;
    expect(guard).toMatchObject({ outcome: 'positive', allowedOutcomes: ['not_positive', 'revise'] });
    expect(guard.rules).toEqual([expect.objectContaining({ code: 'SAFEGUARD_RISK', step: 1, criteria: ['1.2'], forbids: ['positive'] })]);
    expect(guard.rules[0].rule).toEqual(expect.stringContaining('safeguardGate'));
    expect(guard.explanation).toEqual([expect.stringContaining('1.2')]);
    // nothing was recorded
    expect((await request(engine.url).get(`/api/projects/${project.id}/consolidation`).set('authorization', secretariat.bearer).expect(200)).body.proposedOutcome).toBeNull();

    // The lead cannot argue the risk away with a consolidated score, only with a consolidated judgement.
    await request(engine.url).put(`/api/projects/${project.id}/consolidation`).set('authorization', lead.reviewer.bearer).send({ ratings: { '2.2': { score: 4 } } }).expect(200);
    expect((await transitionNow(engine, lead.reviewer, project.id, { action: 'propose_outcome', outcome: 'positive' })).status).toBe(422);

    // The secretariat cannot release a positive outcome either, even with another one proposed.
    expect((await transitionNow(engine, lead.reviewer, project.id, { action: 'propose_outcome', outcome: 'not_positive' })).status).toBe(200);
    const releasePositive = await transitionNow(engine, secretariat, project.id, { action: 'release_feedback', outcome: 'positive' });
    expect(releasePositive.status).toBe(422);
    expect(releasePositive.body).toMatchObject({ code: 'RULE_REFUSED', details: { failedGuards: ['outcomeAllowed'] } });
    expect(releasePositive.body.details.guards.outcomeAllowed.rules.map((rule: { code: string }) => rule.code)).toEqual(['SAFEGUARD_RISK']);

    const released = await transitionNow(engine, secretariat, project.id, { action: 'release_feedback', outcome: 'not_positive' });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ stage: 'completed', outcome: 'not_positive' });
    await waitForQueuesIdle(engine, 30000);
    // a report, no letter of support
    expect((await documentsOf(engine, project.id)).map(({ kind, outcome }) => `${kind}:${outcome}`)).toEqual(['report:not_positive']);
    const feedback = await request(engine.url).get(`/api/projects/${project.id}/feedback`).set('authorization', holder.bearer).expect(200);
    expect(feedback.body.outcome).toBe('not_positive');
    expect(feedback.body.reasons).toEqual([expect.stringContaining('1.2')]);
    expect(feedback.body.criteria.find((criterion: { code: string }) => criterion.code === '1.2').harm).toBe('risk');
    expect((await request(engine.url).get(`/api/projects/${project.id}/letter.pdf`).set('authorization', holder.bearer)).status).toBe(404);
    // and no publication of a project that is not positive
    await request(engine.url).put(`/api/projects/${project.id}/publication-consent`).set('authorization', holder.bearer).send({ consentToPublish: true }).expect(200);
    const publish = await transitionNow(engine, secretariat, project.id, { action: 'publish' });
    expect(publish.status).toBe(422);
    expect(publish.body).toMatchObject({ code: 'RULE_REFUSED', details: { failedGuards: ['outcomePositive'] } });
  });

  it('diverging reviews with divergenceAutoInvite: back to review with one more invitation, then to consolidation once that review is in', async () => {
    const setup = await startReview(engine, { divergenceAutoInvite: true, reviewersPerProject: 2, reviewers: 3 });
    const { project, lead, members, spares } = setup;
    expect(spares).toHaveLength(1);
    // 0 and 4 on criterion 3.1: a spread of 4 >= 2.
    expect((await submitReviewWith(engine, members[0], { ratings: completeRatings((code) => (code === '3.1' ? 0 : 3)) })).status).toBe(200);
    const last = await submitReviewWith(engine, lead, { ratings: completeRatings((code) => (code === '3.1' ? 4 : 3)) });
    expect(last.status).toBe(200);

    // In the transaction of the last submit: consolidation, then back to review with one extra seat.
    expect(await stageOf(project.id)).toBe('review');
    const reloaded = await engine.dataSource.getRepository(Project).findOneByOrFail({ id: project.id });
    expect(reloaded).toMatchObject({ extraReviewers: 1, round: 1 });
    expect((await transitionsOf(engine, project.id)).slice(-2)).toEqual([
      expect.objectContaining({ action: 'reviews_complete', fromStage: 'review', toStage: 'consolidation', actorRole: 'system' }),
      expect.objectContaining({ action: 'reopen_review', fromStage: 'consolidation', toStage: 'review', actorRole: 'system' }),
    ]);

    // The worker tops the project up with the spare reviewer.
    await waitForQueuesIdle(engine, 30000);
    const seats = await eventually(
      () => activeSeatsOf(engine, project.id),
      (active) => active.length === 3,
      { what: 'a third seat' },
    );
    const extra = seats.find((seat) => seat.status === 'invited')!;
    expect(extra).toMatchObject({ reviewerId: spares[0].id, role: 'member' });
    // the divergence is visible to the lead meanwhile
    const consolidation = await request(engine.url).get(`/api/projects/${project.id}/consolidation`).set('authorization', lead.reviewer.bearer).expect(200);
    expect(consolidation.body.evaluation.divergence).toEqual([expect.objectContaining({ criterion: '3.1', min: 0, max: 4, spread: 4 })]);

    await request(engine.url).post(`/api/assignments/${extra.id}/accept`).set('authorization', spares[0].bearer).expect(200);
    expect(await stageOf(project.id)).toBe('review');
    const third = { reviewer: spares[0], assignmentId: extra.id, role: 'member' as const };
    expect((await submitReviewWith(engine, third, { ratings: completeRatings((code) => (code === '3.1' ? 2 : 3)) })).status).toBe(200);

    // Now consolidation, for good: the round's extra reviewer was invited once.
    expect(await stageOf(project.id)).toBe('consolidation');
    const actions = (await transitionsOf(engine, project.id)).map((row) => row.action);
    expect(actions.filter((action) => action === 'reviews_complete')).toHaveLength(2);
    expect(actions.filter((action) => action === 'reopen_review')).toHaveLength(1);
    const after = await request(engine.url).get(`/api/projects/${project.id}/consolidation`).set('authorization', lead.reviewer.bearer).expect(200);
    expect(after.body.reviewsSubmitted).toBe(3);
    expect(after.body.evaluation.criteria.find((item: { code: string }) => item.code === '3.1')).toMatchObject({ n: 3, median: 2 });
    await waitForQueuesIdle(engine, 30000);
    expect(await activeSeatsOf(engine, project.id)).toHaveLength(3);
    // the round proceeds normally
    expect(await proposeAndRelease(engine, setup, 'positive')).toMatchObject({ stage: 'completed' });
  });

  it('when the extra reviewer declines and nobody else is free, the round ends with the reviews it has: consolidation', async () => {
    const setup = await startReview(engine, { divergenceAutoInvite: true, reviewersPerProject: 2, reviewers: 3 });
    const { project, lead, members, spares } = setup;
    await submitReviewWith(engine, members[0], { ratings: completeRatings((code) => (code === '3.1' ? 0 : 3)) });
    await submitReviewWith(engine, lead, { ratings: completeRatings((code) => (code === '3.1' ? 4 : 3)) });
    expect(await stageOf(project.id)).toBe('review');
    await waitForQueuesIdle(engine, 30000);
    const extra = (await eventually(() => activeSeatsOf(engine, project.id), (active) => active.some((seat) => seat.status === 'invited'), { what: 'the extra seat' })).find(
      (seat) => seat.status === 'invited',
    )!;
    await request(engine.url).post(`/api/assignments/${extra.id}/decline`).set('authorization', spares[0].bearer).send({ reason: 'away in the field all month' }).expect(200);
    // The top-up finds nobody (the other reviewers already sit on the project): nothing left to wait for.
    await waitForQueuesIdle(engine, 30000);
    expect(await eventually(() => stageOf(project.id), (stage) => stage === 'consolidation', { what: 'consolidation' })).toBe('consolidation');
    const actions = (await transitionsOf(engine, project.id)).map((row) => [row.action, row.actorRole]);
    expect(actions.slice(-3)).toEqual([
      ['reviews_complete', 'system'],
      ['reopen_review', 'system'],
      ['reviews_complete', 'system'],
    ]);
    const consolidation = await request(engine.url).get(`/api/projects/${project.id}/consolidation`).set('authorization', lead.reviewer.bearer).expect(200);
    expect(consolidation.body.reviewsSubmitted).toBe(2);
    expect(await proposeAndRelease(engine, setup, 'positive')).toMatchObject({ stage: 'completed' });
  });

  it('divergence again in round 2 brings one more reviewer again (once per round), on top of round 1 extra one', async () => {
    const setup = await startReview(engine, { divergenceAutoInvite: true, reviewersPerProject: 2, reviewers: 4, maxRounds: 2 });
    const { project, holder, lead, members, spares } = setup;
    const diverging = (low: boolean) => ({ ratings: completeRatings((code) => (code === '3.1' ? (low ? 0 : 4) : 1)), overallRecommendation: 'revise' });

    // Round 1: divergence, a third reviewer, then revise.
    await submitAll(engine, [members[0], lead], (seat) => diverging(seat.role === 'lead'));
    await waitForQueuesIdle(engine, 30000);
    const third = (await eventually(() => activeSeatsOf(engine, project.id), (active) => active.some((seat) => seat.status === 'invited'), { what: 'a third seat' })).find(
      (seat) => seat.status === 'invited',
    )!;
    const thirdReviewer = spares.find((spare) => spare.id === third.reviewerId)!;
    await request(engine.url).post(`/api/assignments/${third.id}/accept`).set('authorization', thirdReviewer.bearer).expect(200);
    const thirdSeat = { reviewer: thirdReviewer, assignmentId: third.id, role: 'member' as const };
    await submitAll(engine, [thirdSeat], { ratings: completeRatings((code) => (code === '3.1' ? 2 : 1)), overallRecommendation: 'revise' });
    expect(await stageOf(project.id)).toBe('consolidation');
    await proposeAndRelease(engine, setup, 'revise');
    expect((await transitionNow(engine, holder, project.id, { action: 'resubmit' })).status).toBe(200);
    expect(await engine.dataSource.getRepository(Project).findOneByOrFail({ id: project.id })).toMatchObject({ stage: 'review', round: 2 });

    // Round 2: the three re-review, and diverge again.
    await submitAll(engine, [members[0], thirdSeat, lead], (seat) => diverging(seat.role === 'lead'));
    expect(await stageOf(project.id)).toBe('review');
    await waitForQueuesIdle(engine, 30000);
    const fourth = (await eventually(() => activeSeatsOf(engine, project.id), (active) => active.some((seat) => seat.status === 'invited'), { what: 'a fourth seat', timeoutMs: 5000 })).find(
      (seat) => seat.status === 'invited',
    )!;
    const fourthReviewer = spares.find((spare) => spare.id === fourth.reviewerId)!;
    expect(fourthReviewer).toBeDefined();
    expect(fourthReviewer.id).not.toBe(thirdReviewer.id);
    await request(engine.url).post(`/api/assignments/${fourth.id}/accept`).set('authorization', fourthReviewer.bearer).expect(200);
    await submitAll(engine, [{ reviewer: fourthReviewer, assignmentId: fourth.id, role: 'member' }], { ratings: completeRatings(2) });
    expect(await stageOf(project.id)).toBe('consolidation');
    expect((await transitionsOf(engine, project.id)).filter((row) => row.action === 'reopen_review').map((row) => row.round)).toEqual([1, 2]);
    expect(await activeSeatsOf(engine, project.id)).toHaveLength(4);
  });

  it('diverging reviews without divergenceAutoInvite: the project stays in consolidation, flagged', async () => {
    const setup = await startReview(engine, { divergenceAutoInvite: false, reviewersPerProject: 2, reviewers: 3 });
    const { project, lead, members } = setup;
    await submitAll(engine, [members[0], lead], (seat) => ({ ratings: completeRatings((code) => (code === '3.1' ? (seat.role === 'lead' ? 4 : 0) : 3)) }));
    expect(await stageOf(project.id)).toBe('consolidation');
    await waitForQueuesIdle(engine, 30000);
    expect(await activeSeatsOf(engine, project.id)).toHaveLength(2);
    expect((await engine.dataSource.getRepository(Project).findOneByOrFail({ id: project.id })).extraReviewers).toBe(0);
    const actions = (await transitionsOf(engine, project.id)).map((row) => row.action);
    expect(actions.filter((action) => action === 'reviews_complete')).toHaveLength(1);
    expect(actions).not.toContain('reopen_review');
    const consolidation = await request(engine.url).get(`/api/projects/${project.id}/consolidation`).set('authorization', lead.reviewer.bearer).expect(200);
    expect(consolidation.body.evaluation.divergence).toEqual([expect.objectContaining({ criterion: '3.1', spread: 4 })]);
    // divergence restricts no outcome
    expect(consolidation.body.evaluation.allowedOutcomes).toEqual(['positive', 'not_positive', 'revise']);
  });
});
