import request from 'supertest';
import { createAccount, createHolder } from '../helpers/accounts';
import { createOpenCall } from '../helpers/calls';
import { createCompleteDraft, uploadConceptNote } from '../helpers/projects';
import { TestSmtpServer } from '../helpers/smtp';
import { startTestEngine, TestEngine, waitForQueuesIdle } from '../helpers/test-engine';

describe('notifications smoke', () => {
  let engine: TestEngine;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    engine = await startTestEngine({ env: { SMTP_URL: smtp.url, EMAIL_RETRY_DELAY_MS: '200' } });
  });
  afterAll(async () => {
    await engine?.close();
    await smtp?.stop();
  });

  it('submit sends the holder (in French) and the secretariat their messages, once', async () => {
    const call = await createOpenCall(engine);
    const holder = await createHolder(engine, { language: 'fr', timeZone: 'Africa/Dakar' });
    const sec = await createAccount(engine, { roles: ['secretariat'] });
    const draft = await createCompleteDraft(engine, holder, call.id);
    await uploadConceptNote(engine, holder, draft.id);
    const p = (await request(engine.url).get(`/api/projects/${draft.id}`).set('authorization', holder.bearer)).body;
    await request(engine.url).post(`/api/projects/${draft.id}/transitions`).set('authorization', holder.bearer).send({ action: 'submit', expectedVersion: p.version }).expect(200);
    await waitForQueuesIdle(engine);
    const toHolder = smtp.to(holder.email);
    expect(toHolder.map((m) => m.kind)).toEqual(['dossier_submitted']);
    expect(toHolder[0].subject).toMatch(/^Dossier FASP-\d{4}-0001 reçu$/);
    expect(toHolder[0].language).toBe('fr');
    expect(smtp.to(sec.email).map((m) => m.kind)).toEqual(['dossier_received']);
    const inbox = await request(engine.url).get('/api/me/notifications').set('authorization', holder.bearer).expect(200);
    expect(inbox.body.unreadCount).toBe(1);
    const reminders = await engine.dataSource.query(`SELECT kind, status FROM reminder`);
    expect(reminders).toEqual([{ kind: 'stage_overdue', status: 'pending' }]);
  });
});
