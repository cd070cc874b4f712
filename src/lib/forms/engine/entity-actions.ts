// What a response does to entities when it is finalized (XLSForm entities sheet, spec
// 2024.1.0 and 2025.1.0): per declaration (and per instance of its repeat), create_if /
// update_if / entity_id / label evaluated in the session, and the `save_to` answers.
// The meaning is the XForm pyxform writes (its meta/entity block): `create` is "1" or
// create_if, `update` is "1" or update_if, the id is entity_id, the label is the label
// expression. A create without an entity_id gets the id ODK would have kept in the
// submission (meta/entity/@id): here one derived from the response (createdEntityId),
// so that a correction of the response finds the entity it created.

import type { ContainerQuestion, EntityAction, EntityDeclaration, FieldQuestion, FormData, Question } from '../../domain/types';
import { isContainer, walkQuestions } from '../model';
import { parseExpression, toBoolean, toString, type Expr } from '../expr';
import { instancesRead } from './data-sources';
import type { FormSession } from './session';
import type { Scope } from './scope';

/** The entity actions of a session's current answers, in declaration order. */
export function entityActions(session: FormSession): EntityAction[] {
  const out: EntityAction[] = [];
  const declarations = session.form.entities ?? [];
  for (const declaration of declarations) {
    const properties = savedTo(session.form, declaration.listName, declarations.length === 1);
    const group = groupOf(session, properties);
    for (const scope of scopesOf(session, declaration.repeat)) {
      // The entity block sits in that group: a group that is not relevant is not submitted, nor its entity.
      if (group && !scope.cells.get(group)?.relevant) continue;
      const action = actionIn(session, scope, declaration, properties);
      if (action) out.push(action);
    }
  }
  return out;
}

/**
 * The group pyxform writes a declaration's meta/entity block in: the innermost group
 * holding all its save_to questions, inside its repeat (none: the repeat or the root).
 * pyxform moves a block up when another list's takes that group; Piso checks the group
 * the save_to questions share, which is the same where each list has a group of its own.
 */
function groupOf(session: FormSession, saved: readonly [string, string][]): string | undefined {
  let common: string[] | undefined;
  for (const [question] of saved) {
    // The groups around the question, outermost first, up to its repeat (save_to questions are all in the entity's).
    const chain: string[] = [];
    for (let n = session.compiled.byName.get(question)?.parent; n && n.kind === 'group'; n = n.parent) chain.unshift(n.name);
    let same = 0;
    while (common && same < common.length && common[same] === chain[same]) same++;
    common = common ? common.slice(0, same) : chain;
  }
  return common?.at(-1);
}

function actionIn(session: FormSession, scope: Scope, d: EntityDeclaration, saved: readonly [string, string][]): EntityAction | undefined {
  const run = (src: string | undefined) => (src === undefined ? undefined : evaluateIn(session, scope, src));
  let entityId = d.entityId === undefined ? '' : toString(run(d.entityId) ?? '');
  let action: EntityAction['action'];
  if (!d.entityId) {
    // Create mode: always, or when create_if holds.
    // A correction that makes create_if false leaves the entity it created: ODK never
    // deletes an entity on an edit of a submission, and neither does Piso.
    if (d.createIf !== undefined && !toBoolean(run(d.createIf) ?? '')) return undefined;
    action = 'create';
  } else {
    const update = d.updateIf === undefined || toBoolean(run(d.updateIf) ?? '');
    const create = d.createIf !== undefined && toBoolean(run(d.createIf) ?? '');
    if (update && create) action = entityId ? 'upsert' : 'create';
    else if (create) action = 'create';
    else if (update && entityId) action = 'update';
    // Nothing to do, or an update of no entity (entity_id came out empty).
    else return undefined;
  }
  if (action === 'create' && entityId === '') entityId = createdEntityId(session, scope);
  const properties: Record<string, string> = {};
  for (const [question, property] of saved) properties[property] = scope.cells.get(question)?.value ?? '';
  const out: EntityAction = { list: d.listName, action, entityId, properties };
  const label = d.label === undefined ? undefined : toString(run(d.label) ?? '');
  // A create has a label (empty if its expression gives nothing); an update changes it only to a value.
  if (label !== undefined && (action === 'create' || label !== '')) out.label = label;
  return out;
}

/**
 * The id of the entity a create with no entity_id makes: the response's id for a
 * declaration at the root, the repeat instance's stable id (INSTANCE_ID) for one in a
 * repeat. Both are unique (instance ids are random; only instances saved before ids
 * existed have position ids, and their forms predate entities), the same on every
 * device and after every reload or correction. A session that does not know its response ('' seed: no response yet)
 * gives '', and lib/db gives such a create a new UUID.
 */
function createdEntityId(session: FormSession, scope: Scope): string {
  return scope === session.root ? session.responseId : scope.instanceId;
}

/** Parsed declaration expressions, per source text: a session finalizes many times, a form has few. */
const parsed = new Map<string, Expr | null>();

function evaluateIn(session: FormSession, scope: Scope, src: string) {
  let expr = parsed.get(src);
  if (expr === undefined) {
    try {
      expr = parseExpression(src);
    } catch {
      // The importer refuses a declaration that does not parse; an older stored form's gives nothing.
      expr = null;
    }
    parsed.set(src, expr);
  }
  return expr ? session.evaluateAt(expr, scope) : '';
}

/** The questions saving to `list` and the property each saves to: `property` or `list#property`. */
function savedTo(form: FormData, list: string, only: boolean): [string, string][] {
  const out: [string, string][] = [];
  for (const { question } of walkQuestions(form.questions)) {
    const saveTo = isContainer(question) ? undefined : (question as FieldQuestion).saveTo;
    if (!saveTo) continue;
    const hash = saveTo.indexOf('#');
    if (hash === -1 ? only : saveTo.slice(0, hash) === list) out.push([question.name, saveTo.slice(hash + 1)]);
  }
  return out;
}

/**
 * Where a declaration is evaluated: the root, or every relevant instance of its repeat
 * (nested in other repeats or not). A non-relevant repeat has no instances in the
 * submission, so it declares no entity.
 */
function scopesOf(session: FormSession, repeat: string | undefined): Scope[] {
  if (!repeat) return [session.root];
  const node = session.compiled.byName.get(repeat);
  if (!node || node.kind !== 'repeat') return [];
  const out: Scope[] = [];
  const chain = [...node.repeats, node];
  const collect = (scope: Scope): void => {
    const cell = scope.cells.get(chain[scope.depth].name);
    if (!cell?.relevant) return;
    for (const instance of cell.instances) {
      if (instance.depth === chain.length) out.push(instance);
      else collect(instance);
    }
  };
  collect(session.root);
  return out;
}

/**
 * The entity lists a form reads (select_*_from_file `<list>.csv` and instance('<list>')
 * with no attachment or choice list of that name): what the fill screen loads before
 * the session starts, with lib/db entityItems.
 */
export function entityListsOf(form: Pick<FormData, 'questions' | 'attachments' | 'choices'>): string[] {
  const attached = new Set((form.attachments ?? []).map((a) => a.name));
  const out = new Set<string>();
  for (const { question } of walkQuestions(form.questions)) {
    const file = isContainer(question) ? undefined : (question as FieldQuestion).itemset?.file;
    if (file && /\.csv$/i.test(file) && !attached.has(file)) out.add(file.slice(0, -4));
    for (const src of expressionsOf(question)) {
      for (const name of instancesRead(src)) {
        if (Object.hasOwn(form.choices, name) || ['.csv', '.xml', '.geojson'].some((x) => attached.has(name + x))) continue;
        out.add(name);
      }
    }
  }
  return [...out];
}

function expressionsOf(q: Question): string[] {
  const exprs = [q.relevant];
  if (isContainer(q)) exprs.push((q as ContainerQuestion).repeatCount);
  else {
    const f = q as FieldQuestion;
    exprs.push(f.calculation, f.constraint, f.choiceFilter, f.default, typeof f.required === 'string' ? f.required : undefined);
    exprs.push(typeof f.readOnly === 'string' ? f.readOnly : undefined);
  }
  return exprs.filter((e): e is string => !!e);
}

/**
 * The select that picks an entity of `list` (`select_one_from_file <list>.csv` whose
 * value is the entity's name), outside any repeat: what "follow up" prefills.
 */
export function entitySelectOf(form: Pick<FormData, 'questions'>, list: string): string | undefined {
  const file = `${list}.csv`;
  for (const { question, parents } of walkQuestions(form.questions)) {
    if (question.type !== 'select_one' || parents.some((p) => p.type === 'repeat')) continue;
    const itemset = (question as FieldQuestion).itemset;
    if (itemset?.file === file && (itemset.value || 'name') === 'name') return question.name;
  }
  return undefined;
}
