// Each entity list's snapshot (domain/entity-snapshot.ts), kept in meta and in memory,
// brought up to date on every read with the entities written since it: their change
// numbers (the `seq` index) say which, whatever wrote them (a visit, a sync pull, a
// bundle import). What they changed is read from the rows log that every write keeps
// (entity-snapshot-keeper.ts), a few strings per entity, so that the first read after
// 100,000 cases arrive is a patch, not a rebuild; from the records themselves where the
// log lacks a write (one made before the log existed, or a removal).

import Dexie from 'dexie';
import type { Entity } from '../domain/types';
import {
  buildSnapshot,
  patchItems,
  patchesInPlace,
  patchSnapshot,
  rowOf,
  snapshotItems,
  type ListSnapshot,
  type SnapshotItem,
  type SnapshotRow,
} from '../domain/entity-snapshot';
import { latestRows, type RowsEntry } from '../domain/entity-rows';
import { currentSeq } from './change-seq';
import { database, type PisoDatabase } from './database';
import { ROWS_END, ROWS_PREFIX, rowsKey } from './entity-snapshot-keeper';

const KEY_PREFIX = 'entityItems/';
const snapshotKey = (list: string) => `${KEY_PREFIX}${list}`;

/** Past this many entities written since the snapshot, the list is read again by its index instead. */
const REBUILD_AFTER = 5000;
/** Past this many entities patched in memory since the stored snapshot, it is stored again. */
const STORE_AFTER = 200;

export interface Kept {
  snapshot: ListSnapshot;
  /** What forms read, built once per snapshot. */
  items?: SnapshotItem[];
  /** Each entity's label and properties, normalized for search, built once per snapshot (findEntities). */
  haystacks?: string[];
  /** Entities patched in since the snapshot stored in meta (store: it is not stored at all). */
  unstored: number | 'store';
}

const memory = new WeakMap<PisoDatabase, Map<string, Kept>>();

function keptOf(db: PisoDatabase): Map<string, Kept> {
  let lists = memory.get(db);
  if (!lists) memory.set(db, (lists = new Map()));
  return lists;
}

const isSnapshot = (value: unknown, list: string): value is ListSnapshot =>
  typeof value === 'object' && value !== null && (value as ListSnapshot).list === list && Array.isArray((value as ListSnapshot).names);

/** The list's records, from its index (deleted ones too: buildSnapshot leaves them out). */
const listRecords = (db: PisoDatabase, list: string) =>
  db.recordTable<Entity>('entity').where('[list+label]').between([list, Dexie.minKey], [list, Dexie.maxKey]).toArray();

/**
 * The list's rows written after change number `after`, from the rows log, each entity
 * once; undefined when the log lacks a write of the list's records since (the records
 * must be read instead).
 */
async function loggedRows(db: PisoDatabase, list: string, after: number): Promise<SnapshotRow[] | undefined> {
  // The ids of the records written since (getAllKeys: no cursor, no record read).
  const ids = await db.recordTable<Entity>('entity').where('seq').above(after).primaryKeys();
  const entries = await db.meta.where('key').between(rowsKey(after + 1), ROWS_END, true, false).toArray();
  const rows = latestRows(entries.map((entry) => entry.value as RowsEntry), list, after);
  // Each case logged since was written since, so the log lacks none of the list's if it
  // has as many. A record id is `<list>:<entityId>`, and a list name has no colon. (Only
  // a tab still running a Piso from before the log could write a logged case again unlogged.)
  const mine = `${list}:`;
  let written = 0;
  for (const id of ids) if ((id as string).startsWith(mine)) written++;
  return written === rows.length ? rows : undefined;
}

/** The list's snapshot as of now, kept in memory. One read transaction, so the snapshot and its number agree. */
async function freshSnapshot(db: PisoDatabase, list: string): Promise<Kept> {
  const lists = keptOf(db);
  const kept = await db.transaction('r', db.entities, db.meta, async (): Promise<Kept> => {
    const seq = await currentSeq(db);
    let known = lists.get(list);
    if (!known) {
      const stored = (await db.meta.get(snapshotKey(list)))?.value;
      if (isSnapshot(stored, list)) known = { snapshot: stored, unstored: 0 };
    }
    const rebuilt = async () => ({ snapshot: buildSnapshot(list, await listRecords(db, list), seq), unstored: 'store' as const });
    // A counter behind the snapshot: the database was replaced; nothing kept holds.
    if (known && known.snapshot.seq > seq) return rebuilt();
    if (known?.snapshot.seq === seq) return known;
    // A list never read starts from nothing, when the log holds every write of it.
    const from: Kept = known ?? { snapshot: buildSnapshot(list, [], 0), unstored: 'store' };
    const logged = await loggedRows(db, list, from.snapshot.seq);
    let changed = logged;
    if (!changed) {
      if (!known) return rebuilt();
      const since = db.recordTable<Entity>('entity').where('seq').above(known.snapshot.seq);
      if ((await since.count()) > REBUILD_AFTER) return rebuilt();
      changed = (await since.toArray()).filter((record) => record.list === list).map(rowOf);
    }
    // Other lists' and other tables' writes move the number only: what was built from the snapshot still holds.
    if (changed.length === 0) return { ...from, snapshot: { ...from.snapshot, seq } };
    const unstored = from.unstored === 'store' ? 'store' : from.unstored + changed.length;
    // The items forms read are patched too when the change is small: 100,000 objects are not built again for one visit.
    const items = from.items && patchesInPlace(from.snapshot, changed) ? patchItems(from.items, from.snapshot, changed) : undefined;
    return { snapshot: patchSnapshot(from.snapshot, changed, seq), items, unstored };
  });
  if (kept.unstored === 'store' || kept.unstored > STORE_AFTER) {
    await keepSnapshot(db, kept.snapshot);
    kept.unstored = 0;
  }
  lists.set(list, kept);
  return kept;
}

/**
 * Stores the snapshot now, or, when the read runs in a live query (which may not write),
 * right after it. Only a shortcut for later reads is lost if that store fails: they
 * start from an older snapshot, or rebuild one.
 */
async function keepSnapshot(db: PisoDatabase, snapshot: ListSnapshot): Promise<void> {
  try {
    await storeSnapshot(db, snapshot);
  } catch (e) {
    if (!(e instanceof Dexie.ReadOnlyError)) throw e;
    setTimeout(() => void storeSnapshot(db, snapshot).catch(() => undefined), 0);
  }
}

/**
 * Stores a snapshot unless a newer one is there already (another tab's), and drops the
 * entries of the rows log it holds that hold no other list's rows.
 */
async function storeSnapshot(db: PisoDatabase, snapshot: ListSnapshot): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const stored = (await db.meta.get(snapshotKey(snapshot.list)))?.value;
    if (isSnapshot(stored, snapshot.list) && stored.seq >= snapshot.seq) return;
    await db.meta.put({ key: snapshotKey(snapshot.list), value: snapshot });
    const held = await db.meta.where('key').between(ROWS_PREFIX, rowsKey(snapshot.seq), true, true).toArray();
    const done = held.filter((entry) => (entry.value as RowsEntry).lists.every((list) => list === snapshot.list));
    await db.meta.bulkDelete(done.map((entry) => entry.key));
  });
}

/** The up-to-date snapshot of a list, with what is derived from it in memory. */
export function listSnapshot(list: string, db: PisoDatabase = database()): Promise<Kept> {
  return freshSnapshot(db, list);
}

/** What forms read of a list (entityItems). */
export async function itemsOf(list: string, db: PisoDatabase = database()): Promise<SnapshotItem[]> {
  const kept = await freshSnapshot(db, list);
  return (kept.items ??= snapshotItems(kept.snapshot));
}

/** The names of the lists that have records on this device, from the index (one seek per list). */
export async function storedLists(db: PisoDatabase = database()): Promise<string[]> {
  const lists: string[] = [];
  const first = (keys: unknown[]) => keys[0] as [string, string] | undefined;
  let key = first(await db.entities.orderBy('[list+label]').limit(1).keys());
  while (key) {
    lists.push(key[0]);
    key = first(await db.entities.where('[list+label]').above([key[0], Dexie.maxKey]).limit(1).keys());
  }
  return lists;
}
