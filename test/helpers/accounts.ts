import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { UserRole } from '../../src/platform/auth/roles';
import { Organization } from '../../src/modules/identity/entities/organization.entity';
import { OrganizationsRepository } from '../../src/modules/identity/organizations.repository';
import { PasswordHasher } from '../../src/modules/identity/password-hasher';
import { TokenService } from '../../src/modules/identity/token.service';
import { UsersRepository } from '../../src/modules/identity/users.repository';
import { TestEngine } from './test-engine';

/** Builders for people and organisations: each test makes the ones it needs. */

export const TEST_PASSWORD = 'correct horse battery staple';
const hashes = new WeakMap<TestEngine, Promise<string>>();

function unique(): string {
  return randomBytes(4).toString('hex');
}

export async function createOrganization(engine: TestEngine, overrides: Partial<Organization> = {}): Promise<Organization> {
  const organization = await engine.get(OrganizationsRepository).insert({
    name: overrides.name ?? `Soil Partners ${unique()}`,
    country: overrides.country ?? 'SN',
    region: overrides.region ?? 'africa',
    college: overrides.college ?? 'NGO',
    membership: overrides.membership ?? 'partner',
    verified: overrides.verified ?? true,
  });
  if (!organization) throw new Error('organisation name already taken in this country');
  return organization;
}

export interface TestAccount {
  id: string;
  email: string;
  password: string;
  roles: UserRole[];
  organizationId: string | null;
  /** a valid access token (minted directly, not through the login route and its rate limit) */
  token: string;
  refreshToken: string;
  /** `Authorization` header value */
  bearer: string;
}

export interface AccountOptions {
  roles?: UserRole[];
  email?: string;
  name?: string;
  language?: 'en' | 'fr' | 'es';
  organizationId?: string | null;
  membershipConfirmed?: boolean;
  timeZone?: string | null;
}

export async function createAccount(engine: TestEngine, options: AccountOptions = {}): Promise<TestAccount> {
  let hash = hashes.get(engine);
  if (!hash) {
    hash = engine.get(PasswordHasher).hash(TEST_PASSWORD);
    hashes.set(engine, hash);
  }
  const roles = options.roles ?? ['holder'];
  const email = options.email ?? `${roles[0]}-${unique()}@example.org`;
  const user = await engine.get(UsersRepository).insert({
    email,
    name: options.name ?? `${roles[0]} ${unique()}`,
    language: options.language ?? 'en',
    timeZone: options.timeZone ?? null,
    roles,
    organizationId: options.organizationId ?? null,
    membershipConfirmed: options.membershipConfirmed ?? options.organizationId != null,
    passwordHash: await hash,
  });
  if (!user) throw new Error(`email ${email} already taken`);
  const tokens = await engine.dataSource.transaction((manager) => engine.get(TokenService).issuePair(user, manager, '127.0.0.1'));
  return {
    id: user.id,
    email,
    password: TEST_PASSWORD,
    roles,
    organizationId: user.organizationId,
    token: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    bearer: `Bearer ${tokens.accessToken}`,
  };
}

/** A holder with a confirmed membership of a new organisation. */
export async function createHolder(engine: TestEngine, options: AccountOptions = {}): Promise<TestAccount & { organization: Organization }> {
  const organization = options.organizationId ? (await engine.get(OrganizationsRepository).findById(options.organizationId))! : await createOrganization(engine);
  const account = await createAccount(engine, { roles: ['holder'], ...options, organizationId: organization.id });
  return { ...account, organization };
}

/** Signs in through the real route. */
export async function signIn(engine: TestEngine, email: string, password: string): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await request(engine.url).post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { accessToken: string; refreshToken: string };
}
