// Where a select's choices come from: the form's choices sheet, or for
// select_one_from_file / select_multiple_from_file the attached file its `itemset`
// names (CSV, XML or GeoJSON), which is also where the importer points a select with the
// `search('file', ...)` appearance (xlsform/search.ts). A file is parsed on first use and kept per form
// version, so reopening the form, or the next interview, does not parse 50,000 rows
// again; the same list object also keeps the filter and search indexes built on it.

import { itemsOf, type Item } from '../attachments';
import type { Choice, FieldQuestion, FormData, Question } from '../model';
import { choicesOf } from '../model';

/** Lists kept: a few form versions' files, not every file ever opened. */
const KEPT = 8;
const fileChoices = new Map<string, Choice[]>();

/** The choices a select question offers before any choice_filter. */
export function choicesOfQuestion(form: Pick<FormData, 'formId' | 'version' | 'choices' | 'attachments' | 'defaultLanguage'>, q: Question): Choice[] {
  const itemset = (q as FieldQuestion).itemset;
  if (!itemset) return choicesOf(form, q);
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

/** `label::Español (es)`: the label column in another language. */
const TRANSLATED = /^(.+)::.*\(([^)]+)\)$/;

/**
 * The file's items as choices: `value` names each, `label` labels it (in the form's
 * default language, and in others from `label::Language (code)` columns), and every
 * column is there for a choice_filter to read. As in pyxform, value and label default
 * to `name` and `label` (`id` and `title` for GeoJSON). A missing or broken file offers
 * no choice: the importer reports those when the form arrives.
 */
function readItemset(form: Pick<FormData, 'attachments' | 'defaultLanguage'>, itemset: NonNullable<FieldQuestion['itemset']>): Choice[] {
  const attachment = form.attachments?.find((a) => a.name === itemset.file);
  if (!attachment) return [];
  let items: Item[];
  try {
    items = itemsOf(attachment);
  } catch {
    return [];
  }
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
