// The files a form names (choice files, pulldata and instance() lookups, label media,
// csv-external / xml-external) must have come with it, and its item files must read;
// `<list>.csv` and instance('<list>') of an entity list need no file: the device has it.
// The files' rows, as read, are returned for what else checks them (search.ts).

import type { Choice, FormAttachment } from '../../domain/types';
import { AttachmentError, itemFileKind, itemsOf } from '../attachments';
import { columnLetter } from './workbook';
import { filesRead } from './expressions';
import type { Issues } from './issues';
import type { SurveyResult } from './survey';

export function checkAttachments(
  result: SurveyResult,
  lists: Record<string, Choice[]>,
  attachments: FormAttachment[],
  entityLists: ReadonlySet<string>,
  issues: Issues,
): Map<string, Record<string, string>[] | undefined> {
  const byName = new Map(attachments.map((a) => [a.name, a]));
  const items = new Map<string, Record<string, string>[] | undefined>();
  for (const a of attachments) {
    if (!itemFileKind(a.name)) continue;
    try {
      items.set(a.name, itemsOf(a));
    } catch (e) {
      if (!(e instanceof AttachmentError)) throw e;
      items.set(a.name, undefined);
      const place = { sheet: e.file, row: e.row, column: e.column === undefined ? undefined : columnLetter(e.column - 1) };
      issues.error(`attachments.${e.code}`, place, { file: e.file, ...(e.row ? { row: e.row } : {}), ...(e.column ? { column: e.column } : {}), ...e.params });
    }
  }
  const reported = new Set<string>();
  const need = (file: string, place: Parameters<Issues['error']>[1]) => {
    if (byName.has(file) || reported.has(`${file}\u0000${place.row}`)) return;
    // An entity list (known to the device, or declared by this form) is read as list.csv.
    if (file.endsWith('.csv') && entityLists.has(file.slice(0, -4))) return;
    reported.add(`${file}\u0000${place.row}`);
    issues.error('xlsform.missingAttachment', place, { file });
  };
  for (const { file, place } of result.files) need(file, place);
  // An instance('name') reads a choice list of the form, or an attached name.csv/.xml/.geojson
  // (also what a csv-external or xml-external question named so brings).
  for (const e of result.expressions) {
    const { pulldata, instances } = filesRead(e.src);
    for (const f of pulldata) need(`${f}.csv`, e.place);
    for (const name of instances) {
      if (lists[name] || ['.csv', '.xml', '.geojson'].some((x) => byName.has(name + x))) continue;
      need(`${name}.csv`, e.place);
    }
  }
  // A choice file must have the columns the question reads.
  for (const { question, place } of result.itemsets) {
    const { file, value, label } = question.itemset!;
    const rows = items.get(file);
    if (!rows?.length || itemFileKind(file) !== 'csv') continue;
    for (const column of [value, label]) {
      if (!(column in rows[0])) issues.error('xlsform.listFileColumn', place, { file, column });
    }
  }
  return items;
}
