// The `entities` sheet (ODK entities spec 2024.1.0 and 2025.1.0), checked as pyxform's
// entities_parsing.py does, and placed as it places each declaration's meta/entity
// block: in the container of its save_to questions, inside the repeat its references
// are in (one entity per instance of that repeat), each container holding at most one.

import type { ContainerQuestion, EntityDeclaration, Question } from '../../domain/types';
import { walkQuestions } from '../model';
import { checkExpression, referencedNames } from './expressions';
import type { Issues, Place } from './issues';
import type { PendingText, SaveTo } from './survey';
import { cell, placeOf, type Table } from './table';

/** pyxform accepts a `repeat` column, and ignores it: the references say where an entity is. */
const COLUMNS = ['list_name', 'label', 'entity_id', 'create_if', 'update_if', 'repeat'];
/** pyxform's own name for list_name. */
const listColumn = (base: string) => (base === 'dataset' ? 'list_name' : base);
const XML_NAME = /^[\p{L}_][\p{L}\p{N}_.-]*$/u;
const EXPRESSIONS = [['label', 'label'], ['entityId', 'entity_id'], ['createIf', 'create_if'], ['updateIf', 'update_if']] as const;

/** A declaration and where it is: its row, and each expression's cell. */
export interface EntityRow {
  declaration: EntityDeclaration;
  place: Place;
  expressions: { src: string; place: Place }[];
}

export function readEntities(table: Table, issues: Issues, texts: PendingText[]): EntityRow[] {
  const out: EntityRow[] = [];
  for (const c of table.columns.filter((c) => !COLUMNS.includes(listColumn(c.base)))) {
    issues.error('xlsform.unknownEntityColumn', { sheet: table.sheet, row: table.headerRow, column: c.letter, header: c.header });
  }
  const at = (base: string) => table.columns.find((c) => listColumn(c.base) === base);
  const seen = new Set<string>();
  for (const row of table.rows) {
    const listCol = at('list_name');
    const listName = cell(row, listCol);
    const place = placeOf(table, row, listCol);
    if (!listName) issues.error('xlsform.entityWithoutList', placeOf(table, row));
    else if (listName.startsWith('__') || listName.includes('.') || !XML_NAME.test(listName)) {
      issues.error('xlsform.invalidName', place, { name: listName });
    } else if (seen.has(listName)) issues.error('xlsform.duplicateEntityList', place, { list: listName });
    seen.add(listName);
    const declaration: EntityDeclaration = { listName };
    const expressions: EntityRow['expressions'] = [];
    for (const [key, base] of EXPRESSIONS) {
      const value = cell(row, at(base));
      if (!value) continue;
      declaration[key] = value;
      const where = placeOf(table, row, at(base));
      expressions.push({ src: value, place: where });
      if (value.includes('${')) texts.push({ text: value, place: where });
    }
    if (!declaration.entityId && declaration.updateIf) issues.error('xlsform.entityUpdateWithoutId', place, { list: listName });
    else if (declaration.entityId && declaration.createIf && !declaration.updateIf) {
      issues.error('xlsform.entityUpsertWithoutUpdate', place, { list: listName });
    } else if (!declaration.entityId && !declaration.label) issues.error('xlsform.entityWithoutLabel', place, { list: listName });
    out.push({ declaration, place, expressions });
  }
  return out;
}

/**
 * Entity expressions are XPath the engine runs when the response is finalized: one that
 * is not XPath is refused in its cell, as ODK Central would; one Piso's engine cannot run
 * is warned about, and reads as empty (a condition on it is false).
 */
export function checkEntityExpressions(rows: readonly EntityRow[], issues: Issues): void {
  for (const { expressions } of rows) for (const { src, place } of expressions) checkExpression(src, place, issues);
}

/** `save_to` names an entity property, as `property` or `list#property`. */
export function checkSaveTo(saveTos: readonly SaveTo[], entities: readonly EntityRow[] | undefined, issues: Issues): void {
  const seen = new Map<string, number | undefined>();
  for (const { value, place, container } of saveTos) {
    if (!entities?.length) {
      issues.error('xlsform.saveToWithoutEntities', place);
      continue;
    }
    if (container) {
      issues.error('xlsform.saveToContainer', place);
      continue;
    }
    const parts = value.split('#');
    const [list, property] = parts.length === 2 ? parts : [entities.length === 1 ? entities[0].declaration.listName : '', parts[0]];
    if (parts.length > 2 || !property || ['name', 'label'].includes(property.toLowerCase()) || property.startsWith('__') || !XML_NAME.test(property)) {
      issues.error('xlsform.invalidSaveTo', place, { name: value });
    } else if (!entities.some((e) => e.declaration.listName === list)) {
      issues.error('xlsform.saveToUnknownList', place, { list: list || value });
    } else if (seen.has(`${list}#${property}`)) {
      issues.error('xlsform.duplicateSaveTo', place, { name: property, firstRow: seen.get(`${list}#${property}`) ?? '' });
    } else seen.set(`${list}#${property}`, place.row);
  }
}

// ---- placing declarations (pyxform's get_allocation_request and allocate_entities_to_containers) ----

/** A container path from the survey down: one entry per group or repeat, root first ('survey'). */
type Path = readonly { name: string; repeat: boolean }[];
const ROOT: Path = [{ name: '', repeat: true }];
const key = (p: Path) => p.map((n) => n.name).join('/');
const same = (a: Path, b: Path) => key(a) === key(b);
/** The path up to its innermost repeat (the root counts as one): the scope an entity is evaluated in. */
function boundary(p: Path): Path {
  for (let i = p.length - 1; i >= 0; i--) if (p[i].repeat) return p.slice(0, i + 1);
  return ROOT;
}
const repeats = (p: Path) => p.filter((n) => n.repeat).length - 1;
/** Containers below the path's boundary. */
const subpath = (p: Path) => p.length - boundary(p).length;

interface Ref {
  path: Path;
  place?: Place;
  saveTo: boolean;
  question: string;
}

/**
 * Sets each declaration's `repeat` (the repeat its entity is one per instance of) from
 * where its save_to questions and ${references} are, and refuses what pyxform refuses:
 * references in repeats that do not nest, save_to questions outside the entity's scope,
 * two entities with no container of their own. Returns the declarations pyxform writes
 * no meta/entity block for (save_to questions outside the repeat its label reads): in
 * ODK they create nothing, so they are left out, with a warning.
 */
export function placeEntities(rows: readonly EntityRow[], saveTos: readonly SaveTo[], questions: readonly Question[], issues: Issues): EntityRow[] {
  const paths = new Map<string, Path>();
  for (const { question, parents } of walkQuestions(questions)) {
    paths.set(question.name, [...ROOT, ...parents.map((p: ContainerQuestion) => ({ name: p.name, repeat: p.type === 'repeat' }))]);
  }
  const only = rows.length === 1 ? rows[0].declaration.listName : undefined;
  const requests: { row: EntityRow; scope: Path; requested: Path; lineages: Path[] }[] = [];
  for (const row of rows) {
    const list = row.declaration.listName;
    const refs: Ref[] = [];
    for (const s of saveTos) {
      const hash = s.value.indexOf('#');
      const target = hash === -1 ? only : s.value.slice(0, hash);
      const path = paths.get(s.name);
      if (target === list && path && !s.container) refs.push({ path, place: s.place, saveTo: true, question: s.name });
    }
    const variables = new Set(row.expressions.flatMap((e) => referencedNames(e.src)));
    for (const name of variables) {
      const path = paths.get(name);
      if (path) refs.push({ path, saveTo: false, question: name });
    }
    if (!refs.length) {
      requests.push({ row, scope: ROOT, requested: ROOT, lineages: [] });
      continue;
    }
    const request = allocationRequest(row, refs, issues);
    if (request) requests.push({ row, ...request });
  }
  if (requests.length === 1 && same(requests[0].scope, ROOT)) return [];
  const unplaced: EntityRow[] = [];
  const allocations = new Map<string, EntityRow>();
  const reserved = new Map<string, EntityRow>();
  const byScope = new Map<string, typeof requests>();
  for (const r of requests) byScope.set(key(r.scope), [...(byScope.get(key(r.scope)) ?? []), r]);
  for (const group of byScope.values()) {
    for (const req of group.sort((a, b) => (a.row.place.row ?? 0) - (b.row.place.row ?? 0))) {
      if (req.requested.length < req.scope.length) {
        unplaced.push(req.row);
        issues.warn('xlsform.entityNotPlaced', req.row.place, { list: req.row.declaration.listName });
        continue;
      }
      let conflict: EntityRow | undefined;
      for (let depth = req.requested.length; depth >= req.scope.length; depth--) {
        const current = req.requested.slice(0, depth);
        conflict = allocations.get(key(current)) ?? reserved.get(key(current));
        if (conflict) {
          // A request whose save_to questions sit in a container reserved by another entity cannot move up.
          const held = req.lineages.length ? reserved.get(key(req.lineages[0])) : undefined;
          if (held) {
            conflict = held;
            break;
          }
          continue;
        }
        allocations.set(key(current), req.row);
        reserved.set(key(current), req.row);
        for (const lineage of req.lineages) {
          for (let i = lineage.length; i >= current.length; i--) reserved.set(key(lineage.slice(0, i)), req.row);
        }
        break;
      }
      if (conflict) issues.error('xlsform.entityNoContainer', req.row.place, { list: req.row.declaration.listName, other: conflict.declaration.listName, otherRow: conflict.place.row ?? '' });
    }
  }
  return unplaced;
}

function allocationRequest(row: EntityRow, refs: readonly Ref[], issues: Issues): { scope: Path; requested: Path; lineages: Path[] } | undefined {
  let deepestScope: Path | undefined;
  let deepestScopeRef: Ref | undefined;
  let deepestContainer: Ref | undefined;
  let deepestSaveTo: Ref | undefined;
  const lineages = new Map<string, Path>();
  for (const ref of refs) {
    const scope = boundary(ref.path);
    if (!deepestScope || repeats(scope) > repeats(deepestScope)) {
      if (!deepestScope || !same(scope, deepestScope)) {
        deepestContainer = ref;
        if (ref.saveTo) deepestSaveTo = ref;
      }
      deepestScope = scope;
      deepestScopeRef = ref;
    }
    if (!deepestContainer || (same(scope, deepestScope) && subpath(ref.path) > subpath(deepestContainer.path))) deepestContainer = ref;
    if (ref.saveTo) {
      lineages.set(key(ref.path), ref.path);
      if (!deepestSaveTo || (same(scope, deepestScope) && subpath(ref.path) > subpath(deepestSaveTo.path))) deepestSaveTo = ref;
    }
  }
  let requested = (deepestSaveTo ?? deepestContainer)!.path;
  const all = [...lineages.values()];
  if (all.length) {
    const shortest = Math.min(...all.map((p) => p.length));
    let common = all[0].slice(0, shortest);
    for (let i = 0; i < shortest; i++) {
      if (all.some((p) => p[i].name !== all[0][i].name)) {
        common = all[0].slice(0, i);
        break;
      }
    }
    if (all.length > 1) {
      const scoped = boundary(deepestSaveTo!.path);
      const rank = (p: Path) => [repeats(p), subpath(p)];
      const [a, b] = [rank(scoped), rank(common)];
      requested = a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]) ? scoped : common;
    } else requested = common;
  }
  const requestedScope = boundary(requested);
  for (const ref of refs) {
    const scope = boundary(ref.path);
    const nested = same(deepestScope!.slice(0, scope.length), scope);
    if (!nested || (ref.saveTo && !same(requestedScope, scope))) {
      const where = (p: Path) => `/${p.map((n) => n.name || 'survey').join('/')}`;
      const params = { list: row.declaration.listName, scope: where(ref.path), otherScope: where(nested ? requested : deepestScopeRef!.path) };
      if (ref.saveTo) issues.error('xlsform.saveToOutOfScope', ref.place!, params);
      else issues.error('xlsform.entityReferenceOutOfScope', row.place, { ...params, name: ref.question });
      return undefined;
    }
  }
  const inner = [...deepestScope!].reverse().find((n) => n.repeat && n.name);
  if (inner) row.declaration.repeat = inner.name;
  return { scope: deepestScope!, requested, lineages: all };
}
