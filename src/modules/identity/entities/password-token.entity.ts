import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { User } from './user.entity';

export type PasswordTokenPurpose = 'reset' | 'invitation';

/**
 * A single-use token to set a password (reset, or first password of an invited account). The
 * token itself is `<id>.<HMAC(id)>`, so nothing secret is stored and the email job, which only
 * carries ids, can rebuild the link.
 */
@Entity('password_token')
@Index('password_token_user_idx', ['userId'])
export class PasswordToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column('text')
  purpose: PasswordTokenPurpose;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;
}
