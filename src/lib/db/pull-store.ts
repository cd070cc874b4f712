// Storing one page pulled from a sync server: its records, the ones refused kept aside,
// and the checkpoint after it, in one transaction, so that a cut connection resumes
// after the last stored page and never skips one. lib/sync says what to store; the
// tables and the transaction are driven here.

import type { Envelope } from '../domain/types';
import { applyMerged } from './apply-merged';
import { checkArrivals } from './arrival';
import { database, type PisoDatabase } from './database';
import { writeMeta } from './meta';
import { keepAside, type RefusedArrival } from './quarantine';
import { RECORD_TABLES } from './schema';

/** A meta entry to write with the page (the pull checkpoint: key and value). */
export interface MetaWrite {
  key: string;
  value: unknown;
}

export interface StoredPage {
  /** Records added or changed. */
  stored: number;
  /** Records whose clock was too far ahead of this device's time to follow. */
  aheadOfClock: number;
}

/**
 * Checks the page's records (responses against their forms, in the page or here), keeps
 * the refused ones and `unreadable` aside, merges the accepted ones, and writes
 * `checkpoint`: all in one transaction, all or nothing. Rows whose revision the device
 * holds already (its own pushes, a page pulled again) are skipped, by applyMerged, which
 * reads the local copies once for both.
 */
export async function storePulledPage(
  records: readonly Envelope[],
  unreadable: readonly RefusedArrival[],
  checkpoint: MetaWrite,
  db: PisoDatabase = database(),
): Promise<StoredPage> {
  // applyMerged opens its own transaction; inside this one it joins it.
  return db.transaction('rw', [...RECORD_TABLES.map((name) => db.table(name)), db.meta, db.quarantine], async () => {
    const { accepted, refused } = await checkArrivals(db, records);
    await keepAside(db, 'sync', [...unreadable, ...refused]);
    const summary = accepted.length > 0 ? await applyMerged(accepted, { fromServer: true, skipKnownRevisions: true }, db) : undefined;
    await writeMeta(checkpoint.key, checkpoint.value, db);
    return { stored: summary ? summary.added + summary.updated : 0, aheadOfClock: summary?.aheadOfClock ?? 0 };
  });
}
