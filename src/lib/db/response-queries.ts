// The responses list's queries: pages are index ranges of the indexes of schema versions
// 3 and 6, newest first; counts and filter choices come from the counts kept on every
// write (response-counts.ts). A page, a count or the filter choices cost about the same
// with 100 responses on the device as with 100,000.

import Dexie, { type Collection } from 'dexie';
import type { ResponseStatus, SurveyResponse } from '../domain/types';
import { database } from './database';
import { readCountRows, type CountRow } from './response-counts';

export interface ResponseFilter {
  /** XLSForm form_id: every version of the form. */
  formId: string;
  status?: ResponseStatus;
  enumerator?: string;
  /** Choice name of the department answer. */
  department?: string;
  /** Start of the period, inclusive: an ISO instant compared with startedAt. */
  from?: string;
  /** End of the period, exclusive: an ISO instant compared with startedAt. */
  to?: string;
}

/** Where the next page starts: the sort key and id of the last response shown. */
export interface ResponseCursor {
  startedAt: string;
  id: string;
}

export interface ResponsePage {
  items: SurveyResponse[];
  /** null when there is nothing after this page. */
  nextCursor: ResponseCursor | null;
}

/** The live (non-deleted) value of ixLive, which leads every list index. */
const LIVE = 1;

type EqualityField = 'status' | 'enumerator' | 'ixDepartment';

/** The equality filters in the order the indexes name them (schema versions 3 and 6). */
const EQUALITY_FIELDS: { field: EqualityField; value: (f: ResponseFilter) => string | undefined }[] = [
  { field: 'status', value: (f) => f.status },
  { field: 'enumerator', value: (f) => f.enumerator },
  { field: 'ixDepartment', value: (f) => f.department },
];

/** Every combination of the equality filters has its index, ending in startedAt: one range, no record left out after reading. */
function plan(filter: ResponseFilter): { index: string; prefix: (string | number)[] } {
  const active = EQUALITY_FIELDS.map(({ field, value }) => ({ field, value: value(filter) })).filter((e) => !!e.value);
  return {
    index: `[${['formId', 'ixLive', ...active.map((e) => e.field), 'startedAt'].join('+')}]`,
    prefix: [filter.formId, LIVE, ...active.map((e) => e.value!)],
  };
}

function responses() {
  return database().responses;
}

/** The filter's index range, oldest first; up to `cursor`'s startedAt when given. */
function range(filter: ResponseFilter, cursor?: ResponseCursor): Collection<SurveyResponse, string> {
  const { index, prefix } = plan(filter);
  const lower = [...prefix, filter.from ?? Dexie.minKey];
  // The cursor's own startedAt is included, and the ids already shown skipped by select():
  // responses started in the same millisecond must be neither lost nor repeated.
  const [upper, includeUpper] = cursor ? [[...prefix, cursor.startedAt], true] : [[...prefix, filter.to ?? Dexie.maxKey], false];
  return responses().where(index).between(lower, upper, true, includeUpper) as unknown as Collection<SurveyResponse, string>;
}

/** The filter's range, newest first; after `cursor` when given. */
function select(filter: ResponseFilter, cursor?: ResponseCursor): Collection<SurveyResponse, string> {
  const collection = range(filter, cursor).reverse();
  // Equal keys come in descending id order when reversed; skip those up to the cursor.
  return cursor ? collection.filter((r) => r.startedAt !== cursor.startedAt || r.id < cursor.id) : collection;
}

const cursorAfter = (r: SurveyResponse | undefined): ResponseCursor | null => (r ? { startedAt: r.startedAt, id: r.id } : null);

/**
 * One page of a form's responses, newest first: after `from` when it is a cursor (the
 * last response shown), or at position `from` when it is a number (a list scrolled far
 * without the pages between; IndexedDB skips index entries without reading their
 * records). Given the `total`, a position nearer the end is skipped to from the end.
 */
export async function pageResponses(filter: ResponseFilter, from?: ResponseCursor | number, limit = 50, total?: number): Promise<ResponsePage> {
  if (typeof from === 'number' && total !== undefined && from > total / 2) {
    const size = Math.max(0, Math.min(limit, total - from));
    // Oldest first, reversed: equal startedAt come by ascending id, the reverse of select()'s order.
    const items = (await range(filter).offset(Math.max(0, total - from - size)).limit(size).toArray()).reverse();
    return { items, nextCursor: from + size < total ? cursorAfter(items[items.length - 1]) : null };
  }
  const collection = typeof from === 'object' ? select(filter, from) : select(filter);
  // One more than asked tells whether there is a next page without a second query.
  const found = await (typeof from === 'number' && from > 0 ? collection.offset(from) : collection).limit(limit + 1).toArray();
  const items = found.slice(0, limit);
  return { items, nextCursor: found.length > limit ? cursorAfter(items[items.length - 1]) : null };
}

const matches = (row: CountRow, f: ResponseFilter) =>
  (!f.status || row.status === f.status) && (!f.enumerator || row.enumerator === f.enumerator) && (!f.department || row.department === f.department);

/**
 * How many responses match: the kept counts (response-counts.ts) summed, one small read;
 * with a period, an index count of the filter's range.
 */
export async function countResponses(filter: ResponseFilter): Promise<number> {
  if (filter.from || filter.to) return select(filter).count();
  const rows = await readCountRows(database(), filter.formId);
  return rows.reduce((sum, row) => (matches(row, filter) ? sum + row.n : sum), 0);
}

export interface FirstPage {
  page: ResponsePage;
  /** How many responses match in all (countResponses). */
  count: number;
}

/**
 * The first page and the total in one read transaction: a list opened or filtered gets
 * both at once, and a live query of it re-runs (and re-renders) once per change.
 */
export function firstPageWithCount(filter: ResponseFilter, limit = 50): Promise<FirstPage> {
  const db = database();
  return db.transaction('r', db.responses, db.meta, async () => {
    const [page, count] = await Promise.all([pageResponses(filter, undefined, limit), countResponses(filter)]);
    return { page, count };
  });
}

export interface FilterChoices {
  /** Enumerators of the form's live responses, sorted. */
  enumerators: string[];
  /** Department choice names found in them (responses without one are left out), sorted. */
  departments: string[];
}

const distinctSorted = (values: string[]) => [...new Set(values.filter((v) => v !== ''))].sort();

/** The filter choices of a form's list, from its kept counts: one small read. */
export async function filterChoices(formId: string): Promise<FilterChoices> {
  const rows = await readCountRows(database(), formId);
  return { enumerators: distinctSorted(rows.map((r) => r.enumerator)), departments: distinctSorted(rows.map((r) => r.department)) };
}
