// Noticing that the server's database is not the one this device synced with (the
// server was reinstalled, or the database deleted and created again): its checkpoint
// means nothing there and its records are not there, so everything must go up again.
//
// CouchDB gives no database identity that survives in every implementation
// (instance_start_time is "0" on CouchDB 3; PouchDB has no uuid per database), so each
// device leaves its own mark: a `_local` document (never replicated, one per device,
// so devices never conflict over it) holding a random epoch also kept in meta.

import type { PisoDatabase } from '../db/database';
import { RECORD_TABLES } from '../db/schema';
import type { CouchClient } from './couch-client';
import { errorOfStatus } from './errors';
import { forgetCheckpoint, loadEpoch, saveEpoch } from './target-meta';

interface EpochDoc {
  _rev?: string;
  epoch?: string;
}

/** True when everything was marked to go up again. */
export async function ensureSameDatabase(client: CouchClient, db: PisoDatabase, target: string): Promise<boolean> {
  const path = client.dbPath(`_local/piso-device-${db.clock.deviceId}`);
  const known = await loadEpoch(db, target);
  const response = await client.send('GET', path);
  const mark = (await response.json().catch(() => undefined)) as EpochDoc | undefined;
  if (response.ok && known !== undefined && mark?.epoch === known) return false;
  if (!response.ok && response.status !== 404) throw errorOfStatus(response.status, mark as never);

  await markEverythingUnsynced(db, target);
  const epoch = crypto.randomUUID();
  await client.request('PUT', path, { epoch, ...(response.ok && mark?._rev ? { _rev: mark._rev } : {}) });
  await saveEpoch(db, target, epoch);
  return true;
}

/** Forget server revisions and the checkpoint: every record is pushed, everything pulled. */
async function markEverythingUnsynced(db: PisoDatabase, target: string): Promise<void> {
  await db.transaction('rw', [...RECORD_TABLES.map((name) => db.table(name)), db.meta], async () => {
    for (const name of RECORD_TABLES) {
      // Only what is not already so is written: on a device's first sync every record is
      // already dirty without a revision, and rewriting them all cost seconds per 10,000.
      await db
        .table(name)
        .filter((record: Record<string, unknown>) => record.serverRev !== undefined || record.dirty !== 1)
        .modify((record: Record<string, unknown>) => {
          delete record.serverRev;
          record.dirty = 1;
        });
    }
    await forgetCheckpoint(db, target);
  });
}
