import { looksNumeric, toBoolean, toNumber } from './convert';
import type { Item, Value } from './types';

/**
 * XPath 1.0 `=` (or `!=` when `negate`). A node-set matches if any of its values does;
 * against a boolean the node-set counts as non-empty or not. Two strings that are both
 * numbers compare as numbers: answers are stored as strings, while ODK compares an
 * integer question's answer as a number ('15' = '15.0').
 */
export function equals(a: Item, b: Item, negate: boolean): boolean {
  if (typeof a === 'object') {
    if (typeof b === 'boolean') return (toBoolean(a) === b) !== negate;
    for (const x of a) if (equals(x, b, negate)) return true;
    return false;
  }
  if (typeof b === 'object') return equals(b, a, negate);
  return scalarEquals(a, b) !== negate;
}

function scalarEquals(a: Value, b: Value): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return toBoolean(a) === toBoolean(b);
  if (typeof a === 'number' || typeof b === 'number') return toNumber(a) === toNumber(b);
  if (a === b) return true;
  return looksNumeric(a) && looksNumeric(b) && Number(a) === Number(b);
}

export type RelationalOp = '<' | '<=' | '>' | '>=';

/**
 * XPath 1.0 `< <= > >=`: both sides as numbers (dates as days), so anything empty or
 * not numeric is false. A node-set matches if any of its values does.
 */
export function compare(op: RelationalOp, a: Item, b: Item): boolean {
  if (typeof a === 'object') {
    if (typeof b === 'boolean') return compare(op, toBoolean(a), b);
    for (const x of a) if (compare(op, x, b)) return true;
    return false;
  }
  if (typeof b === 'object') {
    if (typeof a === 'boolean') return compare(op, a, toBoolean(b));
    for (const y of b) if (compare(op, a, y)) return true;
    return false;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}
