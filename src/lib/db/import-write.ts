// A bundle import's storage side, batch by batch. The preview pass stages each batch:
// responses to forms the bundle lacks are checked against this device's forms, the
// accepted records merged with the stored ones (apply-merged.ts planMerge), what that
// does counted per kind, and the merged results kept in meta under a stage key, so
// that the commit writes them without merging again. The commit then stores each
// staged batch in its own transaction, with the refused records kept aside and the
// unfinished-import mark moved on in the same transaction: a batch is written whole
// or not at all, and a cut import leaves its mark. Since the merge is idempotent, the
// same bundle imported again merges what was written as unchanged and finishes the rest.
// lib/bundle reads the file and shapes the result; the tables are driven here.

import { checkRecord } from '../domain/schemas';
import { fileAnswers } from '../domain/file-questions';
import type { Envelope, FormData, Kind, Question, SurveyResponse } from '../domain/types';
import { RECORD_TABLES } from './schema';
import { planMerge, storePlan } from './apply-merged';
import { currentSeq } from './change-seq';
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

/** A batch as read from a bundle: the records that passed their check, the refused ones, the bundle's forms so far. */
export interface ImportArrivals {
  records: readonly Envelope[];
  refused: readonly RefusedArrival[];
  forms: ArrivalForms;
}

export interface StagedBatchEffect {
  /**
   * This device's change number as the batch was merged: the commit compares it with its
   * own. Read with the first batch (index 0) only, the one whose number the commit takes.
   */
  seq?: number;
  /** Per kind of the accepted records. */
  effects: Map<Kind, KindEffect>;
  /** Every record refused: the bundle's, then those refused by this device's forms. */
  refused: RefusedArrival[];
}

/** A batch merged and waiting for the commit: what to store, and against which stored versions it was merged. */
interface StagedBatch {
  writes: [Kind, Envelope[]][];
  baseSeqs: [Kind, (number | null)[]][];
  refused: RefusedArrival[];
  latest?: string;
  maxAheadMs: number;
}

/** An import whose commit began and has not ended, as its mark in meta says. */
export interface UnfinishedImport {
  /** The bundle's records hash (manifest.recordsHash.value): the same file has the same. */
  recordsHash: string;
  fileName: string;
  /** ISO time the commit began. */
  startedAt: string;
  batches: number;
  /** Batches written. */
  done: number;
}

const STAGE = 'import.stage/';
const UNFINISHED = 'import.unfinished/';
const stageKey = (index: number) => `${STAGE}${String(index).padStart(8, '0')}`;

/**
 * The responses whose form is not in the bundle read so far: the reader could only check
 * them against the bundle's forms. Taken when the batch is handed over, since the reader
 * goes on adding the forms of the next batch while this one is staged.
 */
function lackingForm(arrivals: ImportArrivals): SurveyResponse[] {
  return arrivals.records.filter(
    (record): record is SurveyResponse =>
      record.kind === 'response' && !arrivals.forms.has((record as SurveyResponse).formId, (record as SurveyResponse).formVersion),
  );
}

/**
 * Of `responses` (lackingForm), those whose form is on this device, checked against it;
 * the refused ones. `deviceForms` keeps the device's forms read for earlier batches.
 */
async function refusedByDeviceForms(db: PisoDatabase, responses: readonly SurveyResponse[], deviceForms: ArrivalForms): Promise<RefusedArrival[]> {
  if (responses.length === 0) return [];
  await loadArrivalForms(db, deviceForms, responses.map((r) => [r.formId, r.formVersion]));
  const refused: RefusedArrival[] = [];
  for (const response of responses) {
    if (!deviceForms.has(response.formId, response.formVersion)) continue;
    const checked = checkRecord(response, deviceForms.context());
    if (!checked.ok) refused.push({ refusal: checked.refusal, text: JSON.stringify(response) });
  }
  return refused;
}

/** Forgets what earlier imports staged and did not commit: one import at a time on a device. */
export async function clearImportStage(db: PisoDatabase = database()): Promise<void> {
  await db.transaction('rw', db.meta, () => db.meta.where('key').startsWith(STAGE).delete());
}

/**
 * Checks and merges one batch against the stored records and stages the result under
 * `index`, writing no record. Returns what committing it will do. `deviceForms`: the
 * device's forms read so far, kept across the batches of one import.
 */
export async function stageImportBatch(
  arrivals: ImportArrivals,
  index: number,
  deviceForms: ArrivalForms,
  db: PisoDatabase = database(),
): Promise<StagedBatchEffect> {
  const lacking = lackingForm(arrivals);
  // Only meta is written; the record tables are read in the same transaction, so the
  // merge sees one state of them.
  return db.transaction('rw', [...RECORD_TABLES.map((name) => db.table(name)), db.meta], async () => {
    const late = await refusedByDeviceForms(db, lacking, deviceForms);
    const refusedIds = new Set(late.map((entry) => entry.refusal.recordId));
    const accepted = late.length === 0 ? arrivals.records : arrivals.records.filter((r) => !(r.kind === 'response' && refusedIds.has(r.id)));
    const refused = [...arrivals.refused, ...late];
    const plan = await planMerge(accepted, {}, db);
    const effects = new Map<Kind, KindEffect>();
    for (const record of accepted) if (!effects.has(record.kind)) effects.set(record.kind, { new: 0, updated: 0, unchanged: 0, deleted: 0 });
    for (const [kind, effect] of effects) {
      const summary = plan.kinds.get(kind)!;
      const deleted = plan.deletions.get(kind) ?? 0;
      effect.new = summary.added;
      effect.updated = summary.updated - deleted;
      effect.unchanged = summary.unchanged;
      effect.deleted = deleted;
      if (summary.aheadOfClock) effect.aheadOfClock = summary.aheadOfClock;
    }
    const staged: StagedBatch = {
      writes: [...plan.writes],
      baseSeqs: [...plan.baseSeqs],
      refused,
      latest: plan.latest,
      maxAheadMs: plan.maxAheadMs,
    };
    await db.meta.put({ key: stageKey(index), value: staged });
    return { seq: index === 0 ? await currentSeq(db) : undefined, effects, refused };
  });
}

/**
 * Writes staged batches `first` to `first + count - 1`, in one transaction, with their
 * refused records kept aside and the import's mark moved on (removed after the last
 * batch): the batches are written whole or not at all, and a cut import leaves its
 * mark. A record changed here since the batch was staged (an edit in another tab, a
 * sync) is merged again with what is stored now: the merge is idempotent and
 * commutative, so the result is as if the batch had been merged after that change.
 * `since`: the change number when no record had been written since the batches were
 * staged, other than by this import (every record write takes a number): while it holds,
 * no stored record is read again. null: compare each record's own number. Returns the
 * number to pass for the next batches.
 */
export async function commitImportBatches(
  first: number,
  count: number,
  mark: UnfinishedImport,
  since: number | null,
  db: PisoDatabase = database(),
): Promise<number | null> {
  // Imported responses move the indicator aggregates: have their compiler ready first.
  await loadDefinitionReader();
  return db.transaction('rw', [...RECORD_TABLES.map((name) => db.table(name)), db.meta, db.quarantine], async () => {
    const untouched = since !== null && (await currentSeq(db)) === since;
    const end = first + count;
    // The next batch is read while this one is written: IndexedDB answers it in between,
    // and the worker turns it into objects while the writes go on. Two batches held at most.
    let next = db.meta.get(stageKey(first));
    for (let index = first; index < end; index++) {
      const entry = await next;
      if (index + 1 < end) next = db.meta.get(stageKey(index + 1));
      if (entry === undefined) throw new Error(`Import batch ${index} is not staged (another import replaced it)`);
      const staged = entry.value as StagedBatch;
      const bases = new Map(staged.baseSeqs);
      // Records that were not stored when staged and still are not: added, not put, so
      // that the middlewares (response counts, indicator aggregates) need not read what
      // each put would replace. An add that meets a stored record fails the batch whole.
      const adds = new Map<Kind, Envelope[]>();
      const writes = new Map<Kind, Envelope[]>();
      const again: Envelope[] = [];
      for (const [kind, records] of staged.writes) {
        const base = bases.get(kind)!;
        const stored = untouched ? undefined : await db.recordTable<Envelope>(kind).bulkGet(records.map((record) => record.id));
        const add: Envelope[] = [];
        const put: Envelope[] = [];
        records.forEach((record, i) => {
          if (stored && (stored[i]?.seq ?? null) !== base[i]) again.push(record);
          else (base[i] === null ? add : put).push(record);
        });
        adds.set(kind, add);
        writes.set(kind, put);
      }
      if (again.length > 0) {
        const plan = await planMerge(again, {}, db);
        for (const [kind, records] of plan.writes) writes.set(kind, [...(writes.get(kind) ?? []), ...records]);
      }
      for (const [kind, records] of adds) if (records.length > 0) await db.recordTable<Envelope>(kind).bulkAdd(records);
      await storePlan({ writes, latest: staged.latest, maxAheadMs: staged.maxAheadMs }, db);
      await keepAside(db, 'bundle', staged.refused);
      await db.meta.delete(stageKey(index));
    }
    const key = UNFINISHED + mark.recordsHash;
    if (end >= mark.batches) await db.meta.delete(key);
    else await db.meta.put({ key, value: { ...mark, done: end } });
    return untouched ? currentSeq(db) : null;
  });
}

/** Imports whose commit was cut short (the tab closed, the battery ran out), oldest first. */
export async function unfinishedImports(db: PisoDatabase = database()): Promise<UnfinishedImport[]> {
  const entries = await db.meta.where('key').startsWith(UNFINISHED).toArray();
  return entries.map((entry) => entry.value as UnfinishedImport).sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1));
}

/**
 * The questions that name a file among the responses stored here, with the name each
 * answer gives it, for a file that arrives without the records naming it (they came
 * in an earlier bundle).
 */
export async function storedFileQuestions(hash: string, db: PisoDatabase = database()): Promise<{ question: Question | undefined; name: string }[]> {
  return db.transaction('r', db.responses, db.forms, async () => {
    const responses = (await db.responses.where('ixFiles').equals(hash).toArray()) as unknown as SurveyResponse[];
    const forms = new ArrivalForms();
    await loadArrivalForms(db, forms, responses.map((r) => [r.formId, r.formVersion]));
    const form = (formId: string, version: string) => forms.context().form?.(formId, version);
    return responses.flatMap((r) =>
      fileAnswers(r.answers, (form(r.formId, r.formVersion) as Pick<FormData, 'questions'> | undefined)?.questions)
        .filter((named) => named.file.hash === hash)
        .map((named) => ({ question: named.question, name: named.file.name })),
    );
  });
}
