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

/** What a snapshot holds of one entity written (entity-rows.ts keeps these too). */
export interface SnapshotRow {
  list: string;
  entityId: string;
  label: string;
  deleted: boolean;
  /** Known only from updates (isPendingEntity). */
  pending: boolean;
  properties: Readonly<Record<string, string>>;
}

export const rowOf = (record: Entity): SnapshotRow => ({
  list: record.list,
  entityId: record.entityId,
  label: record.label,
  deleted: record.deleted,
  pending: isPendingEntity(record),
  properties: record.properties,
});

const before = (labelA: string, nameA: string, labelB: string, nameB: string) =>
  // Code unit order, as IndexedDB orders keys (not the user's collation).
  labelA < labelB || (labelA === labelB && nameA < nameB);

const order = (a: SnapshotRow, b: SnapshotRow) => (before(a.label, a.entityId, b.label, b.entityId) ? -1 : a.label === b.label && a.entityId === b.entityId ? 0 : 1);

/** The live entities of `list` among `records`, in label order. */
const rowsOf = (records: readonly SnapshotRow[], list: string) => records.filter((record) => record.list === list && !record.deleted).sort(order);

/** The snapshot of a list's records (any order; other lists' and deleted ones are left out). */
export function buildSnapshot(list: string, records: readonly Entity[], seq: number): ListSnapshot {
  const empty: ListSnapshot = { list, seq, names: [], labels: [], pending: [], properties: [], columns: [] };
  return mergedSnapshot(empty, records.filter((record) => record.list === list).map(rowOf), seq);
}

/** Up to this many changed entities of the list, a patch moves rows in place instead of copying every row. */
const IN_PLACE = 64;

/** The first position in rows sorted by (label, name) that is not before (label, name). */
function insertionPoint(count: number, labelAt: (i: number) => string, nameAt: (i: number) => string, label: string, name: string): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(labelAt(mid), nameAt(mid), label, name)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Whether `changed` can be patched into what was built from `snapshot` in place: few, and no new property. */
export function patchesInPlace(snapshot: ListSnapshot, changed: readonly SnapshotRow[]): boolean {
  const mine = changed.filter((record) => record.list === snapshot.list);
  if (mine.length > IN_PLACE) return false;
  const known = new Set(snapshot.properties);
  return mine.every((record) => Object.keys(record.properties).every((name) => known.has(name)));
}

/**
 * The snapshot with `changed` (entities written since it, of any list) in place of what
 * it held of them: each is taken out, and put back in label order if it is live. A few
 * are moved in copies of the columns; many, or a new property, take one pass over all rows.
 */
export function patchSnapshot(snapshot: ListSnapshot, changed: readonly SnapshotRow[], seq: number): ListSnapshot {
  const mine = changed.filter((record) => record.list === snapshot.list);
  if (mine.length === 0) return { ...snapshot, seq };
  if (!patchesInPlace(snapshot, mine)) return mergedSnapshot(snapshot, mine, seq);
  const out: ListSnapshot = {
    ...snapshot,
    seq,
    names: snapshot.names.slice(),
    labels: snapshot.labels.slice(),
    pending: snapshot.pending.slice(),
    columns: snapshot.columns.map((column) => column.slice()),
  };
  for (const record of mine) {
    const at = out.names.indexOf(record.entityId);
    if (at >= 0) for (const column of [out.names, out.labels, out.pending, ...out.columns]) column.splice(at, 1);
    if (record.deleted) continue;
    const to = insertionPoint(out.names.length, (i) => out.labels[i], (i) => out.names[i], record.label, record.entityId);
    out.names.splice(to, 0, record.entityId);
    out.labels.splice(to, 0, record.label);
    out.pending.splice(to, 0, record.pending ? 1 : 0);
    out.properties.forEach((name, j) => out.columns[j].splice(to, 0, record.properties[name] ?? ''));
  }
  return out;
}

/** patchSnapshot in one pass: the rows not changed, merged in order with the changed ones that are live. */
function mergedSnapshot(snapshot: ListSnapshot, mine: readonly SnapshotRow[], seq: number): ListSnapshot {
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
  const add = (record: SnapshotRow) => {
    out.names.push(record.entityId);
    out.labels.push(record.label);
    out.pending.push(record.pending ? 1 : 0);
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

/** The item of one entity, its properties in the snapshot's columns' order ('' where it has none). */
function itemOf(name: string, label: string, properties: readonly string[], valueOf: (j: number) => string): SnapshotItem {
  const item: SnapshotItem = { name, label };
  // A property may not take the place of name or label (save_to cannot name them anyway).
  for (let j = 0; j < properties.length; j++) if (!RESERVED.has(properties[j])) item[properties[j]] = valueOf(j);
  return item;
}

/** The items forms read: every entity of the snapshot but those known only from updates. */
export function snapshotItems(snapshot: ListSnapshot): SnapshotItem[] {
  const items: SnapshotItem[] = [];
  const { names, labels, pending, properties, columns } = snapshot;
  for (let i = 0; i < names.length; i++) if (!pending[i]) items.push(itemOf(names[i], labels[i], properties, (j) => columns[j][i]));
  return items;
}

/**
 * The items of `snapshot` patched with `changed` as patchSnapshot patches it in place
 * (when patchesInPlace holds for them): a copy of the array, the other items the same objects.
 */
export function patchItems(items: readonly SnapshotItem[], snapshot: ListSnapshot, changed: readonly SnapshotRow[]): SnapshotItem[] {
  const out = items.slice();
  for (const record of changed) {
    if (record.list !== snapshot.list) continue;
    const at = out.findIndex((item) => item.name === record.entityId);
    if (at >= 0) out.splice(at, 1);
    if (record.deleted || record.pending) continue;
    const to = insertionPoint(out.length, (i) => out[i].label, (i) => out[i].name, record.label, record.entityId);
    out.splice(to, 0, itemOf(record.entityId, record.label, snapshot.properties, (j) => record.properties[snapshot.properties[j]] ?? ''));
  }
  return out;
}
