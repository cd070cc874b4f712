import type { Expr, Predicate } from './ast';
import { toBoolean, toString } from './convert';
import { evalItem } from './evaluate';
import { lookup } from './instance-index';
import type { EvalContext, Nodeset, Row } from './types';

/**
 * The context inside a filter: the outer context (questions, current(), the clock)
 * plus the item being tested, its 1-based position and how many items are tested.
 */
const ROW = Symbol('item being tested');

interface Frame extends EvalContext {
  [ROW]: Row;
  rowPosition: number;
  rowCount: number;
}

const isFrame = (ctx: EvalContext): ctx is Frame => ROW in ctx;

const NO_NODE: Nodeset = [];

/**
 * `col` inside a filter: the item's column; an empty node-set when the item has none
 * (a GeoJSON feature without that property), which equals nothing, as in XPath.
 */
export function columnOf(name: string, ctx: EvalContext): string | Nodeset {
  return (isFrame(ctx) ? ctx[ROW][name] : undefined) ?? NO_NODE;
}

/** An item's string value, as XPath reads an element: its columns' text, in order. */
export function itemValue(row: Row): string {
  let s = '';
  for (const key in row) s += row[key];
  return s;
}

/** `.` inside a filter (the parser makes `.` elsewhere the question's own value). */
export function currentItem(ctx: EvalContext): string {
  return isFrame(ctx) ? itemValue(ctx[ROW]) : '';
}

/** last() inside a filter: how many items it tests; 1 elsewhere, as XPath's context size. */
export function contextSize(ctx: EvalContext): number {
  return isFrame(ctx) ? ctx.rowCount : 1;
}

/** The items of instance `id`; none when the context has no data or no such instance. */
export function instanceItems(idExpr: Expr, ctx: EvalContext): readonly Row[] {
  return ctx.data?.items(toString(evalItem(idExpr, ctx))) ?? [];
}

/** Evaluates `instance(id)/root/item[...]/column`. */
export function evalPath(
  e: { readonly id: Expr; readonly predicates: readonly Predicate[]; readonly column: string | null },
  ctx: EvalContext,
): Nodeset {
  const rows = instanceItems(e.id, ctx);
  // Positions into `rows` of the items kept so far; null while all are.
  let kept: readonly number[] | null = null;
  for (const p of e.predicates) kept = filter(rows, kept, p, ctx);
  const out: string[] = [];
  const n = kept ? kept.length : rows.length;
  for (let j = 0; j < n; j++) {
    const row = rows[kept ? kept[j] : j];
    if (e.column === null) out.push(itemValue(row));
    else {
      const v = row[e.column];
      if (v !== undefined) out.push(v);
    }
  }
  return out;
}

/**
 * The positions (0-based, ascending) of the items that pass a filter from parseFilter():
 * a choice_filter over a list of 50,000 choices is one index lookup when it compares a
 * column with a value.
 */
export function filterItems(rows: readonly Row[], predicate: Predicate, ctx: EvalContext): readonly number[] {
  return filter(rows, null, predicate, ctx);
}

function filter(rows: readonly Row[], kept: readonly number[] | null, p: Predicate, ctx: EvalContext): readonly number[] {
  const frame = Object.create(ctx) as Frame;
  frame.position = () => frame.rowPosition;
  if (kept === null && p.indexed) {
    const hits = lookup(rows, p.indexed.column, evalItem(p.indexed.key, ctx));
    if (hits) {
      const rest = p.indexed.rest;
      if (!rest) return hits;
      // Positions stay those among all the items, as if every item had been tested.
      frame.rowCount = rows.length;
      return hits.filter((i) => {
        frame[ROW] = rows[i];
        frame.rowPosition = i + 1;
        return toBoolean(evalItem(rest, frame));
      });
    }
  }
  const n = kept ? kept.length : rows.length;
  frame.rowCount = n;
  const out: number[] = [];
  for (let j = 0; j < n; j++) {
    const i = kept ? kept[j] : j;
    frame[ROW] = rows[i];
    frame.rowPosition = j + 1;
    const v = evalItem(p.expr, frame);
    // A number is a position (item[3]); anything else a test.
    if (typeof v === 'number' ? v === j + 1 : toBoolean(v)) out.push(i);
  }
  return out;
}
