// What the app does with storage at start-up: open, then seed a first run.

import { openDatabase, type OpenOptions, type PisoDatabase } from './database';
import { seedOnce } from './seed';

/**
 * Opens the database and seeds it. Throws StorageUnavailableError when storage
 * cannot be used. By default, when another tab upgrades the database, this tab
 * reloads to run the new code: its connection is closed and it could not save.
 */
export async function startDatabase(options: OpenOptions & { name?: string } = {}): Promise<PisoDatabase> {
  const { name, ...openOptions } = options;
  const db = await openDatabase(name, { onVersionChange: () => location.reload(), ...openOptions });
  await seedOnce(undefined, db);
  return db;
}
