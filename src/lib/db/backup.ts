// "Neither synced nor exported for several days": the time of the last bundle saved or
// shared (or, later, sync), and the oldest change made since. Both read through
// indexes, so the reminder costs a few lookups whatever the size of the data.

import { database, type PisoDatabase } from './database';
import { RECORD_TABLES } from './schema';

const LAST_BACKUP = 'backup.lastAt';

/** A bundle of everything (or a sync) has left the device: its records are safe elsewhere. */
export async function markBackedUp(at: Date = new Date(), db: PisoDatabase = database()): Promise<void> {
  await db.meta.put({ key: LAST_BACKUP, value: at.toISOString() });
}

export async function lastBackup(db: PisoDatabase = database()): Promise<string | null> {
  const value = (await db.meta.get(LAST_BACKUP))?.value;
  return typeof value === 'string' ? value : null;
}

/** updatedAt of the oldest record changed after the last backup, or null when all are safe. */
export async function oldestUnsavedChange(db: PisoDatabase = database()): Promise<string | null> {
  // Before any backup, count from the first run: the seed records were not typed here.
  const seededAt = (await db.meta.get('seededAt'))?.value;
  const since = (await lastBackup(db)) ?? (typeof seededAt === 'string' ? seededAt : '');
  let oldest: string | null = null;
  for (const name of RECORD_TABLES) {
    const first = await db.table(name).where('updatedAt').above(since).first();
    const at = first?.updatedAt as string | undefined;
    if (at && (oldest === null || at < oldest)) oldest = at;
  }
  return oldest;
}
