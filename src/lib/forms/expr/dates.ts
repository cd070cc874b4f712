/**
 * Dates are strings, as answers are: 'YYYY-MM-DD' for a date and ISO 8601 for a
 * date-time ('2024-01-15T10:30:00.000-06:00'). As numbers they count days since
 * 1970-01-01: a date is a calendar day (UTC midnight, so differences are whole days),
 * a date-time an instant (fractional days).
 */

export const DAY_MS = 86_400_000;

const DATE = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/;
const DATE_TIME = /^\s*(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?\s*$/;

/** Wall-clock fields for format-date. `month` is 1-12, `weekday` 0 (Sunday) to 6. */
export interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday: number;
}

/** Days since the epoch of a date or date-time string; NaN for anything else. */
export function dateStringToDays(s: string): number {
  const day = calendarDay(s);
  if (!Number.isNaN(day)) return day;
  return instant(s) / DAY_MS;
}

/** The epoch day of 'YYYY-MM-DD' (validated: no 2023-02-30), else NaN. */
function calendarDay(s: string): number {
  const m = DATE.exec(s);
  if (!m) return NaN;
  return validUtc(+m[1], +m[2], +m[3]) / DAY_MS;
}

function validUtc(y: number, mo: number, d: number): number {
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : NaN;
}

/** Epoch milliseconds of a date-time; without an offset it is local time, as on the device. */
function instant(s: string): number {
  const m = DATE_TIME.exec(s);
  if (!m) return NaN;
  const [y, mo, d, h, mi] = [+m[1], +m[2], +m[3], +m[4], +m[5]];
  const sec = m[6] ? +m[6] : 0;
  const ms = m[7] ? Math.floor(+`0.${m[7]}` * 1000) : 0;
  if (Number.isNaN(validUtc(y, mo, d)) || h > 23 || mi > 59 || sec > 59) return NaN;
  const zone = m[8];
  if (!zone) return new Date(y, mo - 1, d, h, mi, sec, ms).getTime();
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMinutes(zone) * 60_000;
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

const TIME = /^\s*(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?\s*$/;

/**
 * The fraction of the local day of a time ('14:30:00.000-06:00', as ODK stores a time
 * answer) or a date-time; NaN for anything else. A time with an offset is moved to the
 * device's zone (on 1970-01-01, the day ODK gives a bare time).
 */
export function timeOfDay(s: string): number {
  const m = TIME.exec(s);
  let d: Date;
  if (m) {
    const [h, mi, sec] = [+m[1], +m[2], m[3] ? +m[3] : 0];
    if (h > 23 || mi > 59 || sec > 59) return NaN;
    const ms = m[4] ? Math.floor(+`0.${m[4]}` * 1000) : 0;
    if (!m[5]) return (((h * 60 + mi) * 60 + sec) * 1000 + ms) / DAY_MS;
    d = new Date(Date.UTC(1970, 0, 1, h, mi, sec, ms) - offsetMinutes(m[5]) * 60_000);
  } else {
    const t = instant(s);
    if (Number.isNaN(t)) return NaN;
    d = new Date(t);
  }
  return (((d.getHours() * 60 + d.getMinutes()) * 60 + d.getSeconds()) * 1000 + d.getMilliseconds()) / DAY_MS;
}

/** 'YYYY-MM-DD' of a date or date-time string (its own calendar day), else ''. */
export function datePart(s: string): string {
  const trimmed = s.trim();
  if (!Number.isNaN(calendarDay(trimmed))) return trimmed;
  return Number.isNaN(instant(trimmed)) ? '' : trimmed.slice(0, 10);
}

/** The calendar day `days` after 1970-01-01, as 'YYYY-MM-DD'. */
export function daysToDate(days: number): string {
  if (!Number.isFinite(days)) return '';
  return new Date(Math.floor(days) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Fields to format: a date as written, a date-time in the device's time zone (as ODK
 * Collect shows it), a number of days as a UTC calendar day and time.
 */
export function dateFields(v: string | number): DateFields | null {
  if (typeof v === 'number') return Number.isFinite(v) ? utcFields(new Date(v * DAY_MS)) : null;
  const day = calendarDay(v);
  if (!Number.isNaN(day)) return utcFields(new Date(day * DAY_MS));
  const t = instant(v);
  if (Number.isNaN(t)) return null;
  const d = new Date(t);
  return {
    year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(),
    hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds(), ms: d.getMilliseconds(),
    weekday: d.getDay(),
  };
}

function utcFields(d: Date): DateFields {
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), ms: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The device's calendar day, 'YYYY-MM-DD' (today()). */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** ISO 8601 with the device's offset, as ODK stores date-times (now()). */
export function localDateTime(d: Date): string {
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `.${pad(d.getMilliseconds(), 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
