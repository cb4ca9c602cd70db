import { ensureTemplate } from '../helpers/database';

/** Builds (or reuses) the migrated template database that every test file clones. */
export default async function globalSetup(): Promise<void> {
  await ensureTemplate();
}
