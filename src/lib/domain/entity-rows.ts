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

/** Rows per entry at most (a position is entry × this + row). */
const ROWS_PER_ENTRY = 2 ** 26;

/** The row at position i of an entry. */
function rowAt(entry: RowsEntry, i: number): SnapshotRow {
  const properties: Record<string, string> = {};
  for (let j = 0; j < entry.properties.length; j++) {
    const value = entry.columns[j][i];
    if (value !== null) properties[entry.properties[j]] = value;
  }
  const state = entry.states[i];
  return { list: entry.lists[i], entityId: entry.names[i], label: entry.labels[i], deleted: state === 2, pending: state === 1, properties };
}

/**
 * A list's rows written after change number `after`, from entries in the log's order
 * (by change number): each entity once, as its latest write left it. Only those rows
 * are decoded.
 */
export function latestRows(entries: readonly RowsEntry[], list: string, after: number): SnapshotRow[] {
  const latest = new Map<string, number>();
  entries.forEach((entry, e) => {
    for (let i = 0; i < entry.seqs.length; i++) {
      // Rows of one entry are in write order: a later one replaces an earlier one.
      if (entry.lists[i] === list && entry.seqs[i] > after) latest.set(entry.names[i], e * ROWS_PER_ENTRY + i);
    }
  });
  const rows: SnapshotRow[] = [];
  for (const at of latest.values()) rows.push(rowAt(entries[Math.floor(at / ROWS_PER_ENTRY)], at % ROWS_PER_ENTRY));
  return rows;
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
