import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An in-app notification. One per (event, person): a replayed event never shows twice. */
@Entity('notification')
@Index('notification_event_user_uq', ['eventKey', 'userId'], { unique: true })
@Index('notification_user_created_idx', ['userId', 'createdAt', 'id'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @Column('text')
  kind: string;

  @Column('text')
  eventKey: string;

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  @Column('text', { nullable: true })
  link: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  readAt: Date | null;
}
