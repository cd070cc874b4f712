// What sync needs of storage beyond applyMerged: records waiting to go up, what was
// pushed, forgetting what a server knew, and the backup mark. Through these, lib/sync drives no table
// and no transaction itself.

import { canonicalJson, replicated } from '../domain/merge';
import type { Envelope, Kind } from '../domain/types';
import { markBookkeeping } from './change-seq';
import { database, type PisoDatabase } from './database';
import { markBackedUp } from './backup';
import { RECORD_TABLES } from './schema';

const recordTables = (db: PisoDatabase) => RECORD_TABLES.map((name) => db.table(name));

/** How many records wait to go up: counted through the dirty index, no record read. */
export async function countUnpushed(db: PisoDatabase = database()): Promise<number> {
  const counts = await Promise.all(RECORD_TABLES.map((name) => db.table(name).where('dirty').equals(1).count()));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** Ids of a kind's records that wait to go up, read through the dirty index (no record read). */
export function unpushedIds(kind: Kind, db: PisoDatabase = database()): Promise<string[]> {
  return db.recordTable(kind).where('dirty').equals(1).primaryKeys();
}

export function recordsByIds(kind: Kind, ids: readonly string[], db: PisoDatabase = database()): Promise<(Envelope | undefined)[]> {
  return db.recordTable<Envelope>(kind).bulkGet([...ids]);
}

/**
 * The server revision this device holds of each id, of whatever kind (a pull's change
 * rows name ids, not kinds): absent when the device has no such record, undefined when it
 * was never pushed or pulled.
 */
export async function serverRevisions(ids: readonly string[], db: PisoDatabase = database()): Promise<Map<string, string | undefined>> {
  const known = new Map<string, string | undefined>();
  if (ids.length === 0) return known;
  // Responses first, the most numerous: an id found in one table is not looked up in the next.
  const tables = [db.responses, ...recordTables(db).filter((table) => table.name !== db.responses.name)];
  await db.transaction('r', tables, async () => {
    let left = [...ids];
    for (const table of tables) {
      const found = (await table.bulkGet(left)) as (Envelope | undefined)[];
      for (const record of found) if (record) known.set(record.id, record.serverRev);
      left = left.filter((id) => !known.has(id));
      if (left.length === 0) break;
    }
  });
  return known;
}

const sameReplica = (a: Envelope, b: Envelope) => canonicalJson(replicated(a)) === canonicalJson(replicated(b));

/**
 * Whether the record now stored is still the one that was sent. Every write that changes
 * what travels stamps a new change number (change-seq.ts), so the same number means the
 * same record, without writing both as canonical JSON for every record pushed. A
 * different or missing number compares the records.
 */
const unchangedSince = (now: Envelope, sent: Envelope) => (now.seq !== undefined && now.seq === sent.seq) || sameReplica(now, sent);

/**
 * Records the server revisions of pushed records; a record edited meanwhile keeps its
 * edit and stays dirty. Bookkeeping: change numbers stay, so a push does not put the
 * records it sent into the next "changes since" bundle.
 */
export async function markPushed(saved: readonly { record: Envelope; rev: string }[], db: PisoDatabase = database()): Promise<void> {
  if (saved.length === 0) return;
  await db.transaction('rw', [...recordTables(db), db.meta], async () => {
    markBookkeeping();
    for (const kind of new Set(saved.map((entry) => entry.record.kind))) {
      const ofKind = saved.filter((entry) => entry.record.kind === kind);
      const current = await recordsByIds(kind, ofKind.map((entry) => entry.record.id), db);
      const writes: Envelope[] = [];
      ofKind.forEach(({ record, rev }, i) => {
        const now = current[i];
        if (now) writes.push({ ...now, serverRev: rev, dirty: unchangedSince(now, record) ? 0 : now.dirty });
      });
      await db.recordTable<Envelope>(kind).bulkPut(writes);
    }
  });
}

/**
 * Forgets server revisions, so that every record is pushed again, and deletes
 * `metaKeys` (the server's checkpoint) in the same transaction. Bookkeeping: the records'
 * change numbers stay, as nothing of them that travels changed.
 */
export async function markEverythingUnsynced(metaKeys: readonly string[], db: PisoDatabase = database()): Promise<void> {
  await db.transaction('rw', [...recordTables(db), db.meta], async () => {
    markBookkeeping();
    for (const name of RECORD_TABLES) {
      // Only what is not already so is written: on a device's first sync every record is
      // already dirty without a revision, and rewriting them all cost seconds per 10,000.
      await db
        .table(name)
        .filter((record: Record<string, unknown>) => record.serverRev !== undefined || record.dirty !== 1)
        .modify((record: Record<string, unknown>) => {
          delete record.serverRev;
          record.dirty = 1;
        });
    }
    for (const key of metaKeys) await db.meta.delete(key);
  });
}

/**
 * After a sync: the device is backed up only if nothing waits to go up, checked in the
 * same transaction as the mark (a record edited or refused meanwhile keeps it unsaved).
 * Returns whether it was marked.
 */
export async function markBackedUpIfAllPushed(at: Date = new Date(), db: PisoDatabase = database()): Promise<boolean> {
  return db.transaction('rw', [...recordTables(db), db.meta], async () => {
    if ((await countUnpushed(db)) > 0) return false;
    await markBackedUp(at, db);
    return true;
  });
}
