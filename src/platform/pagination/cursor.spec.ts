import { DomainException } from '../errors/domain-exception';
import { decodeCursor, encodeCursor } from './cursor';

describe('keyset cursors', () => {
  it('round-trips what the API gives', () => {
    const cursor = encodeCursor('2026-11-29T10:00:00.123Z', '0b1f0a34-5d5e-4c3a-9c2e-2f0a6b8e1d11');
    expect(decodeCursor(cursor)).toEqual({ sortValue: '2026-11-29T10:00:00.123Z', id: '0b1f0a34-5d5e-4c3a-9c2e-2f0a6b8e1d11' });
  });

  it.each([
    ['not base64 json', 'zzz'],
    ['a word for a date', Buffer.from(JSON.stringify(['yesterday', '0b1f0a34-5d5e-4c3a-9c2e-2f0a6b8e1d11'])).toString('base64url')],
    ['not a uuid', Buffer.from(JSON.stringify(['2026-11-29T10:00:00.123Z', 'x'])).toString('base64url')],
    ['an impossible date', Buffer.from(JSON.stringify(['2026-13-45T10:00:00.123Z', '0b1f0a34-5d5e-4c3a-9c2e-2f0a6b8e1d11'])).toString('base64url')],
    ['a number', Buffer.from(JSON.stringify([5, '0b1f0a34-5d5e-4c3a-9c2e-2f0a6b8e1d11'])).toString('base64url')],
  ])('refuses %s with VALIDATION_FAILED on cursor', (_label, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(DomainException);
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect((error as DomainException).code).toBe('VALIDATION_FAILED');
    }
  });
});
