// The `entities` sheet (ODK entities spec 2024.1.0 and 2025.1.0), checked as pyxform's
// entities_parsing.py does. Piso keeps the declarations with the form; it does not yet
// create or update entities (case management comes later), and says so.

import type { EntityDeclaration } from '../../domain/types';
import type { Issues, Place } from './issues';
import type { PendingText } from './survey';
import { cell, placeOf, type Table } from './table';

const COLUMNS = ['list_name', 'label', 'entity_id', 'create_if', 'update_if', 'repeat'];
/** pyxform's own name for list_name. */
const listColumn = (base: string) => (base === 'dataset' ? 'list_name' : base);
const XML_NAME = /^[\p{L}_][\p{L}\p{N}_.-]*$/u;

export function readEntities(table: Table, issues: Issues, texts: PendingText[]): EntityDeclaration[] {
  const out: EntityDeclaration[] = [];
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
    const fields = [['label', 'label'], ['entityId', 'entity_id'], ['createIf', 'create_if'], ['updateIf', 'update_if'], ['repeat', 'repeat']] as const;
    for (const [key, base] of fields) {
      const value = cell(row, at(base));
      if (!value) continue;
      declaration[key] = value;
      if (value.includes('${')) texts.push({ text: value, place: placeOf(table, row, at(base)) });
    }
    if (!declaration.entityId && declaration.updateIf) issues.error('xlsform.entityUpdateWithoutId', place, { list: listName });
    else if (declaration.entityId && declaration.createIf && !declaration.updateIf) {
      issues.error('xlsform.entityUpsertWithoutUpdate', place, { list: listName });
    } else if (!declaration.entityId && !declaration.label) issues.error('xlsform.entityWithoutLabel', place, { list: listName });
    out.push(declaration);
  }
  return out;
}

/** `save_to` names an entity property, as `property` or `list#property`. */
export function checkSaveTo(
  saveTos: { value: string; place: Place; container: boolean }[],
  entities: EntityDeclaration[] | undefined,
  issues: Issues,
): void {
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
    const [list, property] = parts.length === 2 ? parts : [entities.length === 1 ? entities[0].listName : '', parts[0]];
    if (parts.length > 2 || !property || ['name', 'label'].includes(property.toLowerCase()) || property.startsWith('__') || !XML_NAME.test(property)) {
      issues.error('xlsform.invalidSaveTo', place, { name: value });
    } else if (!entities.some((e) => e.listName === list)) {
      issues.error('xlsform.saveToUnknownList', place, { list: list || value });
    } else if (seen.has(`${list}#${property}`)) {
      issues.error('xlsform.duplicateSaveTo', place, { name: property, firstRow: seen.get(`${list}#${property}`) ?? '' });
    } else seen.set(`${list}#${property}`, place.row);
  }
}
