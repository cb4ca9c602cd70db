import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Which kinds a person does not want by email (the in-app inbox always gets them), and the daily digest. */
@Entity('notification_preference')
export class NotificationPreference {
  @PrimaryColumn('uuid')
  userId: string;

  @Column('text', { array: true, default: () => "'{}'" })
  emailDisabled: string[];

  @Column('boolean', { default: true })
  digest: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
