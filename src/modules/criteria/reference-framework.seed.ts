import { REFERENCE_FRAMEWORK } from '@fasp/core';
import { DataSource } from 'typeorm';

/**
 * Loads the FASP reference framework as a published version, once: running it again (every
 * API start, `npm run seed`) changes nothing. Returns whether it inserted the row.
 */
export async function seedReferenceFramework(dataSource: DataSource): Promise<boolean> {
  const rows: unknown[] = await dataSource.query(
    `INSERT INTO criteria_framework (key, version, status, definition, published_at)
     VALUES ($1, $2, 'published', $3::jsonb, now())
     ON CONFLICT (key, version) DO NOTHING
     RETURNING id`,
    [REFERENCE_FRAMEWORK.key, REFERENCE_FRAMEWORK.version, JSON.stringify(REFERENCE_FRAMEWORK)],
  );
  return rows.length > 0;
}
