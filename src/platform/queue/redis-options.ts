import { RedisOptions } from 'ioredis';

/** Turns REDIS_URL into ioredis options (host, port, credentials, database, TLS). */
export type RedisAddress = Pick<RedisOptions, 'host' | 'port' | 'username' | 'password' | 'db' | 'tls'>;

export function redisOptionsFromUrl(url: string): RedisAddress {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: db ? Number(db) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/** The worker role's connections: blocking commands wait without limit; reconnects come quickly. */
export function workerRedisOptions(url: string) {
  return {
    ...redisOptionsFromUrl(url),
    maxRetriesPerRequest: null,
    connectionName: 'fasp-worker',
    // Reconnect within 2 s of Redis coming back (the default backs off up to 20 s).
    retryStrategy: (times: number) => Math.min(250 * times, 2000),
  };
}

/** host:port without credentials, for messages. */
export function describeRedis(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 6379}`;
}
