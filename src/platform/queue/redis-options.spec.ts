import { describeRedis, redisOptionsFromUrl } from './redis-options';

describe('redisOptionsFromUrl', () => {
  it('reads host, port, credentials, database and TLS', () => {
    expect(redisOptionsFromUrl('redis://127.0.0.1:6379')).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0, tls: undefined });
    expect(redisOptionsFromUrl('rediss://user:p%40ss@cache.example.org:6380/3')).toMatchObject({
      host: 'cache.example.org',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 3,
      tls: {},
    });
    expect(redisOptionsFromUrl('redis://cache')).toMatchObject({ port: 6379 });
  });

  it('describes the server without credentials', () => {
    expect(describeRedis('redis://:secret@cache:6380/1')).toBe('cache:6380');
  });
});
