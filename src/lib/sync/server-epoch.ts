// Noticing that the server's database is not the one this device synced with (the
// server was reinstalled, or the database deleted and created again): its checkpoint
// means nothing there and its records are not there, so everything must go up again.
//
// CouchDB gives no database identity that survives in every implementation
// (instance_start_time is "0" on CouchDB 3; PouchDB has no uuid per database), so each
// device leaves its own mark: a `_local` document (never replicated, one per device,
// so devices never conflict over it) holding a random epoch also kept in meta.

import type { PisoDatabase } from '../db/database';
import { deviceIdOf } from '../db/record-scan';
import { markEverythingUnsynced } from '../db/sync-store';
import type { CouchClient } from './couch-client';
import { errorOfStatus } from './errors';
import { checkpointKey, loadEpoch, saveEpoch } from './target-meta';

interface EpochDoc {
  _rev?: string;
  epoch?: string;
}

/** True when everything was marked to go up again. */
export async function ensureSameDatabase(client: CouchClient, db: PisoDatabase, target: string): Promise<boolean> {
  const path = client.dbPath(`_local/piso-device-${deviceIdOf(db)}`);
  const known = await loadEpoch(db, target);
  const response = await client.send('GET', path);
  const mark = (await response.json().catch(() => undefined)) as EpochDoc | undefined;
  if (response.ok && known !== undefined && mark?.epoch === known) return false;
  if (!response.ok && response.status !== 404) throw errorOfStatus(response.status, mark as never);

  // Forget server revisions and the checkpoint: every record is pushed, everything pulled.
  await markEverythingUnsynced([checkpointKey(target)], db);
  const epoch = crypto.randomUUID();
  await client.request('PUT', path, { epoch, ...(response.ok && mark?._rev ? { _rev: mark._rev } : {}) });
  await saveEpoch(db, target, epoch);
  return true;
}
