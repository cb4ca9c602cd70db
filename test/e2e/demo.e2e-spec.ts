import request from 'supertest';
import { REVIEWER_POOL } from '../../scripts/demo/demo-content';
import { largestRemainder, NETWORK_COLLEGES, NETWORK_REGIONS, planDemo } from '../../scripts/demo/demo-plan';
import { DemoReport, REVIEWER_DOMAIN, runDemo } from '../../scripts/demo/demo-run';
import { EngineWithUploads, startEngineWithUploads } from '../helpers/projects';
import { documentsOf, transitionsOf } from '../helpers/reviews';
import { TestSmtpServer } from '../helpers/smtp';
import { TEST_ADMIN_PASSWORD, waitForQueuesIdle } from '../helpers/test-engine';

const SIZE = { organizations: 10, reviewers: 6, projects: 8 };

/**
 * `npm run demo` in a reduced size, against a test engine with a real SMTP server: every dossier
 * ends where the plan says, through the real routes and workers (revision round, extra reviewer,
 * top-up, safeguard gate, reports and letters, publication), and each person receives exactly
 * the emails of what happened to them, once.
 */
describe('demo, end to end: a reduced call played through the API', () => {
  let engine: EngineWithUploads;
  let smtp: TestSmtpServer;
  let report: DemoReport;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    engine = await startEngineWithUploads({ env: { SMTP_URL: smtp.url, EMAIL_RETRY_DELAY_MS: '200' } });
    report = await runDemo(
      SIZE,
      { baseUrl: engine.url, admin: { email: engine.config.adminEmail!, password: TEST_ADMIN_PASSWORD }, mail: { description: 'the test SMTP server', sent: () => smtp.messages.length } },
      { runTag: 'e2e1' },
    );
    await waitForQueuesIdle(engine, 30000);
  }, 90000);
  afterAll(async () => {
    await engine?.close();
    await smtp?.stop();
  });

  const scenarioOf = (scenario: string) => report.projects.filter((project) => project.scenario === scenario);

  it('ends every dossier where the plan says, in the API and in the database', async () => {
    const plan = planDemo(SIZE);
    expect(report.projects.map((project) => project.scenario)).toEqual(plan.projects.map((project) => project.scenario));
    expect(report.projects.map((project) => [project.faspId, project.stage])).toEqual(report.projects.map((project) => [project.faspId, project.plannedStage]));
    const stages = report.projects.map((project) => project.stage).sort();
    expect(stages).toEqual(['completed', 'completed', 'not_admitted', 'published', 'published', 'published', 'published', 'published']);

    const rows: Array<{ id: string; stage: string; outcome: string | null; round: number; region: string; college: string; language: string }> = await engine.dataSource.query(
      `SELECT id, stage, outcome, round, region, college, language FROM project WHERE call_id = $1`,
      [report.call.id],
    );
    expect(rows).toHaveLength(SIZE.projects);
    for (const project of report.projects) {
      const row = rows.find((candidate) => candidate.id === project.id)!;
      expect({ faspId: project.faspId, stage: row.stage, outcome: row.outcome, round: row.round, region: row.region, college: row.college, language: row.language }).toEqual({
        faspId: project.faspId,
        stage: project.plannedStage,
        outcome: project.plannedOutcomes.at(-1) ?? null,
        round: Math.max(1, project.plannedOutcomes.length),
        region: project.organization.region,
        college: project.organization.college,
        language: project.language,
      });
    }
    // the dossiers come from organisations spread like the Initiative's network, in three languages
    expect(new Set(report.projects.map((project) => project.language))).toEqual(new Set(['en', 'fr', 'es']));
    const organizations: Array<{ region: string; college: string }> = await engine.dataSource.query(`SELECT region, college FROM organization WHERE name NOT LIKE 'Soil Partners %'`);
    const count = (values: string[]) => values.reduce<Record<string, number>>((acc, value) => ({ ...acc, [value]: (acc[value] ?? 0) + 1 }), {});
    const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
    expect(count(organizations.map((organization) => organization.region))).toEqual(nonZero(largestRemainder(NETWORK_REGIONS, SIZE.organizations)));
    expect(count(organizations.map((organization) => organization.college))).toEqual(nonZero(largestRemainder(NETWORK_COLLEGES, SIZE.organizations)));

    // the pipeline summary the demo printed is the engine's
    expect(report.summary.total).toBe(SIZE.projects);
    expect(report.summary.byStage.filter((item) => item.count > 0).map((item) => [item.stage, item.count]).sort()).toEqual([
      ['completed', 2],
      ['not_admitted', 1],
      ['published', 5],
    ]);
    expect(report.outcomes).toEqual({ positive: 5, not_positive: 2, none: 1 });
  });

  it('went through an information request, a decline with a top-up, diverging reviews, the safeguard gate and a revision round', async () => {
    const admin = { bearer: '' };
    admin.bearer = `Bearer ${(await request(engine.url).post('/api/auth/login').send({ email: engine.config.adminEmail, password: TEST_ADMIN_PASSWORD }).expect(200)).body.accessToken}`;
    const actions = async (projectId: string) => (await transitionsOf(engine, projectId)).map((row) => `${row.action}:${row.fromStage}>${row.toStage}:${row.round}`);

    const [asked] = report.projects.filter((project) => project.infoRequest);
    expect(await actions(asked.id)).toEqual(
      expect.arrayContaining(['request_info:submitted>info_requested:1', 'resubmit:info_requested>submitted:1', 'admit:submitted>assignment:1']),
    );
    const attachments: Array<{ kind: string }> = await engine.dataSource.query(`SELECT kind FROM project_attachment WHERE project_id = $1 ORDER BY kind`, [asked.id]);
    expect(attachments.map((attachment) => attachment.kind)).toEqual(['concept_note', 'letter']);

    const [declined] = report.projects.filter((project) => project.decline);
    const seats: Array<{ status: string; email: string }> = await engine.dataSource.query(
      `SELECT a.status, u.email FROM assignment a JOIN user_account u ON u.id = a.reviewer_id WHERE a.project_id = $1 ORDER BY a.created_at`,
      [declined.id],
    );
    expect(seats.filter((seat) => seat.status === 'declined').map((seat) => seat.email)).toEqual(declined.declinedBy);
    expect(declined.seats.map((seat) => seat.joined).sort()).toEqual(['run', 'top_up']);
    expect(seats.filter((seat) => seat.status !== 'declined')).toHaveLength(2);

    const [diverging] = scenarioOf('divergence');
    expect(await actions(diverging.id)).toEqual(expect.arrayContaining(['reviews_complete:review>consolidation:1', 'reopen_review:consolidation>review:1']));
    expect(diverging.seats.map((seat) => seat.joined)).toEqual(['run', 'run', 'extra']);
    const divergent = await request(engine.url).get(`/api/projects/${diverging.id}/consolidation`).set('authorization', admin.bearer).expect(200);
    expect(divergent.body.reviewsSubmitted).toBe(3);
    expect(divergent.body.evaluation.criteria.find((criterion: { code: string }) => criterion.code === '3.1')).toMatchObject({ n: 3, min: 1, max: 4, median: 3 });

    const [risky] = scenarioOf('safeguard_risk');
    const feedback = await request(engine.url).get(`/api/projects/${risky.id}/feedback`).set('authorization', admin.bearer).expect(200);
    expect(feedback.body.outcome).toBe('not_positive');
    expect(feedback.body.criteria.find((criterion: { code: string }) => criterion.code === '1.2').harm).toBe('risk');
    expect(feedback.body.reasons.join(' ')).toContain('1.2');

    const revised = scenarioOf('revision');
    expect(revised.length).toBeGreaterThan(0);
    for (const project of revised) {
      expect(await actions(project.id)).toEqual(
        expect.arrayContaining(['release_feedback:consolidation>revision:1', 'resubmit:revision>review:2', 'reviews_complete:review>consolidation:2', 'release_feedback:consolidation>completed:2', 'publish:completed>published:2']),
      );
      const reviews: Array<{ round: number; n: number }> = await engine.dataSource.query(
        `SELECT round, count(*)::int AS n FROM review WHERE project_id = $1 AND status = 'submitted' GROUP BY round ORDER BY round`,
        [project.id],
      );
      expect(reviews).toEqual([
        { round: 1, n: 2 },
        { round: 2, n: 2 },
      ]);
      const diff = await request(engine.url).get(`/api/projects/${project.id}/versions/2/diff`).set('authorization', admin.bearer).expect(200);
      expect(diff.body.changes.map((change: { path: string }) => change.path)).toEqual(expect.arrayContaining(['dossier.summary', 'dossier.monitoringPlan']));
    }
  });

  it('generated the report of every assessed dossier and the letter of every positive one, as PDFs', async () => {
    for (const project of report.projects.filter((candidate) => candidate.stage !== 'not_admitted')) {
      const positive = project.plannedOutcomes.at(-1) === 'positive';
      const round = project.plannedOutcomes.length;
      const documents = (await documentsOf(engine, project.id)).map(({ kind, round: documentRound, outcome }) => `${kind}:${documentRound}:${outcome}`).sort();
      expect({ faspId: project.faspId, documents }).toEqual({
        faspId: project.faspId,
        documents: positive ? [`letter:${round}:positive`, `report:${round}:positive`] : [`report:${round}:not_positive`],
      });
    }
    expect(report.documents.checked.map((item) => item.kind)).toEqual(['report', 'letter']);
    expect(report.documents.checked.every((item) => item.bytes > 1000)).toBe(true);
    for (const faspId of report.published) {
      const opportunity = await request(engine.url).get(`/api/public/opportunities/${faspId}`).expect(200);
      expect(opportunity.body.faspId).toBe(faspId);
    }
  });

  it('sent each person exactly the emails of what happened to their dossiers and seats, in their language, none twice', async () => {
    const secretariat: Array<{ email: string }> = await engine.dataSource.query(`SELECT email FROM user_account WHERE active AND 'secretariat' = ANY(roles)`);
    const expected: string[] = [];
    const add = (email: string, kind: string, faspId: string) => expected.push(`${email} ${kind} ${faspId}`);
    const toSecretariat = (kind: string, faspId: string) => secretariat.forEach(({ email }) => add(email, kind, faspId));
    for (const project of report.projects) {
      const { faspId } = project;
      const holder = project.holder.email;
      add(holder, 'dossier_submitted', faspId);
      toSecretariat('dossier_received', faspId);
      if (project.infoRequest) {
        add(holder, 'info_requested', faspId);
        add(holder, 'dossier_resubmitted', faspId);
        toSecretariat('dossier_resubmitted_staff', faspId);
      }
      if (project.scenario === 'refused') {
        add(holder, 'not_admitted', faspId);
        continue;
      }
      add(holder, 'admitted', faspId);
      const invited: Array<{ email: string }> = await engine.dataSource.query(`SELECT u.email FROM assignment a JOIN user_account u ON u.id = a.reviewer_id WHERE a.project_id = $1`, [project.id]);
      for (const { email } of invited) add(email, 'reviewer_invited', faspId);
      for (const seat of project.seats.filter((candidate) => candidate.joined !== 'extra')) add(seat.reviewerEmail, 'review_started', faspId);
      const lead = project.seats.find((seat) => seat.role === 'lead')!.reviewerEmail;
      project.plannedOutcomes.forEach((outcome, index) => {
        add(lead, 'reviews_complete', faspId);
        if (project.scenario === 'divergence' && index === 0) {
          add(lead, 'review_reopened', faspId);
          add(lead, 'reviews_complete', faspId);
        }
        toSecretariat('outcome_proposed', faspId);
        if (outcome === 'revise') {
          add(holder, 'revision_requested', faspId);
          for (const seat of project.seats) add(seat.reviewerEmail, 'revision_submitted', faspId);
          toSecretariat('dossier_resubmitted_staff', faspId);
        } else {
          add(holder, 'outcome', faspId);
          for (const seat of project.seats) add(seat.reviewerEmail, 'reviewer_thanks', faspId);
        }
      });
      if (project.stage === 'published') add(holder, 'published', faspId);
    }

    const faspIds = new Set(report.projects.map((project) => project.faspId));
    const messages = smtp.messages.filter((message) => message.kind !== 'daily_digest');
    const received = messages.map((message) => {
      const faspId = /FASP-\d{4}-\d{4}/.exec(message.subject)?.[0] ?? '(none)';
      return `${message.to.join(',')} ${message.kind} ${faspId}`;
    });
    expect(received.filter((line) => !faspIds.has(line.split(' ')[2]))).toEqual([]);
    expect(received.sort()).toEqual(expected.sort());
    expect(new Set(messages.map((message) => message.messageId)).size).toBe(messages.length);
    expect(report.emails.sent).toBe(smtp.messages.length);

    // in each reader's language: holders write and read in their dossier's language, reviewers in their own
    const languageOf = new Map<string, string>([
      ...report.projects.map((project): [string, string] => [project.holder.email, project.language]),
      ...REVIEWER_POOL.slice(0, SIZE.reviewers).map((person): [string, string] => [`${person.mailbox}@${REVIEWER_DOMAIN}`, person.language]),
    ]);
    for (const message of messages) {
      const language = languageOf.get(message.to[0]);
      if (language) expect({ to: message.to[0], kind: message.kind, language: message.language }).toEqual({ to: message.to[0], kind: message.kind, language });
    }
    const french = report.projects.find((project) => project.language === 'fr')!;
    expect(smtp.to(french.holder.email).find((message) => message.kind === 'dossier_submitted')?.subject).toBe(`Dossier ${french.faspId} reçu`);
  });

  it('runs again on the same engine: a new call, new holders and organisations, the same committee', async () => {
    const again = await runDemo(
      { organizations: 3, reviewers: 4, projects: 3 },
      { baseUrl: engine.url, admin: { email: engine.config.adminEmail!, password: TEST_ADMIN_PASSWORD }, mail: { description: 'the test SMTP server' } },
      { runTag: 'e2e2' },
    );
    expect(again.call.id).not.toBe(report.call.id);
    expect(again.projects.map((project) => [project.scenario, project.stage])).toEqual(again.projects.map((project) => [project.scenario, project.plannedStage]));
    expect(again.reviewers.map((reviewer) => reviewer.id)).toEqual(report.reviewers.slice(0, 4).map((reviewer) => reviewer.id));
    const holders = new Set(report.projects.map((project) => project.holder.email));
    expect(again.projects.filter((project) => holders.has(project.holder.email))).toEqual([]);
    // the committee members left out of the smaller run were not invited to its call
    const invited: Array<{ email: string }> = await engine.dataSource.query(
      `SELECT DISTINCT u.email FROM assignment a JOIN user_account u ON u.id = a.reviewer_id WHERE a.call_id = $1`,
      [again.call.id],
    );
    expect(invited.every(({ email }) => again.reviewers.some((reviewer) => reviewer.email === email))).toBe(true);
  });
});
