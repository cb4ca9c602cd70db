import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { User } from './user.entity';

/**
 * An opaque refresh token, stored as its SHA-256. Each refresh rotates it: the old row is
 * marked rotated and a new one joins the same family. Presenting a rotated token again means
 * it leaked: the whole family is revoked.
 */
@Entity('refresh_token')
@Index('refresh_token_family_idx', ['familyId'])
@Index('refresh_token_user_idx', ['userId'])
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column('uuid')
  familyId: string;

  @Column('bytea', { unique: true })
  tokenHash: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  rotatedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('text', { nullable: true })
  ip: string | null;
}
