import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import nodemailer, { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { isNotificationKind, NOTIFICATION_KINDS } from './catalogue';
import { EmailDelivery } from './entities/email-delivery.entity';

/** SMTP replies that will not get better by retrying (bad mailbox, refused address, policy). */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  const message = (error as Error)?.message ?? '';
  return (typeof code === 'number' && code >= 500 && code < 600) || /EENVELOPE|No recipients defined|Invalid address/i.test(message);
}

/**
 * Sends one planned email over SMTP (nodemailer). A transient failure (server away, 4xx) is
 * retried by the queue with exponential backoff; a permanent one (5xx, invalid address) fails at
 * once; after the last attempt the delivery shows as failed. Once the server has accepted the
 * message, the job notes it in its progress (in Redis) before the delivery is marked sent in
 * PostgreSQL: if that mark fails (the database is away), the retry finds the note and only
 * records the send, it does not send again. The Message-ID is derived from the delivery, so that
 * in the one unavoidable gap (the server accepted, the worker died before noting it) the
 * duplicate carries the same Message-ID and mail systems can drop it.
 */
/**
 * Once a message carrying a single-use credential (reset, account setup) is sent or given up,
 * its stored copy loses the body: the link must live in the person's mailbox only.
 */
const REDACTED = '[removed after sending: this message carried a single-use link]';

function carriesCredential(kind: string): boolean {
  return isNotificationKind(kind) && (NOTIFICATION_KINDS[kind] as { inbox?: boolean }).inbox === false;
}

@Injectable()
export class EmailSender implements OnApplicationShutdown {
  private readonly logger = new Logger(EmailSender.name);
  private transporter: Transporter | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  private transport(): Transporter {
    if (!this.transporter) {
      const url = new URL(this.config.smtpUrl);
      const secure = url.protocol === 'smtps:';
      this.transporter = nodemailer.createTransport({
        host: url.hostname,
        port: url.port ? Number(url.port) : secure ? 465 : 25,
        secure,
        auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
        // the development mail catcher and test servers speak plain SMTP on localhost
        ignoreTLS: !secure && ['127.0.0.1', 'localhost', '::1'].includes(url.hostname),
        connectionTimeout: 10000,
        greetingTimeout: 10000,
        socketTimeout: 20000,
        pool: true,
        maxConnections: 3,
      });
    }
    return this.transporter;
  }

  async send(deliveryId: string, job?: Job): Promise<{ status: string }> {
    const repo = this.dataSource.getRepository(EmailDelivery);
    const delivery = await repo.findOneBy({ id: deliveryId });
    if (!delivery || delivery.status === 'sent' || delivery.status === 'failed') return { status: delivery?.status ?? 'missing' };
    const messageId = `<${delivery.id}@fasp>`;
    const accepted = (job?.progress as { accepted?: string } | undefined)?.accepted;
    if (accepted) {
      // an earlier attempt got it accepted but could not record it
      await this.dataSource.query(
        `UPDATE email_delivery SET status = 'sent', sent_at = now(), message_id = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1`,
        [deliveryId, accepted],
      );
      await this.redactIfCredential(delivery);
      return { status: 'sent' };
    }
    await this.dataSource.query(`UPDATE email_delivery SET status = 'sending', attempts = attempts + 1 WHERE id = $1`, [deliveryId]);
    let sentAs: string;
    try {
      const info = (await this.transport().sendMail({
        from: this.config.mailFrom,
        to: delivery.email,
        subject: delivery.subject,
        text: delivery.text,
        html: delivery.html,
        messageId,
        headers: { 'X-FASP-Kind': delivery.kind, 'Content-Language': delivery.language },
      })) as { messageId?: string };
      sentAs = info.messageId ?? messageId;
    } catch (error) {
      const permanent = isPermanent(error);
      const lastAttempt = !job || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const status = permanent || lastAttempt ? 'failed' : 'pending';
      await this.dataSource.query(`UPDATE email_delivery SET status = $2, last_error = $3 WHERE id = $1`, [deliveryId, status, (error as Error).message.slice(0, 1000)]);
      if (status === 'failed') await this.redactIfCredential(delivery);
      if (permanent) throw new UnrecoverableError(`email refused permanently: ${(error as Error).message}`);
      throw error;
    }
    // best effort: with Redis away too, recording in PostgreSQL below is all there is
    await job?.updateProgress({ accepted: sentAs }).catch(() => undefined);
    await this.dataSource.query(`UPDATE email_delivery SET status = 'sent', sent_at = now(), message_id = $2, last_error = NULL WHERE id = $1`, [deliveryId, sentAs]);
    await this.redactIfCredential(delivery);
    return { status: 'sent' };
  }

  private async redactIfCredential(delivery: EmailDelivery): Promise<void> {
    if (carriesCredential(delivery.kind)) await this.dataSource.query(`UPDATE email_delivery SET text = $2, html = $2 WHERE id = $1`, [delivery.id, REDACTED]);
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }
}
