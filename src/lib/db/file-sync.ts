// What sync needs of the files table (issue 11.5): which files wait to go up to a sync
// server, which files named by responses this device lacks, what it knows of each
// server's files, and whether it downloads every file. lib/sync/files*.ts does the HTTP.
//
// A "place" is one server database as this device met it (address, database and the
// epoch of server-epoch.ts): a database created anew is another place, so what was known
// of the old one is not trusted there.

import { database, type PisoDatabase } from './database';
import { readMeta, writeMeta } from './meta';

/** 'present': the server has it (confirmed by an upload, a check or a download); 'damaged': its bytes there do not match its hash. */
export type ServerFileState = 'present' | 'damaged';

export interface ServerFile {
  place: string;
  hash: string;
  state: ServerFileState;
}

/** Which files a device downloads after a sync: every file its responses name, or only those opened on screen. */
export type FileDownload = 'every' | 'opened';

/**
 * Only those opened: a phone is not filled by the whole team's photos, and the app
 * cannot tell a phone from a laptop reliably; a supervisor's laptop switches it on.
 */
export const DEFAULT_FILE_DOWNLOAD: FileDownload = 'opened';

const DOWNLOAD_KEY = 'files.download';

export async function fileDownload(db: PisoDatabase = database()): Promise<FileDownload> {
  const value = await readMeta(DOWNLOAD_KEY, db);
  return value === 'every' || value === 'opened' ? value : DEFAULT_FILE_DOWNLOAD;
}

export async function setFileDownload(mode: FileDownload, db: PisoDatabase = database()): Promise<void> {
  await writeMeta(DOWNLOAD_KEY, mode, db);
}

async function known(place: string, db: PisoDatabase): Promise<Map<string, ServerFileState>> {
  const rows = await db.serverFiles.where('[place+hash]').between([place, ''], [place, '\uffff']).toArray();
  return new Map(rows.map((row) => [row.hash, row.state]));
}

/** Remembers files as present on (or damaged at) a server: an upload cut off resumes after them. */
export async function markServerFiles(place: string, hashes: readonly string[], state: ServerFileState, db: PisoDatabase = database()): Promise<void> {
  if (hashes.length > 0) await db.serverFiles.bulkPut(hashes.map((hash) => ({ place, hash, state })));
}

/** What this device knows of one file at a server, or undefined when it knows nothing. */
export async function serverFileState(place: string, hash: string, db: PisoDatabase = database()): Promise<ServerFileState | undefined> {
  return (await db.serverFiles.get([place, hash]))?.state;
}

/**
 * Hashes of the files stored here that the server is not known to have and that a
 * response the server holds names: a file goes up only after a record naming it did
 * (the response is not dirty: its version here is the server's). Known ones are not
 * looked at again, so each sync looks only at new files.
 */
export async function filesAwaitingUpload(place: string, db: PisoDatabase = database()): Promise<string[]> {
  const [stored, onServer] = await Promise.all([db.files.toCollection().primaryKeys(), known(place, db)]);
  const out: string[] = [];
  for (const hash of stored) {
    if (onServer.has(hash)) continue;
    const pushedNamer = await db.responses
      .where('ixFiles')
      .equals(hash)
      .filter((response) => response.dirty === 0)
      .first();
    if (pushedNamer) out.push(hash);
  }
  return out;
}

/** A stored file's bytes and type for an upload, or undefined when it is gone (removed meanwhile). */
export async function fileToUpload(hash: string, db: PisoDatabase = database()): Promise<{ blob: Blob; type: string } | undefined> {
  const file = await db.files.get(hash);
  return file && { blob: file.blob, type: file.type };
}

/**
 * Hashes named by this device's responses whose file is not stored here, less those
 * found damaged at `place` (fetched again only when someone asks, on screen).
 */
export async function namedFilesMissing(place: string, db: PisoDatabase = database()): Promise<string[]> {
  const [named, stored, atPlace] = await Promise.all([
    db.responses.orderBy('ixFiles').uniqueKeys(),
    db.files.toCollection().primaryKeys(),
    known(place, db),
  ]);
  const here = new Set(stored);
  return (named as string[]).filter((hash) => !here.has(hash) && atPlace.get(hash) !== 'damaged');
}
