// Files in a sync (issue 11.5), after the records: up, the files that pushed responses
// name and the server lacks; down, as the device's setting says, every file its
// responses name, or none (each is fetched when opened on screen: fetchFile).

import type { PisoDatabase } from '../db/database';
import { fileDownload } from '../db/file-sync';
import type { CouchClient } from './couch-client';
import { downloadNamedFiles, type DownloadResult } from './files-down';
import { uploadFiles, type UploadResult } from './files-up';
import { loadEpoch } from './target-meta';

export type FileSyncSummary = UploadResult & DownloadResult;

/** The server database as this device met it: a database made anew (a new epoch) is another place. */
export async function filePlace(db: PisoDatabase, target: string): Promise<string> {
  return `${target}#${(await loadEpoch(db, target)) ?? ''}`;
}

export async function syncFiles(client: CouchClient, db: PisoDatabase, target: string): Promise<FileSyncSummary> {
  const place = await filePlace(db, target);
  const up = await uploadFiles(client, db, place);
  const down = (await fileDownload(db)) === 'every' ? await downloadNamedFiles(client, db, place) : { downloaded: 0, damaged: 0 };
  return { ...up, ...down };
}
