// Stores records that come from elsewhere (a bundle, the server) by merging each with
// the local version, field by field, in one transaction: all or nothing.

import type { Table } from 'dexie';
import type { Envelope, Kind } from '../domain/types';
import { canonicalJson, mergeRecords, replicated } from '../domain/merge';
import { maxHlc, parseHlc } from '../domain/hlc';
import { ENVELOPE_FIELDS, LOCAL_FIELDS } from '../domain/types';
import { MAP_FIELDS } from '../domain/merge-fields';
import { database, type PisoDatabase } from './database';
import { farAheadCheck, observeStamp } from './clock';

export interface ApplyOptions {
  /**
   * The records are the server's own versions, carrying its revision in `serverRev`:
   * the result keeps that revision, and is dirty only if the local side adds to it.
   * Otherwise (a bundle) whatever the merge changes is dirty, to be synced later.
   */
  fromServer?: boolean;
  /** Count what would be added and updated without writing: the import preview. */
  dryRun?: boolean;
  /**
   * With fromServer: skip, as unchanged, a record whose serverRev the device already
   * holds (its own pushes coming back, a page pulled again).
   */
  skipKnownRevisions?: boolean;
}

export interface MergeSummary {
  added: number;
  updated: number;
  unchanged: number;
  /**
   * Records whose clock is too far ahead of this device's time to be followed (kept as
   * they came; see Hlc.receive); absent when none.
   */
  aheadOfClock?: number;
}

const sameReplica = (a: Envelope, b: Envelope) => canonicalJson(replicated(a)) === canonicalJson(replicated(b));

const LOCAL = new Set<string>(LOCAL_FIELDS);
const ENVELOPE = new Set<string>(ENVELOPE_FIELDS);

/** The record without this device's fields, then with these: one copy (a spread and deletes made two, and slower objects). */
function withLocal<T extends Envelope>(record: T, serverRev: string | undefined, dirty: 0 | 1): T {
  const fields = record as unknown as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) if (!LOCAL.has(key)) result[key] = fields[key];
  result.dirty = dirty;
  if (serverRev !== undefined) result.serverRev = serverRev;
  return result as unknown as T;
}

/**
 * The stored versions of `ids` (undefined where none), as bulkGet gives them. A get
 * costs as much for an id not stored as for one stored, so one read of the keys stored
 * between the least and the greatest id (at most one more than there are ids) says
 * first which are here: a batch of records new here (a fresh device's import) then
 * reads none. Where more keys lie between them, every id is read.
 */
async function storedVersions(table: Table<Envelope, string>, ids: readonly string[]): Promise<(Envelope | undefined)[]> {
  if (ids.length === 0) return [];
  let low = ids[0];
  let high = ids[0];
  for (const id of ids) {
    if (id < low) low = id;
    if (id > high) high = id;
  }
  const keys = (await table.where(':id').between(low, high, true, true).limit(ids.length + 1).primaryKeys()) as string[];
  if (keys.length > ids.length) return table.bulkGet(ids as string[]);
  const here = new Set(keys);
  const wanted = ids.filter((id) => here.has(id));
  if (wanted.length === 0) return ids.map(() => undefined);
  const found = await table.bulkGet(wanted);
  const byId = new Map(wanted.map((id, i) => [id, found[i]]));
  return ids.map((id) => byId.get(id));
}

/**
 * mergeRecords(record, record), the same object built the same way, without comparing
 * each field's canonical JSON with itself (in a self-merge every field's winner is the
 * record). `same`: the result's replicated content is that of the record, so that
 * sameReplica(result, record) holds without writing either as canonical JSON. Map fields
 * keep their value as it is (a device stores them built from their entries, see
 * Repository) and every subkey clock.
 */
export function selfMerged<T extends Envelope>(record: T): { merged: T; same: boolean } {
  const fields = record as unknown as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  const fieldHlc: Record<string, string> = {};
  let clocks = 0;
  let hlc: string | undefined;
  const mergeField = (field: string) => {
    const value = fields[field];
    if (value !== undefined) result[field] = value;
    const clock = record.fieldHlc[field];
    if (clock !== undefined) {
      fieldHlc[field] = clock;
      clocks++;
      hlc = maxHlc(hlc, clock);
    }
  };
  const codecs = MAP_FIELDS[record.kind] ?? {};
  for (const field of Object.keys(fields)) if (!ENVELOPE.has(field) && !Object.hasOwn(codecs, field)) mergeField(field);
  mergeField('deleted');
  for (const field of Object.keys(codecs)) if (fields[field] !== undefined) result[field] = fields[field];
  for (const [key, clock] of Object.entries(record.fieldHlc)) {
    const slash = key.indexOf('/');
    if (slash < 0 || !Object.hasOwn(codecs, key.slice(0, slash))) continue;
    fieldHlc[key] = clock;
    clocks++;
    hlc = maxHlc(hlc, clock);
  }
  hlc ??= record.hlc;
  for (const field of LOCAL_FIELDS) {
    const value = fields[field];
    if (value !== undefined) result[field] = value;
  }
  const deviceId = parseHlc(hlc).deviceId;
  const merged = {
    ...result,
    id: record.id,
    kind: record.kind,
    hlc,
    fieldHlc,
    deviceId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    deleted: result.deleted === true,
  } as unknown as T;
  const same =
    hlc === record.hlc &&
    deviceId === record.deviceId &&
    record.deleted === merged.deleted &&
    clocks === Object.keys(record.fieldHlc).length;
  return { merged, same };
}

/** What merging a batch with the stored records does, computed without writing. */
export interface MergePlan {
  summary: MergeSummary;
  /** The same, per kind. */
  kinds: Map<Kind, MergeSummary>;
  /** Per kind: records here and live that the merge turns into tombstones. */
  deletions: Map<Kind, number>;
  /** Per kind (in the order met), of the records read, the merged results that differ from what is stored. */
  writes: Map<Kind, Envelope[]>;
  /** The change number of the stored record each write was merged with (null: none was stored), in the same order. */
  baseSeqs: Map<Kind, (number | null)[]>;
  /** The latest clock received that the device's clock must move past (far-ahead ones left out). */
  latest?: string;
  maxAheadMs: number;
}

/**
 * Merges records with their stored versions, per field, and says what to store: call
 * inside a transaction over their tables and meta (read-only is enough). Where one id
 * comes twice, the second merges with the result of the first.
 */
export async function planMerge(records: readonly Envelope[], options: ApplyOptions, db: PisoDatabase): Promise<MergePlan> {
  const plan: MergePlan = {
    summary: { added: 0, updated: 0, unchanged: 0 },
    kinds: new Map(),
    deletions: new Map(),
    writes: new Map(),
    baseSeqs: new Map(),
    maxAheadMs: 0,
  };
  const clocks = await farAheadCheck(db);
  plan.maxAheadMs = clocks.maxAheadMs;
  // One read per kind (storedVersions): a get per record, each awaited, made a
  // 100,000-record import several times slower than writing the records.
  for (const kind of new Set(records.map((record) => record.kind))) {
    const table = db.recordTable<Envelope>(kind);
    const incoming = records.filter((record) => record.kind === kind);
    const stored = await storedVersions(table, incoming.map((record) => record.id));
    const current = new Map<string, Envelope>();
    const storedSeq = new Map<string, number | null>();
    for (const record of stored) {
      if (!record) continue;
      current.set(record.id, record);
      storedSeq.set(record.id, record.seq ?? null);
    }
    const writes = new Map<string, Envelope>();
    const summary: MergeSummary = { added: 0, updated: 0, unchanged: 0 };
    plan.kinds.set(kind, summary);
    let deleted = 0;
    for (const record of incoming) {
      const existing = current.get(record.id);
      if (existing && options.skipKnownRevisions && options.fromServer && record.serverRev !== undefined && existing.serverRev === record.serverRev) {
        summary.unchanged++;
        continue;
      }
      // A new record is merged with itself too: that derives hlc and deviceId from its
      // field clocks as a merge would, so that importing it again changes nothing.
      const self = existing ? undefined : selfMerged(record);
      const merged = self ? self.merged : mergeRecords(existing!, record);
      const changed = !existing || !sameReplica(merged, existing);
      summary[!existing ? 'added' : changed ? 'updated' : 'unchanged']++;
      if (existing && !existing.deleted && merged.deleted) deleted++;
      if (clocks.isFarAhead(record.hlc)) summary.aheadOfClock = (summary.aheadOfClock ?? 0) + 1;
      else plan.latest = maxHlc(plan.latest, record.hlc);
      if (options.dryRun) continue;

      const next = options.fromServer
        ? withLocal(merged, record.serverRev, self?.same || sameReplica(merged, record) ? 0 : 1)
        : withLocal(merged, existing?.serverRev, changed ? 1 : (existing?.dirty ?? 1));
      // Compared with its stored change number; the write renews it (change-seq.ts).
      if (existing?.seq !== undefined) next.seq = existing.seq;
      if (!existing || canonicalJson(next) !== canonicalJson(existing)) {
        writes.set(next.id, next);
        current.set(next.id, next);
      }
    }
    if (deleted > 0) plan.deletions.set(kind, deleted);
    plan.summary.added += summary.added;
    plan.summary.updated += summary.updated;
    plan.summary.unchanged += summary.unchanged;
    if (summary.aheadOfClock) plan.summary.aheadOfClock = (plan.summary.aheadOfClock ?? 0) + summary.aheadOfClock;
    if (writes.size > 0) {
      plan.writes.set(kind, [...writes.values()]);
      plan.baseSeqs.set(kind, [...writes.keys()].map((id) => storedSeq.get(id) ?? null));
    }
  }
  return plan;
}

/** Stores a plan's writes and moves the clock past what it received: call inside a 'rw' transaction over their tables and meta. */
export async function storePlan(plan: Pick<MergePlan, 'writes' | 'latest' | 'maxAheadMs'>, db: PisoDatabase): Promise<void> {
  for (const [kind, writes] of plan.writes) await db.recordTable<Envelope>(kind).bulkPut(writes);
  // Later local edits must win over what was just received, whatever the wall clock says.
  if (plan.latest !== undefined) await observeStamp(db, plan.latest, plan.maxAheadMs);
}

export async function applyMerged(
  records: readonly Envelope[],
  options: ApplyOptions = {},
  db: PisoDatabase = database(),
): Promise<MergeSummary> {
  const tables = [...new Set(records.map((record) => record.kind))].map((kind) => db.recordTable(kind));
  return db.transaction(options.dryRun ? 'r' : 'rw', [...tables, db.meta], async () => {
    const plan = await planMerge(records, options, db);
    if (!options.dryRun) await storePlan(plan, db);
    return plan.summary;
  });
}
