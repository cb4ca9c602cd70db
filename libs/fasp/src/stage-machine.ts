import { OUTCOMES, type Outcome } from './framework';

/** The stages of a project, in the order a dossier normally meets them. */
export const STAGES = [
  'draft',
  'submitted',
  'info_requested',
  'not_admitted',
  'assignment',
  'review',
  'consolidation',
  'revision',
  'completed',
  'published',
  'withdrawn',
] as const;
export type Stage = (typeof STAGES)[number];

export const ACTIONS = [
  'submit',
  'admit',
  'request_info',
  'refuse',
  'resubmit',
  'assignment_complete',
  'reviews_complete',
  'propose_outcome',
  'release_feedback',
  'publish',
  'withdraw',
  'reopen_review',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Who acts. `holder` and `lead` are relative to the project: the caller grants `holder` to a
 * member of the holder's side of this project and `lead` to the STC member leading its review.
 * `system` is the engine itself (a worker reacting to invitations, reviews, divergence).
 */
export const ROLES = ['holder', 'reviewer', 'lead', 'secretariat', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Named predicates the caller evaluates (they need the database) before asking `decide`:
 * - dossierComplete: the current dossier version has every required field and attachment.
 * - callOpen: the call the dossier belongs to accepts submissions now.
 * - organisationExists: the holder's organisation is registered.
 * - objectiveServed: the dossier serves at least one objective of the Initiative.
 * - reasonGiven: the actor wrote a non-blank reason.
 * - kAccepted: K reviewers (the call's setting), among them an STC member, accepted.
 * - reviewsAllSubmitted: every accepted reviewer submitted, and no invitation is pending.
 * - outcomeAllowed: the outcome is in `evaluate(...).allowedOutcomes` for the current round.
 * - outcomeProposed: the lead proposed an outcome for the current round.
 * - roundsLeft: the current round is below the call's `maxRounds`.
 * - outcomePositive: the released outcome was `positive`.
 * - holderConsent: the holder agreed to publication.
 * - divergenceFlagged: the evaluation of the round flags divergence.
 * - autoInviteEnabled: the call invites one more reviewer on divergence.
 */
export const GUARDS = [
  'dossierComplete',
  'callOpen',
  'organisationExists',
  'objectiveServed',
  'reasonGiven',
  'kAccepted',
  'reviewsAllSubmitted',
  'outcomeAllowed',
  'outcomeProposed',
  'roundsLeft',
  'outcomePositive',
  'holderConsent',
  'divergenceFlagged',
  'autoInviteEnabled',
] as const;
export type Guard = (typeof GUARDS)[number];

/**
 * Side effects a transition asks for, written to the outbox in the same transaction.
 * `deadline.set` means "set the deadline of the stage entered, from the call's deadline policy";
 * leaving a stage always cancels its pending deadline, so no event is needed for that.
 */
export const STAGE_EVENTS = [
  'faspIdAssigned',
  'versionFrozen',
  'deadline.set',
  'assignment.requested',
  'invitations.cancelled',
  'outcome.proposed',
  'feedback.released',
  'round.opened',
  'report.generate',
  'letterOfSupport.generate',
  'opportunity.published',
  'notify.holder.submitted',
  'notify.holder.resubmitted',
  'notify.holder.info_requested',
  'notify.holder.not_admitted',
  'notify.holder.admitted',
  'notify.holder.feedback_released',
  'notify.holder.published',
  'notify.secretariat.submitted',
  'notify.secretariat.resubmitted',
  'notify.secretariat.outcome_proposed',
  'notify.secretariat.withdrawn',
  'notify.reviewers.review_started',
  'notify.reviewers.revision_submitted',
  'notify.reviewers.withdrawn',
  'notify.reviewers.thanks',
  'notify.lead.consolidation_opened',
  'notify.lead.review_reopened',
] as const;
export type StageEvent = (typeof STAGE_EVENTS)[number];

/** Stages no action leaves. `completed` is final too, except that a positive result can be published. */
export const FINAL_STAGES: readonly Stage[] = ['not_admitted', 'published', 'withdrawn'];

export function isFinalStage(stage: Stage): boolean {
  return FINAL_STAGES.includes(stage);
}

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && (ACTIONS as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Where an outcome-driven transition leads for one outcome, with what it checks and emits in addition. */
export interface OutcomeBranch {
  readonly to: Stage;
  readonly guards: readonly Guard[];
  readonly events: readonly StageEvent[];
}

export interface Transition {
  readonly from: Stage;
  readonly action: Action;
  /** A stage, or one branch per outcome (release_feedback). */
  readonly to: Stage | { readonly byOutcome: Readonly<Record<Outcome, OutcomeBranch>> };
  readonly roles: readonly Role[];
  /** Checked whatever the outcome, before the branch's own guards. */
  readonly guards: readonly Guard[];
  /** Emitted whatever the outcome, before the branch's own events. */
  readonly events: readonly StageEvent[];
}

const WITHDRAWABLE: readonly Stage[] = ['draft', 'submitted', 'info_requested', 'assignment', 'review', 'consolidation', 'revision'];

// Withdrawing tells whoever is already involved: nobody for a draft, the secretariat once
// submitted, reviewers once invitations are out.
const WITHDRAW_EVENTS: Readonly<Record<string, readonly StageEvent[]>> = {
  draft: [],
  submitted: ['notify.secretariat.withdrawn'],
  info_requested: ['notify.secretariat.withdrawn'],
  assignment: ['notify.secretariat.withdrawn', 'invitations.cancelled'],
  review: ['notify.secretariat.withdrawn', 'invitations.cancelled', 'notify.reviewers.withdrawn'],
  consolidation: ['notify.secretariat.withdrawn', 'notify.reviewers.withdrawn'],
  revision: ['notify.secretariat.withdrawn', 'notify.reviewers.withdrawn'],
};

/**
 * The whole workflow as data: one row per legal (stage, action) pair. Anything not listed is
 * illegal. Read top to bottom, it is the life of a dossier (DOMAIN.md, "The path of a dossier").
 */
export const STAGE_MACHINE: readonly Transition[] = [
  {
    from: 'draft',
    action: 'submit',
    to: 'submitted',
    roles: ['holder'],
    guards: ['dossierComplete', 'callOpen'],
    events: ['faspIdAssigned', 'versionFrozen', 'notify.holder.submitted', 'notify.secretariat.submitted', 'deadline.set'],
  },
  {
    from: 'submitted',
    action: 'admit',
    to: 'assignment',
    roles: ['secretariat'],
    guards: ['dossierComplete', 'organisationExists', 'objectiveServed'],
    events: ['notify.holder.admitted', 'assignment.requested', 'deadline.set'],
  },
  {
    from: 'submitted',
    action: 'request_info',
    to: 'info_requested',
    roles: ['secretariat'],
    guards: ['reasonGiven'],
    events: ['notify.holder.info_requested', 'deadline.set'],
  },
  {
    from: 'submitted',
    action: 'refuse',
    to: 'not_admitted',
    roles: ['secretariat'],
    guards: ['reasonGiven'],
    events: ['notify.holder.not_admitted'],
  },
  {
    // The call may have closed meanwhile: an answer to an information request is still due.
    from: 'info_requested',
    action: 'resubmit',
    to: 'submitted',
    roles: ['holder'],
    guards: ['dossierComplete'],
    events: ['versionFrozen', 'notify.holder.resubmitted', 'notify.secretariat.resubmitted', 'deadline.set'],
  },
  {
    from: 'assignment',
    action: 'assignment_complete',
    to: 'review',
    roles: ['system'],
    guards: ['kAccepted'],
    events: ['notify.reviewers.review_started', 'deadline.set'],
  },
  {
    from: 'review',
    action: 'reviews_complete',
    to: 'consolidation',
    roles: ['system'],
    guards: ['reviewsAllSubmitted'],
    events: ['notify.lead.consolidation_opened', 'deadline.set'],
  },
  {
    // The lead may propose again (the stage does not change) until the secretariat releases.
    from: 'consolidation',
    action: 'propose_outcome',
    to: 'consolidation',
    roles: ['lead'],
    guards: ['outcomeAllowed'],
    events: ['outcome.proposed', 'notify.secretariat.outcome_proposed'],
  },
  {
    from: 'consolidation',
    action: 'release_feedback',
    to: {
      byOutcome: {
        positive: {
          to: 'completed',
          guards: [],
          events: ['report.generate', 'letterOfSupport.generate', 'notify.reviewers.thanks'],
        },
        not_positive: { to: 'completed', guards: [], events: ['report.generate', 'notify.reviewers.thanks'] },
        revise: { to: 'revision', guards: ['roundsLeft'], events: ['deadline.set'] },
      },
    },
    roles: ['secretariat'],
    guards: ['outcomeProposed', 'outcomeAllowed'],
    events: ['feedback.released', 'notify.holder.feedback_released'],
  },
  {
    // Round n+1: the same reviewers re-review the new version.
    from: 'revision',
    action: 'resubmit',
    to: 'review',
    roles: ['holder'],
    guards: ['dossierComplete'],
    events: ['versionFrozen', 'round.opened', 'notify.reviewers.revision_submitted', 'notify.secretariat.resubmitted', 'deadline.set'],
  },
  {
    from: 'completed',
    action: 'publish',
    to: 'published',
    roles: ['secretariat'],
    guards: ['outcomePositive', 'holderConsent'],
    events: ['opportunity.published', 'notify.holder.published'],
  },
  ...WITHDRAWABLE.map(
    (from): Transition => ({
      from,
      action: 'withdraw',
      to: 'withdrawn',
      roles: ['holder'],
      guards: [],
      events: WITHDRAW_EVENTS[from],
    }),
  ),
  {
    // Divergence with the call's auto-invite on: one more reviewer is sought (assignment
    // top-up) and the round goes back to review until that review is in.
    from: 'consolidation',
    action: 'reopen_review',
    to: 'review',
    roles: ['system'],
    guards: ['divergenceFlagged', 'autoInviteEnabled'],
    events: ['assignment.requested', 'notify.lead.review_reopened', 'deadline.set'],
  },
];

const TABLE: ReadonlyMap<string, Transition> = new Map(STAGE_MACHINE.map((transition) => [key(transition.from, transition.action), transition]));

function key(stage: string, action: string): string {
  return `${stage}|${action}`;
}

/** The row for a (stage, action) pair, or undefined when the pair is illegal. */
export function transitionFor(stage: Stage, action: Action): Transition | undefined {
  return TABLE.get(key(stage, action));
}

/**
 * The guards the caller must evaluate for a pair: the common ones, then the branch's for the
 * given outcome. Without an outcome on an outcome-driven transition, the guards of every branch
 * are included too (evaluating one more predicate is harmless; `decide` reads only the branch
 * it takes). Empty for an illegal pair.
 */
export function guardsFor(stage: Stage, action: Action, outcome?: Outcome): readonly Guard[] {
  const transition = transitionFor(stage, action);
  if (!transition) return [];
  if (typeof transition.to === 'string') return transition.guards;
  const byOutcome = transition.to.byOutcome;
  const branches = outcome !== undefined ? [byOutcome[outcome]] : OUTCOMES.map((candidate) => byOutcome[candidate]);
  return unique([...transition.guards, ...branches.flatMap((branch) => branch.guards)]);
}

/** The actions any of the roles may attempt from a stage (guards not considered), in table order. */
export function availableActions(stage: Stage, actorRoles: readonly Role[]): Action[] {
  return STAGE_MACHINE.filter(
    (transition) => transition.from === stage && transition.roles.some((role) => actorRoles.includes(role)),
  ).map((transition) => transition.action);
}

export type GuardResults = Readonly<Partial<Record<Guard, boolean>>>;

export type Decision =
  | {
      readonly ok: true;
      readonly from: Stage;
      readonly action: Action;
      readonly to: Stage;
      /** Side effects, common ones first then the branch's. */
      readonly events: readonly StageEvent[];
      /** The guards that were checked (all passed). */
      readonly guards: readonly Guard[];
      readonly outcome?: Outcome;
    }
  | {
      readonly ok: false;
      readonly reason: 'ILLEGAL_TRANSITION' | 'ROLE_NOT_ALLOWED' | 'GUARD_FAILED' | 'OUTCOME_REQUIRED';
      /** For ROLE_NOT_ALLOWED: who could have done it. */
      readonly allowedRoles?: readonly Role[];
      /** For GUARD_FAILED: every guard that is false or was not evaluated, in table order. */
      readonly failedGuards?: readonly Guard[];
    };

/**
 * Decides one move. Checks, in this order: the pair is in the table (ILLEGAL_TRANSITION); one
 * of the actor's roles may take it (ROLE_NOT_ALLOWED); an outcome-driven transition received a
 * valid outcome (OUTCOME_REQUIRED); every guard is true (GUARD_FAILED). A guard missing from
 * `guardResults` counts as failed: the machine fails closed.
 */
export function decide(
  stage: Stage,
  action: Action,
  actorRoles: readonly Role[],
  guardResults: GuardResults,
  outcome?: Outcome,
): Decision {
  const transition = TABLE.get(key(stage, action));
  if (!transition) return { ok: false, reason: 'ILLEGAL_TRANSITION' };
  if (!transition.roles.some((role) => actorRoles.includes(role))) {
    return { ok: false, reason: 'ROLE_NOT_ALLOWED', allowedRoles: transition.roles };
  }

  let to: Stage;
  let guards: readonly Guard[];
  let events: readonly StageEvent[];
  if (typeof transition.to === 'string') {
    to = transition.to;
    guards = transition.guards;
    events = transition.events;
  } else {
    if (outcome === undefined || !(OUTCOMES as readonly string[]).includes(outcome)) {
      return { ok: false, reason: 'OUTCOME_REQUIRED' };
    }
    const branch = transition.to.byOutcome[outcome];
    to = branch.to;
    guards = unique([...transition.guards, ...branch.guards]);
    events = [...transition.events, ...branch.events];
  }

  const failedGuards = guards.filter((guard) => guardResults[guard] !== true);
  if (failedGuards.length > 0) return { ok: false, reason: 'GUARD_FAILED', failedGuards };
  return { ok: true, from: stage, action, to, events, guards, ...(outcome !== undefined ? { outcome } : {}) };
}

/**
 * The machine as a Mermaid `stateDiagram-v2`, generated from the table in table order, so the
 * picture in the docs cannot drift from the code. Outcome branches that reach the same stage
 * share one arrow.
 */
export function stageMachineMermaid(): string {
  const lines = ['stateDiagram-v2', `    [*] --> ${STAGES[0]}`];
  for (const transition of STAGE_MACHINE) {
    if (typeof transition.to === 'string') {
      lines.push(`    ${transition.from} --> ${transition.to} : ${transition.action}`);
      continue;
    }
    const byOutcome = transition.to.byOutcome;
    const targets = unique(OUTCOMES.map((outcome) => byOutcome[outcome].to));
    for (const target of targets) {
      const outcomes = OUTCOMES.filter((outcome) => byOutcome[outcome].to === target);
      lines.push(`    ${transition.from} --> ${target} : ${transition.action} (${outcomes.join(', ')})`);
    }
  }
  for (const stage of FINAL_STAGES) lines.push(`    ${stage} --> [*]`);
  return `${lines.join('\n')}\n`;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
