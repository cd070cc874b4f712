import { bool, fn, str, type FnSpec } from './define';
import { toString } from './convert';
import { evalItem } from './evaluate';

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
};
