import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { User } from '../../identity/entities/user.entity';

/** What the assignment needs to know about a reviewer: expertise, languages, reach, load cap, conflicts. */
@Entity('reviewer_profile')
export class ReviewerProfile {
  @PrimaryColumn('uuid')
  userId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  /** member of the Scientific and Technical Committee: may lead a review */
  @Column('boolean', { default: false })
  stcMember: boolean;

  /** languages the reviewer reads dossiers in */
  @Column('text', { array: true, default: () => "'{}'" })
  languages: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  practices: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  landUses: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  disciplines: string[];

  /** criterion codes the reviewer is strongest on, e.g. 2.2 */
  @Column('text', { array: true, default: () => "'{}'" })
  criteriaFocus: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  regions: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  countries: string[];

  /** most dossiers per call */
  @Column('int', { default: 4 })
  capacityPerCall: number;

  /** false: not invited to anything new */
  @Column('boolean', { default: true })
  available: boolean;

  /** declared conflicts of interest */
  @Column('uuid', { array: true, default: () => "'{}'" })
  conflictOrganizationIds: string[];

  /** people (by email) the reviewer declared a conflict with */
  @Column('text', { array: true, default: () => "'{}'" })
  conflictPersonEmails: string[];

  @Column('uuid', { array: true, default: () => "'{}'" })
  conflictProjectIds: string[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
