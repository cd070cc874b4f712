// Intl formatting in the interface language. Pure functions of (value, language).
import type { LocalizedText, Money } from '../domain/types';

/** Dates are stored as ISO 'YYYY-MM-DD'; shown in UTC so a day never shifts. */
export function formatDate(iso: string | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** One formatter per language: making one costs more than formatting (a list shows many dates at once). */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(iso: string | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let format = dateTimeFormats.get(lang);
  if (!format) dateTimeFormats.set(lang, (format = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' })));
  return format.format(d);
}

export function formatMoney(money: Money | null | undefined, lang: string): string {
  if (!money) return '';
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency: money.currency, maximumFractionDigits: 0 }).format(
      money.amount,
    );
  } catch {
    // An unknown currency code still shows its amount.
    return `${new Intl.NumberFormat(lang).format(money.amount)} ${money.currency}`;
  }
}

/** One formatter per language and options, as for dates: making one costs far more than formatting. */
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, lang: string, options?: Intl.NumberFormatOptions): string {
  const key = options ? `${lang}\n${JSON.stringify(options)}` : lang;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(lang, options)));
  return format.format(value);
}

export function formatBytes(bytes: number, lang: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(lang, { style: 'unit', unit: units[unit], maximumFractionDigits: 1 }).format(value);
}

export function countryName(code: string, lang: string): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

export function languageName(code: string, lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export interface PickedText {
  text: string;
  /** The language the text is in; differs from the asked one when it fell back. */
  lang: string;
  fallback: boolean;
}

/** Text in the asked language, else in the first of `order`, else any: never silently empty. */
export function pickText(
  text: LocalizedText | undefined,
  lang: string,
  order: readonly string[] = ['es', 'en', 'fr'],
): PickedText {
  const value = text?.[lang]?.trim();
  if (value) return { text: value, lang, fallback: false };
  for (const other of [...order, ...Object.keys(text ?? {})]) {
    const v = text?.[other]?.trim();
    if (v) return { text: v, lang: other, fallback: true };
  }
  return { text: '', lang, fallback: false };
}
