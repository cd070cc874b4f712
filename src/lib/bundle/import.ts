// Import, after readBundle: first what it would do, then the write, in one transaction,
// through the same per-field merge as sync (db/apply-merged.ts). The merge is what makes
// a bundle imported twice change nothing, bundles imported in any order give the same
// data, and an edit made here after the bundle was made win over the bundle's.

import { mergeRecords } from '../domain/merge';
import type { Envelope, Kind } from '../domain/types';
import { applyMerged } from '../db/apply-merged';
import { database, type PisoDatabase } from '../db/database';
import type { Bundle } from './read';
import { KINDS } from './format';
import type { OnProgress } from './progress';

/** What an import does to the records of one kind; each record counts in one of the four. */
export interface KindEffect {
  /** Not on this device yet (deletions of records never seen here included). */
  new: number;
  /** On this device, and changed by the bundle. */
  updated: number;
  /** On this device, and left as it is. */
  unchanged: number;
  /** On this device and not deleted, and deleted by the bundle. */
  deleted: number;
  /** Of all these, records whose clock is too far ahead of this device's time to follow; absent when none. */
  aheadOfClock?: number;
}
export type ImportEffect = Record<Kind, KindEffect>;

export interface ImportOptions {
  db?: PisoDatabase;
  /** Records merged of records in the bundle. */
  onProgress?: OnProgress;
}

/** applyMerged is called per chunk, all within one transaction, to report progress. */
const CHUNK = 1000;

function emptyEffect(): ImportEffect {
  return Object.fromEntries(KINDS.map((kind) => [kind, { new: 0, updated: 0, unchanged: 0, deleted: 0 }])) as ImportEffect;
}

function chunks(bundle: Bundle): Envelope[][] {
  const byKind = new Map<Kind, Envelope[]>();
  for (const record of bundle.records) {
    const list = byKind.get(record.kind) ?? [];
    list.push(record);
    byKind.set(record.kind, list);
  }
  const out: Envelope[][] = [];
  for (const list of byKind.values()) for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/** Of a chunk's records, those live here that the merge would turn into tombstones. */
async function deletions(db: PisoDatabase, chunk: Envelope[]): Promise<number> {
  const tombstones = chunk.filter((record) => record.deleted);
  if (tombstones.length === 0) return 0;
  const existing = await db.recordTable(chunk[0].kind).bulkGet(tombstones.map((record) => record.id));
  return tombstones.filter((record, i) => {
    const local = existing[i];
    return local !== undefined && !local.deleted && mergeRecords(local, record).deleted;
  }).length;
}

async function run(bundle: Bundle, dryRun: boolean, options: ImportOptions): Promise<ImportEffect> {
  const db = options.db ?? database();
  const effect = emptyEffect();
  const tables = [...new Set(bundle.records.map((record) => db.recordTable(record.kind)))];
  // Nested applyMerged transactions join this one: one IndexedDB transaction in all.
  await db.transaction(dryRun ? 'r' : 'rw', [...tables, db.meta], async () => {
    let done = 0;
    for (const chunk of chunks(bundle)) {
      const kind = effect[chunk[0].kind];
      const deleted = await deletions(db, chunk);
      const summary = await applyMerged(chunk, { dryRun }, db);
      kind.new += summary.added;
      kind.updated += summary.updated - deleted;
      kind.unchanged += summary.unchanged;
      kind.deleted += deleted;
      if (summary.aheadOfClock) kind.aheadOfClock = (kind.aheadOfClock ?? 0) + summary.aheadOfClock;
      done += chunk.length;
      options.onProgress?.(done, bundle.records.length);
    }
  });
  return effect;
}

/** What importing the bundle would do, per kind; writes nothing. */
export function previewImport(bundle: Bundle, options: ImportOptions = {}): Promise<ImportEffect> {
  return run(bundle, true, options);
}

/** Merges the bundle's records in one transaction: all are written, or none. Returns what it did. */
export function commitImport(bundle: Bundle, options: ImportOptions = {}): Promise<ImportEffect> {
  return run(bundle, false, options);
}
