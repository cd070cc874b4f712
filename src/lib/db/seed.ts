// First-run content. Each seed record is added once per device, ever: the ids seeded
// are kept in meta, so a seed record the user deleted (a tombstone) or that sync
// removed is never brought back, and records added to the seed in a later version
// still reach existing installations.

import { SEED_HLC, seedEnvelope, type SeedRecord } from '../domain/seed-data';
import { database, type PisoDatabase } from './database';
import { observeStamp } from './clock';

/** Seeds what has not been seeded yet (by default every seed record); returns how many records were added. */
export async function seedOnce(records?: readonly SeedRecord[], db: PisoDatabase = database()): Promise<number> {
  // Loaded when asked for: the default survey is most of the seed, and start-up seeds
  // only what the first screen shows (startDatabase).
  const seed = records ?? (await import('../domain/seed-records')).SEED_RECORDS;
  const tables = [...new Set(seed.map((record) => record.kind))].map((kind) => db.recordTable(kind));
  return db.transaction('rw', [...tables, db.meta], async () => {
    const seededIds = new Set<string>(((await db.meta.get('seededIds'))?.value as string[] | undefined) ?? []);
    const pending = seed.filter((record) => !seededIds.has(record.id));
    if (pending.length === 0) return 0;

    let added = 0;
    for (const record of pending) {
      const table = db.recordTable(record.kind);
      // Present already: it came from another device (a bundle, sync) before seeding.
      if ((await table.get(record.id)) === undefined) {
        await table.add(seedEnvelope(record));
        added++;
      }
      seededIds.add(record.id);
    }
    await db.meta.put({ key: 'seededIds', value: [...seededIds] });
    if ((await db.meta.get('seededAt')) === undefined) {
      await db.meta.put({ key: 'seededAt', value: new Date().toISOString() });
    }
    // A phone whose date was reset must still stamp its edits later than the seed.
    await observeStamp(db, SEED_HLC);
    return added;
  });
}
