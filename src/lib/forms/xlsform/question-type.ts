// The `type` column of the survey sheet, with the spellings pyxform accepts.

import type { FieldQuestion } from '../../domain/types';

export type Container = 'group' | 'repeat' | 'loop';

export type ParsedType =
  | { kind: 'field'; type: FieldQuestion['type']; listName?: string; orOther?: boolean }
  | { kind: 'begin'; container: Container }
  | { kind: 'end'; container: Container }
  /** An XLSForm type Piso does not support: skipped with a warning. */
  | { kind: 'unsupported'; type: string }
  | { kind: 'unknown'; type: string };

const SIMPLE: Record<string, FieldQuestion['type']> = {
  text: 'text',
  string: 'text',
  integer: 'integer',
  int: 'integer',
  decimal: 'decimal',
  date: 'date',
  time: 'time',
  datetime: 'datetime',
  geopoint: 'geopoint',
  gps: 'geopoint',
  location: 'geopoint',
  note: 'note',
  calculate: 'calculate',
  acknowledge: 'acknowledge',
  trigger: 'acknowledge',
  start: 'start',
  end: 'end',
  today: 'today',
  deviceid: 'deviceid',
  imei: 'deviceid',
  username: 'username',
};

const UNSUPPORTED = new Set([
  'range', 'image', 'photo', 'audio', 'video', 'file', 'barcode', 'geotrace', 'geoshape',
  'hidden', 'xml-external', 'csv-external', 'start-geopoint', 'background-audio', 'audit',
  'subscriberid', 'simserial', 'phonenumber', 'phone number', 'email', 'osm', 'include', 'rank',
  'select_one_from_file', 'select_multiple_from_file', 'select one from file',
  'select multiple from file', 'select_one_external', 'select one external',
]);

/** Select spellings, longest first so that "select one from" wins over "select one". */
const SELECTS: [string, 'select_one' | 'select_multiple'][] = (
  [
    ['select_one', 'select_one'],
    ['select one', 'select_one'],
    ['select1', 'select_one'],
    ['select one from', 'select_one'],
    ['add select one prompt using', 'select_one'],
    ['select_multiple', 'select_multiple'],
    ['select multiple', 'select_multiple'],
    ['select_many', 'select_multiple'],
    ['select many from', 'select_multiple'],
    ['select all that apply', 'select_multiple'],
    ['select all that apply from', 'select_multiple'],
    ['add select multiple prompt using', 'select_multiple'],
  ] as [string, 'select_one' | 'select_multiple'][]
).sort((a, b) => b[0].length - a[0].length);

const OR_OTHER = /\s+or(_| )(specify )?other$/i;

export function parseType(raw: string): ParsedType {
  const text = raw.trim().replace(/\s+/g, ' ');
  // pyxform accepts metadata as "uri:deviceid" too.
  const lower = text.toLowerCase().replace(/^uri:/, '');
  const block = /^(begin|end)[ _](group|repeat|loop)\b/.exec(lower);
  if (block) return { kind: block[1] === 'begin' ? 'begin' : 'end', container: block[2] as Container };
  if (SIMPLE[lower]) return { kind: 'field', type: SIMPLE[lower] };
  if (UNSUPPORTED.has(lower)) return { kind: 'unsupported', type: text };
  for (const unsupported of UNSUPPORTED) {
    if (lower.startsWith(`${unsupported} `)) return { kind: 'unsupported', type: unsupported };
  }
  for (const [prefix, type] of SELECTS) {
    if (lower === prefix || lower.startsWith(`${prefix} `)) {
      const rest = ` ${text.slice(prefix.length).trim()}`;
      const orOther = OR_OTHER.test(rest);
      const listName = rest.replace(OR_OTHER, '').trim();
      return { kind: 'field', type, listName, orOther };
    }
  }
  return { kind: 'unknown', type: text };
}
