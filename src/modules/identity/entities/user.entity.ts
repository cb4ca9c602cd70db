import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Organization } from './organization.entity';

@Entity('user_account')
@Index('user_account_created_idx', ['createdAt', 'id'])
@Index('user_account_organization_idx', ['organizationId'])
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** stored lower-case, so uniqueness is case-insensitive */
  @Column('text', { unique: true })
  email: string;

  @Column('text')
  name: string;

  /** argon2id; null until an invited person sets a password */
  @Column('text', { nullable: true, select: false })
  passwordHash: string | null;

  /** en, fr or es: emails, reports and labels use it */
  @Column('text', { default: 'en' })
  language: string;

  /** IANA time zone (e.g. Africa/Dakar) used to send reminders at a sensible local hour */
  @Column('text', { nullable: true })
  timeZone: string | null;

  @Column('text', { array: true })
  roles: string[];

  @Column('uuid', { nullable: true })
  organizationId: string | null;

  @ManyToOne(() => Organization, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<Organization> | null;

  /** the secretariat confirmed that this person acts for the organisation */
  @Column('boolean', { default: false })
  membershipConfirmed: boolean;

  @Column('boolean', { default: true })
  active: boolean;

  @VersionColumn()
  version: number;

  /** millisecond precision, like the cursors that page on it */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
