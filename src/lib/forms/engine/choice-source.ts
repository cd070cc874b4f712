// Where a select's choices come from: the form's choices sheet, or for
// select_one_from_file / select_multiple_from_file the attached file its `itemset`
// names (CSV, XML or GeoJSON), which is also where the importer points a select with the
// `search('file', ...)` appearance (xlsform/search.ts), or, for `<list>.csv` with no such
// attachment, the device's entity list of that name (SessionEnv.lists). A file is parsed
// on first use and kept per form version, so reopening the form, or the next interview,
// does not parse 50,000 rows again; the same list object also keeps the filter and search
// indexes built on it. An entity list's choices are kept per rows array: a list loaded
// again (an entity changed) is a new array and gets new choices, the same one keeps them.

import { itemsOf, type Item } from '../attachments';
import type { Choice, FieldQuestion, FormData, Question } from '../model';
import { choicesOf } from '../model';

/** Lists kept: a few form versions' files, not every file ever opened. */
const KEPT = 8;
const fileChoices = new Map<string, Choice[]>();
const entityChoices = new WeakMap<readonly Item[], Map<string, Choice[]>>();

type Itemset = NonNullable<FieldQuestion['itemset']>;
type FormShape = Pick<FormData, 'formId' | 'version' | 'choices' | 'attachments' | 'defaultLanguage'>;

/** The choices a select question offers before any choice_filter; `lists`: the device's entity lists. */
export function choicesOfQuestion(form: FormShape, q: Question, lists?: ReadonlyMap<string, readonly Item[]>): Choice[] {
  const itemset = (q as FieldQuestion).itemset;
  if (!itemset) return choicesOf(form, q);
  const rows = entityRows(form, itemset.file, lists);
  if (rows) {
    let byShape = entityChoices.get(rows);
    if (!byShape) entityChoices.set(rows, (byShape = new Map()));
    const shape = [form.defaultLanguage, itemset.value, itemset.label, JSON.stringify(itemset.display ?? null)].join('\n');
    let choices = byShape.get(shape);
    if (!choices) byShape.set(shape, (choices = readItems(form, itemset, rows)));
    return choices;
  }
  // A form id and version name one content: the importer refuses a changed form under a stored version.
  const key = [form.formId, form.version, itemset.file, itemset.value, itemset.label, JSON.stringify(itemset.display ?? null)].join('\n');
  let choices = fileChoices.get(key);
  if (choices) {
    // Most recently used last, so the oldest goes first.
    fileChoices.delete(key);
  } else {
    choices = readItemset(form, itemset);
    if (fileChoices.size >= KEPT) fileChoices.delete(fileChoices.keys().next().value!);
  }
  fileChoices.set(key, choices);
  return choices;
}

/** The entity list a `<list>.csv` names when the form has no attachment of that name. */
function entityRows(form: FormShape, file: string, lists: ReadonlyMap<string, readonly Item[]> | undefined): readonly Item[] | undefined {
  const list = deviceListOf(form, file);
  return list === undefined ? undefined : lists?.get(list);
}

/** The device list a select's file names: `<list>.csv` when the form attaches no file of that name. */
export function deviceListOf(form: Pick<FormShape, 'attachments'>, file: string): string | undefined {
  if (!/\.csv$/i.test(file) || form.attachments?.some((a) => a.name === file)) return undefined;
  return file.slice(0, -4);
}

/** `label::Español (es)`: the label column in another language. */
const TRANSLATED = /^(.+)::.*\(([^)]+)\)$/;

/** The attached file's items as choices (readItems); a missing or broken file offers none: the importer reports those. */
function readItemset(form: Pick<FormData, 'attachments' | 'defaultLanguage'>, itemset: Itemset): Choice[] {
  const attachment = form.attachments?.find((a) => a.name === itemset.file);
  if (!attachment) return [];
  let items: Item[];
  try {
    items = itemsOf(attachment);
  } catch {
    return [];
  }
  return readItems(form, itemset, items);
}

/**
 * The file's items as choices: `value` names each, `label` labels it (in the form's
 * default language, and in others from `label::Language (code)` columns), and every
 * column is there for a choice_filter to read. As in pyxform, value and label default
 * to `name` and `label` (`id` and `title` for GeoJSON).
 */
function readItems(form: Pick<FormData, 'defaultLanguage'>, itemset: Itemset, items: readonly Item[]): Choice[] {
  const geo = itemset.file.toLowerCase().endsWith('.geojson');
  const valueColumn = itemset.value || (geo ? 'id' : 'name');
  const labelColumn = itemset.label || (geo ? 'title' : 'label');
  const translations = items.length === 0 ? [] : Object.keys(items[0]).flatMap((column) => {
    const m = TRANSLATED.exec(column);
    return m && m[1] === labelColumn ? [[column, m[2]] as const] : [];
  });
  const display = itemset.display && Object.entries(itemset.display);
  const out: Choice[] = [];
  // search() lists each value once, at its first row, as ODK Collect does.
  const seen = display ? new Set<string>() : undefined;
  for (const item of items) {
    const name = item[valueColumn];
    if (!name || seen?.has(name)) continue;
    seen?.add(name);
    let label: Record<string, string>;
    if (display) {
      label = {};
      for (const [lang, columns] of display) label[lang] = displayLabel(item, columns) || name;
    } else {
      label = { [form.defaultLanguage]: item[labelColumn] ?? name };
      for (const [column, lang] of translations) if (item[column]) label[lang] = item[column];
    }
    out.push({ name, label, extra: item });
  }
  return out;
}

/** ODK Collect's label for search(): the first column, then "(column: value)" for each other. */
function displayLabel(item: Item, columns: readonly string[]): string {
  const [first, ...others] = columns;
  return [item[first] ?? '', ...others.map((c) => `(${c}: ${item[c] ?? ''})`)].join(' ').trim();
}
