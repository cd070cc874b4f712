// A sheet read as an XLSForm table: its first row names the columns, and a header
// such as `label::Español (es)` splits into a column kind and a language.

import type { LocalizedText } from '../../domain/types';
import type { Issues, Place } from './issues';
import { columnLetter, type Sheet, type SheetRow } from './workbook';

/** Stands for "the form's default language" until settings tell which one that is. */
export const DEFAULT_LANG = '\u0000default';

export interface Language {
  code: string;
  /** As the header wrote it, e.g. "Español" for `label::Español (es)`. */
  name: string;
}

export interface Column {
  index: number;
  letter: string;
  /** The header as written, trimmed. */
  header: string;
  /** Lower-case kind with aliases resolved, e.g. 'constraint_message'. */
  base: string;
  /** Language of a translatable column; DEFAULT_LANG when the header names none. */
  lang?: string;
}

export interface Table {
  sheet: string;
  headerRow: number;
  columns: Column[];
  rows: SheetRow[];
}

/** Columns whose text is per language. */
const TRANSLATABLE = new Set(['label', 'hint', 'constraint_message', 'required_message', 'guidance_hint']);
/** Media columns are per language too, but Piso shows no media. */
export const MEDIA = new Set(['image', 'big-image', 'audio', 'video', 'media']);

const ALIASES: Record<string, string> = {
  'jr:count': 'repeat_count',
  readonly: 'read_only',
  'jr:constraintmsg': 'constraint_message',
  constraintmsg: 'constraint_message',
  'jr:requiredmsg': 'required_message',
  requiredmsg: 'required_message',
  id_string: 'form_id',
  title: 'form_title',
};

function normalize(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, '_');
}

/** Language code from "Name (code)", else the name; codes compare lower-case. */
export function parseLanguage(text: string): Language {
  const m = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(text.trim());
  const name = (m ? m[1] : text).trim();
  const code = (m ? m[2] : text).trim();
  return { code: /^[a-z]{2,3}([-_][a-z0-9]+)*$/i.test(code) ? code.toLowerCase() : code, name: name || code };
}

/**
 * Reads the header row. Like pyxform, `::` separates kind and language when any header
 * uses it, else a single `:` does (older forms write `label:English`).
 */
export function readTable(sheet: Sheet, issues: Issues, languages: Language[]): Table {
  const [head, ...rows] = sheet.rows;
  const headers = head ? head.cells.map((h) => h.trim()) : [];
  const doubleColon = headers.some((h) => h.includes('::'));
  const columns: Column[] = [];
  const seen = new Map<string, Column>();
  headers.forEach((header, index) => {
    const letter = columnLetter(index);
    const place: Place = { sheet: sheet.name, row: head.number, column: letter, header };
    if (!header) {
      if (rows.some((r) => (r.cells[index] ?? '').trim())) issues.warn('xlsform.unnamedColumn', place);
      return;
    }
    const column = parseHeader(header, index, doubleColon);
    if (column.lang && column.lang !== DEFAULT_LANG) {
      const lang = parseLanguage(column.lang);
      column.lang = lang.code;
      if (!languages.some((l) => l.code === lang.code)) languages.push(lang);
    }
    const key = `${column.base}::${column.lang ?? ''}`;
    const first = seen.get(key);
    if (first) {
      issues.error('xlsform.duplicateColumn', place, { first: first.letter });
      return;
    }
    seen.set(key, column);
    columns.push(column);
  });
  return { sheet: sheet.name, headerRow: head?.number ?? 1, columns, rows };
}

function parseHeader(header: string, index: number, doubleColon: boolean): Column {
  const letter = columnLetter(index);
  const whole = normalize(header);
  if (ALIASES[whole]) return { index, letter, header, base: ALIASES[whole] };
  const sep = doubleColon ? '::' : ':';
  const at = header.indexOf(sep);
  const kind = normalize(at < 0 ? header : header.slice(0, at));
  const base = ALIASES[kind] ?? kind;
  if (!TRANSLATABLE.has(base) && !MEDIA.has(base)) return { index, letter, header, base: whole };
  const rest = at < 0 ? '' : header.slice(at + sep.length);
  // media::image::English: the kind of media comes before the language.
  const lang = base === 'media' ? rest.split(sep).slice(1).join(sep) : rest;
  return { index, letter, header, base, lang: lang.trim() ? lang.trim() : DEFAULT_LANG };
}

export function cell(row: SheetRow, column: Column | undefined): string {
  return column ? (row.cells[column.index] ?? '').trim() : '';
}

/** A translatable column's texts in one row, by language code. */
export function localizedCell(row: SheetRow, table: Table, base: string, defaultLanguage: string): LocalizedText | undefined {
  const out: LocalizedText = {};
  // Explicit languages first: a plain `label` only fills the default language when no
  // `label::<default>` column does.
  const columns = table.columns.filter((c) => c.base === base && c.lang !== undefined);
  columns.sort((a, b) => Number(a.lang === DEFAULT_LANG) - Number(b.lang === DEFAULT_LANG));
  for (const c of columns) {
    const lang = c.lang === DEFAULT_LANG ? defaultLanguage : c.lang!;
    const value = cell(row, c);
    if (value && !(lang in out)) out[lang] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

export function placeOf(table: Table, row: SheetRow, column?: Column): Place {
  return column
    ? { sheet: table.sheet, row: row.number, column: column.letter, header: column.header }
    : { sheet: table.sheet, row: row.number };
}

/** Closest known name within two edits, to suggest for a misspelt sheet or column. */
export function suggest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(word, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
