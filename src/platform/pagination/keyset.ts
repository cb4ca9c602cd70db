import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor } from './cursor';
import { DEFAULT_PAGE_SIZE, Page, PageQueryDto } from './page.dto';

/**
 * Newest-first keyset pagination on (created_at, id): stable under inserts, and an index on
 * (created_at DESC, id DESC) answers any page in the same time. The paged tables keep
 * created_at to the millisecond, as the cursor does, so no row falls between two pages.
 */
export async function newestFirstPage<E extends ObjectLiteral & { id: string; createdAt: Date }>(
  query: SelectQueryBuilder<E>,
  page: PageQueryDto,
): Promise<Page<E>> {
  const alias = query.alias;
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  if (page.cursor) {
    const { sortValue, id } = decodeCursor(page.cursor);
    query.andWhere(`(${alias}.createdAt, ${alias}.id) < (:cursorAt::timestamptz, :cursorId::uuid)`, { cursorAt: sortValue, cursorId: id });
  }
  const rows = await query
    .orderBy(`${alias}.createdAt`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .take(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt.toISOString(), last.id) : null };
}

export function mapPage<T, U>(page: Page<T>, map: (item: T) => U): Page<U> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}
