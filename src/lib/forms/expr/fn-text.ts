import { ExpressionError } from './errors';
import { fn, num, str, strOrCurrent, type FnSpec } from './define';
import { toString } from './convert';
import { evalItem } from './evaluate';
import { compileRegex } from './regex';
import type { Expr } from './ast';

export const TEXT_FUNCTIONS: Record<string, FnSpec> = {
  // As in ODK, a node-set argument contributes all its values, not only the first.
  concat: fn(1, Infinity, (a, ctx) => {
    let out = '';
    for (const e of a) {
      const v = evalItem(e, ctx);
      out += typeof v === 'object' ? v.join('') : toString(v);
    }
    return out;
  }),
  string: fn(0, 1, (a, ctx) => strOrCurrent(a, ctx)),
  // UTF-16 units, as ODK Collect (Java) and Enketo (JavaScript) count.
  'string-length': fn(0, 1, (a, ctx) => strOrCurrent(a, ctx).length),
  'normalize-space': fn(0, 1, (a, ctx) => strOrCurrent(a, ctx).trim().replace(/\s+/g, ' ')),
  contains: fn(2, 2, (a, ctx) => str(a[0], ctx).includes(str(a[1], ctx))),
  'starts-with': fn(2, 2, (a, ctx) => str(a[0], ctx).startsWith(str(a[1], ctx))),
  'ends-with': fn(2, 2, (a, ctx) => str(a[0], ctx).endsWith(str(a[1], ctx))),
  // ODK's substr: 0-based start, optional exclusive end.
  substr: fn(2, 3, (a, ctx) => {
    const s = str(a[0], ctx);
    const start = clampIndex(num(a[1], ctx), s.length);
    const end = a.length > 2 ? clampIndex(num(a[2], ctx), s.length) : s.length;
    return start < end ? s.slice(start, end) : '';
  }),
  'substring-before': fn(2, 2, (a, ctx) => {
    const s = str(a[0], ctx);
    const i = s.indexOf(str(a[1], ctx));
    return i === -1 ? '' : s.slice(0, i);
  }),
  'substring-after': fn(2, 2, (a, ctx) => {
    const s = str(a[0], ctx);
    const sep = str(a[1], ctx);
    const i = s.indexOf(sep);
    return i === -1 ? '' : s.slice(i + sep.length);
  }),
  translate: fn(3, 3, (a, ctx) => {
    const [s, from, to] = [str(a[0], ctx), str(a[1], ctx), str(a[2], ctx)];
    let out = '';
    for (const c of s) {
      const i = from.indexOf(c);
      if (i === -1) out += c;
      else if (i < to.length) out += to[i];
    }
    return out;
  }),
  // Unanchored, like ODK: write ^...$ to match the whole answer.
  regex: fn(2, 2, (a, ctx) => {
    const re = compileRegex(str(a[1], ctx));
    return re instanceof RegExp && re.test(str(a[0], ctx));
  }, checkLiteralRegex),
  join: fn(2, 2, (a, ctx) => {
    const v = evalItem(a[1], ctx);
    return typeof v === 'object' ? v.join(str(a[0], ctx)) : toString(v);
  }),
  uuid: fn(0, 0, () => crypto.randomUUID()),
};

function clampIndex(n: number, length: number): number {
  if (Number.isNaN(n)) return 0;
  return Math.min(Math.max(Math.trunc(n), 0), length);
}

/** A pattern written in the form is checked when the form is loaded, not in the field. */
function checkLiteralRegex(args: readonly Expr[]): void {
  const pattern = args[1];
  if (pattern.k !== 'str') return;
  const re = compileRegex(pattern.v);
  if (re instanceof SyntaxError) {
    throw new ExpressionError(`invalid regular expression in regex(): ${re.message}`, pattern.pos);
  }
}
