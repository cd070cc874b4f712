// The responses list's queries: pages are index ranges of the indexes of schema versions
// 3 and 6, newest first; counts and filter choices come from the counts kept on every
// write (response-counts.ts). A page, a count or the filter choices cost about the same
// with 100 responses on the device as with 100,000.

import Dexie, { type Collection, type ObservabilitySet } from 'dexie';
import type { ResponseStatus, SurveyResponse } from '../domain/types';
import { database } from './database';
import { liveQueryWaiting } from './live-settled';
import { readCountRows, readCountsAndFirstPage, type CountRow } from './response-counts';
import { FIRST_PAGE_SIZE, type ListRow } from './response-first-page';
import type { ResponseIndexFields } from './response-index';

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

/**
 * What a row of the list shows, taken from the response as it is read (or kept with the
 * form's first rows): a screen keeps a few hundred of these, not the answers of each.
 */
export interface ResponseRow extends ListRow {
  status: ResponseStatus;
}

export interface ResponsePage {
  items: ResponseRow[];
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

const cursorAfter = (r: ResponseRow | undefined): ResponseCursor | null => (r ? { startedAt: r.startedAt, id: r.id } : null);

/** Every stored response carries its index fields (response-index.ts): the department is read, not derived again. */
function rowOf(stored: SurveyResponse): ResponseRow {
  const r = stored as SurveyResponse & ResponseIndexFields;
  return { id: r.id, startedAt: r.startedAt, status: r.status, enumerator: r.enumerator, department: r.ixDepartment };
}

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
    const items = (await range(filter).offset(Math.max(0, total - from - size)).limit(size).toArray()).reverse().map(rowOf);
    return { items, nextCursor: from + size < total ? cursorAfter(items[items.length - 1]) : null };
  }
  const collection = typeof from === 'object' ? select(filter, from) : select(filter);
  // One more than asked tells whether there is a next page without a second query.
  const found = await (typeof from === 'number' && from > 0 ? collection.offset(from) : collection).limit(limit + 1).toArray();
  const items = found.slice(0, limit).map(rowOf);
  return { items, nextCursor: found.length > limit ? cursorAfter(items[items.length - 1]) : null };
}

const matches = (row: CountRow, f: ResponseFilter) =>
  (!f.status || row.status === f.status) && (!f.enumerator || row.enumerator === f.enumerator) && (!f.department || row.department === f.department);

const sumMatching = (rows: readonly CountRow[], filter: ResponseFilter) => rows.reduce((sum, row) => (matches(row, filter) ? sum + row.n : sum), 0);

/** A period has no kept count: its total is an index count of the filter's range. */
const hasPeriod = (filter: ResponseFilter) => !!(filter.from || filter.to);

/**
 * How many responses match: the kept counts (response-counts.ts) summed, one small read;
 * with a period, an index count of the filter's range.
 */
export async function countResponses(filter: ResponseFilter): Promise<number> {
  if (hasPeriod(filter)) return select(filter).count();
  return sumMatching(await readCountRows(database(), filter.formId), filter);
}

export interface FilterChoices {
  /** Enumerators of the form's live responses, sorted. */
  enumerators: string[];
  /** Department choice names found in them (responses without one are left out), sorted. */
  departments: string[];
}

const distinctSorted = (values: string[]) => [...new Set(values.filter((v) => v !== ''))].sort();

const choicesOf = (rows: readonly CountRow[]): FilterChoices => ({
  enumerators: distinctSorted(rows.map((r) => r.enumerator)),
  departments: distinctSorted(rows.map((r) => r.department)),
});

/** The filter choices of a form's list, from its kept counts: one small read. */
export async function filterChoices(formId: string): Promise<FilterChoices> {
  return choicesOf(await readCountRows(database(), formId));
}

/** What the list shows at once for a filter: its first page, how many match in all, and the choices of the filters. */
export interface ListScreen {
  page: ResponsePage;
  count: number;
  choices: FilterChoices;
}

/** No filter but the form's: the list whose first rows are kept (response-first-page.ts). */
const isWholeList = (filter: ResponseFilter) => !filter.status && !filter.enumerator && !filter.department && !hasPeriod(filter);

/**
 * The list's screen for a filter. Without one, a page of the block's size is the form's
 * kept first rows, read with its counts in one small read of meta. Otherwise (or when no
 * first rows are kept yet) the page comes from the filter's index range and, at the same
 * time, the kept counts, which give both the total and the filter choices.
 * Reads of their own rather than one transaction: Dexie resolves an explicit
 * transaction only once it has committed, one more round trip on the way to the screen.
 * A write landing between the two reads is followed by another read (watchListScreen).
 */
export async function readListScreen(filter: ResponseFilter, limit = 50): Promise<ListScreen> {
  if (isWholeList(filter) && limit === FIRST_PAGE_SIZE) {
    const { rows, firstPage } = await readCountsAndFirstPage(database(), filter.formId);
    if (firstPage) {
      const items = firstPage as ResponseRow[];
      const page = { items, nextCursor: items.length === FIRST_PAGE_SIZE ? cursorAfter(items[items.length - 1]) : null };
      return { page, count: sumMatching(rows, filter), choices: choicesOf(rows) };
    }
  }
  const [page, rows, periodCount] = await Promise.all([
    pageResponses(filter, undefined, limit),
    readCountRows(database(), filter.formId),
    hasPeriod(filter) ? select(filter).count() : undefined,
  ]);
  return { page, count: periodCount ?? sumMatching(rows, filter), choices: choicesOf(rows) };
}

/** A form's drafts to resume: the most recently started, and how many there are in all. */
export interface LatestDrafts {
  items: ResponseRow[];
  count: number;
}

export async function latestDrafts(formId: string, limit: number): Promise<LatestDrafts> {
  const { page, count } = await readListScreen({ formId, status: 'draft' }, limit);
  return { items: page.items, count };
}

/** Whether a change Dexie reports touches the responses table ('all': anything may have changed, e.g. a page back from the back-forward cache). */
function touchesResponses(parts: ObservabilitySet, db = database()): boolean {
  const table = `idb://${db.name}/${db.responses.name}/`;
  return Object.keys(parts).some((part) => part === 'all' || part.startsWith(table));
}

/**
 * The screens last read by watchListScreen, by filter and size, while no write to the
 * responses (or to the counts and first rows kept in meta) has committed since: what a
 * read would return now, so that a list opened again shows it in the frame it is built,
 * without waiting for IndexedDB. Writes of this tab clear it as they commit; those of
 * another tab or a worker when Dexie hears of them, as every open list does.
 */
const keptScreens = new Map<string, ListScreen>();
/** Bumped by every write that clears keptScreens: a read that straddles one is not kept. */
let writes = 0;
let keptOf: ReturnType<typeof database> | undefined;
/** A few: the whole list of the forms opened last, and a filter or two. */
const KEPT_SCREENS = 8;

let listening = false;

/** From the first watch on, before its read starts: a write during that read keeps it from being kept. */
function followWrites(): void {
  if (listening) return;
  listening = true;
  Dexie.on('storagemutated', (parts: ObservabilitySet) => {
    const db = keptOf;
    // Nothing kept yet: any write may be one a read under way missed.
    const meta = db && `idb://${db.name}/${db.meta.name}/`;
    if (!db || touchesResponses(parts, db) || Object.keys(parts).some((part) => part.startsWith(meta!))) {
      writes++;
      keptScreens.clear();
    }
  });
}

const screenKey = (filter: ResponseFilter, limit: number) => JSON.stringify([limit, filter.formId, filter.status, filter.enumerator, filter.department, filter.from, filter.to]);

/** Another database (deleted and opened again) has none of the screens kept. */
function keptScreen(key: string): ListScreen | undefined {
  return keptOf === database() ? keptScreens.get(key) : undefined;
}

function keepScreen(key: string, screen: ListScreen, since: number): void {
  if (since !== writes) return;
  if (keptOf !== database()) {
    keptScreens.clear();
    keptOf = database();
  }
  keptScreens.delete(key);
  keptScreens.set(key, screen);
  if (keptScreens.size > KEPT_SCREENS) keptScreens.delete(keptScreens.keys().next().value!);
}

/**
 * Reads the list's screen for a filter now, and again after every committed write to
 * the responses (this tab's, another tab's or a worker's: Dexie's storagemutated event
 * reports them all), until the returned function is called. Not a liveQuery: its first
 * read waits for a timer, often for a frame too, and the list would show a frame later.
 * The screen is shown at once, before this returns, when it was read before and no
 * write came since (keptScreens).
 * One read at a time, and one more after it when writes came meanwhile: the hundred
 * commits of a bundle import cost a few reads, not a hundred queued ones, and screens
 * arrive in the order they were read.
 */
export function watchListScreen(filter: ResponseFilter, limit: number, show: (screen: ListScreen) => void, fail: (error: unknown) => void): () => void {
  let stopped = false;
  let reading = false;
  let again = false;
  const key = screenKey(filter, limit);
  followWrites();
  // Start-up waits for the screen on show to have its data (live-settled.ts), as it does for live queries.
  const arrived = liveQueryWaiting();
  const read = () => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    again = false;
    const since = writes;
    readListScreen(filter, limit)
      .then(
        (screen) => {
          keepScreen(key, screen, since);
          if (!stopped) show(screen);
        },
        (error: unknown) => {
          if (!stopped) fail(error);
        },
      )
      .finally(() => {
        reading = false;
        arrived();
        if (again && !stopped) read();
      });
  };
  const changed = (parts: ObservabilitySet) => {
    if (touchesResponses(parts)) read();
  };
  Dexie.on('storagemutated', changed);
  const kept = keptScreen(key);
  if (kept) {
    show(kept);
    arrived();
  } else read();
  return () => {
    stopped = true;
    arrived();
    Dexie.on.storagemutated.unsubscribe(changed);
  };
}
