import request from 'supertest';
import { InvitationsService } from '../../src/modules/assignment/invitations.service';
import { EmailSender } from '../../src/modules/notifications/email-sender.service';
import { NotificationsJobs } from '../../src/modules/notifications/notifications.jobs';
import { formatDate } from '../../src/modules/notifications/render';
import { JobName, JobPayloads } from '../../src/platform/queue/queue.constants';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createOpenCall, DAY_MS, timeTraveller } from '../helpers/calls';
import { inboxOf, inviteReviewers, kindsReceivedBy, linkIn } from '../helpers/notifications';
import { createReadyDraft, EngineWithUploads, postTransition, startEngineWithUploads } from '../helpers/projects';
import { acceptAs, retireReviewers } from '../helpers/reviewers';
import { completeRatings, proposeAndRelease, submitReviewWith, transitionNow } from '../helpers/reviews';
import { ReceivedMail, TestSmtpServer } from '../helpers/smtp';
import { waitForQueuesIdle } from '../helpers/test-engine';

const PUBLIC_URL = 'https://fasp.example.org/app';

/**
 * Who receives what along a dossier's path, through the API with the worker and a real SMTP
 * server: exactly the expected kinds per person, in each person's language, with a link that
 * opens the page concerned, the same in the in-app inbox, and nothing twice, even when every
 * notification job is run again.
 */
describe('notifications, end to end: a dossier from submission to publication', () => {
  let engine: EngineWithUploads;
  let smtp: TestSmtpServer;
  const clock = timeTraveller(() => engine);

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    engine = await startEngineWithUploads({ env: { SMTP_URL: smtp.url, EMAIL_RETRY_DELAY_MS: '200', PUBLIC_URL } });
  });
  afterEach(() => clock.reset());
  afterAll(async () => {
    await engine?.close();
    await smtp?.stop();
  });

  const get = (account: Pick<TestAccount, 'bearer'> | null, path: string) => {
    const req = request(engine.url).get(path);
    return account ? req.set('authorization', account.bearer) : req;
  };

  /** The page a link opens, as the API resource behind it: it must answer 200 to its reader. */
  function apiBehind(link: string): string {
    expect(link.startsWith(`${PUBLIC_URL}/`)).toBe(true);
    const path = link.slice(PUBLIC_URL.length);
    const routes: Array<[RegExp, (match: RegExpExecArray) => string]> = [
      [/^\/projects\/([0-9a-f-]{36})$/, (m) => `/api/projects/${m[1]}`],
      [/^\/projects\/([0-9a-f-]{36})\/(feedback|consolidation)$/, (m) => `/api/projects/${m[1]}/${m[2]}`],
      [/^\/projects\/([0-9a-f-]{36})\/review$/, (m) => `/api/projects/${m[1]}`],
      [/^\/assignments\/([0-9a-f-]{36})$/, (m) => `/api/assignments/${m[1]}/review`],
      [/^\/opportunities\/(FASP-\d{4}-\d{4})$/, (m) => `/api/public/opportunities/${m[1]}`],
    ];
    for (const [pattern, api] of routes) {
      const match = pattern.exec(path);
      if (match) return api(match);
    }
    throw new Error(`no page for the link ${link}`);
  }

  it('sends each person exactly the expected messages, in their language, with working links, once', async () => {
    const firstMessage = smtp.messages.length;
    await retireReviewers(engine);
    const call = await createOpenCall(engine, { reviewersPerProject: 2, maxRounds: 2, divergenceAutoInvite: false });
    const secretariat = await createAccount(engine, { roles: ['secretariat'], name: 'Sam Secretariat' });
    const lead = await createAccount(engine, { roles: ['reviewer'], language: 'es', timeZone: 'America/Bogota', name: 'Dra. Lucía Pérez' });
    const member = await createAccount(engine, { roles: ['reviewer'], language: 'en', timeZone: 'Asia/Tokyo', name: 'Dr Kenji Sato' });
    for (const [reviewer, stcMember] of [[lead, true], [member, false]] as const) {
      await request(engine.url)
        .put(`/api/reviewers/${reviewer.id}/profile`)
        .set('authorization', secretariat.bearer)
        .send({ stcMember, languages: ['en', 'fr', 'es'], practices: ['agroforestry'], capacityPerCall: 5 })
        .expect(200);
    }
    const holder = await createHolder(engine, { language: 'fr', timeZone: 'Europe/Paris', name: 'Aminata Diallo' });

    // submit, admit: invitations go out
    const draft = await createReadyDraft(engine, holder, call.id, { language: 'fr', title: 'Parcs à Faidherbia du Bassin arachidier' });
    expect((await postTransition(engine, holder, draft.id, { action: 'submit', expectedVersion: draft.version })).status).toBe(200);
    await waitForQueuesIdle(engine);
    expect((await transitionNow(engine, secretariat, draft.id, { action: 'admit' })).status).toBe(200);
    await waitForQueuesIdle(engine);
    const seats: Array<{ id: string; reviewerId: string; role: string; respondBy: Date }> = await engine.dataSource.query(
      `SELECT id, reviewer_id AS "reviewerId", role, respond_by AS "respondBy" FROM assignment WHERE project_id = $1 AND status = 'invited'`,
      [draft.id],
    );
    const leadSeat = seats.find((seat) => seat.reviewerId === lead.id)!;
    const memberSeat = seats.find((seat) => seat.reviewerId === member.id)!;
    expect({ lead: leadSeat?.role, member: memberSeat?.role, seats: seats.length }).toEqual({ lead: 'lead', member: 'member', seats: 2 });

    // accepts (the second moves the project to review), reviews (the second to consolidation)
    await acceptAs(engine, member, memberSeat.id).expect(200);
    await acceptAs(engine, lead, leadSeat.id).expect(200);
    await waitForQueuesIdle(engine);
    const seatOf = (reviewer: TestAccount, seat: { id: string; role: string }) => ({ reviewer, assignmentId: seat.id, role: seat.role as 'lead' | 'member' });
    expect((await submitReviewWith(engine, seatOf(member, memberSeat), { ratings: completeRatings(3) })).status).toBe(200);
    expect((await submitReviewWith(engine, seatOf(lead, leadSeat), { ratings: completeRatings(3) })).status).toBe(200);
    await waitForQueuesIdle(engine);

    // consolidation, release, consent, publication
    await proposeAndRelease(engine, { project: draft, lead: seatOf(lead, leadSeat), secretariat }, 'positive');
    await waitForQueuesIdle(engine, 30000);
    await request(engine.url).put(`/api/projects/${draft.id}/publication-consent`).set('authorization', holder.bearer).send({ consentToPublish: true }).expect(200);
    expect((await transitionNow(engine, secretariat, draft.id, { action: 'publish' })).status).toBe(200);
    await waitForQueuesIdle(engine);

    const { faspId } = (await get(secretariat, `/api/projects/${draft.id}`).expect(200)).body as { faspId: string };
    expect(faspId).toMatch(/^FASP-\d{4}-\d{4}$/);
    const messages = smtp.messages.slice(firstMessage);

    // exactly these kinds, per person, and nobody else
    const expected: Record<string, string[]> = {
      [holder.email]: ['admitted', 'dossier_submitted', 'outcome', 'published'],
      [secretariat.email]: ['dossier_received', 'outcome_proposed'],
      [lead.email]: ['review_started', 'reviewer_invited', 'reviewer_thanks', 'reviews_complete'],
      [member.email]: ['review_started', 'reviewer_invited', 'reviewer_thanks'],
      // the first administrator is also secretariat
      [engine.config.adminEmail!]: ['dossier_received', 'outcome_proposed'],
    };
    for (const [email, kinds] of Object.entries(expected)) expect({ email, kinds: kindsReceivedBy(messages, email) }).toEqual({ email, kinds });
    expect(new Set(messages.flatMap((message) => message.to))).toEqual(new Set(Object.keys(expected)));
    expect(messages).toHaveLength(15);

    // language, subject and words of each message
    const mail = (account: TestAccount, kind: string): ReceivedMail => {
      const found = messages.filter((message) => message.to.includes(account.email) && message.kind === kind);
      expect(found).toHaveLength(1);
      return found[0];
    };
    const subjects: Array<[TestAccount, string, string, string]> = [
      [holder, 'dossier_submitted', 'fr', `Dossier ${faspId} reçu`],
      [holder, 'admitted', 'fr', `${faspId} admis à l'évaluation`],
      [holder, 'outcome', 'fr', `Évaluation de ${faspId} : favorable`],
      [holder, 'published', 'fr', `${faspId} est publié comme opportunité d'investissement`],
      [secretariat, 'dossier_received', 'en', `New dossier ${faspId} to check`],
      [secretariat, 'outcome_proposed', 'en', `Outcome proposed for ${faspId}`],
      [lead, 'reviewer_invited', 'es', `Invitación a evaluar ${faspId}`],
      [lead, 'review_started', 'es', `La evaluación de ${faspId} puede comenzar`],
      [lead, 'reviews_complete', 'es', `Todas las evaluaciones de ${faspId} están completas`],
      [lead, 'reviewer_thanks', 'es', `Gracias por evaluar ${faspId}`],
      [member, 'reviewer_invited', 'en', `Invitation to review ${faspId}`],
      [member, 'review_started', 'en', `Review of ${faspId} can start`],
      [member, 'reviewer_thanks', 'en', `Thank you for reviewing ${faspId}`],
    ];
    for (const [account, kind, language, subject] of subjects) {
      const message = mail(account, kind);
      expect({ kind, language: message.language, subject: message.subject }).toEqual({ kind, language, subject });
    }
    expect(mail(holder, 'dossier_submitted').text).toContain('Bonjour Aminata Diallo,');
    expect(mail(holder, 'dossier_submitted').text).toContain(`Votre dossier « Parcs à Faidherbia du Bassin arachidier » a été déposé dans l'appel ${call.title}.`);
    expect(mail(holder, 'outcome').text).toContain('Issue : favorable.');
    expect(mail(secretariat, 'dossier_received').text).toContain(`${holder.organization.name} submitted "Parcs à Faidherbia du Bassin arachidier" (${faspId})`);
    expect(mail(secretariat, 'outcome_proposed').text).toContain('The lead reviewer proposed the outcome "positive"');
    // roles in the reader's language; the answer's deadline in the reader's language and time zone
    expect(mail(lead, 'reviewer_invited').text).toContain(`como evaluador principal.\n\nAcepte o rechace antes del ${formatDate(leadSeat.respondBy, 'es', 'America/Bogota')}.`);
    expect(mail(member, 'reviewer_invited').text).toContain(`as reviewer.\n\nPlease accept or decline by ${formatDate(memberSeat.respondBy, 'en', 'Asia/Tokyo')}.`);
    // no reviewer is named to the holder
    for (const kind of expected[holder.email]) expect(mail(holder, kind).text).not.toMatch(/Lucía|Kenji/);

    // every link opens its page for its reader
    const readers = new Map<string, TestAccount>([
      [holder.email, holder],
      [secretariat.email, secretariat],
      [lead.email, lead],
      [member.email, member],
    ]);
    const links = messages.filter((message) => readers.has(message.to[0])).map((message) => ({ kind: message.kind, link: linkIn(message), reader: readers.get(message.to[0])! }));
    expect(links.find((item) => item.kind === 'outcome')?.link).toBe(`${PUBLIC_URL}/projects/${draft.id}/feedback`);
    expect(links.find((item) => item.kind === 'published')?.link).toBe(`${PUBLIC_URL}/opportunities/${faspId}`);
    expect(links.filter((item) => item.kind === 'reviewer_invited').map((item) => item.link).sort()).toEqual([leadSeat.id, memberSeat.id].map((id) => `${PUBLIC_URL}/assignments/${id}`).sort());
    expect(links.find((item) => item.kind === 'reviews_complete')?.link).toBe(`${PUBLIC_URL}/projects/${draft.id}/consolidation`);
    for (const { kind, link, reader } of links) {
      const opened = await get(kind === 'published' ? null : reader, apiBehind(link));
      expect({ kind, link, status: opened.status }).toEqual({ kind, link, status: 200 });
    }

    // the inbox holds the same notifications, unread
    for (const account of [holder, secretariat, lead, member]) {
      const inbox = await inboxOf(engine, account, { limit: 50 });
      const received = messages.filter((message) => message.to.includes(account.email));
      expect(inbox.unreadCount).toBe(received.length);
      expect(inbox.items.map((item) => ({ kind: item.kind, title: item.title, link: item.link })).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual(
        received.map((message) => ({ kind: message.kind ?? '', title: message.subject, link: linkIn(message) })).sort((a, b) => a.kind.localeCompare(b.kind)),
      );
    }

    // nothing twice: one delivery per message, each Message-ID once
    const deliveries: Array<{ id: string; status: string; attempts: number }> = await engine.dataSource.query(
      `SELECT id, status, attempts FROM email_delivery WHERE email = ANY($1)`,
      [Object.keys(expected)],
    );
    expect(deliveries).toHaveLength(15);
    expect(deliveries.every((delivery) => delivery.status === 'sent' && delivery.attempts === 1)).toBe(true);
    expect(new Set(messages.map((message) => message.messageId))).toEqual(new Set(deliveries.map((delivery) => `<${delivery.id}@fasp>`)));

    // run every notification job of this dossier again, and every send: nothing new
    const jobs = engine.get(NotificationsJobs);
    const events: Array<{ jobName: JobName.ProjectEvent | JobName.AssignmentEvent; payload: Record<string, string> }> = await engine.dataSource.query(
      `SELECT job_name AS "jobName", payload FROM outbox
        WHERE (job_name = $1 AND payload->>'projectId' = $3) OR (job_name = $2 AND payload->>'assignmentId' = ANY($4))`,
      [JobName.ProjectEvent, JobName.AssignmentEvent, draft.id, [leadSeat.id, memberSeat.id]],
    );
    expect(events).toHaveLength(13); // 9 moves of the project that tell someone, 2 invitations, 2 acceptances (no reminders: both accepted before the review began)
    for (const event of events) {
      const planned =
        event.jobName === JobName.ProjectEvent
          ? await jobs.projectEvent(event.payload as unknown as JobPayloads[JobName.ProjectEvent])
          : await jobs.assignmentEvent(event.payload as unknown as JobPayloads[JobName.AssignmentEvent]);
      expect({ event: event.payload, planned }).toEqual({ event: event.payload, planned: { inApp: 0, emails: 0 } });
    }
    for (const delivery of deliveries) expect(await engine.get(EmailSender).send(delivery.id)).toEqual({ status: 'sent' });

    // the reminders of the stages it went through fire into nothing: every task is done
    clock.travel(120 * DAY_MS);
    const reminders: Array<{ id: string; kind: string }> = await engine.dataSource.query(`SELECT id, kind FROM reminder WHERE project_id = $1 AND status = 'pending'`, [draft.id]);
    expect(reminders.map((reminder) => reminder.kind).sort()).toEqual(
      ['stage_overdue', 'stage_overdue', 'invitation_reminder', 'invitation_reminder', ...['review_due_soon', 'review_due_soon', 'review_overdue', 'review_overdue_escalation'].flatMap((kind) => [kind, kind])].sort(),
    );
    for (const reminder of reminders) expect({ kind: reminder.kind, fired: await jobs.reminderDue({ reminderId: reminder.id }) }).toEqual({ kind: reminder.kind, fired: { status: 'skipped' } });
    clock.reset();

    await waitForQueuesIdle(engine);
    expect(smtp.messages.slice(firstMessage)).toHaveLength(15);
    const [{ n }] = await engine.dataSource.query(
      `SELECT count(*)::int AS n FROM notification n JOIN user_account u ON u.id = n.user_id WHERE u.email = ANY($1)`,
      [Object.keys(expected)],
    );
    expect(n).toBe(15);
  });

  it('an information request, a resubmission and a refusal reach the holder with the reason, in Spanish', async () => {
    const firstMessage = smtp.messages.length;
    const call = await createOpenCall(engine);
    const secretariat = await createAccount(engine, { roles: ['secretariat'] });
    const holder = await createHolder(engine, { language: 'es', timeZone: 'America/Lima', name: 'Rosa Quispe' });
    const draft = await createReadyDraft(engine, holder, call.id, { language: 'es', title: 'Andenes y suelos vivos' });
    expect((await postTransition(engine, holder, draft.id, { action: 'submit', expectedVersion: draft.version })).status).toBe(200);
    const asked = await transitionNow(engine, secretariat, draft.id, { action: 'request_info', reason: 'Please attach the SOC baseline sampling protocol.' });
    expect(asked.status).toBe(200);
    const deadline = new Date(asked.body.stageDeadline as string);
    expect((await transitionNow(engine, holder, draft.id, { action: 'resubmit' })).status).toBe(200);
    expect((await transitionNow(engine, secretariat, draft.id, { action: 'refuse', reason: 'The project does not serve an objective of the Initiative.' })).status).toBe(200);
    await waitForQueuesIdle(engine);

    const messages = smtp.messages.slice(firstMessage);
    const faspId = (await get(holder, `/api/projects/${draft.id}`).expect(200)).body.faspId as string;
    const toHolder = messages.filter((message) => message.to.includes(holder.email));
    // (sent concurrently: compared in the order of the kinds)
    expect(toHolder.map((message) => [message.kind, message.language, message.subject]).sort()).toEqual([
      ['dossier_resubmitted', 'es', `Expediente ${faspId} presentado de nuevo`],
      ['dossier_submitted', 'es', `Expediente ${faspId} recibido`],
      ['info_requested', 'es', `Se necesita información sobre ${faspId}`],
      ['not_admitted', 'es', `${faspId} no fue admitido`],
    ]);
    const info = toHolder.find((message) => message.kind === 'info_requested')!;
    expect(info.text).toContain('Please attach the SOC baseline sampling protocol.');
    expect(info.text).toContain(`preséntelo de nuevo antes del ${formatDate(deadline, 'es', 'America/Lima')}.`);
    expect(toHolder.find((message) => message.kind === 'not_admitted')!.text).toContain('The project does not serve an objective of the Initiative.');
    for (const message of toHolder) {
      expect(linkIn(message)).toBe(`${PUBLIC_URL}/projects/${draft.id}`);
      expect((await get(holder, apiBehind(linkIn(message)))).status).toBe(200);
    }
    expect(kindsReceivedBy(messages, secretariat.email)).toEqual(['dossier_received', 'dossier_resubmitted_staff']);
  });

  it('seat events: an expired invitation tells the secretariat, a removed reviewer and cancelled invitations tell the reviewers', async () => {
    const { project, secretariat, seats } = await inviteReviewers(engine, [
      { roles: ['reviewer'], language: 'fr', name: 'Dr Hélène Dubois' },
      { roles: ['reviewer'], name: 'Dr Silent Reviewer' },
    ]);
    const [kept, silent] = seats;
    await acceptAs(engine, kept.reviewer, kept.assignmentId).expect(200);
    await waitForQueuesIdle(engine);
    const firstMessage = smtp.messages.length;

    // the unanswered invitation expires (its job fires at respondBy)
    clock.travel(silent.respondBy.getTime() - Date.now() + 60_000);
    expect(await engine.get(InvitationsService).expire(silent.assignmentId)).toBe(true);
    clock.reset();
    // the accepted reviewer is released by the secretariat
    const removed = await request(engine.url)
      .delete(`/api/projects/${project.id}/assignments/${kept.assignmentId}`)
      .set('authorization', secretariat.bearer)
      .send({ reason: 'Conflict of interest declared late' });
    expect(removed.status).toBe(200);
    await waitForQueuesIdle(engine);

    const faspId = project.faspId!;
    let messages = smtp.messages.slice(firstMessage);
    const expired = messages.filter((message) => message.to.includes(secretariat.email) && message.kind === 'invitation_expired');
    expect(expired.map((message) => message.subject)).toEqual([`Invitation for ${faspId} expired`]);
    expect(expired[0].text).toContain(`Dr Silent Reviewer did not answer the invitation to review "${project.title}" (${faspId}).`);
    expect(kindsReceivedBy(messages, silent.reviewer.email)).toEqual([]);
    const release = messages.filter((message) => message.to.includes(kept.reviewer.email));
    expect(release.map((message) => [message.kind, message.language, message.subject, linkIn(message)])).toEqual([
      ['assignment_removed', 'fr', `Vous n'évaluez plus ${faspId}`, `${PUBLIC_URL}/assignments/${kept.assignmentId}`],
    ]);

    // a project withdrawn while its invitations are out: they are cancelled, and said so
    const next = await inviteReviewers(engine, [{ roles: ['reviewer'], language: 'es' }, { roles: ['reviewer'] }]);
    const beforeWithdrawal = smtp.messages.length;
    expect((await transitionNow(engine, next.holder, next.project.id, { action: 'withdraw', reason: 'Funding found elsewhere' })).status).toBe(200);
    await waitForQueuesIdle(engine);
    messages = smtp.messages.slice(beforeWithdrawal);
    const [spanish, english] = next.seats;
    expect(messages.filter((message) => message.to.includes(spanish.reviewer.email)).map((message) => [message.kind, message.subject])).toEqual([
      ['invitation_cancelled', `Invitación para ${next.project.faspId} anulada`],
    ]);
    expect(kindsReceivedBy(messages, english.reviewer.email)).toEqual(['invitation_cancelled']);
    expect(messages.filter((message) => message.to.includes(next.secretariat.email) && message.kind === 'withdrawn').map((message) => message.subject)).toEqual([`${next.project.faspId} withdrawn`]);
  });
});
