import { acceptOrCreateCorrelationId, currentCorrelationId, runWithCorrelationId } from './correlation';

describe('correlation ids', () => {
  it('keeps a well-formed caller id and replaces anything else', () => {
    expect(acceptOrCreateCorrelationId('req-42.a:b_c')).toBe('req-42.a:b_c');
    for (const bad of [undefined, '', 'a b', 'x'.repeat(129), '<script>', ['a']]) {
      const id = acceptOrCreateCorrelationId(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('follows asynchronous work started inside the scope, and only that', async () => {
    expect(currentCorrelationId()).toBeUndefined();
    const seen = await runWithCorrelationId('outer', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const inner = await runWithCorrelationId('inner', async () => currentCorrelationId());
      return [currentCorrelationId(), inner];
    });
    expect(seen).toEqual(['outer', 'inner']);
    expect(currentCorrelationId()).toBeUndefined();
  });
});
