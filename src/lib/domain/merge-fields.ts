// How each field of a record merges, declared as data. A field is either a plain value
// (last writer by clock wins, the clock in fieldHlc under the field's name), or a map
// field: a codec turns its value into entries by subkey and back, each entry merges on
// its own, and its clock is in fieldHlc under "<field>/<subkey>" (the field's own name
// then has no clock). A subkey with a clock but no entry was removed at that clock.

import type { Kind, ResponseEdit } from './types';
import { canonicalJson } from './canonical-json';
import { contentHash } from './content-hash';
import { buildAnswers, flattenAnswers } from './answer-paths';
import { buildPeriods, flattenPeriods } from './period-values';

export interface MapCodec {
  /** The value's entries by subkey; a missing or malformed value has none. */
  flatten(value: unknown): Map<string, unknown>;
  /** The value of a set of entries (flatten(build(e)) gives back e, less what build leaves out). */
  build(entries: ReadonlyMap<string, unknown>): unknown;
}

/** The id of a history entry saved before entries had ids: from its content, so every device derives the same. */
export const legacyEditId = (entry: Omit<ResponseEdit, 'id'>) => `h-${contentHash(canonicalJson(entry))}`;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A response's corrections: a set of entries by id (entries are never changed), in time order. */
const history: MapCodec = {
  flatten(value) {
    const out = new Map<string, unknown>();
    if (!Array.isArray(value)) return out;
    for (const entry of value as unknown[]) {
      if (!isObject(entry)) continue;
      out.set(typeof entry.id === 'string' ? entry.id : legacyEditId(entry as unknown as ResponseEdit), entry);
    }
    return out;
  },
  build(entries) {
    const at = (entry: unknown) => String((entry as ResponseEdit).at);
    return [...entries]
      .sort(([ka, a], [kb, b]) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0))
      .map(([, entry]) => entry);
  },
};

/** An entity's visits: a set of entries by id, like a response's history, oldest first. */
const visits: MapCodec = {
  flatten(value) {
    const out = new Map<string, unknown>();
    if (!Array.isArray(value)) return out;
    for (const entry of value as unknown[]) if (isObject(entry) && typeof entry.id === 'string') out.set(entry.id, entry);
    return out;
  },
  build: history.build,
};

/** An entity's properties: each property by its name. */
const properties: MapCodec = {
  flatten(value) {
    const out = new Map<string, unknown>();
    if (isObject(value)) for (const [name, entry] of Object.entries(value)) if (typeof entry === 'string') out.set(name, entry);
    return out;
  },
  build: (entries) => Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
};

const answers: MapCodec = { flatten: (value) => flattenAnswers(value), build: buildAnswers };
const periods: MapCodec = { flatten: flattenPeriods, build: buildPeriods };

/** The map fields of each kind; every other field is a plain value. */
export const MAP_FIELDS: Record<Kind, Readonly<Record<string, MapCodec>>> = {
  project: {},
  outcome: {},
  form: {},
  indicator: { periods },
  response: { answers, history },
  entity: { properties, visits },
};

export function mapCodec(kind: Kind, field: string): MapCodec | undefined {
  return Object.hasOwn(MAP_FIELDS[kind] ?? {}, field) ? MAP_FIELDS[kind][field] : undefined;
}

/** The fieldHlc key of one subkey's clock. */
export const subkeyClock = (field: string, subkey: string) => `${field}/${subkey}`;

/** The subkey clocks of every map field in `fieldHlc`, by field then subkey. */
export function subkeyClocks(fieldHlc: Record<string, string>): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const key of Object.keys(fieldHlc)) {
    const slash = key.indexOf('/');
    if (slash < 0) continue;
    const field = key.slice(0, slash);
    let clocks = out.get(field);
    if (!clocks) out.set(field, (clocks = new Map()));
    clocks.set(key.slice(slash + 1), fieldHlc[key]);
  }
  return out;
}
