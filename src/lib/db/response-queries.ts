// The responses list's queries: every one an index range of the indexes of schema
// version 3, newest first, so that a page, a count or the filter choices cost about
// the same with 100 responses on the device as with 100,000.

import Dexie, { type Collection } from 'dexie';
import type { ResponseStatus, SurveyResponse } from '../domain/types';
import { database } from './database';

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

type EqualityField = 'enumerator' | 'ixDepartment' | 'status';

/**
 * The index a filter uses: the most selective of its equality filters (a form has
 * a handful of enumerators, 14 departments, 2 statuses); any other equality filter is
 * checked on the records the range yields.
 */
const INDEX_PREFERENCE: { field: EqualityField; value: (f: ResponseFilter) => string | undefined }[] = [
  { field: 'enumerator', value: (f) => f.enumerator },
  { field: 'ixDepartment', value: (f) => f.department },
  { field: 'status', value: (f) => f.status },
];

interface Plan {
  index: string;
  prefix: (string | number)[];
  /** Equality filters the index does not cover; undefined when it covers them all. */
  rest?: (r: SurveyResponse & { ixDepartment?: string }) => boolean;
}

function plan(filter: ResponseFilter): Plan {
  const active = INDEX_PREFERENCE.map(({ field, value }) => ({ field, value: value(filter) })).filter(
    (e): e is { field: EqualityField; value: string } => !!e.value,
  );
  if (active.length === 0) return { index: '[formId+ixLive+startedAt]', prefix: [filter.formId, LIVE] };
  const [first, ...others] = active;
  return {
    index: `[formId+ixLive+${first.field}+startedAt]`,
    prefix: [filter.formId, LIVE, first.value],
    rest: others.length ? (r) => others.every((o) => r[o.field] === o.value) : undefined,
  };
}

function responses() {
  return database().responses;
}

/** The filter's range, newest first; after `cursor` when given. */
function select(filter: ResponseFilter, cursor?: ResponseCursor): Collection<SurveyResponse, string> {
  const { index, prefix, rest } = plan(filter);
  const lower = [...prefix, filter.from ?? Dexie.minKey];
  // The cursor's own startedAt is included, and the ids already shown skipped below:
  // responses started in the same millisecond must be neither lost nor repeated.
  const [upper, includeUpper] = cursor ? [[...prefix, cursor.startedAt], true] : [[...prefix, filter.to ?? Dexie.maxKey], false];
  let collection = responses().where(index).between(lower, upper, true, includeUpper).reverse() as unknown as Collection<
    SurveyResponse,
    string
  >;
  // Equal keys come in descending id order when reversed; skip those up to the cursor.
  const afterCursor = cursor && ((r: SurveyResponse) => r.startedAt !== cursor.startedAt || r.id < cursor.id);
  if (rest && afterCursor) collection = collection.filter((r) => afterCursor(r) && rest(r));
  else if (rest || afterCursor) collection = collection.filter((rest ?? afterCursor)!);
  return collection;
}

/** One page of a form's responses, newest first. */
export async function pageResponses(filter: ResponseFilter, cursor?: ResponseCursor, limit = 50): Promise<ResponsePage> {
  // One more than asked tells whether there is a next page without a second query.
  const found = await select(filter, cursor)
    .limit(limit + 1)
    .toArray();
  const items = found.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: found.length > limit && last ? { startedAt: last.startedAt, id: last.id } : null };
}

/** How many responses match: an index count, unless two equality filters are combined. */
export function countResponses(filter: ResponseFilter): Promise<number> {
  return select(filter).count();
}

/**
 * The distinct values of a field among a form's live responses, sorted: one
 * single-record query per value, each jumping past the previous value in the index
 * (a "loose index scan"), instead of reading every response.
 */
async function distinctValues(formId: string, field: 'enumerator' | 'ixDepartment'): Promise<string[]> {
  const index = `[formId+ixLive+${field}+startedAt]`;
  // A key is invalid if it holds one array object twice, as [maxKey, maxKey] would;
  // a shorter array sorts before every longer one it begins.
  const upper = [formId, LIVE, Dexie.maxKey];
  const values: string[] = [];
  let lower: unknown[] = [formId, LIVE];
  for (;;) {
    const [key] = (await responses().where(index).between(lower, upper, false, true).limit(1).keys()) as unknown[][];
    if (!key) return values;
    const value = key[2] as string;
    if (value !== '') values.push(value);
    lower = [formId, LIVE, value, Dexie.maxKey];
  }
}

export function distinctEnumerators(formId: string): Promise<string[]> {
  return distinctValues(formId, 'enumerator');
}

/** Department choice names found in a form's responses (responses without one are left out). */
export function distinctDepartments(formId: string): Promise<string[]> {
  return distinctValues(formId, 'ixDepartment');
}
