// Import, after readBundle: first what it would do, then the write, in one transaction,
// through the same per-field merge as sync (db/apply-merged.ts). The merge is what makes
// a bundle imported twice change nothing, bundles imported in any order give the same
// data, and an edit made here after the bundle was made win over the bundle's.
// Refused records (by readBundle, or here: responses whose answers the form on this
// device cannot hold) are kept aside in the quarantine in the same transaction; each is
// refused whole, the others are imported.

import { mergeRecords } from '../domain/merge';
import { checkRecord, type Refusal } from '../domain/schemas';
import type { Envelope, Kind, SurveyResponse } from '../domain/types';
import { applyMerged } from '../db/apply-merged';
import { ArrivalForms, loadArrivalForms } from '../db/arrival';
import { database, type PisoDatabase } from '../db/database';
import { keepAside, type RefusedArrival } from '../db/quarantine';
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
export type ImportEffect = Record<Kind, KindEffect> & {
  /** Records refused, each whole, with why; the others are imported. */
  refused: Refusal[];
};

export interface ImportOptions {
  db?: PisoDatabase;
  /** Records merged of records in the bundle. */
  onProgress?: OnProgress;
}

/** applyMerged is called per chunk, all within one transaction, to report progress. */
const CHUNK = 1000;

function emptyEffect(refused: Refusal[]): ImportEffect {
  const kinds = Object.fromEntries(KINDS.map((kind) => [kind, { new: 0, updated: 0, unchanged: 0, deleted: 0 }]));
  return { ...kinds, refused } as ImportEffect;
}

function chunks(records: readonly Envelope[]): Envelope[][] {
  const byKind = new Map<Kind, Envelope[]>();
  for (const record of records) {
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

/**
 * The responses whose form is not in the bundle but is on this device, checked against
 * it (readBundle could only check them against the bundle's forms); the refused ones.
 */
async function refusedByDeviceForms(db: PisoDatabase, bundle: Bundle): Promise<RefusedArrival[]> {
  const responses = bundle.records.filter(
    (record): record is SurveyResponse => record.kind === 'response' && !bundle.forms.has((record as SurveyResponse).formId, (record as SurveyResponse).formVersion),
  );
  if (responses.length === 0) return [];
  const deviceForms = new ArrivalForms();
  await loadArrivalForms(db, deviceForms, responses.map((r) => [r.formId, r.formVersion]));
  const refused: RefusedArrival[] = [];
  for (const response of responses) {
    if (!deviceForms.has(response.formId, response.formVersion)) continue;
    const checked = checkRecord(response, deviceForms.context());
    if (!checked.ok) refused.push({ refusal: checked.refusal, text: JSON.stringify(response) });
  }
  return refused;
}

async function run(bundle: Bundle, dryRun: boolean, options: ImportOptions): Promise<ImportEffect> {
  const db = options.db ?? database();
  const tables = [...new Set(bundle.records.map((record) => db.recordTable(record.kind)))];
  // Nested applyMerged transactions join this one: one IndexedDB transaction in all.
  return db.transaction(dryRun ? 'r' : 'rw', [...tables, db.forms, db.meta, db.quarantine], async () => {
    const late = await refusedByDeviceForms(db, bundle);
    const refusedIds = new Set(late.map((entry) => entry.refusal.recordId));
    const accepted = late.length === 0 ? bundle.records : bundle.records.filter((r) => !(r.kind === 'response' && refusedIds.has(r.id)));
    const refused = [...bundle.refused, ...late];
    const effect = emptyEffect(refused.map((entry) => entry.refusal));
    if (!dryRun) await keepAside(db, 'bundle', refused);
    let done = 0;
    for (const chunk of chunks(accepted)) {
      const kind = effect[chunk[0].kind];
      const deleted = await deletions(db, chunk);
      const summary = await applyMerged(chunk, { dryRun }, db);
      kind.new += summary.added;
      kind.updated += summary.updated - deleted;
      kind.unchanged += summary.unchanged;
      kind.deleted += deleted;
      if (summary.aheadOfClock) kind.aheadOfClock = (kind.aheadOfClock ?? 0) + summary.aheadOfClock;
      done += chunk.length;
      options.onProgress?.(done, accepted.length);
    }
    return effect;
  });
}

/** What importing the bundle would do, per kind; writes nothing. */
export function previewImport(bundle: Bundle, options: ImportOptions = {}): Promise<ImportEffect> {
  return run(bundle, true, options);
}

/**
 * Merges the bundle's accepted records and keeps its refused ones aside, in one
 * transaction: all of that is written, or none. Returns what it did.
 */
export function commitImport(bundle: Bundle, options: ImportOptions = {}): Promise<ImportEffect> {
  return run(bundle, false, options);
}
