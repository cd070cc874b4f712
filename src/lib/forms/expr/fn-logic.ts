import type { Expr } from './ast';
import { bool, fn, num, str, type FnSpec } from './define';
import { toBoolean, toNumber, toString } from './convert';
import { ExpressionError } from './errors';
import { evalItem } from './evaluate';
import type { EvalContext, Item } from './types';

export const LOGIC_FUNCTIONS: Record<string, FnSpec> = {
  // Only the chosen branch is evaluated.
  if: fn(3, 3, (a, ctx) => evalItem(bool(a[0], ctx) ? a[1] : a[2], ctx)),
  // ODK's coalesce takes exactly two arguments; nest it for more.
  coalesce: fn(2, 2, (a, ctx) => {
    const first = evalItem(a[0], ctx);
    return toString(first) !== '' ? first : evalItem(a[1], ctx);
  }),
  not: fn(1, 1, (a, ctx) => !bool(a[0], ctx)),
  true: fn(0, 0, () => true),
  false: fn(0, 0, () => false),
  boolean: fn(1, 1, (a, ctx) => bool(a[0], ctx)),
  // For answers of XForms boolean fields ('true'/'1'), unlike boolean('false') which is true.
  'boolean-from-string': fn(1, 1, (a, ctx) => {
    const s = str(a[0], ctx);
    return s === 'true' || s === '1';
  }),
  // Keeps the question's first computed value (typically once(uuid()) or once(now())).
  once: fn(1, 1, (a, ctx) => {
    const current = ctx.current();
    return current !== '' ? current : evalItem(a[0], ctx);
  }),
  // How many of the values are true, between min and max inclusive; -1 for either means no limit.
  checklist: fn(2, Infinity, (a, ctx) => {
    const min = Math.trunc(num(a[0], ctx));
    const max = Math.trunc(num(a[1], ctx));
    let count = 0;
    for (let i = 2; i < a.length; i++) for (const v of values(evalItem(a[i], ctx))) if (toBoolean(v)) count++;
    return (min < 0 || count >= min) && (max < 0 || count <= max);
  }),
  // weighted-checklist(min, max, v1, w1, v2, w2...): the weights of the true values, summed, between min and max.
  'weighted-checklist': fn(2, Infinity, weightedChecklist, (args, pos) => {
    if (args.length % 2 !== 0) {
      throw new ExpressionError('weighted-checklist() takes min, max, then pairs of a value and its weight', pos);
    }
  }),
};

/** A node-set's values one by one; a scalar as itself. */
const values = (v: Item): readonly Item[] => (typeof v === 'object' ? v : [v]);

function weightedChecklist(a: readonly Expr[], ctx: EvalContext): boolean {
  const min = num(a[0], ctx);
  const max = num(a[1], ctx);
  let sum = 0;
  for (let i = 2; i < a.length; i += 2) {
    // Two node-sets (a repeat's answers and their weights) pair up value by value.
    const flags = values(evalItem(a[i], ctx));
    const weights = values(evalItem(a[i + 1], ctx));
    for (let j = 0; j < flags.length; j++) if (toBoolean(flags[j])) sum += toNumber(weights[j] ?? NaN);
  }
  return sum >= min && sum <= max;
}
