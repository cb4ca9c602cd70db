import { Pool } from 'pg';
import { deliveryReport, DeliveryReport } from '../reliability/checks';
import { Engine, RunDirectories } from '../reliability/engine';
import { Account, createAccounts, createSubmittedProjects, openCall, ProjectRef } from '../reliability/fixtures';
import { HttpClient } from '../reliability/http';
import { Resources, waitUntil } from '../reliability/resources';
import { MailSink, TempPostgres, TempRedis } from '../reliability/services';

/** What every scenario of one fault run shares: the run's own PostgreSQL and Redis servers. */
export interface FaultRun {
  resources: Resources;
  pg: TempPostgres;
  redis: TempRedis;
  dirs: RunDirectories;
  /** the scenario's stage once open (the run closes it if the scenario overruns its time limit) */
  current?: Stage;
}

/** What a scenario found: lines of figures, and what went wrong (nothing, when it passes). */
export interface Outcome {
  counted: string[];
  failures: string[];
  /** the key figures in one line, for the summary table */
  headline?: string;
}

/**
 * One scenario's world: a database and a queue prefix of its own on the run's servers, a mail
 * server, the engine's API and worker processes, a client, and a pool for the checks.
 */
export class Stage {
  readonly started = Date.now();
  engine!: Engine;
  pool!: Pool;
  http!: HttpClient;
  sink!: MailSink;
  databaseUrl!: string;
  queuePrefix!: string;
  /** the key figures in one line, for the summary table */
  headline: string | undefined;

  constructor(
    readonly run: FaultRun,
    readonly name: string,
  ) {}

  /** A line on the console, with the seconds since the scenario started. */
  log(line: string): void {
    process.stdout.write(`[${((Date.now() - this.started) / 1000).toFixed(1).padStart(6)}s] ${line}\n`);
  }

  static async open(run: FaultRun, name: string, env: Record<string, string> = {}): Promise<Stage> {
    const stage = new Stage(run, name);
    run.current = stage;
    stage.queuePrefix = `faults_${name}`;
    stage.databaseUrl = await run.pg.createDatabase(`faults_${name}`);
    stage.sink = await MailSink.start();
    run.resources.onRelease(`scenario ${name}`, () => stage.close());
    stage.engine = await Engine.create(run.resources, run.dirs, name, {
      databaseUrl: stage.databaseUrl,
      redisUrl: run.redis.url,
      queuePrefix: stage.queuePrefix,
      smtpUrl: stage.sink.url,
      env,
    });
    stage.http = new HttpClient(stage.engine.url, 64, 60000);
    stage.log(`starting the API process (migrations, reference framework) on ${stage.engine.url}`);
    await stage.engine.startApi();
    stage.pool = new Pool({ connectionString: stage.databaseUrl, max: 4, application_name: 'fasp-faults-check' });
    stage.pool.on('error', () => undefined);
    return stage;
  }

  private closed = false;

  /** Stops the engine's processes and the mail server (once). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.http?.close();
    await this.engine?.stop();
    await this.pool?.end().catch(() => undefined);
    await this.sink?.stop();
  }

  /** A secretariat account, `holders` holders with `perHolder` submitted projects each, on an open call. */
  async submittedProjects(holders: number, perHolder: number): Promise<{ secretariat: Account; projects: ProjectRef[] }> {
    const [secretariat] = await createAccounts(this.pool, this.http, 'secretariat', 1);
    const people = await createAccounts(this.pool, this.http, 'holder', holders);
    const callId = await openCall(this.pool, this.http, secretariat);
    const projects = await createSubmittedProjects(this.http, people, callId, perHolder);
    return { secretariat, projects };
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(sql, params);
    return rows[0].n;
  }

  /**
   * Waits until every notification the history calls for exists, every email is sent and was
   * received, and the outbox is empty; returns the final report.
   */
  async settled(what: string, timeoutMs: number): Promise<DeliveryReport> {
    let report: DeliveryReport | undefined;
    await waitUntil(what, timeoutMs, async () => {
      this.engine.assertRunning();
      report = await deliveryReport(this.pool, this.sink);
      const undispatched = await this.count(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`);
      const done =
        report.inApp >= report.expected &&
        report.emailsPlanned >= report.expected &&
        (report.byStatus.sent ?? 0) === report.emailsPlanned &&
        report.notReceived.length === 0 &&
        undispatched === 0;
      return done || `in-app ${report.inApp}/${report.expected}, emails sent ${report.byStatus.sent ?? 0}/${report.expected}, received ${report.distinctReceived}, outbox pending ${undispatched}`;
    }, 1000);
    return report!;
  }
}
