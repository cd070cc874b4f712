// Pull: the server's _changes feed since the stored checkpoint, page by page. Each page's
// records and the checkpoint after it are stored in one transaction, so a cut
// connection resumes after the last stored page and never skips one.
// After a push, pages are read as PouchDB's replication reads them: the rows first (ids
// and winning revisions, no documents), then only the documents whose revision the device
// does not hold, in one request; so the device's own pushes coming back cost no document
// on the wire, no parse and no check. The revisions the push was just given are known
// without reading those records back from storage; other rows are looked up. Otherwise (and once a page brings mostly documents
// the device lacks) the rows come with their documents, in one request: a fresh device
// pulling everything is not made to ask twice. Rows the device holds are skipped either
// way; the next page is asked for while this one is stored.
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
  results: { id: string; seq: unknown; changes?: { rev: string }[]; doc?: CouchDoc; deleted?: boolean }[];
  /** Opaque: CouchDB 3 sends strings, PouchDB numbers. */
  last_seq: string | number;
}

/**
 * Returns how many records were stored (added or changed). `seen.aheadOfClock` counts the
 * records whose clock was too far ahead of this device's time to follow. `pushed`: the
 * revisions a push just saved (id to revision); when there are some, the device likely
 * holds much of what comes, and pages are read rows first.
 */
export async function pull(
  client: CouchClient,
  db: PisoDatabase,
  target: string,
  pageSize = PULL_PAGE,
  seen: { aheadOfClock: number } = { aheadOfClock: 0 },
  pushed: ReadonlyMap<string, string> = new Map(),
): Promise<number> {
  const pageSince = (since: string | number, withDocs: boolean) =>
    client.request<ChangesPage>(
      'GET',
      client.dbPath(`_changes?since=${encodeURIComponent(String(since))}${withDocs ? '&include_docs=true' : ''}&limit=${pageSize}`),
    );
  let withDocs = pushed.size === 0;
  let next = { withDocs, page: pageSince(await loadCheckpoint(db, target), withDocs) };
  let stored = 0;
  for (;;) {
    const page = await next.page;
    const more = page.results.length >= pageSize;
    const docs = next.withDocs ? page.results.flatMap((row) => (row.doc ? [row.doc] : [])) : undefined;
    const wanted = docs ? [] : await wantedIds(db, page, pushed);
    // Mostly documents the device lacks: the next pages come with theirs.
    if (!docs && wanted.length * 2 > page.results.length) withDocs = true;
    if (more) {
      next = { withDocs, page: pageSince(page.last_seq, withDocs) };
      // Awaited at the next turn; until then a failure must not count as unhandled.
      next.page.catch(() => {});
    }
    const records: Envelope[] = [];
    const unreadable: RefusedArrival[] = [];
    for (const doc of docs ?? (await docsByIds(client, wanted))) {
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
 * The ids of the page's live rows whose winning revision the device does not hold. A
 * revision the push just saved is held (markPushed stored it before the pull began);
 * the others are looked up.
 */
async function wantedIds(db: PisoDatabase, page: ChangesPage, pushed: ReadonlyMap<string, string>): Promise<string[]> {
  const live = page.results.filter((row) => !row.deleted && !row.id.startsWith('_design/'));
  const unknown = live.filter((row) => pushed.get(row.id) !== row.changes?.[0]?.rev);
  const held = await serverRevisions(
    unknown.map((row) => row.id),
    db,
  );
  return unknown.filter((row) => held.get(row.id) !== row.changes?.[0]?.rev).map((row) => row.id);
}

/**
 * The current documents of these ids. A document may have changed again since its row:
 * it is stored as it is now, and its later row is then one the device holds.
 */
async function docsByIds(client: CouchClient, ids: string[]): Promise<CouchDoc[]> {
  if (ids.length === 0) return [];
  const answer = await client.request<{ rows: { key: string; doc?: CouchDoc | null }[] }>('POST', client.dbPath('_all_docs?include_docs=true'), {
    keys: ids,
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
