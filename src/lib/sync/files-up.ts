// Files up (issue 11.5): after the records, each file that a pushed response names and
// the server lacks goes up as its content-addressed document (file-doc.ts). Each one
// confirmed is remembered at once (lib/db/file-sync.ts), so a sync cut off resumes with
// the files not yet confirmed; one that reached the server before the cut is found by
// the check and not sent again.

import { fileToUpload, filesAwaitingUpload, markServerFiles } from '../db/file-sync';
import type { PisoDatabase } from '../db/database';
import type { CouchClient } from './couch-client';
import { errorOfStatus } from './errors';
import { fileDocPath, filesOnServer, multipartFileDoc } from './file-doc';

export interface UploadResult {
  uploaded: number;
  /** Files the server refused (403, its validate_doc_update; 413, too large): kept here, tried again next sync. */
  refused: number;
  /** The server's reason for the last refusal, for the detail line. */
  refusedReason?: string;
}

export async function uploadFiles(client: CouchClient, db: PisoDatabase, place: string): Promise<UploadResult> {
  const result: UploadResult = { uploaded: 0, refused: 0 };
  const waiting = await filesAwaitingUpload(place, db);
  if (waiting.length === 0) return result;
  const there = await filesOnServer(client, waiting);
  await markServerFiles(place, [...there], 'present', db);
  for (const hash of waiting) {
    if (there.has(hash)) continue;
    const file = await fileToUpload(hash, db);
    if (!file) continue; // removed since it was listed
    const response = await client.sendBody('PUT', client.dbPath(fileDocPath(hash)), multipartFileDoc(hash, file.blob, file.type));
    const body = (await response.json().catch(() => undefined)) as { error?: string; reason?: string } | undefined;
    // A conflict: the document exists, and files never change: it is there already.
    if (response.ok || response.status === 409) {
      await markServerFiles(place, [hash], 'present', db);
      if (response.ok) result.uploaded++;
    } else if (response.status === 403 || response.status === 413) {
      // Refused (its validate_doc_update), or too large for the server or a proxy before
      // it: the others still go up, and this one is tried again next sync.
      result.refused++;
      result.refusedReason = body?.reason ?? body?.error;
    } else {
      // A session ended (401), a server failing: the sync fails, classified, and is tried again.
      throw errorOfStatus(response.status, body);
    }
  }
  return result;
}
