import { DomainException } from '../errors/domain-exception';

/** Opaque keyset cursor: the sort key and id of the last item of the previous page. */
export function encodeCursor(sortValue: string | number, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { sortValue: string | number; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && ['string', 'number'].includes(typeof value[0]) && typeof value[1] === 'string') {
      return { sortValue: value[0] as string | number, id: value[1] };
    }
  } catch {
    // reported below
  }
  throw new DomainException('VALIDATION_FAILED', 'Invalid cursor', { fields: [{ field: 'cursor', rules: ['cursor'], messages: ['cursor is not one this API returned'] }] });
}
