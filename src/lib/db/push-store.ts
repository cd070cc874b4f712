// Storing the server's versions of documents that conflicted on push, in one
// transaction: each is checked as a pulled record is (db/arrival.ts), the bad ones are
// kept aside in the quarantine, the others merged into the local records, keeping the
// server's revision. lib/sync fetches the versions and decides what to push again.

import type { Envelope } from '../domain/types';
import { applyMerged } from './apply-merged';
import { checkArrivals } from './arrival';
import { database, type PisoDatabase } from './database';
import { keepAside } from './quarantine';
import { RECORD_TABLES } from './schema';

/** Returns the server versions refused by the check, which the device's version is to replace. */
export async function storeServerVersions(versions: readonly Envelope[], db: PisoDatabase = database()): Promise<Envelope[]> {
  if (versions.length === 0) return [];
  // applyMerged opens its own transaction; inside this one it joins it.
  return db.transaction('rw', [...RECORD_TABLES.map((name) => db.table(name)), db.meta, db.quarantine], async () => {
    const { accepted, refused } = await checkArrivals(db, versions);
    await keepAside(db, 'sync', refused);
    if (accepted.length > 0) await applyMerged(accepted, { fromServer: true }, db);
    const acceptedIds = new Set(accepted.map((record) => record.id));
    return versions.filter((version) => !acceptedIds.has(version.id));
  });
}
