import type { BinaryOp, Expr } from './ast';
import { compare, equals } from './compare';
import { toBoolean, toNumber, toString } from './convert';
import { columnOf, currentItem, evalPath } from './paths';
import type { EvalContext, Item, Value } from './types';

/**
 * Evaluates a parsed expression. Never throws: what XPath leaves undefined (an empty
 * answer in arithmetic, a bad date) becomes NaN or '' as in ODK.
 * A node-set result (a repeat's question read from outside) gives its first value.
 */
export function evaluate(expr: Expr, ctx: EvalContext): Value {
  const v = evalItem(expr, ctx);
  return typeof v === 'object' ? toString(v) : v;
}

/** Evaluates to a scalar or a node-set, for function bodies that take node-sets. */
export function evalItem(e: Expr, ctx: EvalContext): Item {
  switch (e.k) {
    case 'num':
    case 'str':
      return e.v;
    case 'ref':
      return ctx.value(e.name);
    case 'cur':
      return ctx.current();
    case 'neg':
      return -toNumber(evalItem(e.arg, ctx));
    case 'call':
      return e.fn(e.args, ctx);
    case 'bin':
      return binary(e.op, e.l, e.r, ctx);
    case 'path':
      return evalPath(e, ctx);
    case 'col':
      return columnOf(e.name, ctx);
    case 'item':
      return currentItem(ctx);
  }
}

function binary(op: BinaryOp, l: Expr, r: Expr, ctx: EvalContext): Value {
  switch (op) {
    case 'or':
      return toBoolean(evalItem(l, ctx)) || toBoolean(evalItem(r, ctx));
    case 'and':
      return toBoolean(evalItem(l, ctx)) && toBoolean(evalItem(r, ctx));
    case '=':
    case '!=':
      return equals(evalItem(l, ctx), evalItem(r, ctx), op === '!=');
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, evalItem(l, ctx), evalItem(r, ctx));
  }
  const x = toNumber(evalItem(l, ctx));
  const y = toNumber(evalItem(r, ctx));
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case 'div':
      return x / y;
    case 'mod':
      return x % y;
  }
}
