import request from 'supertest';
import { NotificationsJobs } from '../../src/modules/notifications/notifications.jobs';
import { formatDate } from '../../src/modules/notifications/render';
import { RemindersService } from '../../src/modules/notifications/reminders.service';
import { Reminder } from '../../src/modules/notifications/entities/reminder.entity';
import { Project } from '../../src/modules/projects/entities/project.entity';
import { QueueClients } from '../../src/platform/queue/queue-clients';
import { JobName, QueueName } from '../../src/platform/queue/queue.constants';
import { createAccount, createHolder } from '../helpers/accounts';
import { createOpenCall, DAY_MS, timeTraveller } from '../helpers/calls';
import { inviteReviewers, kindsReceivedBy, localTime } from '../helpers/notifications';
import { acceptAs, createReviewer } from '../helpers/reviewers';
import { createSubmittedProject } from '../helpers/projects';
import { submitReviewWith } from '../helpers/reviews';
import { TestSmtpServer } from '../helpers/smtp';
import { startTestEngine, TestEngine, waitForQueuesIdle } from '../helpers/test-engine';
import { eventually } from '../helpers/wait';

/**
 * Reminders and escalations on the real PostgreSQL and Redis, with the worker and a real SMTP
 * server: stored when a deadline is set, at 09:00 in each reviewer's time zone, checked again
 * when they fire (a task done meanwhile skips its reminder), and the daily digest. Reminders
 * days ahead are fired by calling the handler after moving the engine's clock (BullMQ delays
 * run on real time); one due in a second goes all the way through the outbox and the queue.
 */
describe('notifications: reminders and the daily digest', () => {
  let engine: TestEngine;
  let smtp: TestSmtpServer;
  const clock = timeTraveller(() => engine);

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    engine = await startTestEngine({ env: { SMTP_URL: smtp.url, EMAIL_RETRY_DELAY_MS: '200', PUBLIC_URL: 'https://fasp.example.org' } });
  });
  afterEach(() => clock.reset());
  afterAll(async () => {
    await engine?.close();
    await smtp?.stop();
  });

  const jobs = () => engine.get(NotificationsJobs);
  const remindersOf = (projectId: string) => engine.dataSource.getRepository(Reminder).find({ where: { projectId }, order: { dueAt: 'ASC', kind: 'ASC' } });
  /** Moves the engine's clock just past `instant`. */
  const travelPast = (instant: Date) => clock.travel(instant.getTime() - Date.now() + 60_000);

  it('entering review stores four reminders per reviewer, at 09:00 in their time zone, each with its outbox job', async () => {
    const zones = ['Asia/Tokyo', 'America/Bogota', null] as const;
    const { project, seats } = await inviteReviewers(engine, zones.map((timeZone) => ({ roles: ['reviewer'], timeZone })), { accept: true });
    const deadline = project.stageDeadline!;
    const review = (await remindersOf(project.id)).filter((reminder) => reminder.stage === 'review');
    expect(review).toHaveLength(12);

    const plan: Array<[string, number]> = [
      ['review_due_soon', -7 * DAY_MS],
      ['review_due_soon', -1 * DAY_MS],
      ['review_overdue', 0],
      ['review_overdue_escalation', 2 * DAY_MS],
    ];
    for (const [index, timeZone] of zones.entries()) {
      const mine = review.filter((reminder) => reminder.userId === seats[index].reviewer.id);
      expect(mine.map((reminder) => reminder.kind)).toEqual(plan.map(([kind]) => kind));
      for (const [position, [kind, offset]] of plan.entries()) {
        const reminder = mine[position];
        const nominal = deadline.getTime() + offset;
        expect({ kind, deadline: reminder.deadline, status: reminder.status, audience: reminder.audience }).toEqual({ kind, deadline, status: 'pending', audience: null });
        if (timeZone === null) {
          // no time zone known: at the nominal instant
          expect(reminder.dueAt.getTime()).toBe(nominal);
        } else {
          expect({ kind, timeZone, local: localTime(reminder.dueAt, timeZone) }).toEqual({ kind, timeZone, local: '09:00' });
          expect(reminder.dueAt.getTime()).toBeGreaterThanOrEqual(nominal);
          expect(reminder.dueAt.getTime()).toBeLessThan(nominal + DAY_MS);
        }
      }
    }
    // each is a delayed job in the outbox, recorded once
    const outbox: Array<{ payload: { reminderId: string }; dueAt: Date; dedupeKey: string }> = await engine.dataSource.query(
      `SELECT payload, due_at AS "dueAt", dedupe_key AS "dedupeKey" FROM outbox WHERE job_name = $1 AND payload->>'reminderId' = ANY($2)`,
      [JobName.ReminderDue, review.map((reminder) => reminder.id)],
    );
    expect(outbox).toHaveLength(12);
    for (const reminder of review) {
      expect(outbox.find((row) => row.payload.reminderId === reminder.id)).toEqual({ payload: { reminderId: reminder.id }, dueAt: reminder.dueAt, dedupeKey: `reminder:${reminder.id}` });
    }
    // planning the same stage and deadline again adds nothing
    await engine.dataSource.transaction((manager) => engine.get(RemindersService).scheduleForStage(project.id, 'review', deadline, manager));
    expect((await remindersOf(project.id)).filter((reminder) => reminder.stage === 'review')).toHaveLength(12);
  });

  it('a reviewer who accepts a seat once the review has started gets the same four reminders, in their time zone', async () => {
    const { project, secretariat } = await inviteReviewers(engine, [{ roles: ['reviewer'], timeZone: 'Europe/Paris' }, { roles: ['reviewer'], timeZone: null }], { accept: true });
    const late = await createReviewer(engine, { languages: ['en', 'fr', 'es'], capacityPerCall: 5 }, { timeZone: 'Asia/Tokyo' });
    const assigned = await request(engine.url)
      .post(`/api/projects/${project.id}/assignments`)
      .set('authorization', secretariat.bearer)
      .send({ reviewerId: late.id, role: 'member', reason: 'a third reading on the soil sampling protocol' })
      .expect(201);
    await acceptAs(engine, late, assigned.body.id as string).expect(200);
    await waitForQueuesIdle(engine);
    const deadline = project.stageDeadline!;
    const mine = (await remindersOf(project.id)).filter((reminder) => reminder.userId === late.id && reminder.stage === 'review');
    expect(mine.map((reminder) => [reminder.kind, reminder.deadline.getTime(), localTime(reminder.dueAt, 'Asia/Tokyo')])).toEqual([
      ['review_due_soon', deadline.getTime(), '09:00'],
      ['review_due_soon', deadline.getTime(), '09:00'],
      ['review_overdue', deadline.getTime(), '09:00'],
      ['review_overdue_escalation', deadline.getTime(), '09:00'],
    ]);
    // the seats accepted before the review started keep their own four, none added twice
    expect((await remindersOf(project.id)).filter((reminder) => reminder.stage === 'review')).toHaveLength(12);
  });

  it('a review reminder is skipped once the review is in, and sent to the reviewer who still owes it; escalations likewise', async () => {
    const { project, secretariat, seats } = await inviteReviewers(engine, [
      { roles: ['reviewer'], language: 'fr', timeZone: 'Europe/Paris', name: 'Dr Claire Martin' },
      { roles: ['reviewer'], language: 'en', name: 'Dr Tom Baker' },
    ], { accept: true });
    const [lead, member] = seats;
    expect((await submitReviewWith(engine, member)).status).toBe(200);
    await waitForQueuesIdle(engine);
    const firstMessage = smtp.messages.length;

    const reminders = await remindersOf(project.id);
    const of = (kind: string, userId: string) => reminders.filter((reminder) => reminder.kind === kind && reminder.userId === userId);
    const [leadWeek] = of('review_due_soon', lead.reviewer.id);
    const [memberWeek] = of('review_due_soon', member.reviewer.id);

    // not due yet: the handler refuses (the queue retries it later) and nothing changes
    await expect(jobs().reminderDue({ reminderId: leadWeek.id })).rejects.toThrow(/is not due before/);
    expect((await engine.dataSource.getRepository(Reminder).findOneByOrFail({ id: leadWeek.id })).status).toBe('pending');

    travelPast(leadWeek.dueAt > memberWeek.dueAt ? leadWeek.dueAt : memberWeek.dueAt);
    expect(await jobs().reminderDue({ reminderId: memberWeek.id })).toEqual({ status: 'skipped' });
    expect(await jobs().reminderDue({ reminderId: leadWeek.id })).toEqual({ status: 'sent' });
    // fired twice (a replayed job): still one email
    expect(await jobs().reminderDue({ reminderId: leadWeek.id })).toEqual({ status: 'sent' });
    await waitForQueuesIdle(engine);

    const faspId = project.faspId!;
    const sent = smtp.messages.slice(firstMessage);
    expect(kindsReceivedBy(sent, lead.reviewer.email)).toEqual(['review_due_soon']);
    expect(kindsReceivedBy(sent, member.reviewer.email)).toEqual([]);
    const reminder = sent.find((message) => message.to.includes(lead.reviewer.email))!;
    expect({ language: reminder.language, subject: reminder.subject }).toEqual({
      language: 'fr',
      subject: `Votre évaluation de ${faspId} est attendue le ${formatDate(project.stageDeadline!, 'fr', 'Europe/Paris')}`,
    });
    const fired = await engine.dataSource.getRepository(Reminder).findBy([{ id: leadWeek.id }, { id: memberWeek.id }]);
    expect(fired.map((row) => ({ id: row.id, status: row.status, fired: row.firedAt !== null })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: leadWeek.id, status: 'sent', fired: true },
        { id: memberWeek.id, status: 'skipped', fired: true },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );

    // two days past the deadline: the secretariat hears of the missing review only
    const [leadEscalation] = of('review_overdue_escalation', lead.reviewer.id);
    const [memberEscalation] = of('review_overdue_escalation', member.reviewer.id);
    clock.reset();
    travelPast(leadEscalation.dueAt > memberEscalation.dueAt ? leadEscalation.dueAt : memberEscalation.dueAt);
    expect(await jobs().reminderDue({ reminderId: memberEscalation.id })).toEqual({ status: 'skipped' });
    expect(await jobs().reminderDue({ reminderId: leadEscalation.id })).toEqual({ status: 'sent' });
    await waitForQueuesIdle(engine);
    const escalations = smtp.messages.slice(firstMessage).filter((message) => message.kind === 'review_overdue_escalation');
    const escalation = escalations.find((message) => message.to.includes(secretariat.email))!;
    expect({ language: escalation.language, subject: escalation.subject }).toEqual({ language: 'en', subject: `Overdue review on ${faspId}` });
    expect(escalation.text).toContain(`The review of "${project.title}" (${faspId}) by Dr Claire Martin was due on ${formatDate(project.stageDeadline!, 'en', null)} and is still missing.`);
    expect(escalations.some((message) => message.to.includes(lead.reviewer.email) || message.to.includes(member.reviewer.email))).toBe(false);

    // once every review is in, the project has moved on: what is left of the review stage is skipped
    expect((await submitReviewWith(engine, lead)).status).toBe(200);
    const [leadOverdue] = of('review_overdue', lead.reviewer.id);
    expect(await jobs().reminderDue({ reminderId: leadOverdue.id })).toEqual({ status: 'skipped' });
  });

  it('an invitation reminder goes to the reviewer who has not answered, the day before the invitation expires', async () => {
    const { project, seats } = await inviteReviewers(engine, [
      { roles: ['reviewer'], language: 'es', timeZone: 'America/Mexico_City' },
      { roles: ['reviewer'] },
    ]);
    const [silent, answered] = seats;
    await request(engine.url).post(`/api/assignments/${answered.assignmentId}/accept`).set('authorization', answered.reviewer.bearer).expect(200);
    await waitForQueuesIdle(engine);
    const firstMessage = smtp.messages.length;

    const reminders = (await remindersOf(project.id)).filter((reminder) => reminder.kind === 'invitation_reminder');
    expect(reminders.map((reminder) => reminder.assignmentId).sort()).toEqual([silent.assignmentId, answered.assignmentId].sort());
    const silentReminder = reminders.find((reminder) => reminder.assignmentId === silent.assignmentId)!;
    const answeredReminder = reminders.find((reminder) => reminder.assignmentId === answered.assignmentId)!;
    expect(silentReminder.deadline).toEqual(silent.respondBy);
    expect(localTime(silentReminder.dueAt, 'America/Mexico_City')).toBe('09:00');
    expect(silentReminder.dueAt.getTime()).toBeGreaterThanOrEqual(silent.respondBy.getTime() - DAY_MS);

    travelPast(silentReminder.dueAt > answeredReminder.dueAt ? silentReminder.dueAt : answeredReminder.dueAt);
    expect(await jobs().reminderDue({ reminderId: answeredReminder.id })).toEqual({ status: 'skipped' });
    expect(await jobs().reminderDue({ reminderId: silentReminder.id })).toEqual({ status: 'sent' });
    await waitForQueuesIdle(engine);
    const sent = smtp.messages.slice(firstMessage);
    expect(sent.map((message) => [message.to[0], message.kind, message.language, message.subject])).toEqual([
      [silent.reviewer.email, 'invitation_reminder', 'es', `Recordatorio: invitación a evaluar ${project.faspId}`],
    ]);
    expect(sent[0].text).toContain(`Vence el ${formatDate(silent.respondBy, 'es', 'America/Mexico_City')}.`);
    expect(sent[0].text).toContain(`https://fasp.example.org/assignments/${silent.assignmentId}`);
  });

  it('a reminder due in a second fires through the outbox and the queue, in the words of its stage', async () => {
    const call = await createOpenCall(engine);
    const secretariat = await createAccount(engine, { roles: ['secretariat'] });
    const project = await createSubmittedProject(engine, await createHolder(engine), call.id);
    // an eligibility deadline that ends in a second
    const deadline = new Date(Date.now() + 1000);
    await engine.dataSource.transaction(async (manager) => {
      await manager.getRepository(Project).update({ id: project.id }, { stageDeadline: deadline });
      await engine.get(RemindersService).scheduleForStage(project.id, 'submitted', deadline, manager);
    });
    const [due] = (await remindersOf(project.id)).filter((reminder) => reminder.deadline.getTime() === deadline.getTime());
    expect(due).toMatchObject({ kind: 'stage_overdue', audience: 'secretariat', userId: null, stage: 'submitted', dueAt: deadline, status: 'pending' });

    const fired = await eventually(() => engine.dataSource.getRepository(Reminder).findOneByOrFail({ id: due.id }), (row) => row.status !== 'pending', { what: 'the reminder fired' });
    expect(fired.status).toBe('sent');
    expect(fired.firedAt!.getTime()).toBeGreaterThanOrEqual(deadline.getTime());
    const mail = await eventually(() => smtp.to(secretariat.email).filter((message) => message.kind === 'stage_overdue'), (found) => found.length > 0, { what: 'the overdue email' });
    expect(mail.map((message) => message.subject)).toEqual([`${project.faspId} is overdue (eligibility check)`]);
    // the reminder planned for the original deadline is still waiting, and will find it changed
    const original = (await remindersOf(project.id)).find((reminder) => reminder.id !== due.id)!;
    expect(original).toMatchObject({ kind: 'stage_overdue', status: 'pending' });
    travelPast(original.dueAt);
    expect(await jobs().reminderDue({ reminderId: original.id })).toEqual({ status: 'skipped' });
  });

  it('the daily digest: a scheduler at DIGEST_CRON, counts of the day, one per secretariat member and day, opt-outs left out', async () => {
    const scheduler = await engine.get(QueueClients).queue(QueueName.Notifications).getJobScheduler('daily-digest');
    expect(scheduler).toMatchObject({ name: JobName.DailyDigest, pattern: engine.config.digestCron, tz: 'UTC' });

    const reader = await createAccount(engine, { roles: ['secretariat'], language: 'fr' });
    const optedOut = await createAccount(engine, { roles: ['secretariat'] });
    await request(engine.url).put('/api/me/notification-preferences').set('authorization', optedOut.bearer).send({ emailDisabled: [], digest: false }).expect(200);
    const firstMessage = smtp.messages.length;
    const digestOf = async (date: string) => {
      await jobs().digest({ date });
      await waitForQueuesIdle(engine);
      return smtp.messages.slice(firstMessage).filter((message) => message.kind === 'daily_digest' && message.to.includes(reader.email) && message.subject.endsWith(date));
    };
    const counts = (text: string) => ({
      submissions: Number(/Nouveaux dépôts des dernières 24 heures : (\d+)/.exec(text)?.[1]),
      overdue: Number(/Éléments en retard : (\d+)/.exec(text)?.[1]),
    });

    const [before] = await digestOf('2030-01-01');
    expect(before.subject).toBe('Résumé quotidien FASP, 2030-01-01');
    // one more submission, one more project past its deadline
    const project = await createSubmittedProject(engine, await createHolder(engine), (await createOpenCall(engine)).id);
    await engine.dataSource.getRepository(Project).update({ id: project.id }, { stageDeadline: new Date(Date.now() - 60_000) });
    const [after] = await digestOf('2030-01-02');
    expect(counts(after.text)).toEqual({ submissions: counts(before.text).submissions + 1, overdue: counts(before.text).overdue + 1 });

    // the same day again: nothing new
    expect(await jobs().digest({ date: '2030-01-02' })).toEqual({ inApp: 0, emails: 0 });
    await waitForQueuesIdle(engine);
    expect(await digestOf('2030-01-02')).toHaveLength(1);
    expect(kindsReceivedBy(smtp.messages.slice(firstMessage), optedOut.email)).toEqual(['dossier_received']);
  });
});
