// Every record of a bundle is checked before anything is written: its envelope, the
// fields the app relies on for its kind, and the shape of everything else (no key that
// could reach an object's prototype, bounded strings and nesting). A record that passes
// is plain JSON data that the merge and the screens can use as it is; imported text is
// only ever rendered as text by the screens (Svelte escapes it), never as HTML.

import type { Envelope, Kind } from '../domain/types';
import { LOCAL_FIELDS } from '../domain/types';
import { parseHlc } from '../domain/hlc';
import { BundleError } from './errors';
import { KINDS } from './format';

export const LIMITS = {
  /** Characters in one string anywhere in a record. */
  string: 1_000_000,
  /** Characters in an id, a device id or an object key. */
  name: 200,
  /** Nesting of objects and arrays. */
  depth: 64,
} as const;

/** Own keys that would reach or replace an object's prototype when copied with `obj[key] = v`. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Stripped, not refused: they belong to the device that wrote the bundle. */
export const DEVICE_FIELDS = new Set<string>(LOCAL_FIELDS);
const CONTROL = /[\u0000-\u001f\u007f]/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

class Invalid extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function name(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > LIMITS.name || CONTROL.test(value)) {
    throw new Invalid(`${what}: not a valid name`);
  }
  return value;
}

function clock(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length > 30 + LIMITS.name) throw new Invalid(`${what}: not a clock`);
  try {
    const { time, deviceId } = parseHlc(value);
    if (!Number.isFinite(time) || CONTROL.test(deviceId)) throw new Invalid(`${what}: not a clock`);
  } catch {
    throw new Invalid(`${what}: not a clock`);
  }
  return value;
}

function isoTime(value: unknown, what: string): void {
  if (typeof value !== 'string' || !ISO_TIME.test(value)) throw new Invalid(`${what}: not an ISO time`);
}

/** Walks a JSON value: bounded depth and strings, and no prototype keys anywhere. */
function checkValue(value: unknown, path: string, depth: number): void {
  if (typeof value === 'string') {
    if (value.length > LIMITS.string) throw new Invalid(`${path}: string longer than ${LIMITS.string}`);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth > LIMITS.depth) throw new Invalid(`${path}: nested deeper than ${LIMITS.depth}`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkValue(value[i], path, depth + 1);
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw new Invalid(`${path}: forbidden key ${key}`);
    if (key.length > LIMITS.name) throw new Invalid(`${path}: key longer than ${LIMITS.name}`);
    checkValue((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
  }
}

type FieldCheck = (value: unknown) => boolean;
const str: FieldCheck = (v) => typeof v === 'string';
const strOrNull: FieldCheck = (v) => v === null || typeof v === 'string';
const obj: FieldCheck = isObject;
const arr: FieldCheck = Array.isArray;
const localized: FieldCheck = (v) => isObject(v) && Object.values(v).every((s) => typeof s === 'string');

/**
 * The fields each kind must have (the links scopes and screens follow), and the types
 * of the other known fields when present. Unknown fields are kept: a later app version
 * of the same format may add some, and the merge carries them.
 */
const REQUIRED: Record<Kind, Record<string, FieldCheck>> = {
  project: { code: str, title: localized },
  outcome: { projectId: str, code: str },
  indicator: { outcomeId: str },
  form: { formId: str, version: str, questions: arr, choices: obj },
  response: { formId: str, formVersion: str, answers: obj },
};
const OPTIONAL: Record<Kind, Record<string, FieldCheck>> = {
  project: { description: localized, country: str, status: str, partners: arr, sdgTargets: arr, links: arr },
  outcome: { title: localized, type: str },
  indicator: {},
  form: { title: localized, languages: arr, projectId: strOrNull },
  response: { projectId: strOrNull, status: (v) => v === 'draft' || v === 'finalized', history: arr, enumerator: str },
};

function checkRecord(raw: unknown): Envelope {
  if (!isObject(raw)) throw new Invalid('not an object');
  checkValue(raw, 'record', 0);
  const kind = raw.kind as Kind;
  if (!KINDS.includes(kind)) throw new Invalid('kind: unknown');
  name(raw.id, 'id');
  clock(raw.hlc, 'hlc');
  name(raw.deviceId, 'deviceId');
  isoTime(raw.createdAt, 'createdAt');
  isoTime(raw.updatedAt, 'updatedAt');
  if (typeof raw.deleted !== 'boolean') throw new Invalid('deleted: not a boolean');
  if (!isObject(raw.fieldHlc)) throw new Invalid('fieldHlc: not an object');
  for (const [field, value] of Object.entries(raw.fieldHlc)) clock(value, `fieldHlc.${field}`);

  for (const [field, check] of Object.entries(REQUIRED[kind])) {
    if (!check(raw[field])) throw new Invalid(`${field}: missing or of the wrong type`);
  }
  for (const [field, check] of Object.entries(OPTIONAL[kind])) {
    if (raw[field] !== undefined && !check(raw[field])) throw new Invalid(`${field}: of the wrong type`);
  }

  const record: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) if (!DEVICE_FIELDS.has(key)) record[key] = raw[key];
  return record as unknown as Envelope;
}

/** The record, checked, without the other device's local fields; 'bundle.invalidRecord' otherwise. */
export function validateRecord(raw: unknown, index: number): Envelope {
  try {
    return checkRecord(raw);
  } catch (e) {
    if (e instanceof Invalid) throw new BundleError('bundle.invalidRecord', { index, reason: e.message });
    throw e;
  }
}
