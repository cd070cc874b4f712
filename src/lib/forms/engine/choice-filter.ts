// XLSForm choice filters read the choices sheet's columns by bare name
// (`dept = ${department}`, `name != 'x'`), which our expression grammar does not
// accept. Before parsing, each bare name is rewritten to a reference with a prefix
// no question can have; the session answers those from the choice being tested.

import type { Expr, Item } from '../expr';
import { references } from '../expr';
import { looksNumeric } from '../expr/convert';
import type { Choice } from '../model';

/** `${` + this + column `}` reads a column of the choice being filtered. */
export const CHOICE_COLUMN_PREFIX = '__choice__';

const WORD_OPERATORS = new Set(['and', 'or', 'div', 'mod']);
const NAME_START = /[\p{L}_]/u;
const NAME_CHAR = /[\p{L}\p{N}_.\-]/u;

/** The choice_filter source with every bare column name turned into `${__choice__name}`. */
export function rewriteChoiceFilter(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      const stop = end === -1 ? src.length : end + 1;
      out += src.slice(i, stop);
      i = stop;
    } else if (c === '$' && src[i + 1] === '{') {
      const end = src.indexOf('}', i);
      const stop = end === -1 ? src.length : end + 1;
      out += src.slice(i, stop);
      i = stop;
    } else if (NAME_START.test(c) && !/[\p{N}.]/u.test(src[i - 1] ?? '')) {
      let j = i + 1;
      while (j < src.length && NAME_CHAR.test(src[j])) j++;
      // A `prefix:name` (jr:choice-name) is a function name, never a column.
      if (src[j] === ':' && NAME_START.test(src[j + 1] ?? '')) {
        j += 2;
        while (j < src.length && NAME_CHAR.test(src[j])) j++;
      }
      const name = src.slice(i, j);
      const next = src.slice(j).trimStart()[0];
      const isCall = next === '(';
      out += isCall || WORD_OPERATORS.has(name) || name.includes(':') ? name : `\${${CHOICE_COLUMN_PREFIX}${name}}`;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The column a rewritten reference reads, or undefined for a question reference. */
export function choiceColumn(name: string): string | undefined {
  return name.startsWith(CHOICE_COLUMN_PREFIX) ? name.slice(CHOICE_COLUMN_PREFIX.length) : undefined;
}

/**
 * What a choice's column holds, as the filter reads it. `name` is the choice's name, unless
 * the choice has a column of that name: a file's row whose value is in another column
 * (search(), select_one_from_file's `value=`) still has its own `name` column.
 */
export function choiceColumnValue(choice: Choice, column: string): string {
  const own = choice.extra && Object.hasOwn(choice.extra, column) ? choice.extra[column] : undefined;
  return own ?? (column === 'name' ? choice.name : '');
}

// ---- filtering a long list fast ----
//
// Most filters cascade: `dept = ${department}`, often with more conditions after an
// `and`. Evaluated per choice, such a filter over 50,000 villages costs tens of
// milliseconds on a phone at every change of the department; as a lookup of the
// department's villages in an index of the column, it costs the size of the answer.

/** A filter split into an equality on a column and the conditions left to test per choice. */
interface FilterPlan {
  /**
   * `column = key` (or `key = column`), where `key` reads no column of the choice; `folded`
   * when the column is compared with A-Z in lower case, as search() compares (xlsform/search.ts).
   */
  lookup: { column: string; folded: boolean; key: Expr } | null;
  /** The other conjuncts of the top-level `and`, null when there are none. */
  rest: Expr | null;
}

const plans = new WeakMap<Expr, FilterPlan>();

function conjuncts(e: Expr, out: Expr[] = []): Expr[] {
  if (e.k === 'bin' && e.op === 'and') {
    conjuncts(e.l, out);
    conjuncts(e.r, out);
  } else out.push(e);
  return out;
}

function readsChoice(e: Expr): boolean {
  return references(e).some((name) => choiceColumn(name) !== undefined);
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** A column as `=` compares it: bare, or `translate(column, 'A…Z', 'a…z')`. */
function columnRef(e: Expr): { column: string; folded: boolean } | undefined {
  if (e.k === 'ref') {
    const column = choiceColumn(e.name);
    return column === undefined ? undefined : { column, folded: false };
  }
  const [arg, from, to] = e.k === 'call' && e.name === 'translate' ? e.args : [];
  if (arg?.k !== 'ref' || from?.k !== 'str' || from.v !== UPPER || to?.k !== 'str' || to.v !== LOWER) return undefined;
  const column = choiceColumn(arg.name);
  return column === undefined ? undefined : { column, folded: true };
}

/** What translate(v, 'A…Z', 'a…z') gives. */
const foldCase = (v: string) => v.replace(/[A-Z]+/g, (m) => m.toLowerCase());

function planOf(expr: Expr): FilterPlan {
  let plan = plans.get(expr);
  if (plan) return plan;
  const parts = conjuncts(expr);
  let lookup: FilterPlan['lookup'] = null;
  const rest: Expr[] = [];
  for (const part of parts) {
    if (!lookup && part.k === 'bin' && part.op === '=') {
      const left = columnRef(part.l);
      const right = columnRef(part.r);
      if (left !== undefined && !readsChoice(part.r)) {
        lookup = { ...left, key: part.r };
        continue;
      }
      if (right !== undefined && !readsChoice(part.l)) {
        lookup = { ...right, key: part.l };
        continue;
      }
    }
    rest.push(part);
  }
  // The conditions left are pure, so testing them without the lookup's gives the same result.
  const joined = rest.length === 0 ? null : rest.reduce((l, r) => ({ k: 'bin', pos: l.pos, op: 'and', l, r }));
  plan = { lookup, rest: joined };
  plans.set(expr, plan);
  return plan;
}

/** Positions of the choices by column value: exactly, and by number for numeric values. */
interface ColumnIndex {
  exact: Map<string, number[]>;
  numeric: Map<number, number[]>;
}

const indexes = new WeakMap<readonly Choice[], Map<string, ColumnIndex>>();

function push<K>(map: Map<K, number[]>, key: K, i: number): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(i);
  else map.set(key, [i]);
}

/** Built on first use and kept as long as the list (the form version's choices) lives. */
function columnIndex(choices: readonly Choice[], column: string, folded: boolean): ColumnIndex {
  let byColumn = indexes.get(choices);
  if (!byColumn) indexes.set(choices, (byColumn = new Map()));
  const id = folded ? `${column}\u0000folded` : column;
  let index = byColumn.get(id);
  if (index) return index;
  index = { exact: new Map(), numeric: new Map() };
  for (let i = 0; i < choices.length; i++) {
    const raw = choiceColumnValue(choices[i], column);
    const v = folded ? foldCase(raw) : raw;
    push(index.exact, v, i);
    if (looksNumeric(v)) push(index.numeric, Number(v), i);
  }
  byColumn.set(id, index);
  return index;
}

const NONE: readonly number[] = [];

/**
 * The positions whose column equals `key` as XPath's `=` compares a string column
 * with it (see expr/compare.ts): two numeric strings compare as numbers, others
 * exactly; a node-set matches where any of its values does. Undefined for a number
 * or a boolean key, which the caller evaluates choice by choice.
 */
function lookUp(index: ColumnIndex, key: Item): readonly number[] | undefined {
  const one = (s: string) => (looksNumeric(s) ? index.numeric.get(Number(s)) : index.exact.get(s)) ?? NONE;
  if (typeof key === 'string') return one(key);
  if (typeof key !== 'object') return undefined;
  if (key.length === 1) return one(key[0]);
  const all = new Set<number>();
  for (const s of key) for (const i of one(s)) all.add(i);
  return [...all].sort((a, b) => a - b);
}

/**
 * The choices a filter keeps, in the list's order. `key` evaluates a part that reads
 * no choice (as an item, node-sets kept); `test` evaluates a condition for one choice.
 */
export function applyChoiceFilter(
  choices: readonly Choice[],
  expr: Expr,
  key: (e: Expr) => Item,
  test: (e: Expr, choice: Choice) => boolean,
): Choice[] {
  const { lookup, rest } = planOf(expr);
  const found = lookup ? lookUp(columnIndex(choices, lookup.column, lookup.folded), key(lookup.key)) : undefined;
  if (!found) return choices.filter((c) => test(expr, c));
  const out: Choice[] = [];
  for (const i of found) if (!rest || test(rest, choices[i])) out.push(choices[i]);
  return out;
}
