// select_one_from_file / select_multiple_from_file: the choices come from a file
// attached to the form (.csv with a header row, .xml as <root><item>…</item></root>,
// .geojson features), read once per attachment. As in pyxform, the value and label
// columns default to `name` and `label` (`id` and `title` for GeoJSON); every other
// column is kept for choice filters.
import type { Choice, FieldQuestion, FormAttachment, FormData, Question } from '../../domain/types';
import { choicesOf, isContainer } from '../model';
import { parseCsv } from './csv';

type Itemset = NonNullable<FieldQuestion['itemset']>;
type FormShape = Pick<FormData, 'choices' | 'defaultLanguage' | 'attachments'>;

const cache = new WeakMap<FormAttachment, Map<string, Choice[]>>();

/** The choices a select offers before any filter: its list, or its file's items. */
export function questionChoices(form: FormShape, q: Question): Choice[] {
  const itemset = isContainer(q) ? undefined : (q as FieldQuestion).itemset;
  if (!itemset) return choicesOf(form, q);
  const file = form.attachments?.find((a) => a.name === itemset.file);
  if (!file || file.text === undefined) return [];
  const key = `${itemset.value}\u0000${itemset.label}`;
  let byColumns = cache.get(file);
  if (!byColumns) cache.set(file, (byColumns = new Map()));
  let choices = byColumns.get(key);
  if (!choices) byColumns.set(key, (choices = readItems(file, itemset, form.defaultLanguage)));
  return choices;
}

function readItems(file: FormAttachment, itemset: Itemset, lang: string): Choice[] {
  const name = file.name.toLowerCase();
  const geo = name.endsWith('.geojson');
  const rows = geo ? geojsonRows(file.text!) : name.endsWith('.xml') ? xmlRows(file.text!) : csvRows(file.text!);
  const valueColumn = itemset.value || (geo ? 'id' : 'name');
  const labelColumn = itemset.label || (geo ? 'title' : 'label');
  const out: Choice[] = [];
  for (const row of rows) {
    const value = row[valueColumn];
    if (value === undefined || value === '') continue;
    const label: Record<string, string> = {};
    for (const [column, text] of Object.entries(row)) {
      if (column === labelColumn) label[lang] = text;
      // `label::Español (es)`: the label in another language.
      const translated = new RegExp(`^${labelColumn}::.*\\(([^)]+)\\)$`).exec(column);
      if (translated) label[translated[1]] = text;
    }
    out.push({ name: value, label, extra: row });
  }
  return out;
}

function csvRows(text: string): Record<string, string>[] {
  const [header = [], ...rows] = parseCsv(text);
  const columns = header.map((h) => h.trim());
  return rows.filter((r) => r.some((c) => c !== '')).map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? ''])));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(parseInt(e.slice(e[1] === 'x' ? 2 : 1), e[1] === 'x' ? 16 : 10)) : (ENTITIES[e] ?? m),
  );

/** ODK's secondary instance shape: each <item> holds one element per column. */
function xmlRows(text: string): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const item of text.matchAll(/<item\b[^>]*>([\s\S]*?)<\/item>/g)) {
    const row: Record<string, string> = {};
    for (const cell of item[1].matchAll(/<([\w.:-]+)\b[^>]*>([\s\S]*?)<\/\1>/g)) row[cell[1]] = decode(cell[2].trim());
    rows.push(row);
  }
  return rows;
}

/** Features: their id and properties; a point's geometry as ODK's 'lat lon'. */
function geojsonRows(text: string): Record<string, string>[] {
  let doc: { features?: { id?: unknown; properties?: Record<string, unknown>; geometry?: { type?: string; coordinates?: unknown } }[] };
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  return (doc.features ?? []).map((f) => {
    const row: Record<string, string> = {};
    for (const [k, v] of Object.entries(f.properties ?? {})) row[k] = v === null || v === undefined ? '' : String(v);
    if (f.id !== undefined && row.id === undefined) row.id = String(f.id);
    const c = f.geometry?.coordinates;
    if (f.geometry?.type === 'Point' && Array.isArray(c)) row.geometry = `${c[1]} ${c[0]}`;
    return row;
  });
}
