// Which records a bundle's scope holds, read table by table in chunks of the primary
// key (keyed paging: `offset` would re-walk every skipped record at each page).

import type { AnyRecord, Envelope, Kind } from '../domain/types';
import type { PisoDatabase } from '../db/database';
import { RECORD_TABLES } from '../db/schema';
import { BundleError } from './errors';
import type { BundleScope } from './format';

/** What a caller asks for; 'changes' gets its `since` from the destination's checkpoint. */
export type ExportScope = Exclude<BundleScope, { type: 'changes' }> | { type: 'changes'; destination: string };

export interface ScannedChunk {
  kind: Kind;
  records: Envelope[];
  /** Records read to find them, for progress. */
  scanned: number;
}

export const SCAN_CHUNK = 1000;

/** One table's records in primary-key order, `keep` deciding which go in the bundle. */
async function* scan(db: PisoDatabase, kind: Kind, keep: (record: AnyRecord) => boolean): AsyncGenerator<ScannedChunk> {
  const table = db.recordTable(kind);
  const read = (after: string | undefined): Promise<AnyRecord[]> => {
    const page = (after === undefined ? table.orderBy(':id') : table.where(':id').above(after)).limit(SCAN_CHUNK).toArray();
    // Awaited below; this only keeps a page read after the caller stopped from being reported.
    page.catch(() => undefined);
    return page;
  };
  // The next page is asked for before this one is handed on: the database reads it while
  // the caller works on this one.
  let next = read(undefined);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) return;
    next = rows.length < SCAN_CHUNK ? Promise.resolve([]) : read(rows[rows.length - 1].id);
    yield { kind, records: rows.filter(keep), scanned: rows.length };
  }
}

const ALL_KINDS: Kind[] = ['project', 'outcome', 'indicator', 'form', 'response'];

/** How many records the scan of a scope reads: the total of its progress. */
export async function scanTotal(db: PisoDatabase): Promise<number> {
  let total = 0;
  for (const name of RECORD_TABLES) total += await db.table(name).count();
  return total;
}

async function* everything(db: PisoDatabase, keep: (record: AnyRecord) => boolean): AsyncGenerator<ScannedChunk> {
  for (const kind of ALL_KINDS) yield* scan(db, kind, keep);
}

async function* project(db: PisoDatabase, projectId: string): AsyncGenerator<ScannedChunk> {
  const found = await db.projects.get(projectId);
  if (!found) throw new BundleError('bundle.scopeNotFound', { id: projectId });
  yield { kind: 'project', records: [found], scanned: 1 };
  const outcomeIds = new Set<string>();
  yield* tap(scan(db, 'outcome', (r) => r.projectId === projectId), (r) => outcomeIds.add(r.id));
  yield* scan(db, 'indicator', (r) => outcomeIds.has(r.outcomeId as string));
  // A form without projectId belongs to the project if any of the project's responses used it.
  const formIds = new Set<string>();
  yield* tap(scan(db, 'response', (r) => r.projectId === projectId), (r) => formIds.add(r.formId as string));
  yield* scan(db, 'form', (r) => r.projectId === projectId || formIds.has(r.formId as string));
}

async function* form(db: PisoDatabase, formId: string): AsyncGenerator<ScannedChunk> {
  let found = false;
  yield* tap(scan(db, 'form', (r) => r.formId === formId), () => (found = true));
  if (!found) throw new BundleError('bundle.scopeNotFound', { id: formId });
  yield* scan(db, 'response', (r) => r.formId === formId);
}

/** Passes chunks on, showing each kept record to `see` first. */
async function* tap(chunks: AsyncGenerator<ScannedChunk>, see: (record: AnyRecord) => void) {
  for await (const chunk of chunks) {
    for (const record of chunk.records) see(record as AnyRecord);
    yield chunk;
  }
}

export function selectRecords(db: PisoDatabase, scope: BundleScope): AsyncGenerator<ScannedChunk> {
  switch (scope.type) {
    case 'all':
      return everything(db, () => true);
    case 'changes': {
      const since = scope.since;
      return everything(db, (r) => since === null || r.hlc > since);
    }
    case 'project':
      return project(db, scope.projectId);
    case 'form':
      return form(db, scope.formId);
  }
}
