// Pull: the server's _changes feed since the stored checkpoint, page by page. Each page's
// records and the checkpoint after it are stored in one transaction, so a cut
// connection resumes after the last stored page and never skips one.
// A page is read as PouchDB's replication reads it: the rows first (ids and winning
// revisions, no documents), then only the documents whose revision the device does not
// hold, in one request. Rows the device holds already (its own pushes coming back, a page
// pulled again) cost no document on the wire, no parse and no check; and the next page's
// rows are asked for while this page's documents are fetched and stored.
// Every record is checked first (domain/schemas checkRecord, responses against their
// form): a bad one is kept aside in the quarantine, in the same transaction, and the
// page goes on, so that one bad document cannot stop every later pull. The page is
// stored by db/pull-store.ts: this file reads the feed and says what to store.

import type { PisoDatabase } from '../db/database';
import { storePulledPage } from '../db/pull-store';
import type { RefusedArrival } from '../db/quarantine';
import { serverRevisions } from '../db/sync-store';
import { checkRecord, RECORD_KINDS, refusalOf } from '../domain/schemas';
import type { Envelope } from '../domain/types';
import type { CouchClient } from './couch-client';
import { fromDoc, type CouchDoc } from './documents';
import { checkpointWrite, loadCheckpoint } from './target-meta';

export const PULL_PAGE = 5000;

interface ChangesPage {
  results: { id: string; seq: unknown; changes?: { rev: string }[]; deleted?: boolean }[];
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
  const rowsSince = (since: string | number) =>
    client.request<ChangesPage>('GET', client.dbPath(`_changes?since=${encodeURIComponent(String(since))}&limit=${pageSize}`));
  let next = rowsSince(await loadCheckpoint(db, target));
  let stored = 0;
  for (;;) {
    const page = await next;
    const more = page.results.length >= pageSize;
    if (more) {
      next = rowsSince(page.last_seq);
      // Awaited at the next turn; until then a failure must not count as unhandled.
      next.catch(() => {});
    }
    const docs = await changedDocs(client, db, page);
    const records: Envelope[] = [];
    const unreadable: RefusedArrival[] = [];
    for (const doc of docs) {
      const record = fromDoc(doc);
      if (record) records.push(record);
      else if (claimsPisoKind(doc)) unreadable.push(unreadableDoc(doc));
    }
    const kept = await storePulledPage(records, unreadable, checkpointWrite(target, page.last_seq), db);
    stored += kept.stored;
    seen.aheadOfClock += kept.aheadOfClock;
    if (!more) return stored;
  }
}

/**
 * The current documents of the page's rows whose winning revision the device does not
 * hold. A document may have changed again since its row: it is stored as it is now, and
 * its later row is then one the device holds.
 */
async function changedDocs(client: CouchClient, db: PisoDatabase, page: ChangesPage): Promise<CouchDoc[]> {
  const live = page.results.filter((row) => !row.deleted && !row.id.startsWith('_design/'));
  const held = await serverRevisions(
    live.map((row) => row.id),
    db,
  );
  const wanted = live.filter((row) => held.get(row.id) !== row.changes?.[0]?.rev).map((row) => row.id);
  if (wanted.length === 0) return [];
  const answer = await client.request<{ rows: { key: string; doc?: CouchDoc | null }[] }>('POST', client.dbPath('_all_docs?include_docs=true'), {
    keys: wanted,
  });
  return answer.rows.flatMap((row) => (row.doc ? [row.doc] : []));
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
