// A form compiled once per session: every expression parsed, every question a node
// that knows its container, its repeat and who reads it, so that an answer change
// re-evaluates only its dependents.

import type { Expr } from '../expr';
import { parseExpression, references } from '../expr';
import type { ContainerQuestion, FieldQuestion, FormData, Question } from '../model';
import { isContainer } from '../model';
import { choiceColumn, rewriteChoiceFilter } from './choice-filter';
import { withOrOther } from './or-other';
import { isShown } from './question-kinds';

/** What a node computes from an expression; each is re-evaluated when what it reads changes. */
export type Facet = 'relevant' | 'required' | 'readOnly' | 'calculation' | 'constraint' | 'choiceFilter' | 'repeatCount';

export interface Node {
  readonly question: Question;
  readonly name: string;
  readonly kind: 'field' | 'group' | 'repeat';
  /** The group or repeat holding this node, null at the top. */
  readonly parent: Node | null;
  /** Enclosing repeats, outermost first: the scope levels this node's cells live at. */
  readonly repeats: readonly Node[];
  readonly children: Node[];
  /** Document order; also the order of a first full evaluation (see `order`). */
  readonly index: number;
  readonly exprs: Partial<Record<Facet, Expr>>;
  /** Constant required / read-only when not an expression. */
  readonly requiredConst: boolean;
  readonly readOnlyConst: boolean;
  /** Facets of other nodes that read this node's value. */
  readonly dependents: { node: Node; facet: Facet }[];
  /** Some expression calls position(): its value changes when earlier instances go. */
  usesPosition: boolean;
  /**
   * The `trigger` column: the calculation runs only when one of these questions changes
   * (never on its own at the start), and the answer stays editable in between.
   */
  readonly triggered: boolean;
  /** Shown to the enumerator (not calculate, hidden or metadata). */
  readonly visible: boolean;
}

export interface CompiledForm {
  readonly form: FormData;
  readonly roots: readonly Node[];
  readonly byName: ReadonlyMap<string, Node>;
  /** Every node, dependencies before dependents where the form has no cycle. */
  readonly order: readonly Node[];
}

/** Parse errors are the importer's business; a broken expression here is ignored, not fatal. */
function parse(src: string | undefined): Expr | undefined {
  if (!src || !src.trim()) return undefined;
  try {
    return parseExpression(src);
  } catch {
    return undefined;
  }
}

function exprOrConst(v: boolean | string | undefined): [Expr | undefined, boolean] {
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === 'true()' || s === 'yes') return [undefined, true];
    if (s === '' || s === 'false' || s === 'false()' || s === 'no') return [undefined, false];
    return [parse(v), false];
  }
  return [undefined, v === true];
}

/** `source`'s or_other selects come expanded (see or-other.ts): `form` is that expanded form. */
export function compileForm(source: FormData): CompiledForm {
  const form = withOrOther(source);
  const byName = new Map<string, Node>();
  const all: Node[] = [];

  const build = (q: Question, parent: Node | null, repeats: readonly Node[]): Node => {
    const exprs: Partial<Record<Facet, Expr>> = {};
    let requiredConst = false;
    let readOnlyConst = false;
    const relevant = parse(q.relevant);
    if (relevant) exprs.relevant = relevant;
    if (!isContainer(q)) {
      const f = q as FieldQuestion;
      const [req, reqConst] = exprOrConst(f.required);
      const [ro, roConst] = exprOrConst(f.readOnly);
      if (req) exprs.required = req;
      if (ro) exprs.readOnly = ro;
      requiredConst = reqConst;
      readOnlyConst = roConst;
      const calc = parse(f.calculation);
      if (calc) exprs.calculation = calc;
      const constraint = parse(f.constraint);
      if (constraint) exprs.constraint = constraint;
      const filter = f.choiceFilter ? parse(rewriteChoiceFilter(f.choiceFilter)) : undefined;
      if (filter) exprs.choiceFilter = filter;
    } else if (q.type === 'repeat') {
      const count = parse((q as ContainerQuestion).repeatCount);
      if (count) exprs.repeatCount = count;
    }
    const kind = q.type === 'group' ? 'group' : q.type === 'repeat' ? 'repeat' : 'field';
    const node: Node = {
      question: q,
      name: q.name,
      kind,
      parent,
      repeats,
      children: [],
      index: all.length,
      exprs,
      requiredConst,
      readOnlyConst,
      dependents: [],
      usesPosition: false,
      triggered: !!exprs.calculation && triggersOf(q).length > 0,
      visible: isShown(q),
    };
    all.push(node);
    byName.set(q.name, node);
    if (isContainer(q)) {
      const inner = kind === 'repeat' ? [...repeats, node] : repeats;
      for (const child of q.children) node.children.push(build(child, node, inner));
    }
    return node;
  };
  const roots = form.questions.map((q) => build(q, null, []));

  for (const node of all) {
    for (const [facet, expr] of Object.entries(node.exprs) as [Facet, Expr][]) {
      const reads = facet === 'calculation' && node.triggered ? triggersOf(node.question) : references(expr);
      for (const name of reads) {
        if (choiceColumn(name) !== undefined) continue;
        byName.get(name)?.dependents.push({ node, facet });
      }
      if (callsPosition(expr)) node.usesPosition = true;
    }
  }
  return { form, roots, byName, order: evaluationOrder(all) };
}

/** Trigger names, written `${name}` or bare. */
export function triggersOf(q: Question): string[] {
  const trigger = isContainer(q) ? undefined : (q as FieldQuestion).trigger;
  return (trigger ?? []).map((t) => t.trim().replace(/^\$\{\s*(.*?)\s*\}$/, '$1')).filter(Boolean);
}

function callsPosition(e: Expr): boolean {
  switch (e.k) {
    case 'call':
      return e.name === 'position' || e.args.some(callsPosition);
    case 'bin':
      return callsPosition(e.l) || callsPosition(e.r);
    case 'neg':
      return callsPosition(e.arg);
    default:
      return false;
  }
}

/**
 * Depth-first topological order: what a node reads, and its container, come first.
 * A cycle (which XLSForm forbids) is cut where it is found.
 */
function evaluationOrder(all: readonly Node[]): Node[] {
  const reads = new Map<Node, Node[]>(all.map((n) => [n, n.parent ? [n.parent] : []]));
  for (const node of all) for (const { node: reader } of node.dependents) reads.get(reader)!.push(node);
  const order: Node[] = [];
  const state = new Map<Node, 'visiting' | 'done'>();
  const visit = (n: Node): void => {
    if (state.has(n)) return;
    state.set(n, 'visiting');
    for (const dep of reads.get(n)!) visit(dep);
    state.set(n, 'done');
    order.push(n);
  };
  all.forEach(visit);
  return order;
}
