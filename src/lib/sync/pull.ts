// Pull: the server's _changes feed since the stored checkpoint, page by page. Each page's
// records and the checkpoint after it are stored in one transaction, so a cut
// connection resumes after the last stored page and never skips one; rows whose
// revision the device already holds (its own pushes, a replayed page) are skipped.
// Every record is checked first (domain/schemas checkRecord, responses against their
// form): a bad one is kept aside in the quarantine, in the same transaction, and the
// page goes on, so that one bad document cannot stop every later pull.

import type { PisoDatabase } from '../db/database';
import { applyMerged } from '../db/apply-merged';
import { checkArrivals } from '../db/arrival';
import { keepAside } from '../db/quarantine';
import { RECORD_TABLES } from '../db/schema';
import type { Envelope } from '../domain/types';
import type { CouchClient } from './couch-client';
import { fromDoc, type CouchDoc } from './documents';
import { loadCheckpoint, saveCheckpoint } from './target-meta';

export const PULL_PAGE = 5000;

interface ChangesPage {
  results: { id: string; seq: unknown; doc?: CouchDoc; deleted?: boolean }[];
  /** Opaque: CouchDB 3 sends strings, PouchDB numbers. */
  last_seq: string | number;
}

/** Returns how many records were stored (added or changed). */
export async function pull(client: CouchClient, db: PisoDatabase, target: string, pageSize = PULL_PAGE): Promise<number> {
  let since = await loadCheckpoint(db, target);
  let stored = 0;
  for (;;) {
    const query = `_changes?since=${encodeURIComponent(String(since))}&include_docs=true&limit=${pageSize}`;
    const page = await client.request<ChangesPage>('GET', client.dbPath(query));
    const records = page.results.map((row) => row.doc && fromDoc(row.doc)).filter((r): r is Envelope => !!r);
    stored += await storePage(db, target, records, page.last_seq);
    if (page.results.length < pageSize) return stored;
    since = page.last_seq;
  }
}

async function storePage(db: PisoDatabase, target: string, records: Envelope[], seq: string | number): Promise<number> {
  // applyMerged opens its own transaction; inside this one it joins it, so the records
  // and the checkpoint commit together or not at all.
  // Rows whose revision the device holds are skipped inside applyMerged, which reads the
  // local copies once for both.
  return db.transaction('rw', [...RECORD_TABLES.map((name) => db.table(name)), db.meta, db.quarantine], async () => {
    const { accepted, refused } = await checkArrivals(db, records);
    await keepAside(db, 'sync', refused);
    const summary = accepted.length > 0 ? await applyMerged(accepted, { fromServer: true, skipKnownRevisions: true }, db) : undefined;
    await saveCheckpoint(db, target, seq);
    return summary ? summary.added + summary.updated : 0;
  });
}
