import { Language } from '@fasp/core';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { JobName } from '../../platform/queue/queue.constants';
import { KindDefinition, NOTIFICATION_KINDS, NotificationKind } from './catalogue';
import { NotificationPreference } from './entities/notification-preference.entity';
import { Recipient } from './recipients';
import { PlaceholderValue, renderNotification, showValue } from './render';

export interface Delivery {
  /** identifies the event: with the person, it makes each notification unique */
  eventKey: string;
  kind: NotificationKind;
  recipients: Recipient[];
  /** placeholder values, shown in each recipient's language and time zone (see `showValue`) */
  values: Record<string, PlaceholderValue>;
  /** path under PUBLIC_URL of the page concerned */
  path: string | null;
}

/**
 * Plans notifications: for each person, the in-app notification and (unless they turned that
 * kind off) the rendered email, each unique per (event, person), and a send job for the email,
 * all in the caller's transaction. Rendering here and sending in its own job keeps a slow or
 * failing mail server away from everything else.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  async deliver(delivery: Delivery, manager: EntityManager): Promise<{ inApp: number; emails: number }> {
    let inApp = 0;
    let emails = 0;
    if (delivery.recipients.length === 0) return { inApp, emails };
    const definition: KindDefinition = NOTIFICATION_KINDS[delivery.kind];
    // security mail (a reset or invitation link) is a credential: email only, never in the inbox
    const inbox = definition.inbox !== false;
    const preferences = await manager.query<Array<Pick<NotificationPreference, 'userId' | 'emailDisabled'>>>(
      `SELECT user_id AS "userId", email_disabled AS "emailDisabled" FROM notification_preference WHERE user_id = ANY($1)`,
      [delivery.recipients.map((recipient) => recipient.id)],
    );
    const link = delivery.path ? `${this.config.publicUrl.replace(/\/$/, '')}${delivery.path}` : null;
    for (const recipient of delivery.recipients) {
      const language: Language = ['en', 'fr', 'es'].includes(recipient.language) ? recipient.language : 'en';
      const values = Object.fromEntries(Object.entries(delivery.values).map(([key, value]) => [key, showValue(value, language, recipient.timeZone)]));
      const rendered = renderNotification(delivery.kind, language, values, { name: recipient.name, link });
      if (inbox) {
        const created = await manager.query<Array<{ id: string }>>(
          `INSERT INTO notification (user_id, kind, event_key, title, body, link) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (event_key, user_id) DO NOTHING RETURNING id`,
          [recipient.id, delivery.kind, delivery.eventKey, rendered.subject, rendered.body, link],
        );
        inApp += created.length;
      }
      const preference = preferences.find((item) => item.userId === recipient.id);
      const wantsEmail = definition.always === true || !(preference?.emailDisabled.includes(delivery.kind) ?? false);
      if (!wantsEmail) continue;
      const queued = await manager.query<Array<{ id: string }>>(
        `INSERT INTO email_delivery (user_id, email, kind, event_key, language, subject, text, html) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (event_key, user_id) DO NOTHING RETURNING id`,
        [recipient.id, recipient.email, delivery.kind, delivery.eventKey, language, rendered.subject, rendered.text, rendered.html],
      );
      for (const row of queued) {
        await this.outbox.record(manager, { name: JobName.EmailSend, payload: { deliveryId: row.id } });
        emails += 1;
      }
    }
    return { inApp, emails };
  }

  /** Runs `deliver` in its own transaction. */
  async deliverNow(delivery: Delivery): Promise<{ inApp: number; emails: number }> {
    return this.dataSource.transaction((manager) => this.deliver(delivery, manager));
  }
}
