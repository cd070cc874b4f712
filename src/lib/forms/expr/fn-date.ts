import { fn, num, str, type FnSpec } from './define';
import { looksNumeric, toString } from './convert';
import { dateFields, datePart, daysToDate, localDate, localDateTime, timeOfDay, type DateFields } from './dates';
import { evalItem } from './evaluate';
import type { EvalContext, Item } from './types';

const formatDate = fn(2, 2, (a, ctx) => {
  const v = evalItem(a[0], ctx);
  const s = typeof v === 'number' ? v : toString(v);
  // A stored calculation such as today() + 7 comes back as a string of days.
  const fields = dateFields(typeof s === 'string' && looksNumeric(s) ? Number(s) : s);
  return fields ? format(fields, str(a[1], ctx), ctx) : '';
});

export const DATE_FUNCTIONS: Record<string, FnSpec> = {
  today: fn(0, 0, (_a, ctx) => localDate(ctx.now())),
  now: fn(0, 0, (_a, ctx) => localDateTime(ctx.now())),
  // A date string from a number of days, a date or a date-time; '' if it is none of them.
  date: fn(1, 1, (a, ctx) => toDate(evalItem(a[0], ctx))),
  'decimal-date-time': fn(1, 1, (a, ctx) => num(a[0], ctx)),
  // The fraction of the day a time (or a date-time) is at, on the device's clock: noon is 0.5.
  'decimal-time': fn(1, 1, (a, ctx) => {
    const v = evalItem(a[0], ctx);
    if (typeof v === 'number') return v - Math.floor(v);
    return typeof v === 'boolean' ? NaN : timeOfDay(toString(v));
  }),
  'format-date': formatDate,
  'format-date-time': formatDate,
};

function toDate(v: Item): string {
  if (typeof v === 'number') return daysToDate(v);
  if (typeof v === 'boolean') return '';
  const s = toString(v);
  return looksNumeric(s) ? daysToDate(Number(s)) : datePart(s);
}

/** ODK's format codes; any other character, and an unknown %x, is copied as is. */
function format(f: DateFields, pattern: string, ctx: EvalContext): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c !== '%' || i + 1 === pattern.length) {
      out += c;
      continue;
    }
    const code = pattern[++i];
    switch (code) {
      case 'Y': out += pad(f.year, 4); break;
      case 'y': out += pad(f.year % 100, 2); break;
      case 'm': out += pad(f.month, 2); break;
      case 'n': out += f.month; break;
      case 'b': out += names(ctx).months[f.month - 1]; break;
      case 'd': out += pad(f.day, 2); break;
      case 'e': out += f.day; break;
      case 'H': out += pad(f.hour, 2); break;
      case 'h': out += f.hour; break;
      case 'M': out += pad(f.minute, 2); break;
      case 'S': out += pad(f.second, 2); break;
      case '3': out += pad(f.ms, 3); break;
      case 'a': out += names(ctx).weekdays[f.weekday]; break;
      default: out += c + code;
    }
  }
  return out;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

interface Names {
  months: string[];
  weekdays: string[];
}

/** Short month and weekday names per language, built once: Intl formatters are costly. */
const namesByLocale = new Map<string, Names>();

function names(ctx: EvalContext): Names {
  const locale = ctx.locale?.() ?? 'en';
  let n = namesByLocale.get(locale);
  if (!n) {
    const month = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
    const weekday = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
    n = {
      months: Array.from({ length: 12 }, (_, i) => month.format(Date.UTC(2001, i, 1))),
      // 2001-01-07 was a Sunday.
      weekdays: Array.from({ length: 7 }, (_, i) => weekday.format(Date.UTC(2001, 0, 7 + i))),
    };
    namesByLocale.set(locale, n);
  }
  return n;
}
