// Files down (issue 11.5): one file fetched by hash, its bytes checked against the hash
// before it is stored (db/files.ts putArrivedFile, the one way to store an arrived file),
// and, when the device downloads every file, all the files its responses name that the
// server has. A file whose bytes do not match is refused; the response naming it stands
// and shows "file not on this device".

import type { PisoDatabase } from '../db/database';
import { putArrivedFile, type ArrivedFile } from '../db/files';
import { markServerFiles, namedFilesMissing } from '../db/file-sync';
import type { CouchClient } from './couch-client';
import { errorOfStatus, SyncError } from './errors';
import { FILE_ATTACHMENT, fileDocPath, filesOnServer } from './file-doc';

/** 'absent': the server does not have it (yet: the device that took it has not synced). */
export type FetchedFile = ArrivedFile | 'absent';

/**
 * Fetches one file and stores it. putArrivedFile writes to the open database (the app
 * has one; `db` is where what the device knows of the server is kept, the same one).
 */
export async function fetchFile(client: CouchClient, db: PisoDatabase, place: string, hash: string, now = new Date()): Promise<FetchedFile> {
  const response = await client.send('GET', client.dbPath(`${fileDocPath(hash)}/${FILE_ATTACHMENT}`));
  if (response.status === 404) {
    await response.body?.cancel();
    return 'absent';
  }
  if (!response.ok) throw errorOfStatus(response.status, await response.json().catch(() => undefined));
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch (error) {
    // Cut while the bytes came: nothing stored, fetched again next time.
    throw new SyncError('sync.unreachable', { reason: error instanceof Error ? error.message : String(error) });
  }
  const arrived = await putArrivedFile(hash, blob, now.toISOString());
  await markServerFiles(place, [hash], arrived === 'mismatch' ? 'damaged' : 'present', db);
  return arrived;
}

export interface DownloadResult {
  downloaded: number;
  /** Files whose bytes on the server do not match their hash: refused, not fetched again by sync. */
  damaged: number;
}

/** Every file named by this device's responses and missing here that the server has. */
export async function downloadNamedFiles(client: CouchClient, db: PisoDatabase, place: string): Promise<DownloadResult> {
  const result: DownloadResult = { downloaded: 0, damaged: 0 };
  const missing = await namedFilesMissing(place, db);
  if (missing.length === 0) return result;
  const there = await filesOnServer(client, missing);
  for (const hash of missing) {
    if (!there.has(hash)) continue;
    const arrived = await fetchFile(client, db, place, hash);
    if (arrived === 'stored') result.downloaded++;
    else if (arrived === 'mismatch') result.damaged++;
  }
  return result;
}
