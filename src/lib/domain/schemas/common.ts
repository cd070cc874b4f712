// The pieces every record schema is built from: bounded strings, names, clocks, times,
// dates, text in several languages.

import * as v from 'valibot';
import { parseHlc } from '../hlc';
import { LIMITS } from './limits';

const CONTROL = /[\u0000-\u001f\u007f]/;
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a name holds a control character (Name refuses them). */
export const hasControl = (s: string): boolean => CONTROL.test(s);

/** Free text: an answer, a description, a note. */
export const Text = v.pipe(v.string(), v.maxLength(LIMITS.text));
/** A short single-line value: a code, a currency, a country, a file name. */
export const Short = v.pipe(v.string(), v.maxLength(LIMITS.name));
/** A non-empty short value with no control characters: an id, a device id, a question name. */
export const Name = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(LIMITS.name),
  v.check((s) => !hasControl(s)),
);
/** An XLSForm expression, as source text. */
export const Expression = Text;

/** The clock's own check (Clock), on text of the right length. */
export function clockParses(s: string): boolean {
  try {
    const { time, deviceId } = parseHlc(s);
    return Number.isFinite(time) && !hasControl(deviceId);
  } catch {
    return false;
  }
}

/** Characters in a clock: the time and counter (30 with the dashes), then the device id. */
export const CLOCK_MAX = 30 + LIMITS.name;

/** A hybrid logical clock as hlc.ts writes it. Far-future clocks are valid here: the clock guard handles them. */
export const Clock = v.pipe(v.string(), v.maxLength(CLOCK_MAX), v.check(clockParses));

export const IsoTime = v.pipe(v.string(), v.regex(ISO_TIME));
/** A calendar date; empty where a screen lets a date be left out. */
export const IsoDateOrEmpty = v.pipe(v.string(), v.check((s) => s === '' || ISO_DATE.test(s)));
export const IsoDate = v.pipe(v.string(), v.regex(ISO_DATE));

/** Text in several languages, by language code. */
export const Localized = v.record(Short, Text);

export const FiniteNumber = v.pipe(v.number(), v.finite());

/** Extra columns kept as written: short keys, text values. */
export const TextMap = v.record(Short, Text);
