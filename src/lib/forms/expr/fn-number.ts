import type { Expr, FnImpl } from './ast';
import { toNumber } from './convert';
import { fn, num, type FnSpec } from './define';
import { evalItem } from './evaluate';
import type { EvalContext } from './types';

const math = (f: (x: number) => number): FnSpec => fn(1, 1, (a, ctx) => f(num(a[0], ctx)));

export const NUMBER_FUNCTIONS: Record<string, FnSpec> = {
  number: fn(0, 1, (a, ctx) => (a.length > 0 ? num(a[0], ctx) : toNumber(ctx.current()))),
  // Truncates toward zero, as ODK does: int(-1.5) is -1.
  int: math(Math.trunc),
  round: fn(1, 2, (a, ctx) => (a.length > 1 ? roundTo(num(a[0], ctx), num(a[1], ctx)) : Math.round(num(a[0], ctx)))),
  floor: math(Math.floor),
  ceiling: math(Math.ceil),
  abs: math(Math.abs),
  sqrt: math(Math.sqrt),
  exp: math(Math.exp),
  log: math(Math.log),
  log10: math(Math.log10),
  sin: math(Math.sin),
  cos: math(Math.cos),
  tan: math(Math.tan),
  asin: math(Math.asin),
  acos: math(Math.acos),
  atan: math(Math.atan),
  atan2: fn(2, 2, (a, ctx) => Math.atan2(num(a[0], ctx), num(a[1], ctx))),
  pow: fn(2, 2, (a, ctx) => Math.pow(num(a[0], ctx), num(a[1], ctx))),
  pi: fn(0, 0, () => Math.PI),
  exp10: math((x) => Math.pow(10, x)),
  // [0, 1); wrap it in once() to keep the first draw.
  random: fn(0, 0, () => Math.random()),
  max: fn(1, Infinity, extremum(Math.max)),
  min: fn(1, Infinity, extremum(Math.min)),
};

/**
 * round(x, places) rounds half away from zero like ODK's decimal rounding. Shifting
 * through the decimal exponent avoids binary error: round(1.005, 2) is 1.01.
 */
function roundTo(x: number, places: number): number {
  if (!Number.isFinite(x) || Number.isNaN(places)) return NaN;
  const p = Math.trunc(places);
  return Math.sign(x) * shiftDecimal(Math.round(shiftDecimal(Math.abs(x), p)), -p);
}

/** x * 10^p, exact in decimal: moves the exponent of x's shortest decimal form. */
function shiftDecimal(x: number, p: number): number {
  const [mantissa, exponent] = String(x).split('e');
  return Number(`${mantissa}e${Number(exponent ?? 0) + p}`);
}

/**
 * max()/min() over node-sets and plain arguments. As JavaRosa, values that are not
 * numbers (an empty answer) are skipped; NaN when none is a number.
 */
function extremum(pick: (...xs: number[]) => number): FnImpl {
  return (args: readonly Expr[], ctx: EvalContext) => {
    let best = NaN;
    for (const e of args) {
      const v = evalItem(e, ctx);
      for (const x of typeof v === 'object' ? v : [v]) {
        const n = toNumber(x);
        if (!Number.isNaN(n)) best = Number.isNaN(best) ? n : pick(best, n);
      }
    }
    return best;
  };
}
