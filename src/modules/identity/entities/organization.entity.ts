import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A partner or member organisation of the Initiative, or one a holder proposed at registration. */
@Entity('organization')
@Index('organization_name_country_uq', ['nameKey', 'country'], { unique: true })
@Index('organization_created_idx', ['createdAt', 'id'])
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** name folded for uniqueness: lower case, single spaces, no accents */
  @Column('text')
  nameKey: string;

  /** ISO 3166-1 alpha-2 */
  @Column('char', { length: 2 })
  country: string;

  @Column('text')
  region: string;

  @Column('text')
  college: string;

  @Column('text', { nullable: true })
  membership: string | null;

  /** set by the secretariat once it knows the organisation */
  @Column('boolean', { default: false })
  verified: boolean;

  /** millisecond precision, like the cursors that page on it */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
