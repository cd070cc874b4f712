// Canonical JSON: equal values give equal text, to compare values and to hash records.

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
