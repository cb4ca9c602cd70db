import type { PoolClient } from 'pg';
import { EntityManager, QueryFailedError } from 'typeorm';

/**
 * Runs a statement the engine sends at every state change as a named prepared statement on the
 * manager's connection: PostgreSQL parses and plans it once per connection instead of at every
 * call. Only for statements whose text never changes (the name stands for the text). Errors are
 * wrapped as TypeORM wraps them, so that callers and the error filter see a QueryFailedError.
 * A manager without a query runner (outside a transaction) runs it as an ordinary query.
 */
export async function preparedQuery<T>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner) return manager.query<T[]>(text, values);
  const client = (await runner.connect()) as PoolClient;
  try {
    const result = await client.query<T & Record<string, unknown>>({ name, text, values });
    return result.rows;
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
