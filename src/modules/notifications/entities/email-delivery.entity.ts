import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

/**
 * One email to one person for one event, rendered when planned and sent by a separate job.
 * Unique per (event, person): retries, duplicate jobs and replays never make a second one.
 */
@Entity('email_delivery')
@Index('email_delivery_event_user_uq', ['eventKey', 'userId'], { unique: true })
@Index('email_delivery_status_idx', ['status', 'createdAt'])
export class EmailDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @Column('text')
  email: string;

  @Column('text')
  kind: string;

  @Column('text')
  eventKey: string;

  @Column('text')
  language: string;

  @Column('text')
  subject: string;

  @Column('text')
  text: string;

  @Column('text')
  html: string;

  @Column('text', { default: 'pending' })
  status: DeliveryStatus;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('text', { nullable: true })
  messageId: string | null;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
