import { CriteriaFramework, isLocalizedText, Language, REFERENCE_FRAMEWORK } from '@fasp/core';
import { FrameworkVersion } from '../../src/modules/criteria/entities/framework-version.entity';
import { FrameworksService } from '../../src/modules/criteria/frameworks.service';
import { TestAccount } from './accounts';
import { TestEngine } from './test-engine';

/** Builders and checks for criteria framework versions. */

export type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;

/** An unfrozen copy of the FASP reference tree that a test may edit. */
export function referenceDefinition(): DeepMutable<CriteriaFramework> {
  return structuredClone(REFERENCE_FRAMEWORK) as DeepMutable<CriteriaFramework>;
}

/** The FASP reference version (fasp v1) seeded when the engine's API started. */
export async function referenceFramework(engine: TestEngine): Promise<FrameworkVersion> {
  return engine.dataSource.getRepository(FrameworkVersion).findOneByOrFail({ key: REFERENCE_FRAMEWORK.key, version: REFERENCE_FRAMEWORK.version });
}

/**
 * A new draft version made through the service, as an admin would: cloned from `cloneFromId`
 * (else empty), in family `key` (else the source's, else `fasp`); `publish` also freezes it.
 */
export async function createFramework(
  engine: TestEngine,
  admin: Pick<TestAccount, 'id' | 'email'>,
  options: { cloneFromId?: string; key?: string; publish?: boolean } = {},
): Promise<FrameworkVersion> {
  const service = engine.get(FrameworksService);
  const actor = { id: admin.id, email: admin.email, name: 'admin', roles: ['admin' as const], language: 'en' as const, organizationId: null, membershipConfirmed: false };
  const draft = await service.create(actor, { cloneFromId: options.cloneFromId, key: options.key });
  return options.publish ? service.publish(draft.id) : draft;
}

/**
 * Asserts that `localized` is `reference` with every {en, fr, es} label replaced by its text in
 * `language`, and nothing else changed. Returns how many labels it compared.
 */
export function expectLocalizedTree(localized: unknown, reference: unknown, language: Language, path = '(root)'): number {
  if (isLocalizedText(reference)) {
    if (localized !== reference[language]) throw new Error(`${path}: expected ${JSON.stringify(reference[language])}, got ${JSON.stringify(localized)}`);
    return 1;
  }
  if (Array.isArray(reference)) {
    if (!Array.isArray(localized) || localized.length !== reference.length) throw new Error(`${path}: expected an array of ${reference.length}`);
    return reference.reduce((count: number, item, index) => count + expectLocalizedTree(localized[index], item, language, `${path}[${index}]`), 0);
  }
  if (reference !== null && typeof reference === 'object') {
    if (localized === null || typeof localized !== 'object' || Array.isArray(localized)) throw new Error(`${path}: expected an object`);
    const keys = Object.keys(reference).sort();
    if (JSON.stringify(Object.keys(localized).sort()) !== JSON.stringify(keys)) throw new Error(`${path}: keys differ`);
    return keys.reduce(
      (count, key) => count + expectLocalizedTree((localized as Record<string, unknown>)[key], (reference as Record<string, unknown>)[key], language, `${path}.${key}`),
      0,
    );
  }
  if (localized !== reference) throw new Error(`${path}: expected ${JSON.stringify(reference)}, got ${JSON.stringify(localized)}`);
  return 0;
}

/** Paths of every object left in a tree that still carries a language key (en, fr or es). */
export function multilingualObjects(tree: unknown, path = '(root)'): string[] {
  if (Array.isArray(tree)) return tree.flatMap((item, index) => multilingualObjects(item, `${path}[${index}]`));
  if (tree === null || typeof tree !== 'object') return [];
  const record = tree as Record<string, unknown>;
  const here = ['en', 'fr', 'es'].some((language) => language in record) ? [path] : [];
  return [...here, ...Object.entries(record).flatMap(([key, value]) => multilingualObjects(value, `${path}.${key}`))];
}
