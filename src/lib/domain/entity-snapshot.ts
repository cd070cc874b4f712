// A compact picture of one entity list: its live entities in label order, as columns of
// strings, so that 100,000 of them are read back in one cheap structured clone (no
// object per entity) and patched with the few entities written since, instead of
// reading every record again. lib/db/entity-items.ts keeps it; this module only computes.

import type { Entity } from './types';
import { isPendingEntity } from './entity-visits';

export interface ListSnapshot {
  list: string;
  /** The device's change number it is as of (change-seq.ts): entities written after it are not in. */
  seq: number;
  /** Entity ids (`name` in ODK's list CSV), in label order, then by id (the [list+label] index's order). */
  names: string[];
  labels: string[];
  /** 1 for an entity known only from updates (isPendingEntity), kept out of what forms read. */
  pending: number[];
  /** Property names, and per name its column (one value per entity, '' where it has none). */
  properties: string[];
  columns: string[][];
}

const before = (labelA: string, nameA: string, labelB: string, nameB: string) =>
  // Code unit order, as IndexedDB orders keys (not the user's collation).
  labelA < labelB || (labelA === labelB && nameA < nameB);

const order = (a: Entity, b: Entity) => (before(a.label, a.entityId, b.label, b.entityId) ? -1 : a.label === b.label && a.entityId === b.entityId ? 0 : 1);

/** The live entities of `list` among `records`, in label order. */
const rowsOf = (records: readonly Entity[], list: string) => records.filter((record) => record.list === list && !record.deleted).sort(order);

/** The snapshot of a list's records (any order; other lists' and deleted ones are left out). */
export function buildSnapshot(list: string, records: readonly Entity[], seq: number): ListSnapshot {
  const empty: ListSnapshot = { list, seq, names: [], labels: [], pending: [], properties: [], columns: [] };
  return patchSnapshot(empty, records, seq);
}

/**
 * The snapshot with `changed` (entities written since it, of any list) in place of what
 * it held of them: each is taken out, and put back in label order if it is live. One
 * pass over the snapshot, whatever the number of changes.
 */
export function patchSnapshot(snapshot: ListSnapshot, changed: readonly Entity[], seq: number): ListSnapshot {
  const mine = changed.filter((record) => record.list === snapshot.list);
  if (mine.length === 0) return { ...snapshot, seq };
  const gone = new Set(mine.map((record) => record.entityId));
  const added = rowsOf(mine, snapshot.list);
  const properties = [...snapshot.properties];
  const index = new Map(properties.map((name, j) => [name, j]));
  for (const record of added) {
    for (const name of Object.keys(record.properties)) if (!index.has(name)) index.set(name, properties.push(name) - 1);
  }
  const out: ListSnapshot = {
    list: snapshot.list,
    seq,
    names: [],
    labels: [],
    pending: [],
    properties,
    columns: properties.map(() => []),
  };
  const keep = (i: number) => {
    out.names.push(snapshot.names[i]);
    out.labels.push(snapshot.labels[i]);
    out.pending.push(snapshot.pending[i]);
    for (let j = 0; j < properties.length; j++) out.columns[j].push(j < snapshot.columns.length ? snapshot.columns[j][i] : '');
  };
  const add = (record: Entity) => {
    out.names.push(record.entityId);
    out.labels.push(record.label);
    out.pending.push(isPendingEntity(record) ? 1 : 0);
    for (let j = 0; j < properties.length; j++) out.columns[j].push(record.properties[properties[j]] ?? '');
  };
  let a = 0;
  for (let i = 0; i < snapshot.names.length; i++) {
    if (gone.has(snapshot.names[i])) continue;
    while (a < added.length && before(added[a].label, added[a].entityId, snapshot.labels[i], snapshot.names[i])) add(added[a++]);
    keep(i);
  }
  while (a < added.length) add(added[a++]);
  return out;
}

/** One entity of a snapshot as a form reads it (ODK's list CSV row): name, label, then its properties. */
export type SnapshotItem = Record<string, string> & { name: string; label: string };

const RESERVED = new Set(['name', 'label']);

/** The items forms read: every entity of the snapshot but those known only from updates. */
export function snapshotItems(snapshot: ListSnapshot): SnapshotItem[] {
  const items: SnapshotItem[] = [];
  const { names, labels, pending, properties, columns } = snapshot;
  for (let i = 0; i < names.length; i++) {
    if (pending[i]) continue;
    const item: SnapshotItem = { name: names[i], label: labels[i] };
    // A property may not take the place of name or label (save_to cannot name them anyway).
    for (let j = 0; j < properties.length; j++) if (!RESERVED.has(properties[j])) item[properties[j]] = columns[j][i];
    items.push(item);
  }
  return items;
}
