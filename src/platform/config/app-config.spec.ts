import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('needs nothing on a fresh machine: every default points at localhost', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/fasp');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.queuePrefix).toBe('fasp');
    expect(config.port).toBe(3000);
    expect(config.appRoles).toEqual(['api', 'worker']);
    expect(config.smtpUrl).toBe('smtp://127.0.0.1:1025');
    expect(config.nodeEnv).toBe('development');
    // BullMQ's own defaults: a dead worker's jobs are handed out again within about a minute
    expect([config.queueLockMs, config.queueStalledCheckMs]).toEqual([30000, 30000]);
  });

  it('reads every documented variable under its name', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://u:p@db:5433/x',
      REDIS_URL: 'rediss://:secret@cache:6380/2',
      QUEUE_PREFIX: 'fasp_b',
      PORT: '8080',
      APP_ROLES: 'worker',
      PUBLIC_URL: 'https://fasp.example.org',
      JWT_SECRET: 'x'.repeat(40),
      SMTP_URL: 'smtps://user:pw@mail.example.org:465',
      MAIL_FROM: 'FASP Secretariat <fasp@example.org>',
      UPLOAD_DIR: '/data/uploads',
      LOG_LEVEL: 'debug',
      CORS_ORIGINS: 'https://a.example.org, https://b.example.org',
      QUEUE_LOCK_MS: '10000',
      QUEUE_STALLED_CHECK_MS: '5000',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgresql://u:p@db:5433/x',
      redisUrl: 'rediss://:secret@cache:6380/2',
      queuePrefix: 'fasp_b',
      port: 8080,
      appRoles: ['worker'],
      publicUrl: 'https://fasp.example.org',
      smtpUrl: 'smtps://user:pw@mail.example.org:465',
      mailFrom: 'FASP Secretariat <fasp@example.org>',
      uploadDir: '/data/uploads',
      logLevel: 'debug',
      corsOrigins: ['https://a.example.org', 'https://b.example.org'],
      queueLockMs: 10000,
      queueStalledCheckMs: 5000,
    });
    expect(config.hasRole('api')).toBe(false);
    expect(config.hasRole('worker')).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', APP_ROLES: ' ' }).port).toBe(3000);
  });

  it.each([
    ['PORT', 'abc', /^Invalid configuration: PORT must be an integer \(got "abc"\)$/],
    ['PORT', '70000', /PORT must be between 0 and 65535/],
    ['APP_ROLES', 'api,web', /APP_ROLES must be api, worker or api,worker/],
    ['QUEUE_PREFIX', 'fasp:prod', /QUEUE_PREFIX must be 1-40 letters/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    ['PUBLIC_URL', 'fasp.example.org', /PUBLIC_URL must be an http\(s\) URL/],
    ['MAIL_FROM', 'not an address', /MAIL_FROM must be an address/],
    ['NODE_ENV', 'staging', /NODE_ENV/],
    ['QUEUE_LOCK_MS', '500', /^Invalid configuration: QUEUE_LOCK_MS must not be less than 1000 \(got 500\)$/],
    ['QUEUE_STALLED_CHECK_MS', '10s', /QUEUE_STALLED_CHECK_MS must be an integer/],
  ])('refuses %s=%s with one line naming the variable', (name, value, message) => {
    const attempt = () => loadConfig({ [name]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('never echoes a secret in the message', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).not.toThrow(/hunter2/);
    expect(() => loadConfig({ JWT_SECRET: 'short-secret' })).toThrow(/^Invalid configuration: JWT_SECRET must be at least 32 characters long$/);
  });

  it('names every invalid variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', REDIS_URL: 'http://x' })).toThrow(/PORT .*; REDIS_URL |REDIS_URL .*; PORT /);
  });

  it('refuses the development JWT secret in production, and accepts a real one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set to a secret of your own when NODE_ENV=production/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(48) }).isProduction).toBe(true);
  });
});
