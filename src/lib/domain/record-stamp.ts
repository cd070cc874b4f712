// Which clocks a write sets (DESIGN.md "Data model"): a plain field gets the write's clock
// when its value changes; a map field (merge-fields.ts) only on the entries that changed
// or went, so that a merge keeps what another device changed meanwhile. Map fields are
// stored as built from their entries. Pure: lib/db's Repository applies it.

import type { Kind } from './types';
import { canonicalJson } from './canonical-json';
import { mapCodec, subkeyClock } from './merge-fields';

/** A new record's data and its clocks, every field (every map entry) under `stamp`, and `deleted`. */
export function stampNew(kind: Kind, entries: [string, unknown][], stamp: string): { fields: Record<string, unknown>; fieldHlc: Record<string, string> } {
  const fields: Record<string, unknown> = {};
  const fieldHlc: Record<string, string> = { deleted: stamp };
  for (const [key, value] of entries) {
    const codec = mapCodec(kind, key);
    if (!codec) {
      fields[key] = value;
      fieldHlc[key] = stamp;
      continue;
    }
    const map = codec.flatten(value);
    fields[key] = codec.build(map);
    for (const subkey of map.keys()) fieldHlc[subkeyClock(key, subkey)] = stamp;
  }
  return { fields, fieldHlc };
}

/** What a change of `entries` writes over `current`: the new values, and the fieldHlc keys that get its clock (none: nothing changes). */
export function changeOf(kind: Kind, current: Record<string, unknown>, entries: [string, unknown][]): { values: Record<string, unknown>; clocked: string[] } {
  const values: Record<string, unknown> = {};
  const clocked: string[] = [];
  for (const [key, value] of entries) {
    const codec = mapCodec(kind, key);
    if (!codec) {
      if (canonicalJson(current[key]) === canonicalJson(value)) continue;
      values[key] = value;
      clocked.push(key);
      continue;
    }
    const before = codec.flatten(current[key]);
    const after = codec.flatten(value);
    const changed: string[] = [];
    for (const [subkey, entry] of after) {
      if (!before.has(subkey) || canonicalJson(before.get(subkey)) !== canonicalJson(entry)) changed.push(subkey);
    }
    for (const subkey of before.keys()) if (!after.has(subkey)) changed.push(subkey);
    if (changed.length === 0) continue;
    values[key] = codec.build(after);
    clocked.push(...changed.map((subkey) => subkeyClock(key, subkey)));
  }
  return { values, clocked };
}

/**
 * A map field as a screen edited it, carried onto the field as it is now: the entries
 * the screen changed from `base` (what it loaded) take their edited value or go; every
 * other entry stays as it is now, so that what another tab, a sync or a bundle changed
 * meanwhile is not written back to what the screen loaded.
 */
export function rebaseEntries(kind: Kind, field: string, base: unknown, edited: unknown, current: unknown): unknown {
  const codec = mapCodec(kind, field);
  if (!codec) throw new Error(`${kind}.${field} is not a map field`);
  const before = codec.flatten(base);
  const after = codec.flatten(edited);
  const out = codec.flatten(current);
  for (const subkey of new Set([...before.keys(), ...after.keys()])) {
    if (canonicalJson(before.get(subkey)) === canonicalJson(after.get(subkey))) continue;
    if (after.has(subkey)) out.set(subkey, after.get(subkey));
    else out.delete(subkey);
  }
  return codec.build(out);
}
