import { criteriaOf, isLocalizedText, REFERENCE_FRAMEWORK, validateFramework } from '@fasp/core';
import { QueryFailedError, DataSource } from 'typeorm';
import { FrameworkVersion } from '../../src/modules/criteria/entities/framework-version.entity';
import { FrameworksRepository } from '../../src/modules/criteria/frameworks.repository';
import { FrameworksService } from '../../src/modules/criteria/frameworks.service';
import { seedReferenceFramework } from '../../src/modules/criteria/reference-framework.seed';
import { Clock } from '../../src/platform/clock/clock';
import { loadConfig } from '../../src/platform/config/app-config';
import { buildDataSourceOptions } from '../../src/platform/database/data-source-options';
import { createTestDatabase, TestDatabase } from '../helpers/database';

/** DOMAIN.md, "The reference criteria": step, type, code, main SDGs, status. */
const REFERENCE_TABLE: Array<[number, string, string, number[], 'verified' | 'provisional']> = [
  [1, 'safeguards', '1.1', [1, 5, 16], 'verified'],
  [1, 'safeguards', '1.2', [1, 16], 'verified'],
  [1, 'safeguards', '1.3', [1], 'verified'],
  [2, 'direct', '2.1', [15], 'verified'],
  [2, 'direct', '2.2', [15, 13], 'verified'],
  [2, 'direct', '2.3', [2], 'provisional'],
  [2, 'direct', '2.4', [13], 'provisional'],
  [2, 'direct', '2.5', [13], 'provisional'],
  [3, 'indirect', '3.1', [15], 'provisional'],
  [3, 'indirect', '3.2', [6], 'provisional'],
  [3, 'indirect', '3.3', [8], 'provisional'],
  [4, 'enabling', '4.1', [16, 17], 'provisional'],
  [4, 'enabling', '4.2', [13, 17], 'provisional'],
];

/** The keys under which the framework tree holds a label in the three working languages. */
const LABEL_KEYS = new Set(['names', 'name', 'labels', 'method', 'harm', 'contribute', 'notApplicable']);

function labelsOf(tree: unknown, path = ''): Array<{ path: string; value: unknown }> {
  if (Array.isArray(tree)) return tree.flatMap((item, index) => labelsOf(item, `${path}[${index}]`));
  if (tree === null || typeof tree !== 'object') return [];
  return Object.entries(tree).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key;
    // `scale.harm` is the list of harm levels, `guidance.harm` a label
    if (LABEL_KEYS.has(key) && !Array.isArray(value)) return [{ path: at, value }];
    return labelsOf(value, at);
  });
}

/** The reference seed and the frozen-version trigger on a freshly migrated database, without the app. */
describe('criteria framework seed and storage', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(buildDataSourceOptions(loadConfig({ DATABASE_URL: database.url }), { poolSize: 6 }));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const rows = () => dataSource.getRepository(FrameworkVersion).find({ order: { version: 'ASC' } });

  it('loads fasp v1 once: a second run changes nothing', async () => {
    expect(await rows()).toHaveLength(0);
    expect(await seedReferenceFramework(dataSource)).toBe(true);
    const [first] = await rows();
    expect(await seedReferenceFramework(dataSource)).toBe(false);
    const after = await rows();
    expect(after).toHaveLength(1);
    expect(after[0]).toEqual(first);
    expect(after[0]).toMatchObject({ key: 'fasp', version: 1, status: 'published', clonedFromId: null });
    expect(after[0].publishedAt).toBeInstanceOf(Date);
  });

  it('concurrent runs insert exactly one row', async () => {
    await dataSource.query('DELETE FROM criteria_framework');
    const inserted = await Promise.all(Array.from({ length: 5 }, () => seedReferenceFramework(dataSource)));
    expect(inserted.filter(Boolean)).toHaveLength(1);
    expect(await rows()).toHaveLength(1);
  });

  it('stores the reference tree as it is in @fasp/core, valid', async () => {
    const [row] = await rows();
    expect(row.definition).toEqual(REFERENCE_FRAMEWORK);
    expect(validateFramework(row.definition)).toEqual([]);
  });

  it('holds the 13 criteria of DOMAIN.md in 4 steps, 1.1-2.2 verified and the rest provisional', async () => {
    const [{ definition }] = await rows();
    expect(definition!.steps.map((step) => [step.number, step.type])).toEqual([
      [1, 'safeguards'],
      [2, 'direct'],
      [3, 'indirect'],
      [4, 'enabling'],
    ]);
    const criteria = definition!.steps.flatMap((step) => step.criteria.map((criterion) => [step.number, step.type, criterion.code, criterion.sdgs, criterion.status]));
    expect(criteria).toEqual(REFERENCE_TABLE);
    for (const criterion of criteriaOf(definition!)) {
      expect(criterion.step).toBe(Number(criterion.code.split('.')[0]));
      expect(criterion.indicators.length).toBeGreaterThan(0);
    }
    expect(criteriaOf(definition!).find((criterion) => criterion.code === '2.2')!.indicators.map((indicator) => indicator.metric)).toContain('t C/ha/yr');
  });

  it('has every label in en, fr and es', async () => {
    const [{ definition }] = await rows();
    const labels = labelsOf(definition);
    // names of the version, 4 steps, 13 criteria; 2 guidance questions per criterion; 5 + 4 scale levels and n/a
    expect(labels.length).toBeGreaterThan(1 + 4 + 13 + 26 + 10);
    const notTrilingual = labels.filter(({ value }) => !(isLocalizedText(value) && Object.keys(value).sort().join() === 'en,es,fr'));
    expect(notTrilingual).toEqual([]);
    // translated, not copied: the French and Spanish names of criteria differ from the English ones
    for (const criterion of criteriaOf(definition!)) {
      expect(criterion.names.fr).not.toBe(criterion.names.en);
      expect(criterion.names.es).not.toBe(criterion.names.en);
    }
  });

  it('refuses any raw UPDATE of a published version, but not of a draft', async () => {
    const [published] = await rows();
    const refused = async (sql: string) => {
      const error = await dataSource.query(sql, [published.id]).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(QueryFailedError);
      expect((error as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('42501');
    };
    await refused(`UPDATE criteria_framework SET definition = jsonb_set(definition, '{steps,0,weight}', '7') WHERE id = $1`);
    await refused(`UPDATE criteria_framework SET status = 'draft' WHERE id = $1`);
    await refused(`UPDATE criteria_framework SET updated_at = now() WHERE id = $1`);
    const [after] = await rows();
    expect(after).toEqual(published);

    const [{ id: draftId }] = await dataSource.query(`INSERT INTO criteria_framework (key, version, status) VALUES ('fasp', 2, 'draft') RETURNING id`);
    await dataSource.query(`UPDATE criteria_framework SET definition = $2::jsonb WHERE id = $1`, [draftId, JSON.stringify({ ...REFERENCE_FRAMEWORK, version: 2 })]);
    await dataSource.query(`UPDATE criteria_framework SET status = 'published', published_at = now() WHERE id = $1`, [draftId]);
    await expect(dataSource.query(`UPDATE criteria_framework SET definition = NULL WHERE id = $1`, [draftId])).rejects.toThrow(/published and cannot change/);
    await dataSource.query('DELETE FROM criteria_framework WHERE id = $1', [draftId]);
  });

  it('reads a whole version, tree included, in one query', async () => {
    const [row] = await rows();
    const service = new FrameworksService(dataSource, new FrameworksRepository(dataSource), new Clock());
    const logQuery = jest.spyOn(dataSource.logger, 'logQuery');
    try {
      const framework = await service.get(row.id);
      expect(framework.definition).toEqual(REFERENCE_FRAMEWORK);
      expect(logQuery).toHaveBeenCalledTimes(1);
      expect(logQuery.mock.calls[0][0]).toMatch(/FROM "criteria_framework"/);
    } finally {
      logQuery.mockRestore();
    }
  });
});
