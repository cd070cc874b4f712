// What an edit form does when the record it edits changes underneath it (another tab,
// a sync, a bundle): a three-way merge of plain form values. `base` is the record as
// the form loaded it, `mine` what the user has on screen, `theirs` the record as it is
// now. What the user did not touch takes the new value; what only the user changed
// stays; what both changed differently keeps the user's value and is reported, so that
// the form can show the other one. Nothing here knows which record kind it edits.

import { canonicalJson } from './merge';
import { isFileAnswer } from './types';

/** Where a value sits in the form values: keys of objects and indexes of arrays. */
export type Path = readonly string[];

export interface Rebased<V> {
  /** The user's values moved onto `theirs`. */
  values: V;
  /** Leaves the user had not changed that took another value. */
  applied: Path[];
  /** Leaves both sides changed to different values: the user's value is kept. */
  conflicts: Path[];
}

type Plain = Record<string, unknown>;

/** Equal as data: key order and absent members (undefined) do not count. */
export const sameValue = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** An object whose members are values of their own; a file answer is one value (its hash, name and size go together). */
function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isFileAnswer(value);
}

/** Two values whose members can be compared one by one. */
function matching(a: unknown, b: unknown): 'object' | 'array' | null {
  if (isPlain(a) && isPlain(b)) return 'object';
  // Arrays of the same length are compared item by item (an edited period, an added
  // actual); a different length means items came or went, and the array is one value.
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return 'array';
  return null;
}

function memberKeys(...values: unknown[]): string[] {
  const keys = new Set<string>();
  for (const v of values) if (v && typeof v === 'object') for (const k of Object.keys(v)) keys.add(k);
  return [...keys];
}

const member = (value: unknown, key: string): unknown =>
  value && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Plain)[key] : undefined;

/** Every leaf where `a` and `b` differ. */
export function changedPaths(a: unknown, b: unknown, path: Path = []): Path[] {
  if (sameValue(a, b)) return [];
  const kind = matching(a, b);
  if (!kind) return [path];
  return memberKeys(a, b).flatMap((k) => changedPaths(member(a, k), member(b, k), [...path, k]));
}

function merge(base: unknown, mine: unknown, theirs: unknown, path: Path, out: Omit<Rebased<unknown>, 'values'>): unknown {
  if (sameValue(mine, theirs)) return mine;
  if (sameValue(base, mine)) {
    out.applied.push(...changedPaths(base, theirs, path));
    return theirs;
  }
  if (sameValue(base, theirs)) return mine;
  const kind = matching(mine, theirs);
  // A member both sides added (no base) is merged member by member too.
  if (kind && (base === undefined || matching(base, mine) === kind)) {
    const merged: unknown[] | Plain = kind === 'array' ? [] : {};
    for (const k of memberKeys(base, mine, theirs)) {
      const value = merge(member(base, k), member(mine, k), member(theirs, k), [...path, k], out);
      if (value !== undefined) (merged as Plain)[k] = value;
    }
    return merged;
  }
  out.conflicts.push(path);
  return mine;
}

export function rebase<V>(base: V, mine: V, theirs: V): Rebased<V> {
  const out = { applied: [] as Path[], conflicts: [] as Path[] };
  const values = merge(base, mine, theirs, [], out) as V;
  return { values, ...out };
}

export function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, key) => member(v, key), value);
}

/** A copy of `value` with `leaf` at `path` (the members on the way copied, not shared). */
export function withValueAt<V>(value: V, path: Path, leaf: unknown): V {
  if (path.length === 0) return leaf as V;
  const [key, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Plain) }) as Plain;
  const next = withValueAt(member(value, key), rest, leaf);
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  return copy as V;
}

/**
 * The stored fields the user changed: `before` and `after` are the record data made
 * from the form values as loaded and as on screen, through the same function, so a
 * field the user did not touch compares equal however that function normalizes it.
 */
export function changedFields<D extends object>(before: D, after: D): Partial<D> {
  const patch: Partial<D> = {};
  for (const key of memberKeys(before, after) as (keyof D & string)[]) {
    if (!sameValue(before[key], after[key])) patch[key] = after[key];
  }
  return patch;
}

export const pathKey = (path: Path): string => path.join('/');
