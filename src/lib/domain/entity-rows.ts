// The entity rows log: what one write of entities changed in the lists' snapshots, as
// columns of strings (a few per entity, not the records with their visits and clocks),
// numbered with the records' change numbers. lib/db/entity-snapshot-keeper.ts writes one
// entry per write; lib/db/entity-items.ts patches a list's snapshot from the entries
// after it instead of reading the records again. This module only encodes and decodes.

import type { Entity } from './types';
import { rowOf, type SnapshotRow } from './entity-snapshot';

/** One write's rows: per row its change number, list, id, label and state; per property its column. */
export interface RowsEntry {
  seqs: number[];
  lists: string[];
  names: string[];
  labels: string[];
  /** 0 live, 1 known only from updates (pending), 2 deleted. */
  states: number[];
  properties: string[];
  /** Per property, one value per row; null where the row's entity has no such property. */
  columns: (string | null)[][];
}

export interface NumberedRow {
  seq: number;
  row: SnapshotRow;
}

/** The entry of written records (numbered: change-seq.ts gave each its `seq`). */
export function encodeRows(records: readonly Entity[]): RowsEntry {
  const properties = [...new Set(records.flatMap((record) => Object.keys(record.properties)))];
  const rows = records.map(rowOf);
  return {
    seqs: records.map((record) => record.seq ?? 0),
    lists: rows.map((row) => row.list),
    names: rows.map((row) => row.entityId),
    labels: rows.map((row) => row.label),
    states: rows.map((row) => (row.deleted ? 2 : row.pending ? 1 : 0)),
    properties,
    columns: properties.map((name) => rows.map((row) => row.properties[name] ?? null)),
  };
}

/** The rows of an entry numbered above `after`. */
export function decodeRows(entry: RowsEntry, after: number): NumberedRow[] {
  const out: NumberedRow[] = [];
  for (let i = 0; i < entry.seqs.length; i++) {
    if (entry.seqs[i] <= after) continue;
    const properties: Record<string, string> = {};
    entry.properties.forEach((name, j) => {
      const value = entry.columns[j][i];
      if (value !== null) properties[name] = value;
    });
    const state = entry.states[i];
    out.push({
      seq: entry.seqs[i],
      row: { list: entry.lists[i], entityId: entry.names[i], label: entry.labels[i], deleted: state === 2, pending: state === 1, properties },
    });
  }
  return out;
}

/** A list's rows as they stand after every write among `rows`: each entity once, as its latest write left it. */
export function latestRows(rows: readonly NumberedRow[], list: string): SnapshotRow[] {
  const latest = new Map<string, NumberedRow>();
  for (const numbered of rows) {
    if (numbered.row.list !== list) continue;
    const known = latest.get(numbered.row.entityId);
    if (!known || known.seq < numbered.seq) latest.set(numbered.row.entityId, numbered);
  }
  return [...latest.values()].map(({ row }) => row);
}
