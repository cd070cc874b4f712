// The choices sheet (lists of options) and the settings sheet.

import type { Choice } from '../../domain/types';
import type { Issues } from './issues';
import type { PendingText } from './survey';
import { cell, localizedCell, MEDIA, placeOf, type Table } from './table';

export function readChoices(
  table: Table,
  defaultLanguage: string,
  allowDuplicates: boolean,
  issues: Issues,
  texts: PendingText[],
): Record<string, Choice[]> {
  const lists: Record<string, Choice[]> = {};
  if (!table.rows.length) return lists;
  const listCol = table.columns.find((c) => c.base === 'list_name');
  const nameCol = table.columns.find((c) => c.base === 'name');
  for (const [column, found] of [['list_name', listCol], ['name', nameCol]] as const) {
    if (!found) issues.error('xlsform.missingColumn', { sheet: table.sheet, row: table.headerRow }, { column });
  }
  if (!listCol || !nameCol) return lists;
  // Any other column is data a choice_filter may read, except media, which Piso does not show.
  const extras = table.columns.filter((c) => c !== listCol && c !== nameCol && c.base !== 'label' && !MEDIA.has(c.base));
  for (const c of table.columns.filter((c) => MEDIA.has(c.base))) {
    if (table.rows.some((r) => cell(r, c))) {
      issues.warn('xlsform.unsupportedColumn', { sheet: table.sheet, row: table.headerRow, column: c.letter, header: c.header });
    }
  }
  const firstRow = new Map<string, number>();
  for (const row of table.rows) {
    const listName = cell(row, listCol);
    const name = cell(row, nameCol);
    if (!listName) {
      issues.warn('xlsform.rowIgnored', placeOf(table, row));
      continue;
    }
    if (!name) {
      issues.error('xlsform.missingChoiceName', placeOf(table, row, nameCol), { list: listName });
      continue;
    }
    const key = `${listName}\u0000${name}`;
    const first = firstRow.get(key);
    if (first !== undefined && !allowDuplicates) {
      issues.error('xlsform.duplicateChoice', placeOf(table, row, nameCol), { list: listName, name, firstRow: first });
      continue;
    }
    firstRow.set(key, row.number);
    const choice: Choice = { name, label: localizedCell(row, table, 'label', defaultLanguage) ?? {} };
    for (const c of table.columns.filter((c) => c.base === 'label' && cell(row, c))) {
      texts.push({ text: cell(row, c), place: placeOf(table, row, c) });
    }
    const extra = Object.fromEntries(extras.filter((c) => cell(row, c)).map((c) => [c.header, cell(row, c)]));
    if (Object.keys(extra).length) choice.extra = extra;
    (lists[listName] ??= []).push(choice);
  }
  return lists;
}

export interface Settings {
  formId: string;
  version: string;
  title: string;
  defaultLanguage: string;
  allowChoiceDuplicates: boolean;
}

const SETTINGS = ['form_id', 'version', 'form_title', 'default_language', 'allow_choice_duplicates'];

/** The first row under the headers holds the settings; unsupported ones are reported. */
export function readSettings(table: Table | undefined, issues: Issues): Settings {
  const row = table?.rows[0];
  const value = (base: string) => (table && row ? cell(row, table.columns.find((c) => c.base === base)) : '');
  if (table && row) {
    for (const c of table.columns.filter((c) => !SETTINGS.includes(c.base) && cell(row, c))) {
      issues.warn('xlsform.unsupportedSetting', placeOf(table, row, c));
    }
  }
  return {
    formId: value('form_id'),
    version: value('version'),
    title: value('form_title'),
    defaultLanguage: value('default_language'),
    allowChoiceDuplicates: ['yes', 'true'].includes(value('allow_choice_duplicates').toLowerCase()),
  };
}
