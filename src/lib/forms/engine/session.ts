// A form being filled: answers in scopes, every expression kept up to date
// incrementally. An answer change re-evaluates only the facets that read it (and
// what reads those, and so on), never the whole form: a 300-question form must
// answer a keystroke within a frame on a slow phone.

import { answerScalar, INSTANCE_ID, isFileAnswer, type Answers, type FileAnswer, type FormAttachment, type MetadataType } from '../../domain/types';
import { newInstanceId } from '../../domain/instance-id';
import { instanceIdOf } from '../../domain/answer-paths';
import type { Choice, FieldQuestion, FormData, Question } from '../model';
import { localize } from '../model';
import { evaluate, toBoolean, toString, type EvalContext, type Expr, type Nodeset, type RepeatIndex, type Value } from '../expr';
import { evalItem } from '../expr/evaluate';
import { localDate, localDateTime } from '../expr/dates';
import { tracksChanges } from './audit';
import { appendAudit } from './audit-log';
import { applyChoiceFilter, choiceColumn, choiceColumnValue } from './choice-filter';
import { choicesOfQuestion } from './choice-source';
import { formDataSources, responseSeed } from './data-sources';
import { compileForm, type CompiledForm, type Facet, type Node } from './compile';
import { Cell, Scope } from './scope';

export interface SessionEnv {
  /** The clock (metadata start/end/today, today(), now()). */
  now?: () => Date;
  deviceId?: string;
  username?: string;
  /** Language of choice labels read by jr:choice-name and format-date. */
  lang?: string;
  /**
   * The response's id: seeds randomize(), so that the order stays across reloads, and is
   * the id of the entity a create at the form's root makes (entity-actions.ts), so that
   * a correction finds it. FormSession.responseId.
   */
  seed?: string;
  /**
   * Entity lists the form reads, by list name (lib/db entityItems), loaded before the
   * session starts: `<list>.csv` of select_*_from_file and instance('<list>') read them
   * when the form has no attachment of that name. CONTRACT (session 4).
   */
  lists?: ReadonlyMap<string, readonly Record<string, string>[]>;
}

/** Told after each change: the cells whose state changed, and whether instances came or went. */
export type ChangeListener = (cells: ReadonlySet<Cell>, structural: boolean) => void;

/** A guard against a dependency cycle the importer let through: stop instead of hanging. */
const MAX_EVALUATIONS = 1_000_000;

export class FormSession {
  readonly compiled: CompiledForm;
  readonly root: Scope;
  lang: string;
  /** The response being filled (SessionEnv.seed); '' when the session has none. */
  readonly responseId: string;
  /** Bumped when repeat instances are added or removed (the screens change). */
  structureVersion = 0;

  readonly #now: () => Date;
  readonly #listeners = new Set<ChangeListener>();
  #queue: [Cell, Facet][] = [];
  #changed = new Set<Cell>();
  #structural = false;
  // One context object for every evaluation: evaluation never nests, so the session
  // points it at the cell (and choice) being evaluated instead of allocating one each time.
  #scope!: Scope;
  #cell: Cell | null = null;
  #choice: Choice | null = null;
  readonly #ctx: EvalContext;
  readonly #lists: SessionEnv['lists'];
  #ended = false;

  /** `answers` undefined starts a new interview: defaults and metadata are filled in. */
  constructor(form: FormData, answers?: Answers, env: SessionEnv = {}) {
    this.compiled = compileForm(form);
    this.#now = env.now ?? (() => new Date());
    this.lang = env.lang ?? form.defaultLanguage;
    this.responseId = env.seed ?? '';
    const seed = env.seed ? responseSeed(env.seed) : undefined;
    this.#lists = env.lists;
    this.#ctx = {
      value: (name) => this.#read(name),
      indexedValue: (name, path) => this.#indexedValue(name, path),
      current: () => this.#cell?.raw ?? '',
      position: () => this.#scope.position,
      choiceLabel: (q, c) => this.choiceLabel(q, c),
      now: this.#now,
      locale: () => this.lang,
      data: formDataSources(form, () => this.lang, env.lists),
      randomSeed: seed === undefined ? undefined : () => seed,
    };
    this.root = new Scope(null, null);
    this.#fillScope(this.root, this.compiled.roots, answers);
    this.#evaluateScope(this.root);
    this.#fillMetadata(env);
    this.#changed.clear();
  }

  get form(): FormData {
    return this.compiled.form;
  }

  onChange(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The cell of a question outside any repeat (or in `scope`). */
  cell(name: string, scope: Scope = this.root): Cell | undefined {
    return scope.cells.get(name);
  }

  /** Sets an answer; every expression that reads it follows before this returns. */
  setValue(cell: Cell, value: string): void {
    this.#set(cell, value, null);
  }

  /** Sets a media question's file (null removes it); expressions read its name. */
  setFile(cell: Cell, file: FileAnswer | null): void {
    this.#set(cell, file?.name ?? '', file);
  }

  #set(cell: Cell, value: string, file: FileAnswer | null): void {
    if (cell.raw === value && cell.file?.hash === file?.hash) return;
    const before = cell.value;
    cell.raw = value;
    cell.file = file;
    this.#changed.add(cell);
    this.#evaluate(cell, 'constraint');
    if (cell.value !== before) this.#valueChanged(cell);
    this.#drain();
  }

  /** Adds an instance at the end of a repeat; returns it. */
  addInstance(repeat: Cell): Scope {
    const instance = this.#createInstance(repeat, undefined);
    this.#instancesChanged(repeat);
    this.#drain();
    return instance;
  }

  removeInstance(repeat: Cell, instance: Scope): void {
    const i = repeat.instances.indexOf(instance);
    if (i === -1) return;
    repeat.instances.splice(i, 1);
    instance.detached = true;
    this.#renumber(repeat, i);
    this.#instancesChanged(repeat);
    this.#drain();
  }

  /** The label of a choice in the session's language, as jr:choice-name reads it. */
  choiceLabel(questionName: string, choiceName: string): string {
    const node = this.compiled.byName.get(questionName);
    if (!node) return '';
    const choice = choicesOfQuestion(this.form, node.question, this.#lists).find((c) => c.name === choiceName);
    return choice ? localize(choice.label, this.lang, this.form.defaultLanguage) : '';
  }

  /** Every choice a select question offers before its choice_filter (a device list's entities too). */
  choicesOfQuestion(question: Question): Choice[] {
    return choicesOfQuestion(this.form, question, this.#lists);
  }

  /**
   * In a form that reads the device's lists, builds now the choices of its selects over a
   * file or list (a list of 100,000 workers is 100,000 choices), so that their screens
   * open on them instead of building them: for the fill screen to call while the first
   * screen is read.
   */
  prepareDeviceLists(): void {
    if (!this.#lists?.size) return;
    for (const node of this.compiled.byName.values()) {
      if ((node.question as FieldQuestion).itemset) choicesOfQuestion(this.form, node.question, this.#lists);
    }
  }

  /** The choices a select question offers now, after its choice_filter. */
  choicesFor(cell: Cell): Choice[] {
    return cell.choices ?? choicesOfQuestion(this.form, cell.node.question, this.#lists);
  }

  /** Records the end time (metadata `end`, and the audit log's finalize), as a finished interview does. */
  markEnd(): void {
    this.#ended = true;
    const now = this.#now();
    for (const cell of this.root.cells.values()) {
      const type = cell.node.question.type;
      if (type === 'end') this.setValue(cell, localDateTime(now));
      if (type === 'audit') {
        this.setValue(cell, appendAudit(cell.raw, [{ event: 'form finalize', node: '', start: now.getTime(), end: null }], tracksChanges(cell)));
      }
    }
  }

  /**
   * Fills metadata the device learns later (phone number, e-mail, start-geopoint) where
   * still empty, or every time with `replace` (background-geopoint). Not after the end:
   * a GPS fix arriving once the interview is finalized must not change it.
   */
  setMetadata(type: MetadataType, value: string, replace = false): void {
    if (this.#ended) return;
    for (const cell of this.root.cells.values()) {
      if (cell.node.question.type === type && (replace || cell.raw === '')) this.setValue(cell, value);
    }
  }

  /** The answers to save: relevant, non-empty values only, repeats as arrays of instances. */
  answers(scope: Scope = this.root): Answers {
    const out: Answers = {};
    for (const cell of scope.cells.values()) {
      if (!cell.relevant) continue;
      if (cell.node.kind === 'repeat') {
        if (cell.instances.length > 0) out[cell.node.name] = cell.instances.map((s) => ({ [INSTANCE_ID]: s.instanceId, ...this.answers(s) }));
      } else if (cell.node.kind === 'field' && cell.raw !== '') {
        out[cell.node.name] = cell.file ?? cell.raw;
      }
    }
    return out;
  }

  /**
   * Evaluates an expression as a question of `scope` would (entity declarations, which
   * sit in the root or in a repeat instance but are no question of their own).
   */
  evaluateAt(expr: Expr, scope: Scope): Value {
    this.#scope = scope;
    this.#cell = null;
    this.#choice = null;
    return evaluate(expr, this.#ctx);
  }

  // ---- building scopes ----

  /** Creates the cells of `nodes` (and of groups inside them) in `scope`, from saved answers. */
  #fillScope(scope: Scope, nodes: readonly Node[], answers: Answers | undefined): void {
    for (const node of nodes) {
      const cell = new Cell(node, scope);
      scope.cells.set(node.name, cell);
      if (node.kind === 'group') {
        this.#fillScope(scope, node.children, answers);
      } else if (node.kind === 'repeat') {
        const saved = answers?.[node.name];
        if (Array.isArray(saved)) for (const a of saved) this.#createInstance(cell, a, false);
      } else {
        const saved = answers?.[node.name];
        const initial = answers === undefined ? (node.question as { default?: string }).default : undefined;
        if (isFileAnswer(saved)) cell.file = saved;
        cell.raw = answerScalar(saved) ?? initial ?? '';
      }
    }
  }

  #createInstance(repeat: Cell, answers: Answers | undefined, evaluate = true): Scope {
    const instance = new Scope(repeat.scope, repeat);
    // A saved instance keeps its id (one saved without, its id from its position, as merges see it).
    instance.instanceId = answers ? instanceIdOf(answers, repeat.instances.length) : newInstanceId();
    repeat.instances.push(instance);
    instance.position = repeat.instances.length;
    this.#fillScope(instance, repeat.node.children, answers);
    if (evaluate) this.#evaluateScope(instance);
    this.#structural = true;
    return instance;
  }

  #renumber(repeat: Cell, from: number): void {
    for (let i = from; i < repeat.instances.length; i++) {
      const instance = repeat.instances[i];
      instance.position = i + 1;
      // position() now gives another number in every later instance.
      for (const cell of instance.cells.values()) {
        if (!cell.node.usesPosition) continue;
        for (const facet of Object.keys(cell.node.exprs) as Facet[]) this.#queue.push([cell, facet]);
      }
    }
  }

  /** Every instance change is read by count(), sum() and the like outside the repeat. */
  #instancesChanged(repeat: Cell): void {
    this.#structural = true;
    this.#changed.add(repeat);
    this.#valueChanged(repeat);
    const inner = (nodes: readonly Node[]): void => {
      for (const node of nodes) {
        for (const dep of node.dependents) {
          for (const target of this.#cellsOf(dep.node, repeat.scope)) this.#queue.push([target, dep.facet]);
        }
        inner(node.children);
      }
    };
    inner(repeat.node.children);
  }

  /** First evaluation of everything in a scope and the scopes below it, dependencies first. */
  #evaluateScope(scope: Scope): void {
    const depth = scope.depth;
    const repeat = scope.owner?.node;
    for (const node of this.compiled.order) {
      if (node.repeats.length < depth || (repeat && node.repeats[depth - 1] !== repeat)) continue;
      for (const cell of this.#cellsOf(node, scope)) {
        this.#updateRelevance(cell, false);
        for (const facet of Object.keys(node.exprs) as Facet[]) {
          if (facet === 'relevant' || (facet === 'calculation' && node.triggered)) continue;
          this.#evaluate(cell, facet, false);
        }
      }
    }
  }

  #fillMetadata(env: SessionEnv): void {
    const now = this.#now();
    for (const cell of this.root.cells.values()) {
      if (cell.raw !== '') continue;
      switch (cell.node.question.type) {
        case 'start':
          cell.raw = localDateTime(now);
          break;
        case 'today':
          cell.raw = localDate(now);
          break;
        case 'deviceid':
          cell.raw = env.deviceId ?? '';
          break;
        case 'username':
          cell.raw = env.username ?? '';
          break;
      }
    }
  }

  // ---- reading values ----

  /** The nearest scope around `scope` at which `node`'s repeat chain is entered. */
  #commonScope(node: Node, scope: Scope): Scope {
    let s = scope;
    while (s.depth > node.repeats.length || (s.owner && node.repeats[s.depth - 1] !== s.owner.node)) s = s.parent!;
    return s;
  }

  #read(name: string): string | Nodeset {
    const column = choiceColumn(name);
    if (column !== undefined) {
      if (!this.#choice) return '';
      return choiceColumnValue(this.#choice, column);
    }
    const node = this.compiled.byName.get(name);
    if (!node) return '';
    const s = this.#commonScope(node, this.#scope);
    if (node.repeats.length === s.depth) {
      const cell = s.cells.get(name)!;
      return node.kind === 'repeat' ? (cell.relevant ? cell.instances.map(() => '') : []) : cell.value;
    }
    // Below a repeat the reader is outside of: every instance's value (a node-set).
    const out: string[] = [];
    for (const cell of this.#cellsOf(node, s)) {
      if (node.kind === 'repeat') {
        if (cell.relevant) for (let i = 0; i < cell.instances.length; i++) out.push('');
      } else out.push(cell.value);
    }
    return out;
  }

  /**
   * indexed-repeat(): down from the root, the `index`-th instance of each repeat named
   * in `path`, then the question there; '' where an instance or the question is not
   * (fewer instances, a question that is not in the instance reached).
   */
  #indexedValue(name: string, path: readonly RepeatIndex[]): string {
    let scope = this.root;
    for (const { repeat, index } of path) {
      const instance = scope.cells.get(repeat)?.instances[index - 1];
      if (!instance) return '';
      scope = instance;
    }
    const cell = scope.cells.get(name);
    return cell && cell.node.kind !== 'repeat' ? cell.value : '';
  }

  /** The cells of `node` in `scope` and in the instances below it (relevant repeats or not). */
  #cellsOf(node: Node, scope: Scope): Cell[] {
    const s = this.#commonScope(node, scope);
    if (node.repeats.length === s.depth) return [s.cells.get(node.name)!];
    const out: Cell[] = [];
    const collect = (sc: Scope): void => {
      const rep = sc.cells.get(node.repeats[sc.depth].name)!;
      for (const inst of rep.instances) {
        if (inst.depth === node.repeats.length) out.push(inst.cells.get(node.name)!);
        else collect(inst);
      }
    };
    collect(s);
    return out;
  }

  // ---- propagation ----

  #valueChanged(cell: Cell): void {
    for (const { node, facet } of cell.node.dependents) {
      for (const target of this.#cellsOf(node, cell.scope)) this.#queue.push([target, facet]);
    }
  }

  #drain(): void {
    let budget = MAX_EVALUATIONS;
    for (let i = 0; i < this.#queue.length && budget-- > 0; i++) {
      const [cell, facet] = this.#queue[i];
      if (this.#isAttached(cell)) this.#evaluate(cell, facet);
    }
    this.#queue = [];
    const changed = this.#changed;
    const structural = this.#structural;
    this.#changed = new Set();
    this.#structural = false;
    if (structural) this.structureVersion++;
    if (changed.size > 0 || structural) for (const listener of this.#listeners) listener(changed, structural);
  }

  /** A cell of a removed instance may still sit in the queue; skip it. */
  #isAttached(cell: Cell): boolean {
    for (let s: Scope | null = cell.scope; s; s = s.parent) if (s.detached) return false;
    return true;
  }

  /** Points the shared context at `cell` (and at the choice a filter is testing). */
  #at(cell: Cell, choice: Choice | null = null): EvalContext {
    this.#scope = cell.scope;
    this.#cell = cell;
    this.#choice = choice;
    return this.#ctx;
  }

  #run(cell: Cell, expr: Expr, choice: Choice | null = null) {
    return evaluate(expr, this.#at(cell, choice));
  }

  /** Re-evaluates one facet; with `propagate`, queues what reads a value that changed. */
  #evaluate(cell: Cell, facet: Facet, propagate = true): void {
    const node = cell.node;
    const expr = node.exprs[facet];
    if (facet === 'relevant') {
      this.#updateRelevance(cell, propagate);
      return;
    }
    if (!expr) {
      if (facet === 'constraint') cell.constraintOk = true;
      return;
    }
    switch (facet) {
      case 'required':
      case 'readOnly': {
        const v = toBoolean(this.#run(cell, expr));
        if (cell[facet] !== v) {
          cell[facet] = v;
          this.#changed.add(cell);
        }
        return;
      }
      case 'constraint': {
        const ok = cell.raw === '' || toBoolean(this.#run(cell, expr));
        if (cell.constraintOk !== ok) {
          cell.constraintOk = ok;
          this.#changed.add(cell);
        }
        return;
      }
      case 'calculation': {
        const result = this.#run(cell, expr);
        // NaN and infinities (an empty answer in arithmetic) are no value, as in ODK.
        const v = typeof result === 'number' && !Number.isFinite(result) ? '' : toString(result);
        if (v === cell.raw) return;
        const before = cell.value;
        cell.raw = v;
        cell.file = null;
        this.#changed.add(cell);
        if (cell.node.exprs.constraint) this.#evaluate(cell, 'constraint', false);
        if (propagate && cell.value !== before) this.#valueChanged(cell);
        return;
      }
      case 'choiceFilter': {
        const kept = applyChoiceFilter(
          choicesOfQuestion(this.form, node.question, this.#lists),
          expr,
          (part) => evalItem(part, this.#at(cell)),
          (part, choice) => toBoolean(this.#run(cell, part, choice)),
        );
        if (!sameChoices(cell.choices, kept)) {
          cell.choices = kept;
          this.#changed.add(cell);
        }
        return;
      }
      case 'repeatCount': {
        const n = Math.max(0, Math.min(10_000, Math.trunc(Number(toString(this.#run(cell, expr)))) || 0));
        if (n === cell.instances.length) return;
        while (cell.instances.length < n) this.#createInstance(cell, undefined);
        for (const gone of cell.instances.splice(n)) gone.detached = true;
        if (propagate) this.#instancesChanged(cell);
        else this.#structural = true;
        return;
      }
    }
  }

  /** Effective relevance: own expression and the container's; a change spreads to children. */
  #updateRelevance(cell: Cell, propagate: boolean): void {
    const node = cell.node;
    if (node.exprs.relevant) cell.selfRelevant = toBoolean(this.#run(cell, node.exprs.relevant));
    const parent = node.parent;
    const container = !parent ? null : parent.kind === 'repeat' ? cell.scope.owner : cell.scope.cells.get(parent.name)!;
    const relevant = cell.selfRelevant && (container ? container.relevant : true);
    if (relevant === cell.relevant) return;
    const before = cell.value;
    cell.relevant = relevant;
    this.#changed.add(cell);
    if (!propagate) return;
    if (cell.value !== before || node.kind === 'repeat') this.#valueChanged(cell);
    if (node.kind === 'group') {
      for (const child of node.children) this.#updateRelevance(cell.scope.cells.get(child.name)!, true);
    } else if (node.kind === 'repeat') {
      for (const inst of cell.instances) for (const child of node.children) this.#updateRelevance(inst.cells.get(child.name)!, true);
    }
  }
}

function sameChoices(a: readonly Choice[] | null, b: readonly Choice[]): boolean {
  return !!a && a.length === b.length && a.every((c, i) => c === b[i]);
}

export { Cell, Scope };
