import { looksNumeric } from './convert';
import type { Item, Row } from './types';

/**
 * Items of an instance by the value of one column, built once per items array and
 * column (the data source hands out the same array each time), so that
 * `item[name = ${v}]` and pulldata() over 50,000 items cost a lookup, not a scan.
 */
const indexes = new WeakMap<readonly Row[], Map<string, Map<string, number[]>>>();

/**
 * The key under which `=` finds a value: two strings are equal when they are the same
 * or are both numbers of the same value ('5' = '5.0'), so numbers share one key.
 */
function keyOf(s: string): string {
  return looksNumeric(s) ? `\u0000${Number(s)}` : s;
}

function indexOf(rows: readonly Row[], column: string): Map<string, number[]> {
  let byColumn = indexes.get(rows);
  if (!byColumn) indexes.set(rows, (byColumn = new Map()));
  let index = byColumn.get(column);
  if (!index) {
    index = new Map();
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i][column];
      if (v === undefined) continue;
      const key = keyOf(v);
      const list = index.get(key);
      if (list) list.push(i);
      else index.set(key, [i]);
    }
    byColumn.set(column, index);
  }
  return index;
}

const NONE: readonly number[] = [];

/**
 * The positions (0-based, ascending) of the items whose `column` equals `key` by
 * XPath's `=`, or null when the key is a number or boolean (XPath then converts the
 * column's values, which an index of strings cannot answer: the caller scans).
 */
export function lookup(rows: readonly Row[], column: string, key: Item): readonly number[] | null {
  if (typeof key === 'string') return indexOf(rows, column).get(keyOf(key)) ?? NONE;
  if (typeof key !== 'object') return null;
  // A node-set key matches an item if any of its values does.
  const index = indexOf(rows, column);
  const hits = new Set<number>();
  for (const v of key) for (const i of index.get(keyOf(v)) ?? NONE) hits.add(i);
  return [...hits].sort((a, b) => a - b);
}
