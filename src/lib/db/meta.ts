// Small values other layers keep in the meta table (bundle checkpoints, what the device
// knows of each sync server), read and written through these functions only: nothing
// outside lib/db drives a table or a transaction.

import { database, type PisoDatabase } from './database';

export async function readMeta(key: string, db: PisoDatabase = database()): Promise<unknown> {
  return (await db.meta.get(key))?.value;
}

export async function writeMeta(key: string, value: unknown, db: PisoDatabase = database()): Promise<void> {
  await db.meta.put({ key, value });
}

export async function deleteMeta(key: string, db: PisoDatabase = database()): Promise<void> {
  await db.meta.delete(key);
}

/** Stores `value` unless a greater number is stored already (two tabs delivering at once). */
export async function raiseMetaNumber(key: string, value: number, db: PisoDatabase = database()): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const stored = (await db.meta.get(key))?.value;
    if (typeof stored !== 'number' || stored < value) await db.meta.put({ key, value });
  });
}
