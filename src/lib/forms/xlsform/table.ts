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
  /** base 'media': which medium (image, big-image, audio, video). */
  media?: string;
  /** base 'attribute': the custom XForm attribute, e.g. 'bind::odk:length'. */
  attribute?: string;
}

export interface Table {
  sheet: string;
  headerRow: number;
  columns: Column[];
  rows: SheetRow[];
}

/** Columns whose text is per language. */
const TRANSLATABLE = new Set(['label', 'hint', 'constraint_message', 'required_message', 'guidance_hint']);
/** Media columns are per language too: file names of the form's attachments. */
export const MEDIA = new Set(['image', 'big-image', 'audio', 'video']);

/** Whole-header and first-word aliases of pyxform (aliases.py survey_header, list_header, settings_header). */
const ALIASES: Record<string, string> = {
  'jr:count': 'repeat_count',
  count: 'repeat_count',
  readonly: 'read_only',
  relevance: 'relevant',
  calculate: 'calculation',
  constraining_message: 'constraint_message',
  'jr:constraintmsg': 'constraint_message',
  constraintmsg: 'constraint_message',
  'jr:requiredmsg': 'required_message',
  requiredmsg: 'required_message',
  caption: 'label',
  command: 'type',
  tag: 'name',
  value: 'name',
  'list name': 'list_name',
  id_string: 'form_id',
  set_form_id: 'form_id',
  title: 'form_title',
  set_form_title: 'form_title',
};

/** `bind::x`, `body::x` (or `control::x`) headers that are XLSForm columns under another name. */
const PREFIXED: Record<string, string> = {
  'bind::relevant': 'relevant',
  'bind::calculate': 'calculation',
  'bind::constraint': 'constraint',
  'bind::required': 'required',
  'bind::readonly': 'read_only',
  'bind::jr:constraintmsg': 'constraint_message',
  'bind::jr:requiredmsg': 'required_message',
  'control::appearance': 'appearance',
  'control::jr:count': 'repeat_count',
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

/** Curly quotes that spreadsheet programs type, as pyxform's clean_text_values replaces them. */
const SMART_QUOTES: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"' };

/** A sheet with curly quotes made plain in every cell, before anything reads it. */
export function cleanSheet(sheet: Sheet): Sheet {
  const curly = /[\u2018\u2019\u201c\u201d]/;
  const clean = (t: string) => (curly.test(t) ? t.replace(/[\u2018\u2019\u201c\u201d]/g, (q) => SMART_QUOTES[q]) : t);
  // Rows without curly quotes (nearly all) are kept as they are.
  return { name: sheet.name, rows: sheet.rows.map((r) => (r.cells.some((t) => curly.test(t)) ? { number: r.number, cells: r.cells.map(clean) } : r)) };
}

/**
 * Reads the header row. Like pyxform, `::` separates kind and language when any header
 * uses it, else a single `:` does (older forms write `label:English`, `bind:jr:constraintMsg`).
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
    const key = `${column.base}::${column.media ?? column.attribute ?? ''}::${column.lang ?? ''}`;
    const first = seen.get(key);
    if (first && column.base === 'form_id') {
      // form_id and its older name id_string both: pyxform keeps form_id, and so does Piso.
      if (normalize(header) === 'form_id') columns.splice(columns.indexOf(first), 1, column), seen.set(key, column);
      issues.warn('xlsform.formIdTwice', place);
      return;
    }
    if (first) {
      issues.error('xlsform.duplicateColumn', place, { first: first.letter });
      return;
    }
    seen.set(key, column);
    columns.push(column);
  });
  return { sheet: sheet.name, headerRow: head?.number ?? 1, columns, rows };
}

/** A header split as pyxform's process_header does: `jr` joins the word after it. */
function tokens(header: string, doubleColon: boolean): string[] {
  if (doubleColon || header.includes('::')) return header.split('::').map((t) => t.trim());
  const parts = header.split(':').map((t) => t.trim());
  const jr = parts.indexOf('jr');
  if (jr >= 0 && jr + 1 < parts.length) parts.splice(jr, 2, `jr:${parts[jr + 1]}`);
  return parts;
}

function parseHeader(header: string, index: number, doubleColon: boolean): Column {
  const letter = columnLetter(index);
  const whole = normalize(header);
  if (ALIASES[whole]) {
    const base = ALIASES[whole];
    return TRANSLATABLE.has(base) ? { index, letter, header, base, lang: DEFAULT_LANG } : { index, letter, header, base };
  }
  const parts = tokens(header, doubleColon);
  let kind = normalize(parts[0]);
  kind = kind === 'body' ? 'control' : (ALIASES[kind] ?? kind);
  let rest = parts.slice(1);
  if ((kind === 'bind' || kind === 'control') && rest.length) {
    const mapped = PREFIXED[`${kind}::${rest[0].toLowerCase()}`];
    if (mapped) [kind, rest] = [mapped, rest.slice(1)];
  }
  if (kind === 'bind' || kind === 'control' || kind === 'instance') {
    // A custom attribute pyxform writes into the XForm: kept by its header.
    return { index, letter, header, base: 'attribute', attribute: `${kind === 'control' ? 'body' : kind}::${rest.join(':')}` };
  }
  if (kind === 'media' && rest.length) [kind, rest] = [normalize(rest[0]), rest.slice(1)];
  if (MEDIA.has(kind)) {
    const lang = rest.join(':').trim();
    return { index, letter, header, base: 'media', media: kind, lang: lang || DEFAULT_LANG };
  }
  if (!TRANSLATABLE.has(kind)) return { index, letter, header, base: rest.length ? whole : kind };
  const lang = rest.join(':').trim();
  return { index, letter, header, base: kind, lang: lang || DEFAULT_LANG };
}

/** Columns KoboToolbox keeps for itself ($kuid, $autoname, kobo--score-choices): not form content. */
export function isToolColumn(column: Column): boolean {
  return /^(\$|kobo--)/i.test(column.header);
}

export function cell(row: SheetRow, column: Column | undefined): string {
  return column ? (row.cells[column.index] ?? '').trim() : '';
}

const translationColumns = new WeakMap<Table, Map<string, Column[]>>();

/**
 * A table's columns of one translatable kind, explicit languages first: a plain `label`
 * only fills the default language when no `label::<default>` column does. Computed once
 * per table, as choices sheets run to tens of thousands of rows.
 */
function translations(table: Table, base: string, media: string | undefined): Column[] {
  let byKind = translationColumns.get(table);
  if (!byKind) translationColumns.set(table, (byKind = new Map()));
  const key = `${base}\u0000${media ?? ''}`;
  let columns = byKind.get(key);
  if (!columns) {
    columns = table.columns.filter((c) => c.base === base && c.lang !== undefined && c.media === media);
    columns.sort((a, b) => Number(a.lang === DEFAULT_LANG) - Number(b.lang === DEFAULT_LANG));
    byKind.set(key, columns);
  }
  return columns;
}

/** A translatable column's texts in one row, by language code. */
export function localizedCell(
  row: SheetRow,
  table: Table,
  base: string,
  defaultLanguage: string,
  media?: string,
): LocalizedText | undefined {
  const out: LocalizedText = {};
  for (const c of translations(table, base, media)) {
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
