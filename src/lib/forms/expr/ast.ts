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

/**
 * A filter on the items of an instance path. When it is (or starts with, joined by
 * `and`) `column = key` with a key that does not depend on the item, `indexed` holds
 * that column and key, so that the lookup goes through an index instead of a scan;
 * `rest` is what remains to test on each item found (null: nothing).
 */
export interface Predicate {
  readonly expr: Expr;
  readonly indexed: { readonly column: string; readonly key: Expr; readonly rest: Expr | null } | null;
}

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
    }
  /** `instance(id)/root/item[p1][p2]/column`: a column of the items that pass every filter. */
  | {
      readonly k: 'path';
      readonly pos: number;
      readonly id: Expr;
      readonly predicates: readonly Predicate[];
      /** The last step; null when the path ends at the items themselves. */
      readonly column: string | null;
    }
  /** Inside a filter: a column of the item being tested (`name` in `item[name = 'x']`). */
  | { readonly k: 'col'; readonly pos: number; readonly name: string }
  /** Inside a filter: `.`, the item being tested. */
  | { readonly k: 'item'; readonly pos: number };
