// The `search('file', ...)` appearance of ODK Collect ("dynamic selects from pre-loaded
// data"): the select's choices come from the attached file.csv. Its choices-sheet row is
// not a choice but a recipe: `name` names the file's column holding the value, `label`
// (per language) the columns to show. Here the recipe becomes what a select_one_from_file
// has, an itemset, and search()'s filter becomes a choice_filter over the file's columns,
// so that the engine has one way to read a file's choices and one way to filter them
// (with its index for `column = value`). Where Collect's behaviour cannot be kept, the
// question is left as it was and a warning says why.

import type { Choice, FieldQuestion, Question } from '../../domain/types';
import { parseExpression } from '../expr';
import { rewriteChoiceFilter } from '../engine/choice-filter';
import { walkQuestions } from '../model';
import type { Issues, Place } from './issues';

/** A select whose appearance calls search(), where its appearance cell is. */
export interface SearchSelect {
  question: FieldQuestion;
  place: Place;
}

/**
 * The text between `search(` and its closing parenthesis, or undefined without a call.
 * Lower case only, as pyxform and Collect find it (SEARCH_FUNCTION_REGEX).
 */
export function searchCall(appearance: string | undefined): string | undefined {
  const start = /(^|\s)search\(/.exec(appearance ?? '');
  if (!start) return undefined;
  const text = appearance!;
  let depth = 1;
  for (let i = start.index + start[0].length; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end === -1) return undefined;
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return text.slice(start.index + start[0].length, i);
  }
  return undefined;
}

/** Arguments split at the commas outside quotes, parentheses and ${}. */
function splitArguments(src: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      i = end === -1 ? src.length : end;
    } else if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(src.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(src.slice(from).trim());
  return out;
}

function literal(arg: string | undefined): string | undefined {
  const m = /^'([^']*)'$|^"([^"]*)"$/.exec(arg ?? '');
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Collect's list of columns: comma-separated, else space-separated. */
function columnList(text: string): string[] {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  return parts.length === 1 && parts[0].includes(' ') ? parts[0].split(/\s+/) : parts;
}

/** Collect names a CSV column by this key (ExternalDataUtil.toSafeColumnName): case and punctuation do not count. */
function columnKey(name: string): string {
  return name.trim().replace(/[^A-Za-z0-9_]/g, '_').toLowerCase();
}

/** Collect's SQLite compares with LIKE and NOCASE, which ignore the case of A-Z (and only of those). */
const fold = (e: string) => `translate(${e}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

/**
 * Collect's comparisons (search types), as XPath over a bare column name. The engine
 * answers a folded `=` from its index of the column (choice-filter.ts).
 */
const OPERATORS: Record<string, (column: string, value: string) => string> = {
  matches: (c, v) => `${fold(c)} = ${fold(v)}`,
  contains: (c, v) => `contains(${fold(c)}, ${fold(v)})`,
  startswith: (c, v) => `starts-with(${fold(c)}, ${fold(v)})`,
  endswith: (c, v) => `ends-with(${fold(c)}, ${fold(v)})`,
};

/** A column name that a choice_filter can read bare (choice-filter.ts's rewriting). */
const BARE_COLUMN = /^[\p{L}_][\p{L}\p{N}_.-]*$/u;
const WORDS = new Set(['and', 'or', 'div', 'mod']);

/** Collect shows a row with an integer name as a fixed choice beside the file's (isAnInteger); Piso warns instead. */
const STATIC = /^\s*[-+]?\d+\s*$/;

export function applySearches(
  searches: readonly SearchSelect[],
  questions: readonly Question[],
  lists: Record<string, Choice[]>,
  files: ReadonlyMap<string, Record<string, string>[] | undefined>,
  defaultLanguage: string,
  issues: Issues,
): void {
  // pyxform refuses a list that search() questions share with others: its rows are column names.
  const plain = new Map<string, string[]>();
  const searching = new Set(searches.map((s) => s.question));
  for (const { question } of walkQuestions(questions)) {
    const listName = 'listName' in question ? question.listName : undefined;
    if (listName && !searching.has(question as FieldQuestion)) plain.set(listName, [...(plain.get(listName) ?? []), question.name]);
  }
  for (const { question: q, place } of searches) {
    const warn = (code: string, params: Record<string, string> = {}) => issues.warn(`xlsform.${code}`, place, { name: q.name, ...params });
    if (q.itemset) {
      issues.error('xlsform.searchFromFile', place, { name: q.name });
      continue;
    }
    const shared = q.listName ? plain.get(q.listName) : undefined;
    if (shared) {
      issues.error('xlsform.searchListShared', place, { name: q.name, list: q.listName!, others: shared.join(', ') });
      continue;
    }
    const call = searchCall(q.appearance)!;
    const args = splitArguments(call);
    const file = literal(args[0]);
    if (![1, 4, 6].includes(args.length) || !file) {
      warn('searchForm', { call: `search(${call})` });
      continue;
    }
    const fileName = file.toLowerCase().endsWith('.csv') ? file : `${file}.csv`;
    if (!files.has(fileName)) {
      warn('searchFileMissing', { file: fileName });
      continue;
    }
    const rows = files.get(fileName);
    // A broken file was refused by checkAttachments already.
    if (!rows) continue;
    const header = rows.length ? Object.keys(rows[0]) : undefined;
    const missing: string[] = [];
    const column = (name: string) => {
      if (!header) return name;
      const found = header.find((h) => h === name) ?? header.find((h) => columnKey(h) === columnKey(name));
      if (found === undefined) missing.push(name);
      return found ?? name;
    };

    const choices = (q.listName && lists[q.listName]) || [];
    const recipes = choices.filter((c) => !STATIC.test(c.name));
    const statics = choices.filter((c) => STATIC.test(c.name));
    if (recipes.length !== 1) {
      warn('searchRows', { count: String(recipes.length) });
      if (!recipes.length) continue;
    }
    if (statics.length) warn('searchStaticChoices', { choices: statics.map((c) => c.name).join(', ') });
    const recipe = recipes[0];
    const value = column(recipe.name);
    const display: Record<string, string[]> = {};
    for (const [lang, text] of Object.entries(recipe.label)) if (text.trim()) display[lang] = columnList(text).map(column);
    if (!Object.keys(display).length) display[defaultLanguage] = [value];

    let filter: string | undefined;
    if (args.length >= 4) {
      filter = searchFilter(args, column);
      if (filter === undefined) {
        warn('searchForm', { call: `search(${call})` });
        continue;
      }
    }
    if (missing.length) {
      warn('searchColumn', { file: fileName, column: [...new Set(missing)].join(', ') });
      continue;
    }
    if (filter) {
      try {
        parseExpression(rewriteChoiceFilter(filter));
      } catch {
        warn('searchForm', { call: `search(${call})` });
        continue;
      }
    }
    // pyxform writes search() selects without an itemset, so ODK never applies their choice_filter.
    if (q.choiceFilter) warn('searchChoiceFilterIgnored');
    // or_other extends a choices-sheet list (engine/or-other.ts); these choices come from the file.
    if (q.orOther) warn('searchOrOther');
    const labels = display[defaultLanguage] ?? Object.values(display)[0];
    q.itemset = { file: fileName, value, label: labels[0], display };
    delete q.listName;
    if (filter) q.choiceFilter = filter;
    else delete q.choiceFilter;
  }
}

/**
 * search(file, type, columns, value [, filterColumn, filterValue]) as a choice_filter: a row
 * is kept when one of `columns` compares with `value` by `type`, and (six arguments) when
 * its `filterColumn` equals `filterValue`, that equality first so the engine's index serves it.
 * Blank `columns` keep every row (Collect's rule). Undefined when the call cannot be written so.
 */
function searchFilter(args: string[], column: (name: string) => string): string | undefined {
  const type = literal(args[1]);
  const queried = literal(args[2]);
  // Collect takes an unknown search type for `contains`; a type or column computed from answers is not supported here.
  if (type === undefined || queried === undefined) return undefined;
  const op = OPERATORS[type.trim().toLowerCase()] ?? OPERATORS.contains;
  const bare = (name: string) => (BARE_COLUMN.test(name) && !WORDS.has(name) ? name : undefined);
  const parts: string[] = [];
  if (args.length === 6) {
    const filterColumn = literal(args[4]);
    const name = filterColumn === undefined ? undefined : bare(column(filterColumn.trim()));
    if (!name || !args[5]) return undefined;
    parts.push(OPERATORS.matches(name, `(${args[5]})`));
  }
  const columns = columnList(queried).map((c) => bare(column(c)));
  if (columns.some((c) => c === undefined) || !args[3]) return undefined;
  const tests = columns.map((c) => op(c!, `(${args[3]})`));
  if (tests.length) parts.push(tests.length === 1 ? tests[0] : `(${tests.join(' or ')})`);
  return parts.length ? parts.join(' and ') : undefined;
}
