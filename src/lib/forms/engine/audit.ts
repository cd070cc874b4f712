// When each question was on screen, written to the form's `audit` question (if it has
// one) as the interview moves: the screen shown opens its rows, leaving it closes them.
import type { FieldQuestion } from '../../domain/types';
import { appendAudit, type AuditRow } from './audit-log';
import type { Node } from './compile';
import type { Screen } from './screens';
import type { Cell, Scope } from './scope';
import type { FormSession } from './session';

/** The relevant questions a screen shows (inside its groups and inline repeats too). */
function shownFields(scope: Scope, nodes: readonly Node[], out: Cell[] = []): Cell[] {
  for (const node of nodes) {
    const cell = scope.cells.get(node.name)!;
    if (!node.visible || !cell.relevant) continue;
    if (node.kind === 'field') out.push(cell);
    else if (node.kind === 'group') shownFields(scope, node.children, out);
    else for (const instance of cell.instances) shownFields(instance, node.children, out);
  }
  return out;
}

export class AuditTrail {
  #open: { row: AuditRow; cell?: Cell }[] = [];
  #begun = false;

  constructor(
    private readonly session: FormSession,
    private readonly now: () => number = Date.now,
  ) {}

  /** The audit question's cell, or undefined when the form keeps no log. */
  get cell(): Cell | undefined {
    for (const cell of this.session.root.cells.values()) if (cell.node.question.type === 'audit') return cell;
    return undefined;
  }

  /**
   * A screen is shown: its group (for a field list) and its questions. The first screen
   * of this session also logs the start, or a resume when the log already has rows.
   */
  show(cells: readonly Cell[], group?: Cell): void {
    const cell = this.cell;
    if (!cell) return;
    this.leave();
    const start = this.now();
    if (!this.#begun) {
      this.#begun = true;
      this.#write([{ event: cell.raw === '' ? 'form start' : 'form resume', node: '', start, end: null }]);
    }
    const rows: { row: AuditRow; cell?: Cell }[] = cells.map((c) => ({ row: { event: 'question', node: c.path, start, end: null, oldValue: c.raw }, cell: c }));
    if (group) rows.unshift({ row: { event: 'group questions', node: group.path, start, end: null } });
    this.#open = rows;
  }

  /** A screen of the interview is shown. */
  showScreen(screen: Screen): void {
    if (screen.kind === 'field') this.show([screen.cell]);
    else if (screen.kind === 'group') this.show(shownFields(screen.cell.scope, screen.cell.node.children), screen.cell);
    else if (screen.kind === 'instance') this.show(shownFields(screen.instance, screen.cell.node.children), screen.cell);
    else this.show([], screen.cell);
  }

  /** The review screen at the end. */
  endScreen(): void {
    this.show([]);
    if (this.cell) this.#write([{ event: 'end screen', node: '', start: this.now(), end: null }]);
  }

  /** The screen is left: its rows get their end time and are written. */
  leave(): void {
    if (this.#open.length === 0) return;
    const end = this.now();
    const rows = this.#open.map(({ row, cell }) => ({ ...row, end, ...(cell ? { newValue: cell.raw } : {}) }));
    this.#open = [];
    this.#write(rows);
  }

  #write(rows: AuditRow[]): void {
    const cell = this.cell;
    if (cell) this.session.setValue(cell, appendAudit(cell.raw, rows, tracksChanges(cell)));
  }
}

/** The audit question's `track-changes=true` parameter: answers before and after go in the log. */
export function tracksChanges(cell: Cell): boolean {
  return (cell.node.question as FieldQuestion).parameters?.['track-changes'] === 'true';
}

const trails = new WeakMap<FormSession, AuditTrail>();

/** The one trail of a session. */
export function auditTrail(session: FormSession): AuditTrail {
  let trail = trails.get(session);
  if (!trail) trails.set(session, (trail = new AuditTrail(session)));
  return trail;
}
