import type { Expr, Predicate } from './ast';

/**
 * Plans a filter once, at parse time: finds a `column = key` test (alone or first among
 * `and`-joined tests) whose key reads nothing of the item, so evaluation can look the
 * key up in an index of that column instead of testing every item.
 */
export function planPredicate(expr: Expr): Predicate {
  const tests = conjuncts(expr);
  for (let i = 0; i < tests.length; i++) {
    const t = tests[i];
    if (t.k !== 'bin' || t.op !== '=') continue;
    const [column, key] = t.l.k === 'col' ? [t.l, t.r] : t.r.k === 'col' ? [t.r, t.l] : [null, null];
    if (!column || !independentOfItem(key)) continue;
    const rest = tests.filter((_, j) => j !== i);
    return { expr, indexed: { column: column.name, key, rest: rest.length ? joinAnd(rest, expr.pos) : null } };
  }
  return { expr, indexed: null };
}

function conjuncts(e: Expr): Expr[] {
  return e.k === 'bin' && e.op === 'and' ? [...conjuncts(e.l), ...conjuncts(e.r)] : [e];
}

function joinAnd(tests: readonly Expr[], pos: number): Expr {
  return tests.reduce((l, r) => ({ k: 'bin', pos, op: 'and', l, r }));
}

/** True when `e` gives the same value for every item: it reads no column, `.`, position() or last(). */
function independentOfItem(e: Expr): boolean {
  switch (e.k) {
    case 'col':
    case 'item':
      return false;
    case 'neg':
      return independentOfItem(e.arg);
    case 'bin':
      return independentOfItem(e.l) && independentOfItem(e.r);
    case 'call':
      return e.name !== 'position' && e.name !== 'last' && e.args.every(independentOfItem);
    case 'path':
      // Its own filters read its own items; only the instance name could read ours.
      return independentOfItem(e.id);
    default:
      return true;
  }
}
