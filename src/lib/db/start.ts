// What the app does with storage at start-up: open, then seed a first run.

import { openDatabase, type OpenOptions, type PisoDatabase } from './database';
import { seedOnce } from './seed';

/**
 * Opens the database and seeds it. Throws StorageUnavailableError when storage
 * cannot be used. When another tab upgrades the database, this tab's connection is
 * closed (after its pending writes) and `onVersionChange` should ask to reload: a
 * reload by itself would cut an interview short.
 */
export async function startDatabase(options: OpenOptions & { name?: string } = {}): Promise<PisoDatabase> {
  const { name, ...openOptions } = options;
  const db = await openDatabase(name, openOptions);
  await seedOnce(undefined, db);
  return db;
}
