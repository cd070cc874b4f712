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
 */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') {
    return canonicalJson(value.toJSON());
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
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
