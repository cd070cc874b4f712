import type { Expr } from './ast';
import { toNumber, toString } from './convert';
import { fn, num, str, type FnSpec } from './define';
import { lookup } from './instance-index';
import { ExpressionError } from './errors';
import { evalItem } from './evaluate';
import { contextSize, instanceItems, itemValue } from './paths';
import { seededShuffle, seedOf } from './shuffle';
import type { EvalContext, Item, Nodeset, RepeatIndex } from './types';

const asNodeset = (v: Item): Nodeset => (typeof v === 'object' ? v : [toString(v)]);

export const NODE_FUNCTIONS: Record<string, FnSpec> = {
  // count() and sum() read a question's instances across a repeat, or an instance path.
  count: fn(1, 1, (a, ctx) => {
    const v = evalItem(a[0], ctx);
    return typeof v === 'object' ? v.length : 1;
  }, requireNodeset('count', 0)),
  'count-non-empty': fn(1, 1, (a, ctx) => {
    let n = 0;
    for (const s of asNodeset(evalItem(a[0], ctx))) if (s !== '') n++;
    return n;
  }, requireNodeset('count-non-empty', 0)),
  // As JavaRosa: values that are not numbers (an empty answer) add nothing.
  sum: fn(1, 1, (a, ctx) => {
    let total = 0;
    for (const s of asNodeset(evalItem(a[0], ctx))) {
      const n = toNumber(s);
      if (!Number.isNaN(n)) total += n;
    }
    return total;
  }, requireNodeset('sum', 0)),
  // The repeat instance's index; inside an instance filter, the item's. position(..) parses to position().
  position: fn(0, 0, (_a, ctx) => ctx.position()),
  last: fn(0, 0, (_a, ctx) => contextSize(ctx)),
  // The question's own value, inside instance filters too; current()/../name is parsed to ${name}.
  current: fn(0, 0, (_a, ctx) => ctx.current()),
  // Bare, instance('id') reads as its items (with a path, see paths.ts).
  instance: fn(1, 1, (a, ctx) => instanceItems(a[0], ctx).map(itemValue)),
  randomize: fn(1, 2, (a, ctx) => {
    const items = asNodeset(evalItem(a[0], ctx));
    return seededShuffle(items, a.length > 1 ? seedFrom(a[1], ctx) : (ctx.randomSeed?.() ?? randomSeed()));
  }, requireNodeset('randomize', 0)),
  'indexed-repeat': fn(3, 7, indexedRepeat, checkIndexedRepeat),
  // pulldata('id', 'column', 'key column', key): instance('id')/root/item[key column = key]/column, the first.
  pulldata: fn(4, 4, (a, ctx) => {
    const rows = instanceItems(a[0], ctx);
    const key = evalItem(a[3], ctx);
    // JavaRosa compares the key as text: pulldata(..., 5) finds '5'.
    const hits = lookup(rows, str(a[2], ctx), typeof key === 'object' ? key : toString(key));
    const row = hits && hits.length > 0 ? rows[hits[0]] : undefined;
    return row?.[str(a[1], ctx)] ?? '';
  }),
};

function seedFrom(e: Expr, ctx: EvalContext): number {
  const v = evalItem(e, ctx);
  return seedOf(toNumber(v), toString(v));
}

function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/** indexed-repeat(${q}, ${repeat1}, i1 [, ${repeat2}, i2 [, ${repeat3}, i3]]). */
function indexedRepeat(a: readonly Expr[], ctx: EvalContext): string {
  const name = (a[0] as Expr & { k: 'ref' }).name;
  const path: RepeatIndex[] = [];
  for (let i = 1; i < a.length; i += 2) {
    // As JavaRosa: an index below 1 (such as a count not yet answered) reads the first.
    const index = Math.max(1, Math.trunc(num(a[i + 1], ctx)) || 1);
    path.push({ repeat: (a[i] as Expr & { k: 'ref' }).name, index });
  }
  if (ctx.indexedValue) return ctx.indexedValue(name, path);
  if (path.length > 1) return '';
  const v = ctx.value(name);
  return typeof v === 'object' ? (v[path[0].index - 1] ?? '') : path[0].index === 1 ? v : '';
}

function checkIndexedRepeat(args: readonly Expr[], pos: number): void {
  if (args.length % 2 === 0) {
    throw new ExpressionError('indexed-repeat() takes a question, then pairs of a repeat and an index', pos);
  }
  for (let i = 0; i < args.length; i += i === 0 ? 1 : 2) {
    if (args[i].k !== 'ref') {
      throw new ExpressionError(`indexed-repeat() needs a question reference such as \${name} here`, args[i].pos);
    }
  }
}

/** A node-set argument: a question reference, an instance path, or a function giving one. */
export function requireNodeset(name: string, index: number): FnSpec['check'] {
  return (args) => {
    const e = args[index];
    const ok = e.k === 'ref' || e.k === 'path' || (e.k === 'call' && (e.name === 'instance' || e.name === 'randomize'));
    if (!ok) throw new ExpressionError(`${name}() needs a question reference such as \${name} or an instance path`, e.pos);
  };
}
