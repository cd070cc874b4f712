// Where answers live: the form's root, or one instance of a repeat. A cell is one
// node's state in one scope; questions inside groups share their scope (groups do
// not nest answers, as in XLSForm's flat names), repeats open a scope per instance.

import type { FileAnswer } from '../../domain/types';
import type { Choice } from '../model';
import type { Node } from './compile';

export class Scope {
  /** The scope's cells by question name, in document order. */
  readonly cells = new Map<string, Cell>();
  /** 1-based index among the repeat's instances; 0 for the root. Kept up to date on add/remove. */
  position = 0;
  /** Set when the instance is removed: queued work for its cells is dropped. */
  detached = false;
  /** A repeat instance's stable id (INSTANCE_ID in its saved answers); '' for the root. */
  instanceId = '';

  constructor(
    readonly parent: Scope | null,
    /** The repeat cell (in the parent scope) this is an instance of; null for the root. */
    readonly owner: Cell | null,
  ) {}

  /** How many repeats enclose this scope. */
  get depth(): number {
    return this.owner ? this.owner.node.repeats.length + 1 : 0;
  }

  /** 'household[2]/' inside a repeat, '' at the root. */
  get pathPrefix(): string {
    if (!this.owner || !this.parent) return '';
    return `${this.parent.pathPrefix}${this.owner.node.name}[${this.position}]/`;
  }
}

export class Cell {
  /** The stored answer (or calculated value), even while not relevant. */
  raw = '';
  /**
   * Media questions: the captured file, whose name is `raw` (expressions read a media
   * question as its file name, as in ODK); null for an answer that is text only.
   */
  file: FileAnswer | null = null;
  /** This node's own relevant expression. */
  selfRelevant = true;
  /** Relevant, and every container holding it relevant. */
  relevant = true;
  required = false;
  readOnly = false;
  /** False when the constraint fails on a non-empty answer. */
  constraintOk = true;
  /** Choices passing the choice_filter; null when the question has none. */
  choices: Choice[] | null = null;
  /** Repeat cells: the instances, in order. */
  readonly instances: Scope[] = [];

  constructor(
    readonly node: Node,
    readonly scope: Scope,
  ) {
    this.required = node.requiredConst;
    this.readOnly = node.readOnlyConst;
  }

  /** What expressions and saved answers see: '' when not relevant. */
  get value(): string {
    return this.relevant ? this.raw : '';
  }

  /** 'age', or 'household[2]/age' inside a repeat. */
  get path(): string {
    return this.scope.pathPrefix + this.node.name;
  }
}
