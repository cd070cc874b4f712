// Pull: the server's _changes feed since the stored checkpoint, page by page. Each page's
// records and the checkpoint after it are stored in one transaction, so a cut
// connection resumes after the last stored page and never skips one; rows whose
// revision the device already holds (its own pushes, a replayed page) are skipped.
// Every record is checked first (domain/schemas checkRecord, responses against their
// form): a bad one is kept aside in the quarantine, in the same transaction, and the
// page goes on, so that one bad document cannot stop every later pull. The page is
// stored by db/pull-store.ts: this file reads the feed and says what to store.

import type { PisoDatabase } from '../db/database';
import { storePulledPage } from '../db/pull-store';
import type { RefusedArrival } from '../db/quarantine';
import { checkRecord, RECORD_KINDS, refusalOf } from '../domain/schemas';
import type { Envelope } from '../domain/types';
import type { CouchClient } from './couch-client';
import { fromDoc, type CouchDoc } from './documents';
import { checkpointWrite, loadCheckpoint } from './target-meta';

export const PULL_PAGE = 5000;

interface ChangesPage {
  results: { id: string; seq: unknown; doc?: CouchDoc; deleted?: boolean }[];
  /** Opaque: CouchDB 3 sends strings, PouchDB numbers. */
  last_seq: string | number;
}

/**
 * Returns how many records were stored (added or changed). `seen.aheadOfClock` counts the
 * records whose clock was too far ahead of this device's time to follow.
 */
export async function pull(
  client: CouchClient,
  db: PisoDatabase,
  target: string,
  pageSize = PULL_PAGE,
  seen: { aheadOfClock: number } = { aheadOfClock: 0 },
): Promise<number> {
  let since = await loadCheckpoint(db, target);
  let stored = 0;
  for (;;) {
    const query = `_changes?since=${encodeURIComponent(String(since))}&include_docs=true&limit=${pageSize}`;
    const page = await client.request<ChangesPage>('GET', client.dbPath(query));
    const records: Envelope[] = [];
    const unreadable: RefusedArrival[] = [];
    for (const { doc } of page.results) {
      if (!doc) continue;
      const record = fromDoc(doc);
      if (record) records.push(record);
      else if (claimsPisoKind(doc)) unreadable.push(unreadableDoc(doc));
    }
    const kept = await storePulledPage(records, unreadable, checkpointWrite(target, page.last_seq), db);
    stored += kept.stored;
    seen.aheadOfClock += kept.aheadOfClock;
    if (page.results.length < pageSize) return stored;
    since = page.last_seq;
  }
}

/**
 * A live document naming a Piso kind that fromDoc cannot read as a record (no clock, an
 * id that is not its _id): not another tool's document, so it is kept aside, not skipped.
 */
function claimsPisoKind(doc: CouchDoc): boolean {
  return !doc._deleted && !doc._id.startsWith('_design/') && (RECORD_KINDS as readonly unknown[]).includes(doc.kind);
}

function unreadableDoc(doc: CouchDoc): RefusedArrival {
  const { _id, _rev, ...fields } = doc;
  void _rev;
  const checked = checkRecord(fields);
  // What passes the check and still is not readable has an id other than its document's.
  const refusal = checked.ok ? refusalOf(fields, { reason: 'badFormat', field: 'id', params: { id: _id } }) : checked.refusal;
  return { refusal, text: JSON.stringify(doc) };
}
