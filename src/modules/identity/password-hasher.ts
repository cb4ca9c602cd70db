import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { AppConfig } from '../../platform/config/app-config';

/** argon2id, with memory cost from PASSWORD_HASH_MEMORY_KIB (OWASP's minimum is 19 MiB, t=2, p=1). */
@Injectable()
export class PasswordHasher {
  private readonly options: argon2.HashOptions & { raw?: false };
  /** verified against when the account does not exist, so both cases take the same time */
  private decoy: Promise<string> | undefined;

  constructor(config: AppConfig) {
    this.options = { raw: false, type: argon2.argon2id, memoryCost: config.passwordHashMemoryKib, timeCost: 2, parallelism: 1 };
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    if (!hash) {
      this.decoy ??= this.hash('decoy password for absent accounts');
      await argon2.verify(await this.decoy, password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  }
}
