import request from 'supertest';
import { QueueClients } from '../../src/platform/queue/queue-clients';
import { QueueName } from '../../src/platform/queue/queue.constants';
import { createAccount, createHolder, TestAccount } from '../helpers/accounts';
import { createDraftCall } from '../helpers/calls';
import { startTestEngine, TestEngine } from '../helpers/test-engine';
import { eventually } from '../helpers/wait';

interface CloseJobRow {
  id: string;
  due_at: Date;
  dispatched_at: Date | null;
}

/**
 * The end of a call's window, with the API and worker roles in one process: opening records a
 * delayed close job in the outbox; the worker runs it at closesAt and re-checks the call.
 */
describe('calls close by themselves at closesAt (e2e)', () => {
  let engine: TestEngine;
  let secretariat: TestAccount;
  let holder: TestAccount;

  beforeAll(async () => {
    engine = await startTestEngine();
    [secretariat, holder] = await Promise.all([createAccount(engine, { roles: ['secretariat'] }), createHolder(engine)]);
  });
  afterAll(() => engine?.close());

  const api = () => request(engine.url);
  const read = async (id: string) => (await api().get(`/api/calls/${id}`).set('authorization', holder.bearer).expect(200)).body;
  const closeJobs = (callId: string): Promise<CloseJobRow[]> =>
    engine.dataSource.query(`SELECT id, due_at, dispatched_at FROM outbox WHERE job_name = 'call.close' AND payload->>'callId' = $1 ORDER BY due_at`, [callId]);

  /** The BullMQ job of an outbox row (same id), once the worker has finished it. */
  async function finishedJob(outboxId: string, timeoutMs = 10000) {
    const queue = engine.get(QueueClients).queue(QueueName.Workflow);
    const job = await eventually(
      () => queue.getJob(outboxId),
      (found) => found?.finishedOn !== undefined,
      { timeoutMs, what: `close job ${outboxId} finished` },
    );
    return { state: await job!.getState(), returnvalue: job!.returnvalue as unknown, finishedOn: job!.finishedOn! };
  }

  async function openCall(closesInMs: number) {
    const draft = await createDraftCall(engine, { closesAt: new Date(Date.now() + closesInMs) });
    const res = await api().post(`/api/calls/${draft.id}/open`).set('authorization', secretariat.bearer).send({ expectedVersion: draft.version });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'open', acceptingSubmissions: true });
    return res.body as { id: string; closesAt: string; version: number };
  }

  it('a call opened with closesAt 2 s ahead is closed by the worker', async () => {
    const call = await openCall(2000);
    const [job] = await closeJobs(call.id);
    expect(job.due_at.toISOString()).toBe(call.closesAt);
    // the relay hands it to BullMQ as a delayed job straight away
    await eventually(() => closeJobs(call.id), ([row]) => row.dispatched_at !== null, { timeoutMs: 5000, what: 'close job dispatched' });
    expect(await engine.get(QueueClients).queue(QueueName.Workflow).getJob(job.id).then((found) => found?.getState())).toBe('delayed');
    expect((await read(call.id)).status).toBe('open');

    const closed = await eventually(() => read(call.id), (body) => body.status === 'closed', { timeoutMs: 10000, what: 'call closed' });
    expect(closed).toMatchObject({ acceptingSubmissions: false, version: call.version + 1 });
    expect(Date.parse(closed.closedAt)).toBeGreaterThanOrEqual(Date.parse(call.closesAt));
    expect(await finishedJob(job.id)).toMatchObject({ state: 'completed', returnvalue: { closed: true } });
  });

  it('after closesAt is extended the old job runs harmlessly: the call closes at the new closesAt', async () => {
    const call = await openCall(1500);
    const extended = new Date(Date.parse(call.closesAt) + 2500).toISOString();
    const patched = await api().patch(`/api/calls/${call.id}`).set('authorization', secretariat.bearer).send({ closesAt: extended, expectedVersion: call.version });
    expect(patched.status).toBe(200);
    const jobs = await closeJobs(call.id);
    expect(jobs.map((row) => row.due_at.toISOString())).toEqual([call.closesAt, extended]);

    const early = await finishedJob(jobs[0].id);
    expect(early).toMatchObject({ state: 'completed', returnvalue: { closed: false } });
    expect(early.finishedOn).toBeGreaterThanOrEqual(Date.parse(call.closesAt));
    expect(await read(call.id)).toMatchObject({ status: 'open', acceptingSubmissions: true, closedAt: null });

    const closed = await eventually(() => read(call.id), (body) => body.status === 'closed', { timeoutMs: 10000, what: 'call closed' });
    expect(Date.parse(closed.closedAt)).toBeGreaterThanOrEqual(Date.parse(extended));
    expect(await finishedJob(jobs[1].id)).toMatchObject({ state: 'completed', returnvalue: { closed: true } });
  });

  it('a call closed by hand before closesAt is left as it is when the job runs', async () => {
    const call = await openCall(1500);
    const closedByHand = await api().post(`/api/calls/${call.id}/close`).set('authorization', secretariat.bearer).send({ expectedVersion: call.version });
    expect(closedByHand.status).toBe(200);
    const [job] = await closeJobs(call.id);
    expect(await finishedJob(job.id)).toMatchObject({ state: 'completed', returnvalue: { closed: false } });
    expect(await read(call.id)).toEqual({ ...closedByHand.body });
  });
});
