// A hand check of the record that arrives most, a well-formed survey response, in front
// of ResponseSchema: valibot is thorough but slow per record (a third of a bundle
// import's reading went to it). It answers only "certainly valid" (true) or "not sure"
// (false); when not sure, the schema decides and names what is wrong. So it must never
// accept what the schema refuses: each test below mirrors one entry of response.ts and
// may be stricter (an array where the schema's object would take one, say), never
// looser. tests/unit/bundle-import-fast-check.test.ts runs both over hostile records.

import { isSha256Hex } from '../file-hash';
import { CLOCK_MAX, clockParses, hasControl, ISO_TIME } from './common';
import { LIMITS } from './limits';

type Fields = Record<string, unknown>;

const isPlain = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown, max: number): boolean => typeof value === 'string' && value.length <= max;
const name = (value: unknown): boolean => typeof value === 'string' && value.length >= 1 && value.length <= LIMITS.name && !hasControl(value);
const isoTime = (value: unknown): boolean => typeof value === 'string' && ISO_TIME.test(value);
const inRange = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;

/** Every item passes; a hole (possible in a record read from IndexedDB) counts as undefined, as the schema reads it. */
function all(list: readonly unknown[], test: (item: unknown) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (!test(list[i])) return false;
  return true;
}

/** FileAnswerSchema. */
function fileAnswer(value: Fields): boolean {
  const size = value.size;
  return (
    isSha256Hex(value.hash) &&
    name(value.name) &&
    text(value.type, LIMITS.name) &&
    typeof size === 'number' &&
    Number.isInteger(size) &&
    size >= 0 &&
    size <= Number.MAX_SAFE_INTEGER
  );
}

/** AnswerValue: text, repeat instances, or a file. */
function answer(value: unknown): boolean {
  if (typeof value === 'string') return value.length <= LIMITS.string;
  if (Array.isArray(value)) return all(value, answers);
  return isPlain(value) && fileAnswer(value);
}

/** Answers: a record of answers by question name. */
function answers(value: unknown): boolean {
  if (!isPlain(value)) return false;
  for (const key of Object.keys(value)) if (key.length > LIMITS.text || !answer(value[key])) return false;
  return true;
}

/** Edit, one entry of the correction history. */
function edit(value: unknown): boolean {
  return (
    isPlain(value) &&
    (value.id === undefined || name(value.id)) &&
    isoTime(value.at) &&
    text(value.by, LIMITS.text) &&
    text(value.question, LIMITS.text) &&
    (value.oldValue === null || answer(value.oldValue)) &&
    (value.newValue === null || answer(value.newValue))
  );
}

function location(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  return (
    isPlain(value) &&
    inRange(value.latitude, -90, 90) &&
    inRange(value.longitude, -180, 180) &&
    (value.accuracy === undefined || inRange(value.accuracy, 0, Number.POSITIVE_INFINITY))
  );
}

/**
 * Whether `record` (a plain object that passed the safe-JSON walk) certainly passes
 * ResponseSchema. A record's field clocks are mostly one clock: each distinct text is
 * parsed once.
 */
export function certainlyValidResponse(record: Fields): boolean {
  let checked: string | undefined;
  const clock = (value: unknown): boolean => {
    if (value === checked) return true;
    if (typeof value !== 'string' || value.length > CLOCK_MAX || !clockParses(value)) return false;
    checked = value;
    return true;
  };
  if (record.kind !== 'response' || !name(record.id) || !clock(record.hlc) || !name(record.deviceId)) return false;
  if (!isoTime(record.createdAt) || !isoTime(record.updatedAt) || typeof record.deleted !== 'boolean') return false;
  const fieldHlc = record.fieldHlc;
  if (!isPlain(fieldHlc)) return false;
  for (const key of Object.keys(fieldHlc)) if (key.length < 1 || key.length > LIMITS.key || !clock(fieldHlc[key])) return false;
  const { projectId, status, finalizedAt, history } = record;
  return (
    name(record.formId) &&
    text(record.formVersion, LIMITS.name) &&
    (projectId === undefined || projectId === null || name(projectId)) &&
    (status === undefined || status === 'draft' || status === 'finalized') &&
    answers(record.answers) &&
    (record.startedAt === undefined || isoTime(record.startedAt)) &&
    (finalizedAt === undefined || finalizedAt === null || isoTime(finalizedAt)) &&
    (record.enumerator === undefined || text(record.enumerator, LIMITS.text)) &&
    (record.device === undefined || text(record.device, LIMITS.name)) &&
    location(record.location) &&
    (history === undefined || (Array.isArray(history) && all(history, edit))) &&
    (record.cursor === undefined || text(record.cursor, LIMITS.text))
  );
}
