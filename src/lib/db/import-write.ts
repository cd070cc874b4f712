// A bundle import's storage side, in one transaction (read-only for the preview):
// responses to forms the bundle lacks checked against this device's forms, the refused
// records kept aside, the accepted ones merged (db/apply-merged.ts) chunk by chunk, and
// what that does counted per kind. lib/bundle reads and checks the file and shapes the
// result; the tables and the transaction are driven here.

import { mergeRecords } from '../domain/merge';
import { checkRecord } from '../domain/schemas';
import type { Envelope, Kind, SurveyResponse } from '../domain/types';
import { applyMerged } from './apply-merged';
import { ArrivalForms, loadArrivalForms } from './arrival';
import { database, type PisoDatabase } from './database';
import { loadDefinitionReader } from './indicator-aggregates';
import { keepAside, type RefusedArrival } from './quarantine';

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

/** What a read bundle brings: the records that passed their check, the refused ones, its forms. */
export interface ImportArrivals {
  records: readonly Envelope[];
  refused: readonly RefusedArrival[];
  /** The forms among `records`: responses to other forms are checked against this device's. */
  forms: ArrivalForms;
}

export interface ImportWriteOptions {
  /** Count only, write nothing: the preview. */
  dryRun: boolean;
  /** Records merged of records accepted. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportWritten {
  /** Per kind of the accepted records. */
  effects: Map<Kind, KindEffect>;
  /** Every record refused: the bundle's, then those refused by this device's forms. */
  refused: RefusedArrival[];
}

/** applyMerged is called per chunk, all within one transaction, to report progress. */
const CHUNK = 1000;

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
async function refusedByDeviceForms(db: PisoDatabase, arrivals: ImportArrivals): Promise<RefusedArrival[]> {
  const responses = arrivals.records.filter(
    (record): record is SurveyResponse =>
      record.kind === 'response' && !arrivals.forms.has((record as SurveyResponse).formId, (record as SurveyResponse).formVersion),
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

/**
 * Merges the accepted records and keeps the refused ones aside, in one transaction: all
 * of that is written, or none. With dryRun, the same reads and counts in a read-only
 * transaction, nothing written.
 */
export async function writeImport(arrivals: ImportArrivals, options: ImportWriteOptions, db: PisoDatabase = database()): Promise<ImportWritten> {
  const { dryRun } = options;
  // Imported responses move the indicator aggregates: have their compiler ready first.
  if (!dryRun) await loadDefinitionReader();
  const tables = [...new Set(arrivals.records.map((record) => db.recordTable(record.kind)))];
  // Nested applyMerged transactions join this one: one IndexedDB transaction in all.
  return db.transaction(dryRun ? 'r' : 'rw', [...tables, db.forms, db.meta, db.quarantine], async () => {
    const late = await refusedByDeviceForms(db, arrivals);
    const refusedIds = new Set(late.map((entry) => entry.refusal.recordId));
    const accepted = late.length === 0 ? arrivals.records : arrivals.records.filter((r) => !(r.kind === 'response' && refusedIds.has(r.id)));
    const refused = [...arrivals.refused, ...late];
    if (!dryRun) await keepAside(db, 'bundle', refused);
    const effects = new Map<Kind, KindEffect>();
    let done = 0;
    for (const chunk of chunks(accepted)) {
      const kindOf = chunk[0].kind;
      const kind = effects.get(kindOf) ?? { new: 0, updated: 0, unchanged: 0, deleted: 0 };
      effects.set(kindOf, kind);
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
    return { effects, refused };
  });
}
