// Garbage collection of captured files. A file is kept while any response names it
// (drafts, finalized responses and tombstones alike: `*ixFiles`) or while the caller
// says it is still wanted (answers kept in a page's unload backup), and for a grace
// period after it was stored even when nothing names it: a file that arrived by bundle
// or sync before the record that names it, or a photo whose answer is being corrected
// on another device, must not be lost to a collection run in between.

import { database } from './database';

export const FILE_GRACE_DAYS = 7;
const DAY_MS = 86_400_000;

/**
 * Deletes the files stored more than `graceDays` before `now` that no response names
 * and that are not in `keep`. Returns the hashes deleted.
 */
export async function collectUnnamedFiles(now: Date, keep: ReadonlySet<string> = new Set(), graceDays = FILE_GRACE_DAYS): Promise<string[]> {
  const db = database();
  const before = new Date(now.getTime() - graceDays * DAY_MS).toISOString();
  return db.transaction('rw', db.files, db.responses, async () => {
    const old = (await db.files.where('storedAt').below(before).primaryKeys()) as string[];
    const gone: string[] = [];
    for (const hash of old) {
      if (keep.has(hash)) continue;
      if ((await db.responses.where('ixFiles').equals(hash).count()) === 0) gone.push(hash);
    }
    if (gone.length > 0) await db.files.bulkDelete(gone);
    return gone;
  });
}
