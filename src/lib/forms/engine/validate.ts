// What is wrong with the answers: required and unanswered, a constraint broken, a
// value that is not of the question's type. Messages are i18n keys; the form's own
// message (per language) wins where it has one.

import type { FieldQuestion, LocalizedText } from '../../domain/types';
import type { Node } from './compile';
import { isValidPath, parsePoint } from './geo';
import { isInRange, rangeOf } from './range';
import type { Cell, Scope } from './scope';

export type IssueKey = 'fill.required' | 'fill.constraint' | 'fill.integer' | 'fill.decimal' | 'fill.date' | 'fill.time' | 'fill.geopoint'
  | 'fill.range' | 'fill.geotrace' | 'fill.geoshape';

export interface Issue {
  cell: Cell;
  /** 'age', 'household[2]/age'. */
  path: string;
  key: IssueKey;
  /** The form's required_message or constraint_message, when it has one. */
  message?: LocalizedText;
}

const FORMATS: Partial<Record<string, [RegExp, IssueKey]>> = {
  integer: [/^\s*-?\d+\s*$/, 'fill.integer'],
  decimal: [/^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/, 'fill.decimal'],
  range: [/^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/, 'fill.range'],
  date: [/^\d{4}-\d{2}-\d{2}$/, 'fill.date'],
  time: [/^\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$/, 'fill.time'],
};


/** The problem with one answer, or null. Non-relevant and read-only cells have none. */
export function issueOf(cell: Cell): Issue | null {
  const node = cell.node;
  if (node.kind !== 'field' || !node.visible || !cell.relevant) return null;
  const q = node.question as FieldQuestion;
  const path = cell.path;
  if (cell.raw.trim() === '') {
    if (cell.required && q.type !== 'note') return { cell, path, key: 'fill.required', message: q.requiredMessage };
    return null;
  }
  const format = FORMATS[q.type];
  if (format && !format[0].test(cell.raw)) return { cell, path, key: format[1] };
  if (q.type === 'geopoint' && !parsePoint(cell.raw)) return { cell, path, key: 'fill.geopoint' };
  if (q.type === 'range' && !isInRange(cell.raw, rangeOf(q))) return { cell, path, key: 'fill.range' };
  if ((q.type === 'geotrace' || q.type === 'geoshape') && !isValidPath(cell.raw, q.type === 'geoshape')) {
    return { cell, path, key: q.type === 'geoshape' ? 'fill.geoshape' : 'fill.geotrace' };
  }
  if (!cell.constraintOk) return { cell, path, key: 'fill.constraint', message: q.constraintMessage };
  return null;
}

/** Every problem, in document order. */
export function collectIssues(scope: Scope, nodes: readonly Node[], out: Issue[] = []): Issue[] {
  for (const node of nodes) {
    const cell = scope.cells.get(node.name)!;
    if (!cell.relevant) continue;
    if (node.kind === 'group') collectIssues(scope, node.children, out);
    else if (node.kind === 'repeat') for (const inst of cell.instances) collectIssues(inst, node.children, out);
    else {
      const issue = issueOf(cell);
      if (issue) out.push(issue);
    }
  }
  return out;
}
