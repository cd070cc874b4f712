// Which records a bundle's scope holds, read kind by kind in chunks (lib/db/record-scan.ts):
// by id for a whole table, by this device's change number for "changes since". Which
// entities a project or a form bundle holds: format.ts ("Which entities").

import type { AnyRecord, EntityVisit, Envelope, FormData, Kind } from '../domain/types';
import { entityListsOf } from '../forms/engine/entity-actions';
import type { PisoDatabase } from '../db/database';
import { countRecords, recordById, recordsAfter, recordsChangedBetween } from '../db/record-scan';
import { BundleError } from './errors';
import { KINDS } from './format';

/** What a caller asks for; 'changes' gets its starting point from the destination's checkpoint. */
export type ExportScope =
  | { type: 'all' }
  | { type: 'project'; projectId: string }
  | { type: 'form'; formId: string }
  | { type: 'changes'; destination: string };

/** What is read: the scope, with the change numbers that 'changes' covers, (since, upTo]. */
export type Selection = Exclude<ExportScope, { type: 'changes' }> | { type: 'changes'; destination: string; since: number; upTo: number };

export interface ScannedChunk {
  kind: Kind;
  records: Envelope[];
  /** Records read to find them, for progress. */
  scanned: number;
}

export const SCAN_CHUNK = 1000;

type Page<K> = (after: K | undefined) => Promise<AnyRecord[]>;

/** Pages of records, `keep` deciding which go in the bundle; `next` names the page after a record. */
async function* pages<K>(kind: Kind, read: Page<K>, next: (last: AnyRecord) => K, keep: (record: AnyRecord) => boolean): AsyncGenerator<ScannedChunk> {
  const ask = (after: K | undefined) => {
    const page = read(after);
    // Awaited below; this only keeps a page read after the caller stopped from being reported.
    page.catch(() => undefined);
    return page;
  };
  // The next page is asked for before this one is handed on: the database reads it while
  // the caller works on this one.
  let coming = ask(undefined);
  for (;;) {
    const rows = await coming;
    if (rows.length === 0) return;
    coming = rows.length < SCAN_CHUNK ? Promise.resolve([]) : ask(next(rows[rows.length - 1]));
    yield { kind, records: rows.filter(keep), scanned: rows.length };
  }
}

/** One kind's records in id order. */
const scan = (db: PisoDatabase | undefined, kind: Kind, keep: (record: AnyRecord) => boolean) =>
  pages<string>(kind, (after) => recordsAfter(kind, after, SCAN_CHUNK, db), (last) => last.id, keep);

/** One kind's records changed here in (since, upTo], in change order. */
const changed = (db: PisoDatabase | undefined, kind: Kind, since: number, upTo: number) =>
  pages<number>(kind, (after) => recordsChangedBetween(kind, after ?? since, upTo, SCAN_CHUNK, db), (last) => last.seq as number, () => true);

/** How many records the scan of a selection reads: the total of its progress. */
export function scanTotal(db: PisoDatabase | undefined, selection: Selection): Promise<number> {
  return countRecords(db, selection.type === 'changes' ? { after: selection.since, upTo: selection.upTo } : undefined);
}

async function* project(db: PisoDatabase | undefined, projectId: string): AsyncGenerator<ScannedChunk> {
  const found = await recordById('project', projectId, db);
  if (!found) throw new BundleError('bundle.scopeNotFound', { id: projectId });
  yield { kind: 'project', records: [found], scanned: 1 };
  const outcomeIds = new Set<string>();
  yield* tap(scan(db, 'outcome', (r) => r.projectId === projectId), (r) => outcomeIds.add(r.id));
  yield* scan(db, 'indicator', (r) => outcomeIds.has(r.outcomeId as string));
  // A form without projectId belongs to the project if any of the project's responses used it.
  const formIds = new Set<string>();
  yield* tap(scan(db, 'response', (r) => r.projectId === projectId), (r) => formIds.add(r.formId as string));
  yield* tap(scan(db, 'form', (r) => r.projectId === projectId || formIds.has(r.formId as string)), (r) => formIds.add(r.formId as string));
  // Lists are not a project's: two projects may follow up workers of one list. The
  // project's entities are those its forms' responses created or updated.
  yield* scan(db, 'entity', (r) => (r.visits as EntityVisit[]).some((visit) => formIds.has(visit.formId)));
}

async function* form(db: PisoDatabase | undefined, formId: string): AsyncGenerator<ScannedChunk> {
  const versions: FormData[] = [];
  yield* tap(scan(db, 'form', (r) => r.formId === formId), (r) => versions.push(r as unknown as FormData));
  if (versions.length === 0) throw new BundleError('bundle.scopeNotFound', { id: formId });
  yield* scan(db, 'response', (r) => r.formId === formId);
  // Worked out at the first entity: a device without any reads no form for it.
  let lists: Set<string> | undefined;
  yield* scan(db, 'entity', (r) => (lists ??= listsOf(versions)).has(r.list as string));
}

/** The entity lists that any of these forms declares (entities sheet) or reads: the ones a device needs to fill it. */
function listsOf(forms: readonly FormData[]): Set<string> {
  return new Set(forms.flatMap((form) => [...(form.entities ?? []).map((declared) => declared.listName), ...entityListsOf(form)]));
}

/** Passes chunks on, showing each kept record to `see` first. */
async function* tap(chunks: AsyncGenerator<ScannedChunk>, see: (record: AnyRecord) => void) {
  for await (const chunk of chunks) {
    for (const record of chunk.records) see(record as AnyRecord);
    yield chunk;
  }
}

async function* each(make: (kind: Kind) => AsyncGenerator<ScannedChunk>): AsyncGenerator<ScannedChunk> {
  for (const kind of KINDS) yield* make(kind);
}

export function selectRecords(db: PisoDatabase | undefined, selection: Selection): AsyncGenerator<ScannedChunk> {
  switch (selection.type) {
    case 'all':
      return each((kind) => scan(db, kind, () => true));
    case 'changes': {
      // A record written again during the export moves past upTo: it is in the next bundle.
      const { since, upTo } = selection;
      return each((kind) => changed(db, kind, since, upTo));
    }
    case 'project':
      return project(db, selection.projectId);
    case 'form':
      return form(db, selection.formId);
  }
}
