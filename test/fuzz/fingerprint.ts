import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DataSource } from 'typeorm';

/**
 * Tables left out of the fingerprint, each because it legitimately changes when a request is
 * refused:
 * - security_event: a refused sign-in (401 INVALID_CREDENTIALS) or a rate-limited one (429)
 *   is recorded there; recording refusals is the table's purpose.
 * Nothing else is left out: every other table, the schema migrations included, must be
 * unchanged by a 4xx.
 */
export const TABLES_CHANGED_BY_REFUSALS = ['security_event'] as const;

export interface Fingerprint {
  /** per table: row count and md5 of every row, ordered by primary key */
  tables: Record<string, { rows: number; md5: string }>;
  /** every file under the upload directory, with its size */
  files: string[];
}

/**
 * One query that hashes every table of the public schema (md5 of the rows as text, ordered by
 * primary key, or by the row text where a table has none), plus a listing of the upload directory.
 *
 * Hashing every table takes tens of milliseconds; most requests are refused and write nothing.
 * So each fingerprinted table carries a row trigger that advances a sequence (non-transactional:
 * a rolled-back write advances it too). When the sequence has not moved since the last hash, no
 * row can have changed and the last hash stands; when it has, the tables are hashed again, so a
 * write that was rolled back costs a hash but is never reported as a change.
 */
export class DatabaseFingerprint {
  private sql: string | undefined;
  private last: { changes: string; tables: Fingerprint['tables'] } | undefined;
  /** how many fingerprints were taken by hashing the tables, and how many from the change counter alone */
  readonly counts = { hashed: 0, unchanged: 0 };

  constructor(
    private readonly dataSource: DataSource,
    private readonly uploadDir: string,
  ) {}

  private async build(): Promise<string> {
    const tables: Array<{ name: string; pk: string[] | null }> = await this.dataSource.query(
      `SELECT c.relname AS name,
              (SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum))
                 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT (c.relname = ANY ($1))
        ORDER BY c.relname`,
      [TABLES_CHANGED_BY_REFUSALS],
    );
    await this.dataSource.query(`CREATE SEQUENCE IF NOT EXISTS fuzz_row_changes`);
    await this.dataSource.query(`CREATE OR REPLACE FUNCTION fuzz_count_row_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('fuzz_row_changes'); RETURN NULL; END $$`);
    for (const { name } of tables) {
      await this.dataSource.query(`CREATE OR REPLACE TRIGGER zz_fuzz_row_change AFTER INSERT OR UPDATE OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION fuzz_count_row_change()`);
      await this.dataSource.query(`CREATE OR REPLACE TRIGGER zz_fuzz_truncate AFTER TRUNCATE ON "${name}" FOR EACH STATEMENT EXECUTE FUNCTION fuzz_count_row_change()`);
    }
    return tables
      .map(({ name, pk }) => {
        const order = pk && pk.length > 0 ? pk.map((column) => `t."${column}"`).join(', ') : 't::text';
        return `SELECT '${name}' AS name, count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY ${order}), '')) AS md5 FROM "${name}" t`;
      })
      .join('\nUNION ALL\n');
  }

  private async changes(): Promise<string> {
    const [{ value }] = await this.dataSource.query(`SELECT last_value::text || '/' || is_called::text AS value FROM fuzz_row_changes`);
    return value as string;
  }

  async take(): Promise<Fingerprint> {
    this.sql ??= await this.build();
    // Read before hashing: a write that lands during the hash moves the counter past this value.
    const changes = await this.changes();
    let tables: Fingerprint['tables'];
    if (this.last && this.last.changes === changes) {
      tables = this.last.tables;
      this.counts.unchanged++;
    } else {
      const rows: Array<{ name: string; rows: number; md5: string }> = await this.dataSource.query(this.sql);
      tables = {};
      for (const row of rows) tables[row.name] = { rows: row.rows, md5: row.md5 };
      this.last = { changes, tables };
      this.counts.hashed++;
    }
    return { tables, files: await listFiles(this.uploadDir) };
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.push(`${relative(dir, path)} (${(await stat(path)).size} bytes)`);
  }
  return files.sort();
}

/** What differs between two fingerprints, in words (empty: nothing). */
export function differences(before: Fingerprint, after: Fingerprint): string[] {
  const out: string[] = [];
  for (const name of new Set([...Object.keys(before.tables), ...Object.keys(after.tables)])) {
    const a = before.tables[name];
    const b = after.tables[name];
    if (a?.md5 !== b?.md5) out.push(`table ${name}: ${a?.rows ?? 'absent'} rows → ${b?.rows ?? 'absent'} rows, content changed`);
  }
  const added = after.files.filter((file) => !before.files.includes(file));
  const removed = before.files.filter((file) => !after.files.includes(file));
  if (added.length > 0) out.push(`files added under the upload directory: ${added.join(', ')}`);
  if (removed.length > 0) out.push(`files removed from the upload directory: ${removed.join(', ')}`);
  return out;
}
