// One full sync with one server database: check access, notice a new database, push
// what changed here, pull what changed there. Safe to stop at any point and run again.

import type { PisoDatabase } from '../db/database';
import { loadDefinitionReader } from '../db/indicator-aggregates';
import { markBackedUpIfAllPushed } from '../db/sync-store';
import type { CouchClient } from './couch-client';
import { push } from './push';
import { pull } from './pull';
import { ensureSameDatabase } from './server-epoch';
import { syncFiles, type FileSyncSummary } from './files';
import { targetKey, type RefusedRecord } from './target-meta';

export interface SyncResult {
  pushed: number;
  pulled: number;
  /** Records the server refused; shown to the user, tried again once edited. */
  refused: RefusedRecord[];
  /** The server's database was new: everything was pushed again. */
  reset: boolean;
  /** Pulled records whose clock is too far ahead of this device's time to follow. */
  aheadOfClock: number;
  /** Files up and down after the records (sync/files.ts). */
  files: FileSyncSummary;
}

export async function syncOnce(client: CouchClient, db: PisoDatabase): Promise<SyncResult> {
  const target = targetKey(client.url, client.database);
  // Pulled responses move the indicator aggregates: have their compiler ready first.
  await loadDefinitionReader();
  // Classifies a wrong address, an ended session, no membership, or no database, up front.
  await client.checkAccess();
  const reset = await ensureSameDatabase(client, db, target);
  // Up first: what was collected in the field is what must not wait for a slow download.
  const { pushed, refused, revisions } = await push(client, db, target);
  const seen = { aheadOfClock: 0 };
  // What was just pushed comes back first in the feed: rows first, its documents not
  // fetched, and its revisions known without reading the records back.
  const pulled = await pull(client, db, target, undefined, seen, revisions);
  const files = await syncFiles(client, db, target);
  // Records refused, or edited while the sync ran, are not on the server: the device is
  // not backed up while any waits to go up, nor while a file the server refused does.
  if (files.refused === 0) await markBackedUpIfAllPushed(new Date(), db);
  return { pushed, pulled, refused, reset, aheadOfClock: seen.aheadOfClock, files };
}
