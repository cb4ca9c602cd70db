import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { TokenPairDto } from './dto/user.dto';
import { TokensRepository } from './tokens.repository';

export interface AccessTokenClaims {
  sub: string;
  roles: string[];
}

export const JWT_ISSUER = 'fasp';
export const JWT_AUDIENCE = 'fasp-api';

/** Access tokens (short-lived JWT), refresh tokens (opaque, hashed at rest) and password-token links. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly tokens: TokensRepository,
    private readonly config: AppConfig,
  ) {}

  static hashRefreshToken(token: string): Buffer {
    return createHash('sha256').update(token).digest();
  }

  async verifyAccessToken(token: string): Promise<AccessTokenClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
      return typeof claims.sub === 'string' ? claims : null;
    } catch {
      return null;
    }
  }

  /** A new pair; `familyId` continues a rotation chain, absent starts one (a sign-in). */
  async issuePair(user: { id: string; roles: string[] }, manager: EntityManager, ip: string | null, familyId: string = randomUUID()): Promise<TokenPairDto> {
    const refreshToken = randomBytes(32).toString('base64url');
    await this.tokens.insertRefresh(
      {
        userId: user.id,
        familyId,
        tokenHash: TokenService.hashRefreshToken(refreshToken),
        expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 24 * 3600 * 1000),
        ip,
      },
      manager,
    );
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, roles: user.roles },
      { algorithm: 'HS256', expiresIn: this.config.accessTokenTtlSeconds, issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
    );
    return { accessToken, expiresIn: this.config.accessTokenTtlSeconds, refreshToken, tokenType: 'Bearer' };
  }

  /** `<id>.<HMAC(id)>`: rebuilt from the id alone, so neither the table nor the job holds the secret. */
  passwordTokenString(tokenId: string): string {
    return `${tokenId}.${this.passwordTokenMac(tokenId)}`;
  }

  /** The token id when the string is one we issued, else null. */
  passwordTokenId(token: string): string | null {
    const [id, mac] = token.split('.');
    if (!id || !mac || !/^[0-9a-f-]{36}$/.test(id)) return null;
    const expected = Buffer.from(this.passwordTokenMac(id));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
  }

  private passwordTokenMac(tokenId: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(`password-token:${tokenId}`).digest('base64url');
  }
}
