import type { Expr } from './ast';
import { questionNameIn } from './fn-select';

/**
 * The question names an expression reads, each once, in order of appearance: the
 * renderer's dependencies and the names the importer checks. Includes the question
 * named by jr:choice-name's '${q}' argument, whose choices it reads.
 */
export function references(expr: Expr): string[] {
  const names = new Set<string>();
  collect(expr, names);
  return [...names];
}

function collect(e: Expr, names: Set<string>): void {
  switch (e.k) {
    case 'ref':
      names.add(e.name);
      return;
    case 'neg':
      collect(e.arg, names);
      return;
    case 'bin':
      collect(e.l, names);
      collect(e.r, names);
      return;
    case 'path':
      collect(e.id, names);
      for (const p of e.predicates) collect(p.expr, names);
      return;
    case 'call':
      for (const arg of e.args) collect(arg, names);
      if (e.name === 'jr:choice-name' && e.args[1].k === 'str') names.add(questionNameIn(e.args[1].v));
      return;
  }
}
