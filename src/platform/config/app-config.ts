import { plainToInstance } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsEmail,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';

export const APP_ROLES = ['api', 'worker'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Secrets that only ever make sense on a developer's machine. Production refuses them. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-jwt-secret-do-not-use-in-production';
/** Outside production, a first administrator exists out of the box (its password is printed once). */
export const DEVELOPMENT_ADMIN_EMAIL = 'admin@fasp.local';

/**
 * The engine's whole configuration: one typed, validated object built once at start-up from
 * the environment. Nothing else in the code base reads `process.env`.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  nodeEnv: 'development' | 'test' | 'production';

  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    { message: 'must be a postgres:// URL, e.g. postgres://user:password@127.0.0.1:5432/fasp' },
  )
  databaseUrl: string;

  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(200)
  databasePoolSize: number;

  @IsUrl(
    { protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true },
    { message: 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379' },
  )
  redisUrl: string;

  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1-40 letters, digits, "-" or "_"' })
  queuePrefix: string;

  @IsString()
  host: string;

  @IsInt({ message: 'must be an integer' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  port: number;

  @IsArray()
  @ArrayNotEmpty({ message: 'must name at least one role: api, worker or api,worker' })
  @IsIn(APP_ROLES, { each: true, message: 'must be api, worker or api,worker' })
  appRoles: AppRole[];

  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'must be an http(s) URL, e.g. https://fasp.example.org' },
  )
  publicUrl: string;

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters long' })
  jwtSecret: string;

  @IsUrl(
    { protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true },
    { message: 'must be an smtp:// or smtps:// URL, e.g. smtp://127.0.0.1:1025' },
  )
  smtpUrl: string;

  @Matches(/^(.+<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
    message: 'must be an address such as "FASP <fasp@example.org>" or fasp@example.org',
  })
  mailFrom: string;

  @IsString()
  @MinLength(1)
  uploadDir: string;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  logLevel: LogLevel;

  @IsArray()
  @IsString({ each: true })
  corsOrigins: string[];

  @IsInt({ message: 'must be an integer' })
  @Min(1024)
  @Max(100 * 1024 * 1024)
  bodyLimitBytes: number;

  @IsInt({ message: 'must be an integer' })
  @Min(0)
  shutdownTimeoutMs: number;

  @IsInt({ message: 'must be an integer' })
  @Min(0)
  dependencyWaitMs: number;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters long' })
  metricsToken?: string;

  @IsInt({ message: 'must be an integer' })
  @Min(10)
  outboxPollMs: number;

  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(10000)
  outboxBatchSize: number;

  @IsInt({ message: 'must be an integer' })
  @Min(1)
  outboxRetentionDays: number;

  /** how long a running job's lock lasts without renewal: a dead worker's jobs wait that long */
  @IsInt({ message: 'must be an integer' })
  @Min(1000)
  @Max(600_000)
  queueLockMs: number;

  /** how often workers look for jobs whose lock expired, and hand them out again */
  @IsInt({ message: 'must be an integer' })
  @Min(1000)
  @Max(600_000)
  queueStalledCheckMs: number;

  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  adminEmail?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'must be at least 12 characters long' })
  adminPassword?: string;

  @IsInt({ message: 'must be an integer' })
  @Min(60)
  @Max(24 * 3600)
  accessTokenTtlSeconds: number;

  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(365)
  refreshTokenTtlDays: number;

  @IsInt({ message: 'must be an integer' })
  @Min(1)
  loginMaxPerIp: number;

  @IsInt({ message: 'must be an integer' })
  @Min(1)
  loginMaxFailuresPerAccount: number;

  @IsInt({ message: 'must be an integer' })
  @Min(1)
  loginWindowSeconds: number;

  @IsIn(['true', 'false', 'loopback', 'uniquelocal'], { message: 'must be true, false, loopback or uniquelocal' })
  trustProxy: 'true' | 'false' | 'loopback' | 'uniquelocal';

  @IsInt({ message: 'must be an integer' })
  @Min(8192)
  @Max(262144)
  passwordHashMemoryKib: number;

  @IsInt({ message: 'must be an integer' })
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  attachmentMaxBytes: number;

  /** attempts to send one email before it is marked failed */
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(30)
  emailMaxAttempts: number;

  /** first retry delay of a failed email (doubles each time) */
  @IsInt({ message: 'must be an integer' })
  @Min(10)
  emailRetryDelayMs: number;

  /** UTC cron pattern of the secretariat's daily digest */
  @IsString()
  digestCron: string;

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  hasRole(role: AppRole): boolean {
    return this.appRoles.includes(role);
  }
}

type Parser = 'string' | 'int' | 'list';
interface Variable {
  env: string;
  parse: Parser;
  default?: string;
  /** never echoed back in an error message */
  secret?: boolean;
}

/** Environment variable for each field, with its development default. */
export const CONFIG_VARIABLES: Record<Exclude<keyof AppConfig, 'isProduction' | 'hasRole'>, Variable> = {
  nodeEnv: { env: 'NODE_ENV', parse: 'string', default: 'development' },
  databaseUrl: { env: 'DATABASE_URL', parse: 'string', default: 'postgres://postgres@127.0.0.1:5432/fasp', secret: true },
  databasePoolSize: { env: 'DATABASE_POOL_SIZE', parse: 'int', default: '10' },
  redisUrl: { env: 'REDIS_URL', parse: 'string', default: 'redis://127.0.0.1:6379', secret: true },
  queuePrefix: { env: 'QUEUE_PREFIX', parse: 'string', default: 'fasp' },
  host: { env: 'HOST', parse: 'string', default: '0.0.0.0' },
  port: { env: 'PORT', parse: 'int', default: '3000' },
  appRoles: { env: 'APP_ROLES', parse: 'list', default: 'api,worker' },
  publicUrl: { env: 'PUBLIC_URL', parse: 'string', default: 'http://localhost:3000' },
  jwtSecret: { env: 'JWT_SECRET', parse: 'string', default: DEVELOPMENT_JWT_SECRET, secret: true },
  smtpUrl: { env: 'SMTP_URL', parse: 'string', default: 'smtp://127.0.0.1:1025', secret: true },
  mailFrom: { env: 'MAIL_FROM', parse: 'string', default: 'FASP <fasp@localhost>' },
  uploadDir: { env: 'UPLOAD_DIR', parse: 'string', default: './var/uploads' },
  logLevel: { env: 'LOG_LEVEL', parse: 'string', default: 'info' },
  corsOrigins: { env: 'CORS_ORIGINS', parse: 'list', default: '' },
  bodyLimitBytes: { env: 'BODY_LIMIT_BYTES', parse: 'int', default: String(1024 * 1024) },
  shutdownTimeoutMs: { env: 'SHUTDOWN_TIMEOUT_MS', parse: 'int', default: '25000' },
  dependencyWaitMs: { env: 'DEPENDENCY_WAIT_MS', parse: 'int', default: '5000' },
  metricsToken: { env: 'METRICS_TOKEN', parse: 'string', secret: true },
  outboxPollMs: { env: 'OUTBOX_POLL_MS', parse: 'int', default: '1000' },
  outboxBatchSize: { env: 'OUTBOX_BATCH_SIZE', parse: 'int', default: '200' },
  outboxRetentionDays: { env: 'OUTBOX_RETENTION_DAYS', parse: 'int', default: '14' },
  queueLockMs: { env: 'QUEUE_LOCK_MS', parse: 'int', default: '30000' },
  queueStalledCheckMs: { env: 'QUEUE_STALLED_CHECK_MS', parse: 'int', default: '30000' },
  adminEmail: { env: 'FASP_ADMIN_EMAIL', parse: 'string', default: DEVELOPMENT_ADMIN_EMAIL },
  adminPassword: { env: 'FASP_ADMIN_PASSWORD', parse: 'string', secret: true },
  accessTokenTtlSeconds: { env: 'ACCESS_TOKEN_TTL_SECONDS', parse: 'int', default: '900' },
  refreshTokenTtlDays: { env: 'REFRESH_TOKEN_TTL_DAYS', parse: 'int', default: '30' },
  loginMaxPerIp: { env: 'LOGIN_MAX_PER_IP', parse: 'int', default: '30' },
  loginMaxFailuresPerAccount: { env: 'LOGIN_MAX_FAILURES_PER_ACCOUNT', parse: 'int', default: '5' },
  loginWindowSeconds: { env: 'LOGIN_WINDOW_SECONDS', parse: 'int', default: '900' },
  trustProxy: { env: 'TRUST_PROXY', parse: 'string', default: 'false' },
  passwordHashMemoryKib: { env: 'PASSWORD_HASH_MEMORY_KIB', parse: 'int', default: '19456' },
  attachmentMaxBytes: { env: 'ATTACHMENT_MAX_BYTES', parse: 'int', default: String(20 * 1024 * 1024) },
  emailMaxAttempts: { env: 'EMAIL_MAX_ATTEMPTS', parse: 'int', default: '8' },
  emailRetryDelayMs: { env: 'EMAIL_RETRY_DELAY_MS', parse: 'int', default: '5000' },
  digestCron: { env: 'DIGEST_CRON', parse: 'string', default: '0 6 * * *' },
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function parseValue(raw: string, parser: Parser): unknown {
  switch (parser) {
    case 'int':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case 'list':
      return raw
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0);
    default:
      return raw;
  }
}

function describe(error: ValidationError): string {
  const variable = CONFIG_VARIABLES[error.property as keyof typeof CONFIG_VARIABLES];
  // A wrong type explains itself best; range and format messages only once the type is right.
  const typeRules = ['isInt', 'isString', 'isArray'];
  const constraints = error.constraints ?? {};
  const typeRule = typeRules.find((rule) => rule in constraints);
  const chosen = typeRule ? [constraints[typeRule]] : Object.values(constraints);
  const messages = chosen.map((message) =>
    message.replace(new RegExp(`^(each value in )?${error.property} `), ''),
  );
  const shown = variable.secret ? '' : ` (got ${JSON.stringify(error.value)})`;
  return `${variable.env} ${messages[0] ?? 'is invalid'}${shown}`;
}

/**
 * Builds the configuration from an environment. Empty variables count as unset. Throws a
 * ConfigError whose message is one line naming each invalid variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const [property, variable] of Object.entries(CONFIG_VARIABLES)) {
    const given = env[variable.env];
    const value = given !== undefined && given.trim() !== '' ? given : variable.default;
    if (value !== undefined) raw[property] = parseValue(value, variable.parse);
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(`Invalid configuration: ${errors.map(describe).join('; ')}`);
  }
  if (config.isProduction && !env.FASP_ADMIN_EMAIL?.trim()) {
    // no built-in administrator in production: only the one the operator names
    config.adminEmail = undefined;
  }
  if (config.isProduction) {
    const refused = productionRefusals(config, env);
    if (refused.length > 0) {
      throw new ConfigError(`Invalid configuration: ${refused.join('; ')}`);
    }
  }
  return config;
}

function productionRefusals(config: AppConfig, env: Record<string, string | undefined>): string[] {
  const refused: string[] = [];
  if (config.jwtSecret === DEVELOPMENT_JWT_SECRET || !env.JWT_SECRET) {
    refused.push('JWT_SECRET must be set to a secret of your own when NODE_ENV=production (the development default is refused)');
  }
  return refused;
}
