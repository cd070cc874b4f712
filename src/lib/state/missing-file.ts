// A file not on this device, fetched when it is shown (issue 11.5, "only the files I
// open"): from the sync server this device is signed in to, with its session (the
// browser's cookie). Sync's code is loaded on the first fetch, as for a sync.

import { database } from '../db/database';
import { CouchClient } from '../sync/couch-client';
import type { FetchedFile } from '../sync/files-down';
import { targetKey } from '../sync/target-meta';
import { sync } from './sync.svelte';

/** What came of it; 'noSync' when this device syncs with no server (or is signed out). Failures throw a SyncError. */
export type FileFetch = FetchedFile | 'noSync';

export async function fetchMissingFile(hash: string): Promise<FileFetch> {
  if (!sync.ready) return 'noSync';
  const client = new CouchClient({ url: sync.config.url.trim(), database: sync.config.database.trim() });
  const [{ fetchFile }, { filePlace }] = await Promise.all([import('../sync/files-down'), import('../sync/files')]);
  const db = database();
  return fetchFile(client, db, await filePlace(db, targetKey(client.url, client.database)), hash);
}
