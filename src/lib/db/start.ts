// What the app does with storage at start-up: open, then seed a first run.

import { FIRST_SCREEN_SEED } from '../domain/seed-data';
import { openDatabase, type OpenOptions, type PisoDatabase } from './database';
import { seedOnce } from './seed';

/**
 * Opens the database and seeds what the first screen shows (the seed project and its
 * objectives); `seedOnce()` seeds the rest after it. Throws StorageUnavailableError when storage
 * cannot be used. When another tab upgrades the database, this tab's connection is
 * closed (after its pending writes) and `onVersionChange` should ask to reload: a
 * reload by itself would cut an interview short.
 */
export async function startDatabase(options: OpenOptions & { name?: string } = {}): Promise<PisoDatabase> {
  const { name, ...openOptions } = options;
  // Seeded already on every start but the first: a read beside the clock's, not a write
  // transaction, which would wait for Dexie's own read of the schema at open (issue 13.4).
  let firstScreenSeeded = false;
  const db = await openDatabase(name, {
    ...openOptions,
    alongsideClock: async (opened) => {
      firstScreenSeeded = await seeded(FIRST_SCREEN_SEED, opened);
    },
  });
  if (!firstScreenSeeded) await seedOnce(FIRST_SCREEN_SEED, db);
  return db;
}

/** Whether every one of `records` has been seeded once (seed.ts keeps their ids in meta 'seededIds'). */
async function seeded(records: readonly { id: string }[], db: PisoDatabase): Promise<boolean> {
  const ids = (await db.meta.get('seededIds'))?.value;
  return Array.isArray(ids) && records.every((record) => ids.includes(record.id));
}
