import { Language } from '@fasp/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { JobName } from '../../platform/queue/queue.constants';
import { KindDefinition, NOTIFICATION_KINDS, NotificationKind } from './catalogue';
import { Recipient } from './recipients';
import { PlaceholderValue, renderInbox, renderNotification, showValue } from './render';

export interface Delivery {
  /** identifies the event: with the person, it makes each notification unique */
  eventKey: string;
  kind: NotificationKind;
  recipients: Recipient[];
  /** placeholder values, shown in each recipient's language and time zone (see `showValue`) */
  values: Record<string, PlaceholderValue>;
  /** path under PUBLIC_URL of the page concerned */
  path: string | null;
  /** carried by the send jobs of the emails; default: the current one */
  correlationId?: string;
}

interface InboxRow {
  userId: string;
  kind: string;
  eventKey: string;
  title: string;
  body: string;
  link: string | null;
}

interface EmailRow {
  userId: string;
  email: string;
  kind: string;
  eventKey: string;
  language: Language;
  subject: string;
  text: string;
  html: string;
  correlationId: string | undefined;
}

const pairKey = (eventKey: string, userId: string): string => `${eventKey}\u0000${userId}`;
const byPair = (a: { eventKey: string; userId: string }, b: { eventKey: string; userId: string }): number =>
  a.eventKey < b.eventKey ? -1 : a.eventKey > b.eventKey ? 1 : a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;

/**
 * Plans notifications: for each person, the in-app notification and (unless they turned that
 * kind off) the rendered email, each unique per (event, person), and a send job for the email,
 * all in the caller's transaction. Rendering here and sending in its own job keeps a slow or
 * failing mail server away from everything else.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  async deliver(delivery: Delivery, manager: EntityManager): Promise<{ inApp: number; emails: number }> {
    const [result] = await this.deliverMany([delivery], manager);
    return result;
  }

  /**
   * `deliver` for several events in one go: one statement for the inbox rows, one for the emails
   * and one for their send jobs, whatever the number of events and people (their preferences come
   * with them, see `Recipient`). Answers what each delivery created, in order; an event given
   * twice creates nothing the second time, as when it was delivered before.
   */
  async deliverMany(deliveries: readonly Delivery[], manager: EntityManager): Promise<Array<{ inApp: number; emails: number }>> {
    const results = deliveries.map(() => ({ inApp: 0, emails: 0 }));
    const inbox: InboxRow[] = [];
    const emails: EmailRow[] = [];
    /** which delivery each (event, person) belongs to: the first that names it */
    const owner = new Map<string, number>();
    deliveries.forEach((delivery, index) => {
      const definition: KindDefinition = NOTIFICATION_KINDS[delivery.kind];
      // security mail (a reset or invitation link) is a credential: email only, never in the inbox
      const toInbox = definition.inbox !== false;
      const link = delivery.path ? `${this.config.publicUrl.replace(/\/$/, '')}${delivery.path}` : null;
      for (const recipient of delivery.recipients) {
        const key = pairKey(delivery.eventKey, recipient.id);
        if (owner.has(key)) continue;
        owner.set(key, index);
        const language: Language = ['en', 'fr', 'es'].includes(recipient.language) ? recipient.language : 'en';
        const values = Object.fromEntries(Object.entries(delivery.values).map(([name, value]) => [name, showValue(value, language, recipient.timeZone)]));
        const wantsEmail = definition.always === true || !recipient.emailDisabled.includes(delivery.kind);
        // the email's text and HTML only for those who get it
        const email = wantsEmail ? renderNotification(delivery.kind, language, values, { name: recipient.name, link }) : null;
        const shown = email ?? renderInbox(delivery.kind, language, values);
        if (toInbox) inbox.push({ userId: recipient.id, kind: delivery.kind, eventKey: delivery.eventKey, title: shown.subject, body: shown.body, link });
        if (email) {
          emails.push({
            userId: recipient.id,
            email: recipient.email,
            kind: delivery.kind,
            eventKey: delivery.eventKey,
            language,
            subject: email.subject,
            text: email.text,
            html: email.html,
            correlationId: delivery.correlationId,
          });
        }
      }
    });
    // in one order of (event, person), so that two batches meeting on a key wait instead of deadlocking
    inbox.sort(byPair);
    emails.sort(byPair);
    const created = await this.insertInbox(inbox, manager);
    for (const row of created) results[owner.get(pairKey(row.eventKey, row.userId)) as number].inApp += 1;
    const queued = await this.insertEmails(emails, manager);
    if (queued.length > 0) {
      const correlation = new Map(emails.map((email) => [pairKey(email.eventKey, email.userId), email.correlationId]));
      await this.outbox.recordMany(
        manager,
        queued.map((row) => ({ name: JobName.EmailSend, payload: { deliveryId: row.id }, correlationId: correlation.get(pairKey(row.eventKey, row.userId)) })),
      );
      for (const row of queued) results[owner.get(pairKey(row.eventKey, row.userId)) as number].emails += 1;
    }
    return results;
  }

  private async insertInbox(rows: InboxRow[], manager: EntityManager): Promise<Array<{ eventKey: string; userId: string }>> {
    if (rows.length === 0) return [];
    return manager.query(
      `INSERT INTO notification (user_id, kind, event_key, title, body, link)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT (event_key, user_id) DO NOTHING
       RETURNING event_key AS "eventKey", user_id AS "userId"`,
      [rows.map((row) => row.userId), rows.map((row) => row.kind), rows.map((row) => row.eventKey), rows.map((row) => row.title), rows.map((row) => row.body), rows.map((row) => row.link)],
    );
  }

  private async insertEmails(rows: EmailRow[], manager: EntityManager): Promise<Array<{ id: string; eventKey: string; userId: string }>> {
    if (rows.length === 0) return [];
    return manager.query(
      `INSERT INTO email_delivery (user_id, email, kind, event_key, language, subject, text, html)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       ON CONFLICT (event_key, user_id) DO NOTHING
       RETURNING id, event_key AS "eventKey", user_id AS "userId"`,
      [
        rows.map((row) => row.userId),
        rows.map((row) => row.email),
        rows.map((row) => row.kind),
        rows.map((row) => row.eventKey),
        rows.map((row) => row.language),
        rows.map((row) => row.subject),
        rows.map((row) => row.text),
        rows.map((row) => row.html),
      ],
    );
  }

  /** Runs `deliver` in its own transaction. */
  async deliverNow(delivery: Delivery): Promise<{ inApp: number; emails: number }> {
    return this.dataSource.transaction((manager) => this.deliver(delivery, manager));
  }
}
