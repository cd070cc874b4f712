// Intl formatting in the interface language. Pure functions of (value, language).
import type { LocalizedText, Money } from '../domain/types';

/** One formatter per language: making one costs more than formatting (a list shows many dates at once). */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Dates are stored as ISO 'YYYY-MM-DD'; shown in UTC so a day never shifts. */
export function formatDate(iso: string | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  let format = dateFormats.get(lang);
  if (!format) dateFormats.set(lang, (format = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' })));
  return format.format(d);
}

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

/** One per language, as for dates: the projects list names each project's country twice (search and card). */
const regionNames = new Map<string, Intl.DisplayNames>();

export function countryName(code: string, lang: string): string {
  if (!code) return '';
  try {
    let names = regionNames.get(lang);
    if (!names) regionNames.set(lang, (names = new Intl.DisplayNames([lang], { type: 'region' })));
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/**
 * Each interface language in itself, as Intl.DisplayNames names it. The header's
 * language menu shows all three on the first screen: asking Intl loads ICU's language
 * names of three locales, the largest part of the first screen's script at 4x CPU (issue 13.4).
 */
const OWN_NAMES: Readonly<Record<string, string>> = { es: 'español', en: 'English', fr: 'français' };

export function languageName(code: string, lang: string): string {
  if (code === lang && OWN_NAMES[code]) return OWN_NAMES[code];
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
