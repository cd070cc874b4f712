import { dateStringToDays } from './dates';
import type { Item } from './types';

/** XPath's number syntax: optional minus, digits with optional fraction; no exponent, no '+'. */
const NUMERIC = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*$/;

/** True if `s` is a number by XPath's rules (so '' and 'abc' are not). */
export function looksNumeric(s: string): boolean {
  return NUMERIC.test(s);
}

/**
 * XPath number(): booleans are 1 and 0, strings parse or give NaN ('' too), a node-set
 * is its first value. As in ODK, a date ('YYYY-MM-DD') or date-time string is the
 * number of days since 1970-01-01, so `today() - ${dob}` counts days.
 */
export function toNumber(v: Item): number {
  switch (typeof v) {
    case 'number':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return stringToNumber(v);
    default:
      return v.length > 0 ? stringToNumber(v[0]) : NaN;
  }
}

function stringToNumber(s: string): number {
  if (s === '') return NaN;
  return NUMERIC.test(s) ? Number(s) : dateStringToDays(s);
}

/** XPath string(): numbers without a needless '.0' or exponent, a node-set its first value. */
export function toString(v: Item): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return numberToString(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return v.length > 0 ? v[0] : '';
  }
}

/** XPath boolean(): non-empty strings and node-sets, numbers other than 0 and NaN. */
export function toBoolean(v: Item): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0 && !Number.isNaN(v);
    default:
      return v.length > 0;
  }
}

function numberToString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === 0) return '0'; // also -0
  const s = String(n);
  const e = s.indexOf('e');
  if (e === -1) return s; // Infinity and -Infinity also arrive here, as XPath spells them
  // XPath never uses exponents: 1e21 is '1000000000000000000000', 1e-7 is '0.0000001'.
  if (Math.abs(n) >= 1) return BigInt(n).toString();
  const mantissa = s.slice(0, e);
  const dot = mantissa.indexOf('.');
  const decimals = (dot === -1 ? 0 : mantissa.length - dot - 1) - Number(s.slice(e + 1));
  return n.toFixed(Math.min(100, decimals));
}
