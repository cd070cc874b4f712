// Computed indicators kept up to date as responses are written, so that a dashboard
// over 100,000 responses reads one small record instead of every response (~5 s).
//
// All aggregates live in one meta entry: per definition, the accumulator's running
// totals (lib/indicators). A DBCore middleware on the responses table applies each
// write's delta in the same transaction as the write: it subtracts what the stored
// version contributed and adds what the new one contributes. Every write path of the
// app (repositories, applyMerged for bundles and sync, migrations) already includes
// the meta table, so the aggregate and the responses can never disagree.
//
// A new or changed definition is built by buildAggregates() in chunks of responses in
// primary-key order, each chunk its own short transaction (writes go on meanwhile).
// An aggregate being built has a cursor: responses with an id up to it are counted,
// so the middleware applies deltas of those only; the rest are counted when reached.

import type { DBCore, DBCoreMutateRequest, DBCoreTransaction, Middleware } from 'dexie';
import type { ComputedIndicatorDefinition } from '../domain/types';
import { canonicalJson } from '../domain/merge';
import { applyContribution, createAccumulator, emptyState, type AccumulatorState } from '../indicators/accumulator';
import { compileDefinition, contributionOf, type CompiledDefinition, type Contribution, type ResponseLike } from '../indicators/compile';
import type { GroupLevels, IndicatorResult } from '../indicators/result';
import type { PisoDatabase } from './database';

export const AGGREGATES_KEY = 'indicatorAggregates';

export interface StoredAggregate {
  def: ComputedIndicatorDefinition;
  /** Responses with an id <= cursor are counted ('' before the first chunk). */
  cursor: string;
  done: boolean;
  state: AccumulatorState;
}

/** Aggregates by definition key. */
export type StoredAggregates = Record<string, StoredAggregate>;

const compiledCache = new Map<string, CompiledDefinition>();

function compiled(def: ComputedIndicatorDefinition): CompiledDefinition {
  const json = canonicalJson(def);
  let c = compiledCache.get(json);
  if (!c) compiledCache.set(json, (c = compileDefinition(def)));
  return c;
}

type StoredResponse = ResponseLike & { id: string };

const sameContribution = (a: Contribution | null, b: Contribution | null) =>
  a === b || (!!a && !!b && a.group === b.group && a.num === b.num && a.version === b.version);

/** An aggregate with its definition compiled, for the writes of one request. */
type Live = { agg: StoredAggregate; c: CompiledDefinition };

/**
 * Applies one response's change (old → new, either may be absent) to every aggregate
 * that counts it, in place. False when no figure moves (a draft saved, a note edited).
 */
function applyChange(live: readonly Live[], before: StoredResponse | undefined, after: StoredResponse | undefined): boolean {
  const id = (after ?? before)?.id;
  if (id === undefined) return false;
  let changed = false;
  for (const { agg, c } of live) {
    if (!(agg.done || id <= agg.cursor)) continue;
    const was = before ? contributionOf(c, before) : null;
    const is = after ? contributionOf(c, after) : null;
    if (sameContribution(was, is)) continue;
    if (was) applyContribution(agg.state, was, -1);
    if (is) applyContribution(agg.state, is, 1);
    changed = true;
  }
  return changed;
}

const RESPONSES = 'responses';
const META = 'meta';

function storeNames(trans: DBCoreTransaction): DOMStringList | undefined {
  return (trans as unknown as { objectStoreNames?: DOMStringList }).objectStoreNames;
}

/**
 * Keeps the aggregates in step with every write of the responses table. Install it on
 * every PisoDatabase (the constructor: `this.use(indicatorAggregateMiddleware)`).
 * A write of responses whose transaction lacks the meta table is refused: it would
 * leave the aggregates wrong without anyone noticing.
 */
export const indicatorAggregateMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'indicatorAggregates',
  create: (down: DBCore) => ({
    ...down,
    table(name: string) {
      const table = down.table(name);
      if (name !== RESPONSES) return table;
      const meta = down.table(META);
      return {
        ...table,
        async mutate(req: DBCoreMutateRequest) {
          const names = storeNames(req.trans);
          if (names && !names.contains(META)) {
            throw new Error('Writes to responses must include the meta table (indicator aggregates)');
          }
          const entry = await meta.get({ trans: req.trans, key: AGGREGATES_KEY });
          const aggs: StoredAggregates | undefined = entry ? structuredClone(entry.value as StoredAggregates) : undefined;
          // No aggregate yet: nothing to keep, and no need to read the stored versions.
          if (!aggs || Object.keys(aggs).length === 0) return table.mutate(req);
          if (req.type === 'deleteRange') {
            // A clear(): what it removes is unknown here, so every aggregate is rebuilt.
            await meta.mutate({ trans: req.trans, type: 'delete', keys: [AGGREGATES_KEY] });
            return table.mutate(req);
          }
          const keys: string[] = req.type === 'delete' ? req.keys : (req.keys ?? req.values.map((v: { id: string }) => v.id));
          const before = req.type === 'add' ? keys.map(() => undefined) : await table.getMany({ trans: req.trans, keys });
          const res = await table.mutate(req);
          const live = Object.values(aggs).map((agg) => ({ agg, c: compiled(agg.def) }));
          let changed = false;
          keys.forEach((_, i) => {
            if (res.failures[i]) return;
            changed = applyChange(live, before[i], req.type === 'delete' ? undefined : req.values[i]) || changed;
          });
          if (changed) await meta.mutate({ trans: req.trans, type: 'put', values: [{ key: AGGREGATES_KEY, value: aggs }] });
          return res;
        },
      };
    },
  }),
};

async function loadAggregates(db: PisoDatabase): Promise<StoredAggregates> {
  return ((await db.meta.get(AGGREGATES_KEY))?.value as StoredAggregates | undefined) ?? {};
}

const sameDef = (a: ComputedIndicatorDefinition, b: ComputedIndicatorDefinition) => canonicalJson(a) === canonicalJson(b);

/**
 * Makes sure each definition has an aggregate; a new or changed one starts empty, to
 * be filled by buildAggregates. Returns whether any needs building.
 */
export async function ensureAggregates(db: PisoDatabase, defs: readonly ComputedIndicatorDefinition[]): Promise<boolean> {
  return db.transaction('rw', db.meta, async () => {
    const aggs = await loadAggregates(db);
    let changed = false;
    for (const def of defs) {
      const agg = aggs[def.key];
      if (agg && sameDef(agg.def, def)) continue;
      aggs[def.key] = { def, cursor: '', done: false, state: emptyState() };
      changed = true;
    }
    if (changed) await db.meta.put({ key: AGGREGATES_KEY, value: aggs });
    return Object.values(aggs).some((a) => !a.done);
  });
}

export async function dropAggregate(db: PisoDatabase, key: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const aggs = await loadAggregates(db);
    delete aggs[key];
    await db.meta.put({ key: AGGREGATES_KEY, value: aggs });
  });
}

export interface BuildProgress {
  /** Responses read so far in this build. */
  read: number;
  done: boolean;
}

/**
 * Counts, chunk by chunk, the responses that unfinished aggregates have not counted yet.
 * Resumable: stopped half-way (tab closed), it goes on from each aggregate's cursor.
 * Run it in a worker (lib/indicators/worker.ts) so that reading stays off the page.
 */
export async function buildAggregates(
  db: PisoDatabase,
  { chunkSize = 1000, onProgress }: { chunkSize?: number; onProgress?: (p: BuildProgress) => void } = {},
): Promise<void> {
  let read = 0;
  for (;;) {
    const done = await db.transaction('rw', db.responses, db.meta, async () => {
      const aggs = await loadAggregates(db);
      const pending = Object.entries(aggs).filter(([, a]) => !a.done);
      if (pending.length === 0) return true;
      const from = pending.map(([, a]) => a.cursor).sort()[0];
      const chunk = (await db.responses.where(':id').above(from).limit(chunkSize).toArray()) as unknown as StoredResponse[];
      const last = chunk.length > 0 ? chunk[chunk.length - 1].id : from;
      for (const [key, agg] of pending) {
        const acc = createAccumulator(compiled(agg.def), agg.state);
        for (const response of chunk) if (response.id > agg.cursor) acc.add(response);
        const finished = chunk.length < chunkSize;
        aggs[key] = { ...agg, state: acc.state(), cursor: last > agg.cursor ? last : agg.cursor, done: finished };
      }
      await db.meta.put({ key: AGGREGATES_KEY, value: aggs });
      read += chunk.length;
      return chunk.length < chunkSize;
    });
    onProgress?.({ read, done });
    if (done) return;
  }
}

/** The indicator from its stored aggregate: one small read. Null while it is missing or being built. */
export async function readAggregate(
  db: PisoDatabase,
  def: ComputedIndicatorDefinition,
  levels?: GroupLevels,
): Promise<IndicatorResult | null> {
  const agg = (await loadAggregates(db))[def.key];
  if (!agg || !agg.done || !sameDef(agg.def, def)) return null;
  return createAccumulator(compiled(def), agg.state).result(levels);
}

/**
 * The indicators from every stored response, ignoring any aggregate: the check that an
 * aggregate is right, and the fallback for a one-off definition. Reads in chunks of
 * short read-only transactions; run it in a worker.
 */
export async function recomputeFromDatabase(
  db: PisoDatabase,
  defs: readonly ComputedIndicatorDefinition[],
  { chunkSize = 2000, levels = {} }: { chunkSize?: number; levels?: Record<string, GroupLevels> } = {},
): Promise<IndicatorResult[]> {
  const accs = defs.map((def) => createAccumulator(compiled(def)));
  let from = '';
  for (;;) {
    const chunk = (await db.responses.where(':id').above(from).limit(chunkSize).toArray()) as unknown as StoredResponse[];
    for (const response of chunk) for (const acc of accs) acc.add(response);
    if (chunk.length < chunkSize) break;
    from = chunk[chunk.length - 1].id;
  }
  return accs.map((acc) => acc.result(levels[acc.def.key]));
}
