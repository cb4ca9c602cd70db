import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PasswordToken, PasswordTokenPurpose } from './entities/password-token.entity';
import { RefreshToken } from './entities/refresh-token.entity';

@Injectable()
export class TokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertRefresh(
    row: { userId: string; familyId: string; tokenHash: Buffer; expiresAt: Date; ip: string | null },
    manager?: EntityManager,
  ): Promise<void> {
    await (manager ?? this.dataSource.manager).getRepository(RefreshToken).insert(row);
  }

  /** The token's row, locked for the rest of the transaction. */
  async lockRefresh(tokenHash: Buffer, manager: EntityManager): Promise<RefreshToken | null> {
    return manager
      .getRepository(RefreshToken)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.tokenHash = :tokenHash', { tokenHash })
      .getOne();
  }

  async markRotated(id: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(RefreshToken).update({ id }, { rotatedAt: () => 'now()' });
  }

  async revokeFamily(familyId: string, manager?: EntityManager): Promise<number> {
    const result = await (manager ?? this.dataSource.manager)
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: () => 'now()' })
      .where('familyId = :familyId AND revokedAt IS NULL', { familyId })
      .execute();
    return result.affected ?? 0;
  }

  async revokeAllOf(userId: string, manager?: EntityManager): Promise<number> {
    const result = await (manager ?? this.dataSource.manager)
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: () => 'now()' })
      .where('userId = :userId AND revokedAt IS NULL', { userId })
      .execute();
    return result.affected ?? 0;
  }

  async insertPasswordToken(userId: string, purpose: PasswordTokenPurpose, expiresAt: Date, manager: EntityManager): Promise<PasswordToken> {
    return manager.getRepository(PasswordToken).save({ userId, purpose, expiresAt, usedAt: null });
  }

  async lockPasswordToken(id: string, manager: EntityManager): Promise<PasswordToken | null> {
    return manager.getRepository(PasswordToken).createQueryBuilder('t').setLock('pessimistic_write').where('t.id = :id', { id }).getOne();
  }

  async markPasswordTokenUsed(id: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(PasswordToken).update({ id }, { usedAt: () => 'now()' });
  }

  /** A new reset supersedes older unused ones. */
  async expireOpenPasswordTokens(userId: string, manager: EntityManager): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(PasswordToken)
      .set({ expiresAt: () => 'now()' })
      .where('userId = :userId AND usedAt IS NULL AND expiresAt > now()', { userId })
      .execute();
  }
}
