import type { Expr } from './ast';
import { fn, num, str, type FnSpec } from './define';
import { ExpressionError } from './errors';

/** select_multiple answers are choice names separated by spaces. */
export const SELECT_FUNCTIONS: Record<string, FnSpec> = {
  selected: fn(2, 2, (a, ctx) => hasToken(str(a[0], ctx), str(a[1], ctx).trim())),
  'count-selected': fn(1, 1, (a, ctx) => countTokens(str(a[0], ctx))),
  // 0-based, as in ODK; the index is truncated as JavaRosa does (1.5 reads 1); '' outside the list.
  'selected-at': fn(2, 2, (a, ctx) => {
    const tokens = str(a[0], ctx).trim().split(/\s+/);
    const i = Math.trunc(num(a[1], ctx));
    return i >= 0 && i < tokens.length ? tokens[i] : '';
  }),
  // jr:choice-name(${q}, '${q}'): the second argument names the question whose choice list holds the label.
  'jr:choice-name': fn(
    2,
    2,
    (a, ctx) => {
      const question = questionNameIn(str(a[1], ctx));
      const choice = str(a[0], ctx).trim();
      return question && choice ? ctx.choiceLabel(question, choice) : '';
    },
    checkChoiceNameTarget,
  ),
};

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Token membership without splitting: this runs for every select on every keystroke. */
function hasToken(list: string, token: string): boolean {
  if (token === '') return false;
  for (let i = list.indexOf(token); i !== -1; i = list.indexOf(token, i + 1)) {
    const end = i + token.length;
    if ((i === 0 || isSpace(list[i - 1])) && (end === list.length || isSpace(list[end]))) return true;
  }
  return false;
}

function countTokens(list: string): number {
  let count = 0;
  for (let i = 0; i < list.length; i++) {
    if (!isSpace(list[i]) && (i === 0 || isSpace(list[i - 1]))) count++;
  }
  return count;
}

const REFERENCE_LITERAL = /^\$\{([^}]+)\}$/;

/**
 * The question a jr:choice-name target names: '${q}' as XLSForm writes it, or an
 * XForms path such as '/data/group/q' (its last step). '' if it names none.
 */
export function questionNameIn(target: string): string {
  const t = target.trim();
  const ref = REFERENCE_LITERAL.exec(t);
  if (ref) return ref[1];
  return t.slice(t.lastIndexOf('/') + 1);
}

function checkChoiceNameTarget(args: readonly Expr[]): void {
  const target = args[1];
  if (target.k === 'str' && questionNameIn(target.v) === '') {
    throw new ExpressionError("jr:choice-name() needs the question as its second argument, such as '${name}'", target.pos);
  }
}
