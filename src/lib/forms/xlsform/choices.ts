// The choices sheet (lists of options) and the settings sheet.

import type { Choice } from '../../domain/types';
import type { Issues, Place } from './issues';
import type { PendingText } from './survey';
import { cell, isToolColumn, localizedCell, placeOf, type Table } from './table';

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
  const extras = table.columns.filter((c) => c !== listCol && c !== nameCol && c.base !== 'label' && c.base !== 'media' && !isToolColumn(c));
  const labelCols = table.columns.filter((c) => c.base === 'label');
  for (const c of table.columns.filter((c) => c.base === 'media')) {
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
    for (const c of labelCols) {
      const text = cell(row, c);
      if (text.includes('${')) texts.push({ text, place: placeOf(table, row, c) });
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
  instanceName: string;
  /** Where instance_name is, for its issues. */
  instanceNamePlace: Place;
}

/** Settings Piso reads, and those that only shape the XForm ODK makes (no effect here). */
const SETTINGS = ['form_id', 'version', 'form_title', 'default_language', 'allow_choice_duplicates', 'instance_name'];
const XFORM_ONLY = ['name', 'style', 'clean_text_values', 'omit_instanceid', 'instance_id', 'namespaces', 'prefix', 'delimiter', 'sms_keyword', 'auto_send', 'auto_delete', 'client_editable'];
/** Encryption and the server to send to are the server's business in Piso. */
const IGNORED = ['public_key', 'submission_url'];

/** The first row under the headers holds the settings; unsupported ones are reported. */
export function readSettings(table: Table | undefined, issues: Issues, texts: PendingText[]): Settings {
  const row = table?.rows[0];
  const column = (base: string) => table?.columns.find((c) => c.base === base);
  const value = (base: string) => (table && row ? cell(row, column(base)) : '');
  if (table && row) {
    for (const c of table.columns.filter((c) => cell(row, c))) {
      const place = placeOf(table, row, c);
      if (IGNORED.includes(c.base)) issues.warn('xlsform.settingIgnored', place);
      else if (!SETTINGS.includes(c.base) && !XFORM_ONLY.includes(c.base) && c.base !== '_version_') issues.warn('xlsform.unsupportedSetting', place);
      if (cell(row, c).includes('${')) texts.push({ text: cell(row, c), place });
    }
    const name = value('name');
    if (name && !/^[\p{L}_][\p{L}\p{N}_.-]*$/u.test(name)) issues.error('xlsform.invalidName', placeOf(table, row, column('name')), { name });
  }
  return {
    formId: value('form_id'),
    version: value('version'),
    title: value('form_title'),
    defaultLanguage: value('default_language'),
    allowChoiceDuplicates: ['yes', 'true'].includes(value('allow_choice_duplicates').toLowerCase()),
    instanceName: value('instance_name'),
    instanceNamePlace: table && row ? placeOf(table, row, column('instance_name')) : { sheet: 'settings' },
  };
}
