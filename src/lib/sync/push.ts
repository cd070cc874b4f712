// Push: dirty records go up with _bulk_docs, each with the server revision the device
// knows. A conflict means someone else changed the document since: the server's
// version is fetched and merged in (applyMerged keeps the server's revision and leaves
// the record dirty only if the device adds something), then pushed again. Because the
// merge is idempotent, pushing a batch twice (a cut connection) changes nothing.
// What goes up is checked first, by the same check as what comes down (domain/schemas):
// a record this device cannot vouch for is listed as refused and never sent. A server
// version fetched on a conflict that fails the check is kept aside in the quarantine,
// and the device's version replaces it on the server.

import type { PisoDatabase } from '../db/database';
import { storeServerVersions } from '../db/push-store';
import { recordById } from '../db/record-scan';
import { markPushed, recordsByIds, unpushedIds } from '../db/sync-store';
import { checkRecord, RECORD_KINDS } from '../domain/schemas';
import type { Envelope, Kind } from '../domain/types';
import type { CouchClient } from './couch-client';
import { fromDoc, toDoc, type CouchDoc } from './documents';
import { SyncError } from './errors';
import { loadRefused, saveRefused, type RefusedRecord } from './target-meta';

/**
 * Records per _bulk_docs: the first batch is small (what a cut connection can cost is
 * little), then each doubles up to the largest, since every round trip and every
 * transaction has a fixed cost.
 */
export const PUSH_BATCH = 500;
export const PUSH_BATCH_MAX = 2000;
/** Batches under way at once (pushKind). */
const IN_FLIGHT = 2;
/** Rounds of fetch-merge-push for one batch; what still conflicts waits for the next sync. */
const CONFLICT_ROUNDS = 4;

interface BulkResult {
  id: string;
  ok?: boolean;
  rev?: string;
  error?: string;
  reason?: string;
}

export interface PushResult {
  pushed: number;
  refused: RefusedRecord[];
  /** The revision the server gave each record this push saved: the pull after it need not look them up. */
  revisions: Map<string, string>;
}

export async function push(client: CouchClient, db: PisoDatabase, target: string): Promise<PushResult> {
  const refused = new Map((await loadRefused(db, target)).map((entry) => [entry.id, entry]));
  const revisions = new Map<string, string>();
  let pushed = 0;
  try {
    // Kind after kind, in order: forms reach the server before the responses given to them.
    for (const kind of RECORD_KINDS) pushed += await pushKind(client, db, kind, refused, revisions);
  } finally {
    // Even when a later batch fails, what was refused so far is remembered and shown.
    await saveRefused(db, target, [...refused.values()]);
  }
  return { pushed, refused: [...refused.values()], revisions };
}

/**
 * The batches of one kind, IN_FLIGHT at a time: the next batch is read and goes up while
 * the server stores the one before and the device marks what it saved. Batches hold
 * different records, so their order does not matter.
 */
async function pushKind(
  client: CouchClient,
  db: PisoDatabase,
  kind: Kind,
  refused: Map<string, RefusedRecord>,
  revisions: Map<string, string>,
): Promise<number> {
  // Keys only, read through the dirty index: the records are read batch by batch.
  const ids = await unpushedIds(kind, db);
  const inFlight: Promise<number>[] = [];
  let pushed = 0;
  try {
    for (let start = 0, size = PUSH_BATCH; start < ids.length; start += size, size = Math.min(size * 2, PUSH_BATCH_MAX)) {
      if (inFlight.length >= IN_FLIGHT) pushed += await inFlight.shift()!;
      const records = (await recordsByIds(kind, ids.slice(start, start + size), db)).filter(
        (record): record is Envelope => !!record && record.dirty === 1 && refused.get(record.id)?.hlc !== record.hlc,
      );
      const sending = pushBatch(client, db, records.filter((record) => vouchedFor(record, refused)), refused, revisions);
      // Awaited in turn below; a failure meanwhile must not count as unhandled.
      sending.catch(() => {});
      inFlight.push(sending);
    }
    while (inFlight.length > 0) pushed += await inFlight.shift()!;
  } finally {
    // Nothing still running once push has returned or failed.
    await Promise.allSettled(inFlight);
  }
  return pushed;
}

/** Whether the record passes the record check; if not, it is listed as refused here. */
function vouchedFor(record: Envelope, refused: Map<string, RefusedRecord>): boolean {
  const checked = checkRecord(record);
  if (checked.ok) return true;
  const { reason, field, params } = checked.refusal;
  refused.set(record.id, { id: record.id, kind: record.kind, hlc: record.hlc, reason: '', problem: { reason, field, params } });
  return false;
}

async function pushBatch(
  client: CouchClient,
  db: PisoDatabase,
  records: Envelope[],
  refused: Map<string, RefusedRecord>,
  revisions: Map<string, string>,
): Promise<number> {
  let pushed = 0;
  let pending = records;
  for (let round = 0; round < CONFLICT_ROUNDS && pending.length > 0; round++) {
    const results = await client.request<BulkResult[]>('POST', client.dbPath('_bulk_docs'), { docs: pending.map((r) => toDoc(r)) });
    const byId = new Map(pending.map((record) => [record.id, record]));
    const saved: { record: Envelope; rev: string }[] = [];
    const conflicts: string[] = [];
    for (const result of results) {
      const record = byId.get(result.id);
      if (!record) continue;
      if (result.ok && result.rev) {
        saved.push({ record, rev: result.rev });
        refused.delete(record.id);
      } else if (result.error === 'conflict') {
        conflicts.push(record.id);
      } else if (result.error === 'forbidden') {
        refused.set(record.id, { id: record.id, kind: record.kind, hlc: record.hlc, reason: result.reason ?? 'forbidden' });
      } else if (result.error === 'unauthorized') {
        // Per document only when the session ended or the user may not write here.
        throw new SyncError('sync.unauthorized', { reason: result.reason ?? 'unauthorized' });
      } else {
        throw new SyncError('sync.serverError', { reason: `${result.error}: ${result.reason}` });
      }
    }
    // A record edited meanwhile keeps its edit and stays dirty.
    await markPushed(saved, db);
    for (const { record, rev } of saved) revisions.set(record.id, rev);
    pushed += saved.length;
    pending = conflicts.length > 0 ? await mergeServerVersions(client, db, conflicts, byId) : [];
  }
  return pushed;
}

/**
 * Fetches the server's versions of conflicting documents, merges them into the local
 * records, and returns those still holding something the server lacks.
 */
async function mergeServerVersions(
  client: CouchClient,
  db: PisoDatabase,
  ids: string[],
  sent: Map<string, Envelope>,
): Promise<Envelope[]> {
  const answer = await client.request<{ rows: { key: string; doc?: CouchDoc | null; error?: string }[] }>(
    'POST',
    client.dbPath('_all_docs?include_docs=true'),
    { keys: ids },
  );
  const serverVersions = answer.rows.map((row) => row.doc && fromDoc(row.doc)).filter((r): r is Envelope => !!r);
  // The server's revision of each version it holds that fails the check: ours replaces it.
  const badRevisions = new Map((await storeServerVersions(serverVersions, db)).map((version) => [version.id, version.serverRev]));

  const kinds = new Map<string, Kind>(ids.map((id) => [id, sent.get(id)!.kind]));
  const again: Envelope[] = [];
  for (const id of ids) {
    const record = await recordById(kinds.get(id)!, id, db);
    if (!record?.dirty) continue;
    if (badRevisions.has(id)) {
      again.push({ ...record, serverRev: badRevisions.get(id) });
      continue;
    }
    // No server version (deleted by an administrator): create it again.
    const onServer = serverVersions.some((version) => version.id === id);
    again.push(onServer ? record : { ...record, serverRev: undefined });
  }
  return again;
}
