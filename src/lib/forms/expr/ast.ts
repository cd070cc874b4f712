import type { EvalContext, Item } from './types';

export type BinaryOp =
  | 'or' | 'and'
  | '=' | '!='
  | '<' | '<=' | '>' | '>='
  | '+' | '-'
  | '*' | 'div' | 'mod';

/**
 * A function body. It receives its argument trees unevaluated so that `if`, `coalesce`
 * and `once` evaluate only what they need, and no argument array is built per call.
 */
export type FnImpl = (args: readonly Expr[], ctx: EvalContext) => Item;

/** A parsed expression. `pos` is the 0-based offset of the node in the source. */
export type Expr =
  | { readonly k: 'num'; readonly pos: number; readonly v: number }
  | { readonly k: 'str'; readonly pos: number; readonly v: string }
  | { readonly k: 'ref'; readonly pos: number; readonly name: string }
  | { readonly k: 'cur'; readonly pos: number }
  | { readonly k: 'neg'; readonly pos: number; readonly arg: Expr }
  | { readonly k: 'bin'; readonly pos: number; readonly op: BinaryOp; readonly l: Expr; readonly r: Expr }
  | {
      readonly k: 'call';
      readonly pos: number;
      readonly name: string;
      readonly args: readonly Expr[];
      /** Resolved at parse time, so evaluation never looks a name up. */
      readonly fn: FnImpl;
    };
