/**
 * Few queues, many job names. Every job is declared here with the queue it runs on and the
 * type of its payload, so that recording a job anywhere is type-checked. Jobs carry ids, not
 * state: handlers reload what they need and re-check it, so running a job twice is harmless.
 */
export enum QueueName {
  Maintenance = 'maintenance',
  Notifications = 'notifications',
  Workflow = 'workflow',
  Assignment = 'assignment',
  Documents = 'documents',
  Email = 'email',
}

export enum JobName {
  /** Deletes outbox rows dispatched longer ago than the retention period. */
  OutboxPurge = 'maintenance.outbox-purge',
  /** Emails a password reset link. */
  PasswordResetEmail = 'notify.password-reset',
  /** Emails an invited person (account created by the secretariat) a link to choose a password. */
  AccountInvitationEmail = 'notify.account-invitation',
  /** Closes a call whose window has ended (due at its closesAt; re-checked when it runs). */
  CallClose = 'call.close',
  /** A project moved: tell the people concerned (one job per notification event of the move). */
  ProjectEvent = 'notify.project-event',
  /** A project needs reviewers (admitted, or a slot to fill again). */
  AssignmentRequest = 'assignment.request',
  /** Solves one assignment run (a whole call, or some projects) and writes its invitations. */
  AssignmentRun = 'assignment.run',
  /** An invitation's answer is due: if still unanswered it expires and its seat is offered again. */
  InvitationExpire = 'assignment.invitation-expire',
  /** Something happened to a reviewer's seat (invited, expired, removed...): tell who needs to know. */
  AssignmentEvent = 'notify.assignment-event',
  /** Generates (once per outcome) the evaluation report or the letter of support of a round. */
  DocumentGenerate = 'documents.generate',
  /** Sends one rendered email (retried with backoff; permanent refusals fail at once). */
  EmailSend = 'email.send',
  /** A reminder or escalation is due. */
  ReminderDue = 'notify.reminder-due',
  /** The secretariat's daily summary. */
  DailyDigest = 'notify.daily-digest',
}

export interface JobPayloads {
  [JobName.OutboxPurge]: { olderThanDays: number };
  [JobName.PasswordResetEmail]: { userId: string; tokenId: string };
  [JobName.AccountInvitationEmail]: { userId: string; tokenId: string };
  [JobName.CallClose]: { callId: string; closesAt: string };
  [JobName.ProjectEvent]: { projectId: string; event: string; historyId: string };
  [JobName.AssignmentRequest]: { projectId: string; round: number };
  [JobName.AssignmentRun]: { runId: string };
  [JobName.InvitationExpire]: { assignmentId: string };
  [JobName.AssignmentEvent]: { assignmentId: string; event: 'invited' | 'accepted' | 'expired' | 'removed' | 'cancelled' };
  [JobName.DocumentGenerate]: { projectId: string; round: number; kind: 'report' | 'letter' };
  [JobName.EmailSend]: { deliveryId: string };
  [JobName.ReminderDue]: { reminderId: string };
  [JobName.DailyDigest]: { date?: string };
}

export const JOB_QUEUE: { readonly [N in JobName]: QueueName } = {
  [JobName.OutboxPurge]: QueueName.Maintenance,
  [JobName.PasswordResetEmail]: QueueName.Notifications,
  [JobName.AccountInvitationEmail]: QueueName.Notifications,
  [JobName.CallClose]: QueueName.Workflow,
  [JobName.ProjectEvent]: QueueName.Notifications,
  [JobName.AssignmentRequest]: QueueName.Assignment,
  [JobName.AssignmentRun]: QueueName.Assignment,
  [JobName.InvitationExpire]: QueueName.Assignment,
  [JobName.AssignmentEvent]: QueueName.Notifications,
  [JobName.DocumentGenerate]: QueueName.Documents,
  [JobName.EmailSend]: QueueName.Email,
  [JobName.ReminderDue]: QueueName.Notifications,
  [JobName.DailyDigest]: QueueName.Notifications,
};

/** What a BullMQ job holds: the typed payload and the correlation id of the action that caused it. */
export interface JobData<N extends JobName = JobName> {
  payload: JobPayloads[N];
  correlationId?: string;
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
