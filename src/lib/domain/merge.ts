// The one merge of two versions of a record, used by bundles and sync alike
// (DESIGN.md "Bundles", "Sync"). Per field, or per entry of a map field (each answer,
// each correction, each indicator value: merge-fields.ts), last writer by hybrid logical
// clock wins; equal clocks are broken by value so that every device picks the same
// winner. Being a per-entry maximum over a total order, it is idempotent, commutative
// and associative: records may arrive in any order, any number of times.

import { ENVELOPE_FIELDS, LOCAL_FIELDS, type Envelope } from './types';
import { compareHlc, maxHlc, parseHlc } from './hlc';
import { canonicalJson } from './canonical-json';
import { MAP_FIELDS, subkeyClock, subkeyClocks, type MapCodec } from './merge-fields';

export { canonicalJson, canonicalJsonSlow } from './canonical-json';

const ENVELOPE = new Set<string>(ENVELOPE_FIELDS);

/** The record without the fields that belong to one device only (serverRev, dirty). */
export function replicated<T extends Envelope>(record: T): Omit<T, (typeof LOCAL_FIELDS)[number]> {
  const copy = { ...record } as Record<string, unknown>;
  for (const field of LOCAL_FIELDS) delete copy[field];
  return copy as Omit<T, (typeof LOCAL_FIELDS)[number]>;
}

/** Names of the merged fields of a record: its data fields, its kind's map fields, and `deleted`. */
export function mergedFields(record: Envelope): string[] {
  return [...Object.keys(record).filter((key) => !ENVELOPE.has(key)), ...Object.keys(MAP_FIELDS[record.kind] ?? {}), 'deleted'];
}

type Side = { present: boolean; clock: string | undefined; value: unknown };

function side(record: Envelope, field: string): Side {
  const value = (record as unknown as Record<string, unknown>)[field];
  return { present: value !== undefined, clock: record.fieldHlc[field], value };
}

/** Order of two values at equal clocks: by canonical JSON (the same value twice, as is usual, needs none). */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const x = canonicalJson(a);
  const y = canonicalJson(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Positive when side a wins: present beats missing, then later clock, then greater value. */
function compareSides(a: Side, b: Side): number {
  if (a.present !== b.present) return a.present ? 1 : -1;
  if (a.clock !== b.clock) {
    if (a.clock === undefined) return -1;
    if (b.clock === undefined) return 1;
    return compareHlc(a.clock, b.clock);
  }
  return compareValues(a.value, b.value);
}

/**
 * Merges two versions of one record. Pass the local record as `a`: the local-only
 * fields (serverRev, dirty) are copied from it unmerged, and the caller decides
 * whether the result is dirty and which server revision it carries.
 */
export function mergeRecords<T extends Envelope>(a: T, b: T): T {
  if (a.id !== b.id) throw new Error(`Cannot merge different records: ${a.id} and ${b.id}`);
  if (a.kind !== b.kind) throw new Error(`Record ${a.id} has two kinds: ${a.kind} and ${b.kind}`);

  const result: Record<string, unknown> = {};
  const fieldHlc: Record<string, string> = {};
  const fields = new Set([...mergedFields(a), ...mergedFields(b)]);
  const codecs = MAP_FIELDS[a.kind] ?? {};
  const aClocks = subkeyClocks(a.fieldHlc);
  const bClocks = subkeyClocks(b.fieldHlc);
  const none = new Map<string, string>();
  for (const field of fields) {
    if (Object.hasOwn(codecs, field)) {
      const value = (x: T) => (x as unknown as Record<string, unknown>)[field];
      const merged = mergeMap(codecs[field], value(a), aClocks.get(field) ?? none, value(b), bClocks.get(field) ?? none);
      if (merged.value !== undefined) result[field] = merged.value;
      for (const [subkey, clock] of merged.clocks) fieldHlc[subkeyClock(field, subkey)] = clock;
      continue;
    }
    const winner = compareSides(side(a, field), side(b, field)) >= 0 ? a : b;
    const value = (winner as unknown as Record<string, unknown>)[field];
    if (value !== undefined) result[field] = value;
    const clock = winner.fieldHlc[field];
    if (clock !== undefined) fieldHlc[field] = clock;
  }

  const hlc = Object.values(fieldHlc).reduce<string | undefined>(maxHlc, undefined) ?? maxHlc(a.hlc, b.hlc)!;
  for (const field of LOCAL_FIELDS) {
    const value = (a as unknown as Record<string, unknown>)[field];
    if (value !== undefined) result[field] = value;
  }
  return {
    ...result,
    id: a.id,
    kind: a.kind,
    hlc,
    fieldHlc,
    deviceId: parseHlc(hlc).deviceId,
    createdAt: a.createdAt < b.createdAt ? a.createdAt : b.createdAt,
    updatedAt: a.updatedAt > b.updatedAt ? a.updatedAt : b.updatedAt,
    deleted: result.deleted === true,
  } as unknown as T;
}

/**
 * One map field of two versions: per subkey, the later clock wins (a subkey with a clock
 * but no entry was removed then); at equal clocks an entry beats its absence, then the
 * greater canonical value wins. The field is absent only when both versions lack it.
 */
function mergeMap(
  codec: MapCodec,
  aValue: unknown,
  aClocks: ReadonlyMap<string, string>,
  bValue: unknown,
  bClocks: ReadonlyMap<string, string>,
): { value: unknown; clocks: Map<string, string> } {
  const aEntries = codec.flatten(aValue);
  const bEntries = codec.flatten(bValue);
  const entries = new Map<string, unknown>();
  const clocks = new Map<string, string>();
  const settle = (subkey: string) => {
    const aClock = aClocks.get(subkey);
    const bClock = bClocks.get(subkey);
    let aWins: boolean;
    if (aClock !== bClock) aWins = bClock === undefined || (aClock !== undefined && compareHlc(aClock, bClock) > 0);
    else if (aEntries.has(subkey) !== bEntries.has(subkey)) aWins = aEntries.has(subkey);
    else aWins = !aEntries.has(subkey) || compareValues(aEntries.get(subkey), bEntries.get(subkey)) >= 0;
    const [from, clock] = aWins ? [aEntries, aClock] : [bEntries, bClock];
    if (from.has(subkey)) entries.set(subkey, from.get(subkey));
    if (clock !== undefined) clocks.set(subkey, clock);
  };
  // Every subkey once: entries of a, then of b, then removals known only by their clock.
  for (const subkey of aEntries.keys()) settle(subkey);
  for (const subkey of bEntries.keys()) if (!aEntries.has(subkey)) settle(subkey);
  for (const subkey of aClocks.keys()) if (!aEntries.has(subkey) && !bEntries.has(subkey)) settle(subkey);
  for (const subkey of bClocks.keys()) if (!aEntries.has(subkey) && !bEntries.has(subkey) && !aClocks.has(subkey)) settle(subkey);
  const value = aValue === undefined && bValue === undefined ? undefined : codec.build(entries);
  return { value, clocks };
}
