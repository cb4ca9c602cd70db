import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { User } from '../identity/entities/user.entity';

/**
 * A browser session: the cookie holds a random token, the table its SHA-256, the account, and
 * the CSRF token every form of the session must echo. Ends at sign-out, after 8 hours idle,
 * or 14 days after sign-in.
 */
@Entity('web_session')
@Index('web_session_user_idx', ['userId'])
export class WebSession {
  @PrimaryColumn('bytea')
  tokenHash: Buffer;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column('text')
  csrfToken: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz')
  lastSeenAt: Date;

  @Column('timestamptz')
  expiresAt: Date;
}
