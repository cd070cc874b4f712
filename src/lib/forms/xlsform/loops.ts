// `begin loop over <list>`: pyxform (builder._create_loop_from_dict) makes the loop a
// group holding one group per choice of the list (named and labelled as the choice,
// the choice `none` left out), each with a copy of the loop's rows in which every cell
// but type and name has `%(name)s`, `%(label)s` and `%(<choices column>)s` replaced
// by the choice's values (Python's % operator). A list an `or_other` select uses has
// pyxform's `other` choice added, so its loop has an `other` group too. Here the survey's rows are expanded
// the same way before they are read, so everything else reads ordinary groups.

import type { Choice } from '../../domain/types';
import type { Issues } from './issues';
import { parseType } from './question-type';
import { cell, DEFAULT_LANG, placeOf, type Column, type Table } from './table';
import type { SheetRow } from './workbook';

/** A row to read, or the start or end of the group of one choice of a loop. */
export type SurveyItem =
  | { kind: 'row'; row: SheetRow }
  | { kind: 'choice'; row: SheetRow; choice: Choice }
  | { kind: 'choiceEnd' };

export interface LoopContext {
  table: Table;
  choices: Record<string, Choice[]>;
  defaultLanguage: string;
  issues: Issues;
}

/**
 * The survey's rows with each loop over a known list, closed by its own `end loop`,
 * expanded. A loop that is not (no list, an unknown one, no end) is left as it is: the
 * survey reader refuses it in its place.
 */
export function expandLoops(rows: SheetRow[], ctx: LoopContext): SurveyItem[] {
  const typeCol = ctx.table.columns.find((c) => c.base === 'type' && c.lang === undefined);
  const out: SurveyItem[] = [];
  const withOther = new Set<string>();
  for (const row of rows) {
    const type = parseType(cell(row, typeCol));
    if (type.kind === 'field' && type.orOther && type.listName) withOther.add(type.listName);
  }
  const walk = (list: SheetRow[]) => {
    for (let i = 0; i < list.length; i++) {
      const row = list[i];
      out.push({ kind: 'row', row });
      const type = parseType(cell(row, typeCol));
      if (type.kind !== 'begin' || type.container !== 'loop' || !type.listName) continue;
      const choices = withOther.has(type.listName) ? withOtherChoice(ctx.choices[type.listName]) : ctx.choices[type.listName];
      const end = matchingEnd(list, i, typeCol);
      if (!choices || end === undefined) continue;
      const body = list.slice(i + 1, end);
      for (const choice of choices.filter((c) => c.name !== 'none')) {
        out.push({ kind: 'choice', row, choice });
        walk(body.map((r) => substituteRow(r, choice, ctx)));
        out.push({ kind: 'choiceEnd' });
      }
      i = end - 1;
    }
  };
  walk(rows);
  return out;
}

/** pyxform's OR_OTHER_CHOICE, labelled "Other" in every language of the list. */
function withOtherChoice(choices: Choice[] | undefined): Choice[] | undefined {
  if (!choices || choices.some((c) => c.name === 'other')) return choices;
  const languages = new Set(choices.flatMap((c) => Object.keys(c.label)));
  return [...choices, { name: 'other', label: Object.fromEntries([...languages].map((lang) => [lang, 'Other'])) }];
}

/** Index of the `end loop` closing the loop begun at `start`, if the rows close it with one. */
function matchingEnd(rows: SheetRow[], start: number, typeCol: Column | undefined): number | undefined {
  let depth = 0;
  for (let i = start; i < rows.length; i++) {
    const type = parseType(cell(rows[i], typeCol));
    if (type.kind === 'begin') depth++;
    else if (type.kind === 'end' && --depth === 0) return type.container === 'loop' ? i : undefined;
  }
  return undefined;
}

function substituteRow(row: SheetRow, choice: Choice, ctx: LoopContext): SheetRow {
  const { table } = ctx;
  const cells = row.cells.map((text, index) => {
    const column = table.columns.find((c) => c.index === index);
    if (!column || column.base === 'type' || column.base === 'name' || !text.includes('%')) return text;
    const lang = column.lang === DEFAULT_LANG ? ctx.defaultLanguage : column.lang;
    const label = (lang && choice.label[lang]) || Object.values(choice.label)[0] || '';
    const values: Record<string, string> = { ...choice.extra, name: choice.name, label };
    const result = substitute(text, values);
    if (typeof result === 'string') return result;
    ctx.issues.error('xlsform.loopSubstitution', placeOf(table, row, column), { text, ...result });
    return text;
  });
  return { number: row.number, cells };
}

/**
 * Python's `text % values` for what a loop row may hold: `%(key)s` and `%%`. Anything
 * else after a `%` makes pyxform fail (a format it cannot apply, or a missing key), so
 * it is returned as the fault to report.
 */
export function substitute(text: string, values: Record<string, string>): string | { fault: string } {
  let out = '';
  let at = 0;
  for (let i = text.indexOf('%'); i !== -1; i = text.indexOf('%', at)) {
    out += text.slice(at, i);
    const m = /^%(?:%|\(([^)]*)\)s)/.exec(text.slice(i));
    if (!m) return { fault: text.slice(i, i + 2) };
    if (m[1] === undefined) out += '%';
    else if (Object.hasOwn(values, m[1])) out += values[m[1]];
    else return { fault: m[0] };
    at = i + m[0].length;
  }
  return out + text.slice(at);
}
