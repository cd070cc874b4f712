// Paging: what the enumerator sees on one screen. As in ODK Collect, a group with
// appearance `field-list` is one screen, any other group just holds its questions,
// each on its own screen. A repeat gives one screen per instance (its questions
// together) and, unless repeat_count fixes the number, a last screen to add more.

import type { Node } from './compile';
import type { Cell, Scope } from './scope';

export type Screen =
  /** One question, or a field-list group (its questions together). */
  | { kind: 'field' | 'group'; id: string; cell: Cell }
  /** One instance of a repeat: `cell` is the repeat's cell. */
  | { kind: 'instance'; id: string; cell: Cell; instance: Scope }
  /** The list of a repeat's instances, with "add". */
  | { kind: 'repeat'; id: string; cell: Cell };

export interface Paging {
  screens: Screen[];
  /** The screen showing each visible cell (questions inside groups and instances included). */
  screenOf: Map<Cell, number>;
}

export function isFieldList(node: Node): boolean {
  return /\bfield-list\b/.test(node.question.appearance ?? '');
}

export function buildScreens(root: Scope, roots: readonly Node[]): Paging {
  const screens: Screen[] = [];
  const screenOf = new Map<Cell, number>();

  /** Every cell shown inside a screen (groups and repeats inside an instance render inline). */
  const claim = (scope: Scope, nodes: readonly Node[], index: number): void => {
    for (const node of nodes) {
      const cell = scope.cells.get(node.name)!;
      screenOf.set(cell, index);
      if (node.kind === 'group') claim(scope, node.children, index);
      if (node.kind === 'repeat') for (const inst of cell.instances) claim(inst, node.children, index);
    }
  };

  const walk = (scope: Scope, nodes: readonly Node[]): void => {
    for (const node of nodes) {
      if (!node.visible) continue;
      const cell = scope.cells.get(node.name)!;
      if (node.kind === 'field') {
        screenOf.set(cell, screens.length);
        screens.push({ kind: 'field', id: cell.path, cell });
      } else if (node.kind === 'group') {
        if (isFieldList(node)) {
          claim(scope, [node], screens.length);
          screens.push({ kind: 'group', id: cell.path, cell });
        } else walk(scope, node.children);
      } else {
        for (const instance of cell.instances) {
          claim(instance, node.children, screens.length);
          screens.push({ kind: 'instance', id: instance.pathPrefix.slice(0, -1), cell, instance });
        }
        if (!node.exprs.repeatCount) {
          screenOf.set(cell, screens.length);
          screens.push({ kind: 'repeat', id: `${cell.path}/+`, cell });
        }
      }
    }
  };
  walk(root, roots);
  return { screens, screenOf };
}

/** Whether a screen has anything to show now. */
export function isScreenRelevant(screen: Screen): boolean {
  if (!screen.cell.relevant) return false;
  if (screen.kind !== 'group') return true;
  return anyVisibleRelevant(screen.cell.scope, screen.cell.node.children);
}

function anyVisibleRelevant(scope: Scope, nodes: readonly Node[]): boolean {
  for (const node of nodes) {
    if (!node.visible) continue;
    const cell = scope.cells.get(node.name)!;
    if (!cell.relevant) continue;
    if (node.kind !== 'group' || anyVisibleRelevant(scope, node.children)) return true;
  }
  return false;
}
