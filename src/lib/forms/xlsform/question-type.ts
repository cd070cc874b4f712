// The `type` column of the survey sheet, with the spellings pyxform 4.5 accepts
// (its question_type_dictionary.py and the select/begin/end patterns of xls2json.py).

import type { FieldQuestion } from '../../domain/types';

export type Container = 'group' | 'repeat' | 'loop';

export type SelectKind = 'select_one' | 'select_multiple' | 'rank';

export type ParsedType =
  | {
      kind: 'field';
      type: FieldQuestion['type'];
      /** The spelling pyxform's dictionary uses for it, to pick the parameters it takes. */
      base: string;
      /** Selects and rank: the list name (or file name) after the type. */
      listName?: string;
      orOther?: boolean;
      /** select_one_from_file / select_multiple_from_file. */
      fromFile?: boolean;
      /** select_one_external: the list is on the external_choices sheet. */
      external?: boolean;
    }
  | { kind: 'begin'; container: Container; listName?: string }
  | { kind: 'end'; container: Container }
  /** Types pyxform knows that are no question (osm, settings written as rows). */
  | { kind: 'unsupported'; type: string }
  | { kind: 'unknown'; type: string };

type Field = FieldQuestion['type'];

/** pyxform's dictionary, by the spelling of the type column, to Piso's types. */
const SIMPLE: Record<string, Field> = {
  text: 'text', string: 'text', 'q string': 'text', 'add text prompt': 'text',
  integer: 'integer', int: 'integer', 'q int': 'integer', 'add integer prompt': 'integer',
  percentage: 'integer', 'number of days in last month': 'integer',
  'number of days in last six months': 'integer', 'number of days in last year': 'integer',
  decimal: 'decimal', 'q decimal': 'decimal', 'add decimal prompt': 'decimal',
  range: 'range',
  date: 'date', 'q date': 'date', 'add date prompt': 'date',
  time: 'time',
  datetime: 'datetime', dateTime: 'datetime', 'date time': 'datetime', 'q date time': 'datetime',
  'q dateTime': 'datetime', 'add date time prompt': 'datetime', 'add dateTime prompt': 'datetime',
  geopoint: 'geopoint', gps: 'geopoint', location: 'geopoint', 'q geopoint': 'geopoint',
  'q location': 'geopoint', 'add location prompt': 'geopoint',
  geotrace: 'geotrace', 'q geotrace': 'geotrace',
  geoshape: 'geoshape', 'q geoshape': 'geoshape',
  barcode: 'barcode', 'q barcode': 'barcode', 'add barcode prompt': 'barcode',
  image: 'image', photo: 'image', 'q image': 'image', 'q picture': 'image', 'add image prompt': 'image',
  'add photo prompt': 'image',
  audio: 'audio', 'q audio': 'audio', 'add audio prompt': 'audio',
  video: 'video', 'q video': 'video', 'add video prompt': 'video',
  file: 'file', 'add file prompt': 'file',
  'background-audio': 'background-audio',
  note: 'note', 'q note': 'note', 'add note prompt': 'note',
  calculate: 'calculate', 'q calculate': 'calculate', 'add calculate prompt': 'calculate',
  hidden: 'hidden',
  acknowledge: 'acknowledge', 'q acknowledge': 'acknowledge', 'add acknowledge prompt': 'acknowledge',
  trigger: 'acknowledge',
  'xml-external': 'xml-external', 'csv-external': 'csv-external',
  'phone number': 'text',
  start: 'start', 'start time': 'start', 'get start time': 'start',
  end: 'end', 'end time': 'end', 'get end time': 'end',
  today: 'today', 'get today': 'today',
  deviceid: 'deviceid', 'device id': 'deviceid', 'get device id': 'deviceid', imei: 'deviceid',
  'uri:deviceid': 'deviceid',
  username: 'username', 'uri:username': 'username',
  phonenumber: 'phonenumber', 'get phone number': 'phonenumber', 'uri:phonenumber': 'phonenumber',
  email: 'email', 'uri:email': 'email',
  simserial: 'simserial', 'sim id': 'simserial', 'get sim id': 'simserial', 'uri:simserial': 'simserial',
  subscriberid: 'subscriberid', 'subscriber id': 'subscriberid', 'get subscriber id': 'subscriberid',
  'uri:subscriberid': 'subscriberid',
  audit: 'audit',
  'start-geopoint': 'start-geopoint',
  'background-geopoint': 'background-geopoint',
};

/** The select commands of pyxform's aliases.select, longest first so "select one from" wins. */
const SELECTS: [string, SelectKind, 'file' | 'external' | undefined][] = (
  [
    ['add select one prompt using', 'select_one', undefined],
    ['add select multiple prompt using', 'select_multiple', undefined],
    ['select all that apply from', 'select_multiple', undefined],
    ['select one from', 'select_one', undefined],
    ['select1', 'select_one', undefined],
    ['select_one', 'select_one', undefined],
    ['select one', 'select_one', undefined],
    ['select_multiple', 'select_multiple', undefined],
    ['select all that apply', 'select_multiple', undefined],
    ['select_one_external', 'select_one', 'external'],
    ['select_one_from_file', 'select_one', 'file'],
    ['select_multiple_from_file', 'select_multiple', 'file'],
    ['select one from file', 'select_one', 'file'],
    ['select multiple from file', 'select_multiple', 'file'],
    ['rank', 'rank', undefined],
  ] as [string, SelectKind, 'file' | 'external' | undefined][]
).sort((a, b) => b[0].length - a[0].length);

/** Types written as rows that are in fact settings (pyxform's settings_header aliases). */
const SETTING_TYPES = new Set(['form_title', 'set_form_title', 'form_id', 'set_form_id', 'prefix']);

const CONTROL = '(group|lgroup|repeat|loop|looped group)';
const BEGIN = new RegExp(`^begin(\\s|_)${CONTROL}( (over )?(\\S+))?$`);
const END = new RegExp(`^end(\\s|_)${CONTROL}$`);
const OR_OTHER = / (or specify other|or_other|or other)$/;

function container(word: string): Container {
  return word === 'group' ? 'group' : word === 'loop' ? 'loop' : 'repeat';
}

/** `raw` has had its whitespace collapsed, as pyxform does to the survey sheet. Case matters, as in pyxform. */
export function parseType(raw: string): ParsedType {
  const text = raw.trim().replace(/\s+/g, ' ');
  const end = END.exec(text);
  if (end) return { kind: 'end', container: container(end[2]) };
  const begin = BEGIN.exec(text);
  if (begin) return { kind: 'begin', container: container(begin[2]), listName: begin[5] };
  if (Object.hasOwn(SIMPLE, text)) return { kind: 'field', type: SIMPLE[text], base: text };
  if (SETTING_TYPES.has(text) || /^osm( \S+)?$/.test(text)) return { kind: 'unsupported', type: text.split(' ')[0] };
  for (const [command, type, source] of SELECTS) {
    if (!text.startsWith(`${command} `)) continue;
    const rest = text.slice(command.length + 1);
    const orOther = OR_OTHER.exec(` ${rest}`);
    const listName = orOther ? ` ${rest}`.slice(0, orOther.index).trim() : rest;
    // The list name is one word (pyxform: `(?P<list_name>\S+)`).
    if (!listName || /\s/.test(listName)) break;
    return {
      kind: 'field',
      type,
      base: command,
      listName,
      orOther: orOther !== null,
      fromFile: source === 'file',
      external: source === 'external',
    };
  }
  return { kind: 'unknown', type: text };
}
