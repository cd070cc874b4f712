// Computed indicators kept up to date as responses are written, so that a dashboard
// over 100,000 responses reads one small record instead of every response (~5 s).
//
// All aggregates live in one meta entry: per definition, the accumulator's running
// totals (lib/indicators). A DBCore middleware on the responses table applies each
// write's delta in the same transaction as the write: it subtracts what the stored
// version contributed and adds what the new one contributes. Every write path of the
// app (repositories, applyMerged for bundles and sync, migrations) already includes
// the meta table, so the aggregate and the responses can never disagree.
// An indicator over an entity list (definition `source.entities`) is kept the same way
// by the same middleware on the entities table, whose writes (finalizing a response,
// applyMerged, the seed) include the meta table too: entities are updated in place by
// follow-up visits, so recounting the table on every read would grow with the list.
//
// An indicator can never stop a write: a definition that does not compile, or an answer
// its expressions cannot read (a hand-edited bundle, a buggy client), marks that
// aggregate stale instead, and the indicator worker rebuilds it from every response
// (leaving out the responses it cannot read). Deleting an indicator, or changing its
// definition, drops the aggregate of the old definition, in the same transaction.
//
// A new or changed definition is built by buildAggregates() in chunks of responses in
// primary-key order, each chunk its own short transaction (writes go on meanwhile).
// An aggregate being built has a cursor: responses with an id up to it are counted,
// so the middleware applies deltas of those only; the rest are counted when reached.
//
// Definitions are compiled by lib/indicators/compile, which brings the expression
// engine: loaded on first need, not with the first screen. The async entry points load
// it before they start; a write that comes before it is loaded (a sync at start-up)
// marks the aggregates it would move stale, and starts the load.

import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import type { ComputedIndicatorDefinition } from '../domain/types';
import { canonicalJson } from '../domain/merge';
import { applyContribution, emptyState, type AccumulatorState, type Contribution } from '../indicators/state';
import type { CompiledDefinition, EntityLike, ResponseLike } from '../indicators/compile';
import { buildResult, type GroupLevels, type IndicatorResult } from '../indicators/result';
import type { PisoDatabase } from './database';

export const AGGREGATES_KEY = 'indicatorAggregates';

export interface StoredAggregate {
  def: ComputedIndicatorDefinition;
  /** Responses with an id <= cursor are counted ('' before the first chunk). */
  cursor: string;
  done: boolean;
  state: AccumulatorState;
  /** A write could not apply its delta: the figures cannot be trusted until rebuilt. */
  stale?: boolean;
  /** The definition does not compile: nothing to build until it changes. */
  invalid?: boolean;
  /** Responses left out of a build because the definition could not read them. */
  unreadable?: number;
}

/** Aggregates by aggregateKey of their definition. */
export type StoredAggregates = Record<string, StoredAggregate>;

/**
 * Aggregates are keyed by their whole definition: two indicators with the same key
 * over different forms (two projects) never share one, and a changed definition is a
 * new aggregate by construction.
 */
export const aggregateKey = (def: ComputedIndicatorDefinition): string => canonicalJson(def);

/**
 * Compiled definitions by aggregate key, null for one that does not compile. A key is
 * its definition, so an entry never goes out of date; it is dropped with its aggregate.
 */
const compiledCache = new Map<string, CompiledDefinition | null>();

type Reader = typeof import('../indicators/compile');
let reader: Reader | undefined;
let loading: Promise<Reader> | undefined;

/** Loads the definition compiler (and the expression engine) once. */
export async function loadDefinitionReader(): Promise<void> {
  if (reader) return;
  loading ??= import('../indicators/compile');
  reader = await loading;
}

/** The compiled definition; null when it does not compile; undefined before the compiler is loaded. */
function compiledFor(key: string, def: ComputedIndicatorDefinition): CompiledDefinition | null | undefined {
  if (!reader) return undefined;
  let c = compiledCache.get(key);
  if (c === undefined) {
    try {
      c = reader.compileDefinition(def);
    } catch {
      c = null;
    }
    compiledCache.set(key, c);
  }
  return c;
}

type StoredResponse = ResponseLike & { id: string };
type StoredEntity = EntityLike & { id: string };

/** The list an entity indicator counts, or undefined for one over responses. */
const listOf = (def: ComputedIndicatorDefinition): string | undefined => def.source?.entities;

const sameContribution = (a: Contribution | null, b: Contribution | null) =>
  a === b || (!!a && !!b && a.group === b.group && a.num === b.num && a.version === b.version);

/**
 * Applies one response's change (old → new, either may be absent) to every aggregate
 * that counts it, in place. False when no figure moves (a draft saved, a note edited).
 * An aggregate whose definition cannot read either version is marked stale.
 */
function applyChange(aggs: StoredAggregates, before: StoredResponse | undefined, after: StoredResponse | undefined): boolean {
  return applyRecordChange(aggs, before, after, false, (r, c, response) => r.contributionOf(c, response));
}

/** The same for an entity's change, to the aggregates over its list. */
function applyEntityChange(aggs: StoredAggregates, before: StoredEntity | undefined, after: StoredEntity | undefined): boolean {
  return applyRecordChange(aggs, before, after, true, (r, c, entity) => r.entityContributionOf(c, entity));
}

function applyRecordChange<T extends { id: string }>(
  aggs: StoredAggregates,
  before: T | undefined,
  after: T | undefined,
  ofEntities: boolean,
  contribution: (r: Reader, c: CompiledDefinition, record: T) => Contribution | null,
): boolean {
  const id = (after ?? before)?.id;
  if (id === undefined) return false;
  let changed = false;
  for (const [key, agg] of Object.entries(aggs)) {
    if ((listOf(agg.def) !== undefined) !== ofEntities) continue;
    if (agg.stale || agg.invalid || !(agg.done || id <= agg.cursor)) continue;
    const c = compiledFor(key, agg.def);
    let was: Contribution | null;
    let is: Contribution | null;
    try {
      if (!reader) {
        void loadDefinitionReader();
        throw new Error('the definition compiler is not loaded yet');
      }
      if (!c) throw new Error('definition does not compile');
      was = before ? contribution(reader, c, before) : null;
      is = after ? contribution(reader, c, after) : null;
    } catch {
      agg.stale = true;
      changed = true;
      continue;
    }
    if (sameContribution(was, is)) continue;
    if (was) applyContribution(agg.state, was, -1);
    if (is) applyContribution(agg.state, is, 1);
    changed = true;
  }
  return changed;
}

const RESPONSES = 'responses';
const ENTITIES = 'entities';
const INDICATORS = 'indicators';
const META = 'meta';

function storeNames(trans: DBCoreTransaction): DOMStringList | undefined {
  return (trans as unknown as { objectStoreNames?: DOMStringList }).objectStoreNames;
}

type IndicatorLike = { deleted?: boolean; computed?: ComputedIndicatorDefinition };

/** The definition an indicator record counts by; none once deleted. */
const definitionOf = (indicator: IndicatorLike | undefined) => (indicator && !indicator.deleted ? indicator.computed : undefined);

/** Drops the aggregates of definitions that an indicator write removes or replaces. */
function dropReplaced(aggs: StoredAggregates, before: IndicatorLike | undefined, after: IndicatorLike | undefined): boolean {
  const old = definitionOf(before);
  if (!old) return false;
  const key = aggregateKey(old);
  const next = definitionOf(after);
  if (!(key in aggs) || (next && aggregateKey(next) === key)) return false;
  delete aggs[key];
  compiledCache.delete(key);
  return true;
}

/** Wraps a table's mutate so that the aggregates follow it; `update` applies one record's change. */
function following(
  table: DBCoreTable,
  meta: DBCoreTable,
  update: (aggs: StoredAggregates, before: never, after: never) => boolean,
  /** The aggregates this table's records move (all, when absent). */
  concerns: (agg: StoredAggregate) => boolean = () => true,
): DBCoreTable {
  return {
    ...table,
    async mutate(req: DBCoreMutateRequest) {
      const names = storeNames(req.trans);
      if (names && !names.contains(META)) {
        throw new Error(`Writes to ${table.name} must include the meta table (indicator aggregates)`);
      }
      const entry = await meta.get({ trans: req.trans, key: AGGREGATES_KEY });
      const aggs: StoredAggregates | undefined = entry ? structuredClone(entry.value as StoredAggregates) : undefined;
      // No aggregate that this table moves: nothing to keep, and no need to read the stored versions.
      if (!aggs || !Object.values(aggs).some(concerns)) return table.mutate(req);
      if (req.type === 'deleteRange') {
        // A clear(): what it removes is unknown here, so every aggregate is rebuilt.
        await meta.mutate({ trans: req.trans, type: 'delete', keys: [AGGREGATES_KEY] });
        return table.mutate(req);
      }
      const keys: string[] = req.type === 'delete' ? req.keys : (req.keys ?? req.values.map((v: { id: string }) => v.id));
      const before = req.type === 'add' ? keys.map(() => undefined) : await table.getMany({ trans: req.trans, keys });
      const res = await table.mutate(req);
      let changed = false;
      keys.forEach((_, i) => {
        if (res.failures[i]) return;
        changed = update(aggs, before[i] as never, (req.type === 'delete' ? undefined : req.values[i]) as never) || changed;
      });
      if (changed) await meta.mutate({ trans: req.trans, type: 'put', values: [{ key: AGGREGATES_KEY, value: aggs }] });
      return res;
    },
  };
}

/**
 * Keeps the aggregates in step with every write of the responses, entities and
 * indicators tables. Install it on every PisoDatabase (the constructor:
 * `this.use(indicatorAggregateMiddleware)`). A write of either whose transaction lacks
 * the meta table is refused: it would leave the aggregates wrong without anyone noticing.
 */
export const indicatorAggregateMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'indicatorAggregates',
  create: (down: DBCore) => ({
    ...down,
    table(name: string) {
      const table = down.table(name);
      if (name === RESPONSES) return following(table, down.table(META), applyChange, (agg) => listOf(agg.def) === undefined);
      if (name === ENTITIES) return following(table, down.table(META), applyEntityChange, (agg) => listOf(agg.def) !== undefined);
      if (name === INDICATORS) return following(table, down.table(META), dropReplaced);
      return table;
    },
  }),
};

async function loadAggregates(db: PisoDatabase): Promise<StoredAggregates> {
  return ((await db.meta.get(AGGREGATES_KEY))?.value as StoredAggregates | undefined) ?? {};
}

const fresh = (def: ComputedIndicatorDefinition): StoredAggregate => ({ def, cursor: '', done: false, state: emptyState() });

/**
 * Makes sure each definition has an aggregate: a new one, or one marked stale, starts
 * empty, to be filled by buildAggregates; one whose definition does not compile is
 * marked invalid. Returns whether any needs building.
 */
export async function ensureAggregates(db: PisoDatabase, defs: readonly ComputedIndicatorDefinition[]): Promise<boolean> {
  await loadDefinitionReader();
  return db.transaction('rw', db.meta, async () => {
    const aggs = await loadAggregates(db);
    let changed = false;
    // Kept by an older version under the definition's key alone: never read again.
    for (const [key, agg] of Object.entries(aggs)) {
      if (key !== aggregateKey(agg.def)) {
        delete aggs[key];
        changed = true;
      }
    }
    for (const def of defs) {
      const key = aggregateKey(def);
      const agg = aggs[key];
      if (agg && !agg.stale) continue;
      aggs[key] = compiledFor(key, def) ? fresh(def) : { ...fresh(def), done: true, invalid: true };
      changed = true;
    }
    if (changed) await db.meta.put({ key: AGGREGATES_KEY, value: aggs });
    return Object.values(aggs).some((a) => !a.done);
  });
}

/** The definitions of `defs` that do not compile (and so cannot be built). */
export async function invalidDefinitions(db: PisoDatabase, defs: readonly ComputedIndicatorDefinition[]): Promise<string[]> {
  const aggs = await loadAggregates(db);
  return defs.filter((def) => aggs[aggregateKey(def)]?.invalid).map((def) => def.key);
}

export async function dropAggregate(db: PisoDatabase, def: ComputedIndicatorDefinition): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const aggs = await loadAggregates(db);
    delete aggs[aggregateKey(def)];
    compiledCache.delete(aggregateKey(def));
    await db.meta.put({ key: AGGREGATES_KEY, value: aggs });
  });
}

export interface BuildProgress {
  /** Responses read so far in this build. */
  read: number;
  done: boolean;
}

/** Adds a response (an entity, for a definition over a list) to a state unless the definition cannot read it; false when it could not. */
function addReadable(c: CompiledDefinition, state: AccumulatorState, record: ResponseLike | EntityLike): boolean {
  let contribution: Contribution | null;
  try {
    contribution = listOf(c.def) !== undefined ? reader!.entityContributionOf(c, record as EntityLike) : reader!.contributionOf(c, record as ResponseLike);
  } catch {
    return false;
  }
  if (contribution) applyContribution(state, contribution, 1);
  return true;
}

/** What a definition counts: every response, or one list's entities (a range of ids, `<list>:<entityId>`). */
const sourceKey = (def: ComputedIndicatorDefinition): string => (listOf(def) === undefined ? RESPONSES : `${ENTITIES}:${listOf(def)}`);

/** The next chunk, in id order, of what the definitions of `source` count, after `from`. */
async function chunkAfter(db: PisoDatabase, source: string, from: string, limit: number): Promise<{ id: string }[]> {
  if (source === RESPONSES) return (await db.responses.where(':id').above(from).limit(limit).toArray()) as unknown as StoredResponse[];
  const list = source.slice(ENTITIES.length + 1);
  // ':' sorts just before ';': the list's ids are the keys between `<list>:` and `<list>;`.
  const lower = from > `${list}:` ? from : `${list}:`;
  return (await db.entities.where(':id').between(lower, `${list};`, false, false).limit(limit).toArray()) as unknown as StoredEntity[];
}

/**
 * Counts, chunk by chunk, the responses (or entities) that unfinished aggregates have
 * not counted yet. Resumable: stopped half-way (tab closed), it goes on from each
 * aggregate's cursor. Run it in a worker (indicator-worker.ts) so that reading stays
 * off the page.
 */
export async function buildAggregates(
  db: PisoDatabase,
  { chunkSize = 1000, onProgress }: { chunkSize?: number; onProgress?: (p: BuildProgress) => void } = {},
): Promise<void> {
  await loadDefinitionReader();
  let read = 0;
  for (;;) {
    const done = await db.transaction('rw', db.responses, db.entities, db.meta, async () => {
      const aggs = await loadAggregates(db);
      // A stale one is rebuilt by ensureAggregates, when a screen next asks for it.
      const unfinished = Object.entries(aggs).filter(([, a]) => !a.done && !a.stale);
      if (unfinished.length === 0) return true;
      // One source a chunk: the responses ('responses' sorts after 'entities:…'), then each list.
      const source = unfinished.map(([, a]) => sourceKey(a.def)).sort()[unfinished.length - 1];
      const pending = unfinished.filter(([, a]) => sourceKey(a.def) === source);
      const from = pending.map(([, a]) => a.cursor).sort()[0];
      const chunk = await chunkAfter(db, source, from, chunkSize);
      const last = chunk.length > 0 ? chunk[chunk.length - 1].id : from;
      const finished = chunk.length < chunkSize;
      for (const [key, agg] of pending) {
        const c = compiledFor(key, agg.def);
        if (!c) {
          aggs[key] = { ...agg, done: true, invalid: true };
          continue;
        }
        let unreadable = agg.unreadable ?? 0;
        for (const record of chunk) if (record.id > agg.cursor && !addReadable(c, agg.state, record as StoredResponse & StoredEntity)) unreadable++;
        aggs[key] = { ...agg, cursor: last > agg.cursor ? last : agg.cursor, done: finished, ...(unreadable > 0 ? { unreadable } : {}) };
      }
      await db.meta.put({ key: AGGREGATES_KEY, value: aggs });
      read += chunk.length;
      return finished && unfinished.length === pending.length;
    });
    onProgress?.({ read, done });
    if (done) return;
  }
}

/** The indicator from its stored aggregate: one small read. Null while it is missing, stale or being built. */
export async function readAggregate(
  db: PisoDatabase,
  def: ComputedIndicatorDefinition,
  levels?: GroupLevels,
): Promise<IndicatorResult | null> {
  await loadDefinitionReader();
  const key = aggregateKey(def);
  const agg = (await loadAggregates(db))[key];
  const c = agg && agg.done && !agg.stale && !agg.invalid ? compiledFor(key, def) : null;
  return c ? buildResult(c.def, agg.state, levels) : null;
}

/**
 * The indicators from every stored response (or entity of their list), ignoring any aggregate: the check that an
 * aggregate is right, and the fallback for a one-off definition. Responses a definition
 * cannot read are left out. Reads in chunks of short read-only transactions; run it in
 * a worker. Throws ExpressionError for a definition that does not compile.
 */
export async function recomputeFromDatabase(
  db: PisoDatabase,
  defs: readonly ComputedIndicatorDefinition[],
  { chunkSize = 2000, levels = {} }: { chunkSize?: number; levels?: Record<string, GroupLevels> } = {},
): Promise<IndicatorResult[]> {
  await loadDefinitionReader();
  const compiled = defs.map((def) => reader!.compileDefinition(def));
  const states = defs.map(() => emptyState());
  for (const source of new Set(defs.map(sourceKey))) {
    const counting = compiled.flatMap((c, i) => (sourceKey(c.def) === source ? [i] : []));
    let from = '';
    for (;;) {
      const chunk = (await chunkAfter(db, source, from, chunkSize)) as (StoredResponse & StoredEntity)[];
      for (const record of chunk) for (const i of counting) addReadable(compiled[i], states[i], record);
      if (chunk.length < chunkSize) break;
      from = chunk[chunk.length - 1].id;
    }
  }
  return compiled.map((c, i) => buildResult(c.def, states[i], levels[c.def.key]));
}
