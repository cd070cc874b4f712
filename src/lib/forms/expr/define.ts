import type { Expr, FnImpl } from './ast';
import { toBoolean, toNumber, toString } from './convert';
import { evalItem } from './evaluate';
import type { EvalContext } from './types';

/** A built-in function: its arity, checked at parse time, and its body. */
export interface FnSpec {
  readonly min: number;
  readonly max: number;
  readonly call: FnImpl;
  /** Parse-time checks of the arguments beyond their count; throws ExpressionError. */
  readonly check?: (args: readonly Expr[], pos: number) => void;
}

export function fn(min: number, max: number, call: FnImpl, check?: FnSpec['check']): FnSpec {
  return { min, max, call, check };
}

export const str = (e: Expr, ctx: EvalContext): string => toString(evalItem(e, ctx));
export const num = (e: Expr, ctx: EvalContext): number => toNumber(evalItem(e, ctx));
export const bool = (e: Expr, ctx: EvalContext): boolean => toBoolean(evalItem(e, ctx));

/** The first argument as a string, or `.` when there is none (XPath's context node). */
export const strOrCurrent = (args: readonly Expr[], ctx: EvalContext): string =>
  args.length > 0 ? str(args[0], ctx) : ctx.current();
