// The first rows of each form's responses list, newest first, kept in meta beside the
// counts (response-counts.ts keeps both, in the transaction of every write of the
// responses), so that opening the list is one small read of meta: without a filter, its
// first screen needs no index range and none of the 1.5 KB records behind it.
//
// One meta entry per form (`responseFirstPage:<formId>`): the rows of the list's first
// FIRST_PAGE_SIZE responses, or all of them when there are fewer. A form without the
// entry (a database upgraded before it existed) has its list read from the index, and
// the entry is built from the index by the next write of one of its responses.

import Dexie, { type DBCoreKeyRange, type DBCoreTable, type DBCoreTransaction } from 'dexie';
import { departmentOf } from './response-index';

const KEY_PREFIX = 'responseFirstPage:';
export const FIRST_PAGE_PREFIX = KEY_PREFIX;
export const firstPageKey = (formId: string): string => `${KEY_PREFIX}${formId}`;

/** The list's block: the first screen the list shows (responses-list.svelte.ts reads blocks of this size). */
export const FIRST_PAGE_SIZE = 50;

/** What a row of the list shows of a response. */
export interface ListRow {
  id: string;
  startedAt: string;
  status: string;
  enumerator: string;
  /** Choice name of the department answer; '' when there is none. */
  department: string;
}

/** The list's index (schema version 3), read in reverse: newest first. */
const LIST_INDEX = ['formId', 'ixLive', 'startedAt'];

/** In the list's order: later startedAt first, then (as a reversed index gives equal keys) the greater id. */
const ahead = (a: ListRow, b: ListRow) => a.startedAt > b.startedAt || (a.startedAt === b.startedAt && a.id > b.id);
const byListOrder = (a: ListRow, b: ListRow) => (ahead(a, b) ? -1 : ahead(b, a) ? 1 : 0);

type Stored = { id?: unknown; deleted?: unknown; formId?: unknown; startedAt?: unknown; status?: unknown; enumerator?: unknown; answers?: unknown };

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Where a stored record stands in the lists: the form whose list holds it and its row;
 * null when it is in none (a tombstone, no start). A start that is not a string (no
 * write path stores one) is a key the rows cannot order as the index does: 'unordered',
 * and that form keeps no first rows (its list is read from the index).
 */
export function listPlaceOf(record: unknown): { formId: string; row: ListRow | 'unordered' } | null {
  if (!record || typeof record !== 'object') return null;
  const r = record as Stored;
  if (r.deleted === true || typeof r.formId !== 'string' || r.startedAt === undefined || r.startedAt === null) return null;
  if (typeof r.startedAt !== 'string' || typeof r.id !== 'string') return { formId: r.formId, row: 'unordered' };
  return {
    formId: r.formId,
    row: { id: r.id, startedAt: r.startedAt, status: text(r.status), enumerator: text(r.enumerator), department: departmentOf(r.answers) },
  };
}

/**
 * The form's first rows after a write: `kept` as they were, less every response the
 * write replaced or removed (`written`, by id), plus those it stored in this form's list
 * (`entering`). Null when that cannot be told without reading the index: `kept` was full
 * and fewer than a page of rows are left that are sure to be ahead of every response
 * after it (those come no earlier than its last row).
 */
export function nextFirstPage(kept: readonly ListRow[], written: ReadonlySet<string>, entering: readonly ListRow[]): ListRow[] | null {
  const candidates = [...kept.filter((r) => !written.has(r.id)), ...entering].sort(byListOrder);
  // Fewer than a page: they were the whole list, and nothing stored is left out.
  if (kept.length < FIRST_PAGE_SIZE) return candidates.slice(0, FIRST_PAGE_SIZE);
  const last = kept[kept.length - 1];
  const sure = candidates.filter((r) => !ahead(last, r));
  return sure.length >= FIRST_PAGE_SIZE ? sure.slice(0, FIRST_PAGE_SIZE) : null;
}

export const sameRows = (a: readonly ListRow[], b: readonly ListRow[]): boolean =>
  a.length === b.length &&
  a.every((r, i) => {
    const s = b[i];
    return r.id === s.id && r.startedAt === s.startedAt && r.status === s.status && r.enumerator === s.enumerator && r.department === s.department;
  });

/**
 * The form's first rows as its index holds them, read in `trans`; null when one of them
 * is 'unordered' (listPlaceOf).
 */
export function readFirstPageFromIndex(table: DBCoreTable, trans: DBCoreTransaction, formId: string): Promise<ListRow[] | null> {
  const index = table.schema.getIndexByKeyPath(LIST_INDEX);
  if (!index) throw new Error('The responses table lacks its list index [formId+ixLive+startedAt]');
  const range: DBCoreKeyRange = { type: 2 as DBCoreKeyRange['type'] /* DBCoreRangeType.Range */, lower: [formId, 1, Dexie.minKey], upper: [formId, 1, Dexie.maxKey] };
  return table.query({ trans, values: true, limit: FIRST_PAGE_SIZE, direction: 'prev', query: { index, range } }).then(({ result }) => {
    const rows: ListRow[] = [];
    for (const record of result) {
      const row = listPlaceOf(record)?.row;
      if (!row || row === 'unordered') return null;
      rows.push(row);
    }
    return rows;
  });
}
