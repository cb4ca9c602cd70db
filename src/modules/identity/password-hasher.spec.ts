import { AppConfig } from '../../platform/config/app-config';
import { PasswordHasher } from './password-hasher';

/** Passwords are stored as salted argon2id hashes with the configured memory cost, never as given. */
describe('PasswordHasher', () => {
  const hasher = new PasswordHasher({ passwordHashMemoryKib: 19456 } as AppConfig);
  const password = 'correct horse battery staple';

  it('stores an argon2id hash (m=19456 KiB, p=1, t=2) with its own salt, not the password', async () => {
    const [first, second] = await Promise.all([hasher.hash(password), hasher.hash(password)]);
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(first).not.toContain(password);
    expect(second).not.toBe(first);
  });

  it('verifies the right password only; an absent or damaged hash verifies nothing', async () => {
    const hash = await hasher.hash(password);
    expect(await hasher.verify(hash, password)).toBe(true);
    expect(await hasher.verify(hash, `${password} `)).toBe(false);
    expect(await hasher.verify(null, password)).toBe(false);
    expect(await hasher.verify('$argon2id$not-a-hash', password)).toBe(false);
  });
});
