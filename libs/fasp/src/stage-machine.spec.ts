import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { OUTCOMES, type Outcome } from './framework';
import {
  ACTIONS,
  FINAL_STAGES,
  GUARDS,
  ROLES,
  STAGES,
  STAGE_EVENTS,
  STAGE_MACHINE,
  availableActions,
  decide,
  guardsFor,
  isAction,
  isFinalStage,
  isRole,
  isStage,
  stageMachineMermaid,
  transitionFor,
  type Action,
  type Guard,
  type GuardResults,
  type Role,
  type Stage,
} from './stage-machine';

// The expected machine, written out independently of the table so that a slip in either shows.
// `to` is a stage, or the stage per outcome for release_feedback.
interface Expected {
  to: Stage | Record<Outcome, Stage>;
  roles: Role[];
  guards: Guard[] | Record<Outcome, Guard[]>;
}
const NON_FINAL_WITHDRAWABLE: Stage[] = ['draft', 'submitted', 'info_requested', 'assignment', 'review', 'consolidation', 'revision'];
const EXPECTED: Record<string, Expected> = {
  'draft|submit': { to: 'submitted', roles: ['holder'], guards: ['dossierComplete', 'callOpen'] },
  'submitted|admit': { to: 'assignment', roles: ['secretariat'], guards: ['dossierComplete', 'organisationExists', 'objectiveServed'] },
  'submitted|request_info': { to: 'info_requested', roles: ['secretariat'], guards: ['reasonGiven'] },
  'submitted|refuse': { to: 'not_admitted', roles: ['secretariat'], guards: ['reasonGiven'] },
  'info_requested|resubmit': { to: 'submitted', roles: ['holder'], guards: ['dossierComplete'] },
  'assignment|assignment_complete': { to: 'review', roles: ['system'], guards: ['kAccepted'] },
  'review|reviews_complete': { to: 'consolidation', roles: ['system'], guards: ['reviewsAllSubmitted'] },
  'consolidation|propose_outcome': { to: 'consolidation', roles: ['lead'], guards: ['outcomeAllowed'] },
  'consolidation|release_feedback': {
    to: { positive: 'completed', not_positive: 'completed', revise: 'revision' },
    roles: ['secretariat'],
    guards: {
      positive: ['outcomeProposed', 'outcomeAllowed'],
      not_positive: ['outcomeProposed', 'outcomeAllowed'],
      revise: ['outcomeProposed', 'outcomeAllowed', 'roundsLeft'],
    },
  },
  'consolidation|reopen_review': { to: 'review', roles: ['system'], guards: ['divergenceFlagged', 'autoInviteEnabled'] },
  'revision|resubmit': { to: 'review', roles: ['holder'], guards: ['dossierComplete'] },
  'completed|publish': { to: 'published', roles: ['secretariat'], guards: ['outcomePositive', 'holderConsent'] },
  ...Object.fromEntries(NON_FINAL_WITHDRAWABLE.map((stage) => [`${stage}|withdraw`, { to: 'withdrawn', roles: ['holder'], guards: [] }])),
};

const ALL_TRUE: GuardResults = Object.fromEntries(GUARDS.map((guard) => [guard, true]));
const PAIRS: [Stage, Action][] = STAGES.flatMap((stage) => ACTIONS.map((action): [Stage, Action] => [stage, action]));
const LEGAL = PAIRS.filter(([stage, action]) => EXPECTED[`${stage}|${action}`] !== undefined);
const ILLEGAL = PAIRS.filter(([stage, action]) => EXPECTED[`${stage}|${action}`] === undefined);

/** The outcomes to try for a pair: each of them where the target depends on it, else none. */
const outcomesFor = (expected: Expected): (Outcome | undefined)[] => (typeof expected.to === 'string' ? [undefined] : [...OUTCOMES]);
const expectedTo = (expected: Expected, outcome: Outcome | undefined): Stage =>
  typeof expected.to === 'string' ? expected.to : expected.to[outcome as Outcome];
const expectedGuards = (expected: Expected, outcome: Outcome | undefined): Guard[] =>
  Array.isArray(expected.guards) ? expected.guards : expected.guards[outcome as Outcome];

describe('STAGE_MACHINE', () => {
  it('covers the 132 (stage, action) pairs: 19 legal, 113 illegal', () => {
    expect(PAIRS).toHaveLength(STAGES.length * ACTIONS.length);
    expect(LEGAL).toHaveLength(19);
    expect(ILLEGAL).toHaveLength(113);
    expect(STAGE_MACHINE.map((transition) => `${transition.from}|${transition.action}`).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(LEGAL)('legal: %s + %s', (stage, action) => {
    const expected = EXPECTED[`${stage}|${action}`];

    it.each(outcomesFor(expected))('moves to the expected stage (outcome %p) with the allowed role and all guards true', (outcome) => {
      const decision = decide(stage, action, [expected.roles[0]], ALL_TRUE, outcome);
      expect(decision).toMatchObject({ ok: true, from: stage, action, to: expectedTo(expected, outcome) });
      if (decision.ok) expect([...decision.guards]).toEqual(expectedGuards(expected, outcome));
    });

    it('names the guards the caller must evaluate', () => {
      for (const outcome of outcomesFor(expected)) {
        expect([...guardsFor(stage, action, outcome)]).toEqual(expectedGuards(expected, outcome));
      }
    });

    it.each(ROLES.filter((role) => !expected.roles.includes(role)))('refuses the role %s', (role) => {
      expect(decide(stage, action, [role], ALL_TRUE, outcomesFor(expected)[0])).toEqual({
        ok: false,
        reason: 'ROLE_NOT_ALLOWED',
        allowedRoles: expected.roles,
      });
    });

    it('refuses an actor without roles, and accepts one with several', () => {
      expect(decide(stage, action, [], ALL_TRUE, outcomesFor(expected)[0])).toMatchObject({ ok: false, reason: 'ROLE_NOT_ALLOWED' });
      expect(decide(stage, action, ['reviewer', ...expected.roles], ALL_TRUE, outcomesFor(expected)[0])).toMatchObject({ ok: true });
    });

    it('fails on each guard that is false or missing, naming it', () => {
      for (const outcome of outcomesFor(expected)) {
        const guards = expectedGuards(expected, outcome);
        for (const guard of guards) {
          expect(decide(stage, action, expected.roles, { ...ALL_TRUE, [guard]: false }, outcome)).toEqual({
            ok: false,
            reason: 'GUARD_FAILED',
            failedGuards: [guard],
          });
          const missing: Partial<Record<Guard, boolean>> = { ...ALL_TRUE };
          delete missing[guard];
          expect(decide(stage, action, expected.roles, missing, outcome)).toEqual({ ok: false, reason: 'GUARD_FAILED', failedGuards: [guard] });
        }
        const none = decide(stage, action, expected.roles, {}, outcome);
        expect(none).toEqual(guards.length === 0 ? expect.objectContaining({ ok: true }) : { ok: false, reason: 'GUARD_FAILED', failedGuards: guards });
      }
    });
  });

  it.each(ILLEGAL)('illegal: %s + %s is refused whoever asks', (stage, action) => {
    expect(transitionFor(stage, action)).toBeUndefined();
    expect(guardsFor(stage, action)).toEqual([]);
    expect(decide(stage, action, [...ROLES], ALL_TRUE, 'positive')).toEqual({ ok: false, reason: 'ILLEGAL_TRANSITION' });
    expect(decide(stage, action, [...ROLES], ALL_TRUE)).toEqual({ ok: false, reason: 'ILLEGAL_TRANSITION' });
  });

  it('refuses an unknown stage or action read from storage as illegal', () => {
    expect(decide('archived' as Stage, 'submit', ['holder'], ALL_TRUE)).toEqual({ ok: false, reason: 'ILLEGAL_TRANSITION' });
    expect(decide('draft', 'delete' as Action, ['holder'], ALL_TRUE)).toEqual({ ok: false, reason: 'ILLEGAL_TRANSITION' });
  });

  it('needs an outcome to release feedback', () => {
    expect(decide('consolidation', 'release_feedback', ['secretariat'], ALL_TRUE)).toEqual({ ok: false, reason: 'OUTCOME_REQUIRED' });
    expect(decide('consolidation', 'release_feedback', ['secretariat'], ALL_TRUE, 'maybe' as Outcome)).toEqual({
      ok: false,
      reason: 'OUTCOME_REQUIRED',
    });
    // Without an outcome the caller learns every guard any branch may need.
    expect(guardsFor('consolidation', 'release_feedback')).toEqual(['outcomeProposed', 'outcomeAllowed', 'roundsLeft']);
  });

  it('releases a revise outcome only while rounds are left', () => {
    expect(decide('consolidation', 'release_feedback', ['secretariat'], { ...ALL_TRUE, roundsLeft: false }, 'revise')).toEqual({
      ok: false,
      reason: 'GUARD_FAILED',
      failedGuards: ['roundsLeft'],
    });
    expect(decide('consolidation', 'release_feedback', ['secretariat'], { ...ALL_TRUE, roundsLeft: false }, 'not_positive')).toMatchObject({
      ok: true,
      to: 'completed',
    });
  });

  it('emits the side effects of each move', () => {
    const events = (stage: Stage, action: Action, role: Role, outcome?: Outcome) => {
      const decision = decide(stage, action, [role], ALL_TRUE, outcome);
      return decision.ok ? decision.events : [];
    };
    expect(events('draft', 'submit', 'holder')).toEqual([
      'faspIdAssigned',
      'versionFrozen',
      'notify.holder.submitted',
      'notify.secretariat.submitted',
      'deadline.set',
    ]);
    expect(events('submitted', 'admit', 'secretariat')).toContain('assignment.requested');
    expect(events('info_requested', 'resubmit', 'holder')).toContain('versionFrozen');
    expect(events('info_requested', 'resubmit', 'holder')).not.toContain('faspIdAssigned');
    expect(events('revision', 'resubmit', 'holder')).toEqual(expect.arrayContaining(['versionFrozen', 'round.opened']));
    expect(events('consolidation', 'release_feedback', 'secretariat', 'positive')).toEqual([
      'feedback.released',
      'notify.holder.feedback_released',
      'report.generate',
      'letterOfSupport.generate',
      'notify.reviewers.thanks',
    ]);
    expect(events('consolidation', 'release_feedback', 'secretariat', 'not_positive')).not.toContain('letterOfSupport.generate');
    expect(events('consolidation', 'release_feedback', 'secretariat', 'revise')).toEqual([
      'feedback.released',
      'notify.holder.feedback_released',
      'deadline.set',
    ]);
    expect(events('consolidation', 'reopen_review', 'system')).toContain('assignment.requested');
    expect(events('draft', 'withdraw', 'holder')).toEqual([]);
    expect(events('review', 'withdraw', 'holder')).toEqual(['notify.secretariat.withdrawn', 'invitations.cancelled', 'notify.reviewers.withdrawn']);
  });

  it('uses every declared guard and event, and declares every one it uses', () => {
    const usedGuards = new Set<Guard>();
    const usedEvents = new Set<string>();
    for (const transition of STAGE_MACHINE) {
      transition.guards.forEach((guard) => usedGuards.add(guard));
      transition.events.forEach((event) => usedEvents.add(event));
      if (typeof transition.to !== 'string') {
        for (const branch of Object.values(transition.to.byOutcome)) {
          branch.guards.forEach((guard) => usedGuards.add(guard));
          branch.events.forEach((event) => usedEvents.add(event));
        }
      }
    }
    expect([...usedGuards].sort()).toEqual([...GUARDS].sort());
    expect([...usedEvents].sort()).toEqual([...STAGE_EVENTS].sort());
  });

  it('never leaves a final stage, and leaves completed only by publishing', () => {
    expect(FINAL_STAGES).toEqual(['not_admitted', 'published', 'withdrawn']);
    for (const stage of STAGES) {
      const leaving = STAGE_MACHINE.filter((transition) => transition.from === stage).map((transition) => transition.action);
      expect(isFinalStage(stage)).toBe(leaving.length === 0);
      if (stage === 'completed') expect(leaving).toEqual(['publish']);
    }
  });

  it('lets the holder withdraw from every stage that is neither final nor completed', () => {
    for (const stage of STAGES) {
      const canWithdraw = decide(stage, 'withdraw', ['holder'], {}).ok;
      expect(canWithdraw).toBe(!isFinalStage(stage) && stage !== 'completed');
    }
  });

  it('reaches every stage from draft', () => {
    const reached = new Set<Stage>(['draft']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const transition of STAGE_MACHINE) {
        if (!reached.has(transition.from)) continue;
        const targets = typeof transition.to === 'string' ? [transition.to] : Object.values(transition.to.byOutcome).map((branch) => branch.to);
        for (const target of targets) {
          if (!reached.has(target)) {
            reached.add(target);
            grew = true;
          }
        }
      }
    }
    expect([...reached].sort()).toEqual([...STAGES].sort());
  });

  it('lists what each role may attempt from a stage', () => {
    expect(availableActions('submitted', ['secretariat'])).toEqual(['admit', 'request_info', 'refuse']);
    expect(availableActions('submitted', ['holder'])).toEqual(['withdraw']);
    expect(availableActions('consolidation', ['lead'])).toEqual(['propose_outcome']);
    expect(availableActions('consolidation', ['system'])).toEqual(['reopen_review']);
    expect(availableActions('published', [...ROLES])).toEqual([]);
    for (const stage of STAGES) expect(availableActions(stage, ['reviewer', 'admin'])).toEqual([]);
  });

  it('recognises its own names', () => {
    expect(isStage('review')).toBe(true);
    expect(isStage('archived')).toBe(false);
    expect(isAction('publish')).toBe(true);
    expect(isAction('delete')).toBe(false);
    expect(isRole('lead')).toBe(true);
    expect(isRole('root')).toBe(false);
  });
});

describe('stageMachineMermaid', () => {
  it('draws the table as a state diagram, in table order', () => {
    expect(stageMachineMermaid()).toBe(
      [
        'stateDiagram-v2',
        '    [*] --> draft',
        '    draft --> submitted : submit',
        '    submitted --> assignment : admit',
        '    submitted --> info_requested : request_info',
        '    submitted --> not_admitted : refuse',
        '    info_requested --> submitted : resubmit',
        '    assignment --> review : assignment_complete',
        '    review --> consolidation : reviews_complete',
        '    consolidation --> consolidation : propose_outcome',
        '    consolidation --> completed : release_feedback (positive, not_positive)',
        '    consolidation --> revision : release_feedback (revise)',
        '    revision --> review : resubmit',
        '    completed --> published : publish',
        '    draft --> withdrawn : withdraw',
        '    submitted --> withdrawn : withdraw',
        '    info_requested --> withdrawn : withdraw',
        '    assignment --> withdrawn : withdraw',
        '    review --> withdrawn : withdraw',
        '    consolidation --> withdrawn : withdraw',
        '    revision --> withdrawn : withdraw',
        '    consolidation --> review : reopen_review',
        '    not_admitted --> [*]',
        '    published --> [*]',
        '    withdrawn --> [*]',
        '',
      ].join('\n'),
    );
  });

  it('is deterministic', () => {
    expect(stageMachineMermaid()).toBe(stageMachineMermaid());
  });

  it('matches the diagram in the README', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`mermaid\n${stageMachineMermaid()}\`\`\``);
  });
});
