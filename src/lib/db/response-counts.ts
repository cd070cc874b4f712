// How many live responses each form has, per status × enumerator × department, kept in
// step with every write of the responses table, so that the responses list's total and
// its filter choices are one small read whether the device holds 100 responses or
// 100,000 (an index count reads every entry of its range: ~60 ms at 100,000).
//
// One meta entry per form (`responseCounts:<formId>`): rows of {status, enumerator,
// department, n}, one per combination found. A list filter sums the rows it matches, so
// every combination of the three filters is counted without a row of its own.
// The entries live in meta because every write path of the app already includes meta in
// its transaction (change numbers, indicator aggregates): a new store would have to be
// named by each of them, and a write that forgot it would leave the counts wrong.
//
// A DBCore middleware, like the indicator aggregates (indicator-aggregates.ts): each
// write applies its delta in its own transaction. A put may replace a stored response,
// whose old place must be subtracted; reading it for every put would double the cost of
// bulk writes, so the middleware remembers where each response read or written in the
// transaction counts (the merge of a bundle or a sync pull, and every edit, read the
// record before writing it) and reads only the ones it has not seen.
//
// The same middleware keeps each form's first rows of the list (response-first-page.ts),
// from the same reads of what a write replaces.
//
// Upgrades (versionchange transactions) are not followed: version 6 counts everything
// once its data is final (countEveryResponse), and a later upgrade that rewrites
// responses must call it again.

import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware, Transaction } from 'dexie';
import { departmentOf } from './response-index';
import { FIRST_PAGE_PREFIX, firstPageKey, listPlaceOf, nextFirstPage, readFirstPageFromIndex, sameRows, type ListRow } from './response-first-page';

const RESPONSES = 'responses';
const META = 'meta';
const KEY_PREFIX = 'responseCounts:';

export const countsKey = (formId: string): string => `${KEY_PREFIX}${formId}`;

/** Live responses of one form with this status, enumerator and department ('' when none). */
export interface CountRow {
  status: string;
  enumerator: string;
  department: string;
  n: number;
}

/** Where a response counts: its form and combination; null for a tombstone. */
interface Place {
  formId: string;
  /** JSON of [status, enumerator, department]. */
  combo: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Mirrors the list indexes' fields (response-index.ts): a tombstone is in no list. */
function placeOf(record: unknown): Place | null {
  if (!record || typeof record !== 'object') return null;
  const r = record as { deleted?: unknown; formId?: unknown; status?: unknown; enumerator?: unknown; answers?: unknown };
  if (r.deleted === true) return null;
  return { formId: text(r.formId), combo: JSON.stringify([text(r.status), text(r.enumerator), departmentOf(r.answers)]) };
}

const samePlace = (a: Place | null, b: Place | null) => a === b || (!!a && !!b && a.formId === b.formId && a.combo === b.combo);

/** Combination → n, for one form. */
type Tally = Map<string, number>;

function rowsOf(tally: Tally): CountRow[] {
  const rows: CountRow[] = [];
  for (const [combo, n] of tally) {
    if (n <= 0) continue;
    const [status, enumerator, department] = JSON.parse(combo) as [string, string, string];
    rows.push({ status, enumerator, department, n });
  }
  return rows;
}

function tallyOf(rows: readonly CountRow[] | undefined): Tally {
  return new Map((rows ?? []).map((r) => [JSON.stringify([r.status, r.enumerator, r.department]), r.n]));
}

function bump(tallies: Map<string, Tally>, place: Place, by: number): void {
  let tally = tallies.get(place.formId);
  if (!tally) tallies.set(place.formId, (tally = new Map()));
  tally.set(place.combo, (tally.get(place.combo) ?? 0) + by);
}

interface TransactionState {
  /** Where each response read or written in this transaction counts, by id (null: none stored, or a tombstone). */
  places: Map<unknown, Place | null>;
  /**
   * Each form's counts as this transaction last left them, loaded once. Shared by the
   * writes of the transaction, so that two issued at once (Promise.all) each add to what
   * the other left: every put of the entry holds every delta applied before it.
   */
  tallies: Map<string, Promise<Tally>>;
  /** One Place object per form and combination: a bulk write of 100,000 holds 100,000 references, not as many strings. */
  shared: Map<string, Place>;
  /**
   * Each form's first rows (response-first-page.ts) as this transaction last left them,
   * undefined when none are kept; each write's update follows the one before it.
   */
  firstPages: Map<string, Promise<ListRow[] | undefined>>;
}

/** The record's place, as the transaction's one object for it. */
function placeIn(state: TransactionState, record: unknown): Place | null {
  const place = placeOf(record);
  if (!place) return null;
  const key = `${place.formId}\n${place.combo}`;
  const shared = state.shared.get(key);
  if (shared) return shared;
  state.shared.set(key, place);
  return place;
}

const states = new WeakMap<DBCoreTransaction, TransactionState>();

/** The transaction's state; undefined for read-only and upgrade transactions, which are not followed. */
function stateOf(trans: DBCoreTransaction): TransactionState | undefined {
  if ((trans as unknown as IDBTransaction).mode !== 'readwrite') return undefined;
  let state = states.get(trans);
  if (!state) states.set(trans, (state = { places: new Map(), tallies: new Map(), shared: new Map(), firstPages: new Map() }));
  return state;
}

function storeNames(trans: DBCoreTransaction): DOMStringList | undefined {
  return (trans as unknown as { objectStoreNames?: DOMStringList }).objectStoreNames;
}

type Stored = { id: unknown };

/** The keys a mutation writes or removes; for a range delete (a clear()), read first by key only. */
function keysOf(table: DBCoreTable, req: DBCoreMutateRequest): unknown[] | PromiseLike<unknown[]> {
  switch (req.type) {
    case 'add':
    case 'put':
      return req.keys ?? req.values.map((v: Stored) => v.id);
    case 'delete':
      return req.keys;
    case 'deleteRange':
      return table.query({ trans: req.trans, values: false, query: { index: table.schema.primaryKey, range: req.range } }).then((r) => r.result);
  }
}

/**
 * Written with then() on the promises of the layer below, never async/await: Dexie keeps
 * the transaction's zone (PSD), which its own middlewares below read, across a bounded
 * number of native awaits, and each layer of them in the stack spends some.
 */
function following(table: DBCoreTable, meta: DBCoreTable, req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
  const state = stateOf(req.trans);
  if (!state) return table.mutate(req);
  const names = storeNames(req.trans);
  if (names && !names.contains(META)) throw new Error(`Writes to ${RESPONSES} must include the meta table (response counts)`);
  const values: readonly unknown[] = req.type === 'add' || req.type === 'put' ? req.values : [];

  const withKeys = (keys: unknown[]) => {
    // An add replaces nothing (a key that exists makes it fail); other writes need what they replace.
    const unseen = req.type === 'add' ? [] : [...new Set(keys.filter((key) => !state.places.has(key)))];
    if (unseen.length === 0) return write(keys);
    return table.getMany({ trans: req.trans, keys: unseen }).then((stored) => {
      unseen.forEach((key, i) => state.places.set(key, placeIn(state, stored[i])));
      return write(keys);
    });
  };

  const write = (keys: unknown[]) =>
    table.mutate(req).then((res) => {
      const deltas = new Map<string, Tally>();
      const pages = new PageChanges();
      keys.forEach((key, i) => {
        if (res.failures[i]) return;
        // Read here, not before the write: a key given twice in one bulk write replaces itself.
        const was = state.places.get(key) ?? null;
        const is = placeIn(state, values[i]);
        state.places.set(key, is);
        pages.wrote(key, was, values[i]);
        if (samePlace(was, is)) return;
        if (was) bump(deltas, was, -1);
        if (is) bump(deltas, is, 1);
      });
      const forms = [...deltas];
      const save = (at: number): unknown => {
        if (at === forms.length) return keepPages(0);
        const [formId, delta] = forms[at];
        return tallyIn(state, meta, req.trans, formId).then((tally) => {
          let moved = false;
          for (const [combo, by] of delta) {
            if (by === 0) continue;
            tally.set(combo, (tally.get(combo) ?? 0) + by);
            moved = true;
          }
          if (!moved) return save(at + 1);
          return meta.mutate({ trans: req.trans, type: 'put', values: [{ key: countsKey(formId), value: rowsOf(tally) }] }).then(() => save(at + 1));
        });
      };
      const touched = [...pages.forms];
      const keepPages = (at: number): unknown =>
        at === touched.length ? res : keepFirstPage(state, table, meta, req.trans, touched[at], pages).then(() => keepPages(at + 1));
      return save(0) as DBCoreMutateResponse;
    });

  const found = keysOf(table, req);
  return Array.isArray(found) ? withKeys(found) : (found.then(withKeys) as Promise<DBCoreMutateResponse>);
}

/** What one write changed in the lists: the responses it replaced or removed, and where those it stored stand. */
class PageChanges {
  /** Forms whose list the write may have changed. */
  readonly forms = new Set<string>();
  readonly written = new Set<string>();
  /** Form → id → row, as the write left each response; a form in `unordered` keeps no rows. */
  readonly entering = new Map<string, Map<string, ListRow>>();
  readonly unordered = new Set<string>();

  wrote(key: unknown, was: Place | null, value: unknown): void {
    const id = String(key);
    this.written.add(id);
    if (was) this.forms.add(was.formId);
    // A key given twice in one bulk write: its last value is what is stored.
    for (const rows of this.entering.values()) rows.delete(id);
    const listed = listPlaceOf(value);
    if (!listed) return;
    this.forms.add(listed.formId);
    if (listed.row === 'unordered') this.unordered.add(listed.formId);
    else {
      let rows = this.entering.get(listed.formId);
      if (!rows) this.entering.set(listed.formId, (rows = new Map()));
      rows.set(id, listed.row);
    }
  }
}

/**
 * Brings the form's first rows in step with a write: worked out from those kept when
 * they tell (nextFirstPage), read from the index otherwise (none kept yet, or a response
 * among them removed from a full page), and written only when they change.
 */
function keepFirstPage(state: TransactionState, table: DBCoreTable, meta: DBCoreTable, trans: DBCoreTransaction, formId: string, changes: PageChanges): Promise<unknown> {
  const key = firstPageKey(formId);
  const before = state.firstPages.get(formId) ?? meta.get({ trans, key }).then((entry) => entry?.value as ListRow[] | undefined);
  const after = before.then((kept) => {
    const worked = kept && !changes.unordered.has(formId) ? nextFirstPage(kept, changes.written, [...(changes.entering.get(formId)?.values() ?? [])]) : null;
    return (worked ? Promise.resolve(worked) : readFirstPageFromIndex(table, trans, formId)).then((rows): Promise<ListRow[] | undefined> | ListRow[] | undefined => {
      if (rows && kept && sameRows(rows, kept)) return kept;
      if (rows) return meta.mutate({ trans, type: 'put', values: [{ key, value: rows }] }).then(() => rows);
      return kept ? meta.mutate({ trans, type: 'delete', keys: [key] }).then(() => undefined) : undefined;
    });
  });
  state.firstPages.set(formId, after);
  return after;
}

/** The form's counts in this transaction, loaded once. */
function tallyIn(state: TransactionState, meta: DBCoreTable, trans: DBCoreTransaction, formId: string): Promise<Tally> {
  let loading = state.tallies.get(formId);
  if (!loading) {
    loading = meta.get({ trans, key: countsKey(formId) }).then((entry) => tallyOf(entry?.value as CountRow[] | undefined));
    state.tallies.set(formId, loading);
  }
  return loading;
}

function remembering<T>(state: TransactionState | undefined, key: unknown, value: T): T {
  state?.places.set(key, placeIn(state, value));
  return value;
}

/**
 * Keeps the counts in step with every write of the responses table. Install it on every
 * PisoDatabase (the constructor: `this.use(responseCountsMiddleware)`). A write whose
 * transaction lacks the meta table is refused, as the indicator aggregates refuse it.
 */
export const responseCountsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'responseCounts',
  create: (down: DBCore) => ({
    ...down,
    table(name: string) {
      const table = down.table(name);
      if (name !== RESPONSES) return table;
      const meta = down.table(META);
      return {
        ...table,
        get: (req) => table.get(req).then((value) => remembering(stateOf(req.trans), req.key, value)),
        getMany: (req) =>
          table.getMany(req).then((found) => {
            const state = stateOf(req.trans);
            req.keys.forEach((key, i) => remembering(state, key, found[i]));
            return found;
          }),
        mutate: (req) => following(table, meta, req),
      };
    },
  }),
};

/** A form's count rows as stored. */
export async function readCountRows(db: { table(name: string): { get(key: string): Promise<{ value: unknown } | undefined> } }, formId: string): Promise<CountRow[]> {
  return ((await db.table(META).get(countsKey(formId)))?.value as CountRow[] | undefined) ?? [];
}

/** A form's count rows and its list's first rows (undefined when none are kept), in one read. */
export async function readCountsAndFirstPage(
  db: { table(name: string): { bulkGet(keys: string[]): Promise<({ value: unknown } | undefined)[]> } },
  formId: string,
): Promise<{ rows: CountRow[]; firstPage: ListRow[] | undefined }> {
  const [counts, first] = await db.table(META).bulkGet([countsKey(formId), firstPageKey(formId)]);
  return { rows: (counts?.value as CountRow[] | undefined) ?? [], firstPage: first?.value as ListRow[] | undefined };
}

/**
 * Counts every stored response again, replacing every form's entry (and dropping the
 * first rows kept, response-first-page.ts): version 6's
 * upgrade step (upgrades are not followed by the middleware). Reads with a cursor, so
 * memory holds the counts, not the responses.
 */
export async function countEveryResponse(tx: Transaction): Promise<void> {
  const tallies = new Map<string, Tally>();
  await tx.table(RESPONSES).each((response: unknown) => {
    const place = placeOf(response);
    if (place) bump(tallies, place, 1);
  });
  await tx.table(META).where('key').startsWith(KEY_PREFIX).delete();
  // First rows kept before the upgrade may no longer be the list's: the next write reads them from the index.
  await tx.table(META).where('key').startsWith(FIRST_PAGE_PREFIX).delete();
  await tx.table(META).bulkPut([...tallies].map(([formId, tally]) => ({ key: countsKey(formId), value: rowsOf(tally) })));
}
