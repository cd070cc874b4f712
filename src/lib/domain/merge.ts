// The one merge of two versions of a record, used by bundles and sync alike
// (DESIGN.md "Bundles", "Sync"). Per field, last writer by hybrid logical clock wins;
// equal clocks are broken by value so that every device picks the same winner.
// Being a per-field maximum over a total order, it is idempotent, commutative and
// associative: records may arrive in any order, any number of times.

import { ENVELOPE_FIELDS, LOCAL_FIELDS, type Envelope } from './types';
import { compareHlc, maxHlc, parseHlc } from './hlc';

const ENVELOPE = new Set<string>(ENVELOPE_FIELDS);

/**
 * JSON with object keys sorted at every level, so that equal values give equal text
 * (used to compare values and, by bundles, to hash records). Undefined object members
 * are left out, as JSON.stringify does.
 *
 * Fast path: a copy of the value whose objects hold their keys in sorted order, written
 * by the native JSON.stringify (several times faster than text built node by node). The
 * sorted key list of each object shape is remembered. What the copy could not reproduce
 * exactly (array-index keys, which objects always enumerate first; "__proto__"; holes in
 * arrays; functions and symbols) takes the reference writer below, `canonicalJsonSlow`.
 */
export function canonicalJson(value: unknown, omit?: ReadonlySet<string>): string {
  try {
    return JSON.stringify(sortedCopy(value, omit)) ?? 'null';
  } catch (e) {
    if (e !== UNUSUAL) throw e;
    if (!omit || value === null || typeof value !== 'object' || Array.isArray(value)) return canonicalJsonSlow(value);
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(value)) if (!omit.has(key)) kept[key] = (value as Record<string, unknown>)[key];
    return canonicalJsonSlow(kept);
  }
}

/** The reference canonical writer: the definition the fast path must match byte for byte. */
export function canonicalJsonSlow(value: unknown): string {
  if (value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') {
    return canonicalJsonSlow(value.toJSON());
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJsonSlow(item))).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJsonSlow((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const UNUSUAL = new Error('canonicalJson: not representable by a sorted copy');
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

interface Shape {
  keys: string[];
  sorted: string[];
  unusual: boolean;
}

/** Sorted key lists by first key; a few shapes each (records of a kind share theirs). */
const shapes = new Map<string, Shape[]>();
const MAX_SHAPES_PER_FIRST_KEY = 16;
const MAX_FIRST_KEYS = 4096;

function shapeOf(keys: string[]): Shape {
  const first = keys.length === 0 ? '' : keys[0];
  let list = shapes.get(first);
  if (list) {
    next: for (const shape of list) {
      const known = shape.keys;
      if (known.length !== keys.length) continue;
      for (let i = 0; i < known.length; i++) if (known[i] !== keys[i]) continue next;
      return shape;
    }
  } else {
    if (shapes.size >= MAX_FIRST_KEYS) shapes.clear();
    list = [];
    shapes.set(first, list);
  }
  const shape = { keys, sorted: [...keys].sort(), unusual: keys.some((key) => key === '__proto__' || ARRAY_INDEX.test(key)) };
  if (list.length < MAX_SHAPES_PER_FIRST_KEY) list.push(shape);
  return shape;
}

function sortedCopy(value: unknown, omit?: ReadonlySet<string>): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw UNUSUAL;
    return value;
  }
  if ('toJSON' in value && typeof value.toJSON === 'function') {
    if (omit) throw UNUSUAL;
    return sortedCopy(value.toJSON());
  }
  if (Array.isArray(value)) {
    const length = value.length;
    const out = new Array<unknown>(length);
    for (let i = 0; i < length; i++) {
      if (!(i in value)) throw UNUSUAL;
      out[i] = sortedCopy(value[i]);
    }
    return out;
  }
  const shape = shapeOf(Object.keys(value));
  if (shape.unusual) throw UNUSUAL;
  const out: Record<string, unknown> = {};
  for (const key of shape.sorted) {
    if (omit?.has(key)) continue;
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = sortedCopy(member);
  }
  return out;
}

/** The record without the fields that belong to one device only (serverRev, dirty). */
export function replicated<T extends Envelope>(record: T): Omit<T, (typeof LOCAL_FIELDS)[number]> {
  const copy = { ...record } as Record<string, unknown>;
  for (const field of LOCAL_FIELDS) delete copy[field];
  return copy as Omit<T, (typeof LOCAL_FIELDS)[number]>;
}

/** Names of the merged fields of a record: its data fields plus `deleted`. */
export function mergedFields(record: Envelope): string[] {
  return [...Object.keys(record).filter((key) => !ENVELOPE.has(key)), 'deleted'];
}

type Side = { present: boolean; clock: string | undefined; json: string };

function side(record: Envelope, field: string): Side {
  const value = (record as unknown as Record<string, unknown>)[field];
  return { present: value !== undefined, clock: record.fieldHlc[field], json: canonicalJson(value) };
}

/** Positive when side a wins: present beats missing, then later clock, then greater value. */
function compareSides(a: Side, b: Side): number {
  if (a.present !== b.present) return a.present ? 1 : -1;
  if (a.clock !== b.clock) {
    if (a.clock === undefined) return -1;
    if (b.clock === undefined) return 1;
    return compareHlc(a.clock, b.clock);
  }
  return a.json < b.json ? -1 : a.json > b.json ? 1 : 0;
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
  for (const field of fields) {
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
