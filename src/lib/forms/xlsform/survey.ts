// The survey sheet: rows to a tree of questions. Expressions are only collected here;
// they are checked once every question name is known (references may point forward).

import type { ContainerQuestion, FieldQuestion, Question } from '../../domain/types';
import type { Issues, Place } from './issues';
import { parseType, type Container } from './question-type';
import { cell, localizedCell, MEDIA, placeOf, suggest, type Column, type Table } from './table';
import type { SheetRow } from './workbook';

/** An expression to check later; `drop` leaves it out of the form when it cannot run. */
export interface PendingExpression {
  src: string;
  place: Place;
  drop: () => void;
  choiceFilter?: boolean;
}
/** Label or hint text whose ${name} references must exist. */
export interface PendingText {
  text: string;
  place: Place;
}

export interface SurveyResult {
  questions: Question[];
  /** Every name declared, also of questions skipped as unsupported, so references to them are not "unknown". */
  names: Set<string>;
  expressions: PendingExpression[];
  texts: PendingText[];
  /** Select questions and the list each needs, to check against the choices sheet. */
  selects: { listName: string; place: Place }[];
}

const FIELD_COLUMNS = [
  'required', 'required_message', 'constraint', 'constraint_message', 'calculation', 'default',
  'read_only', 'choice_filter',
];
const KNOWN = new Set(['type', 'name', 'label', 'hint', 'relevant', 'appearance', 'repeat_count', ...FIELD_COLUMNS]);
const UNSUPPORTED_COLUMNS = new Set(['guidance_hint', 'parameters', 'trigger', 'note']);
const EXPRESSION_COLUMNS = ['relevant', 'constraint', 'calculation', 'choice_filter'] as const;

/** XML names (question names become element names in ODK): no spaces, no leading digit. */
const XML_NAME = /^[\p{L}_][\p{L}\p{N}_.\-\u00B7\u0300-\u036F\u203F\u2040]*$/u;

const YES = new Set(['yes', 'true', 'true()', '1']);
const NO = new Set(['no', 'false', 'false()', '0', '']);

interface Open {
  container: Container;
  row: number;
  question?: ContainerQuestion;
}

export function readSurvey(table: Table, defaultLanguage: string, issues: Issues): SurveyResult {
  const result: SurveyResult = { questions: [], names: new Set(), expressions: [], texts: [], selects: [] };
  const col = (base: string) => table.columns.find((c) => c.base === base && c.lang === undefined);
  const typeCol = col('type');
  const nameCol = col('name');
  const headerPlace = { sheet: table.sheet, row: table.headerRow };
  if (!typeCol) issues.error('xlsform.missingColumn', headerPlace, { column: 'type' });
  if (!nameCol) issues.error('xlsform.missingColumn', headerPlace, { column: 'name' });
  if (!typeCol || !nameCol) return result;
  warnColumns(table, issues);

  const firstRow = new Map<string, number>();
  const stack: Open[] = [];
  const children = () => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i].question) return stack[i].question!.children;
    return result.questions;
  };
  const skipping = () => stack.some((o) => o.container === 'loop');

  for (const row of table.rows) {
    const typeText = cell(row, typeCol);
    const name = cell(row, nameCol);
    if (!typeText) {
      if (name) issues.error('xlsform.missingType', placeOf(table, row, typeCol), { name });
      else issues.warn('xlsform.rowIgnored', placeOf(table, row));
      continue;
    }
    const type = parseType(typeText);
    const typePlace = placeOf(table, row, typeCol);
    if (type.kind === 'end') {
      const open = stack.pop();
      if (!open) issues.error('xlsform.unmatchedEnd', typePlace, { type: typeText });
      else if (open.container !== type.container) {
        issues.error('xlsform.mismatchedEnd', typePlace, { type: typeText, open: open.container, openRow: open.row });
      }
      continue;
    }
    if (type.kind === 'unknown') {
      issues.error('xlsform.unknownType', typePlace, { type: type.type });
      continue;
    }
    if (name) declare(name, row, table, nameCol, firstRow, result.names, issues);
    else if (type.kind !== 'unsupported') issues.error('xlsform.missingName', placeOf(table, row, nameCol));
    if (type.kind === 'unsupported') {
      issues.warn('xlsform.unsupportedType', typePlace, { type: type.type, name });
      continue;
    }
    if (type.kind === 'begin') {
      if (type.container === 'loop') issues.warn('xlsform.unsupportedType', typePlace, { type: 'begin loop', name });
      const question =
        type.container === 'loop' || skipping()
          ? undefined
          : container(type.container, name, row, table, defaultLanguage, result, issues);
      if (question) children().push(question);
      stack.push({ container: type.container, row: row.number, question });
      continue;
    }
    if (skipping()) continue;
    if (type.orOther) issues.warn('xlsform.orOtherUnsupported', typePlace, { name });
    const q = field(type.type, name, row, table, defaultLanguage, result, issues);
    if (type.listName !== undefined) {
      q.listName = type.listName;
      if (type.listName) result.selects.push({ listName: type.listName, place: typePlace });
      else issues.error('xlsform.missingListName', typePlace, { type: typeText });
    }
    children().push(q);
  }
  for (const open of stack) {
    issues.error('xlsform.unclosed', { sheet: table.sheet, row: open.row, column: typeCol.letter, header: typeCol.header }, {
      container: open.container,
    });
  }
  return result;
}

function declare(
  name: string,
  row: SheetRow,
  table: Table,
  nameCol: Column,
  firstRow: Map<string, number>,
  names: Set<string>,
  issues: Issues,
): void {
  const place = placeOf(table, row, nameCol);
  if (!XML_NAME.test(name)) issues.error('xlsform.invalidName', place, { name });
  const first = firstRow.get(name);
  if (first !== undefined) issues.error('xlsform.duplicateName', place, { name, firstRow: first });
  else firstRow.set(name, row.number);
  names.add(name);
}

/** Unknown columns are ignored, but said so, once each and only when they hold something. */
function warnColumns(table: Table, issues: Issues): void {
  for (const c of table.columns) {
    if (KNOWN.has(c.base) || !table.rows.some((r) => cell(r, c))) continue;
    const place = { sheet: table.sheet, row: table.headerRow, column: c.letter, header: c.header };
    if (MEDIA.has(c.base) || UNSUPPORTED_COLUMNS.has(c.base) || /^(bind|body|instance)::/i.test(c.header)) {
      issues.warn('xlsform.unsupportedColumn', place);
    } else {
      const suggestion = suggest(c.base, [...KNOWN]);
      issues.warn('xlsform.unknownColumn', place, suggestion ? { suggestion } : undefined);
    }
  }
}

/** Label and hint, shared by questions and containers; their ${name}s are checked later. */
function common(
  name: string,
  row: SheetRow,
  table: Table,
  defaultLanguage: string,
  result: SurveyResult,
): Pick<Question, 'name' | 'label' | 'hint' | 'relevant' | 'appearance'> {
  const out: Pick<Question, 'name' | 'label' | 'hint' | 'relevant' | 'appearance'> = { name };
  for (const base of ['label', 'hint'] as const) {
    const t = localizedCell(row, table, base, defaultLanguage);
    if (!t) continue;
    out[base] = t;
    for (const c of table.columns.filter((c) => c.base === base && c.lang !== undefined && cell(row, c))) {
      result.texts.push({ text: cell(row, c), place: placeOf(table, row, c) });
    }
  }
  const appearance = cell(row, table.columns.find((c) => c.base === 'appearance'));
  if (appearance) out.appearance = appearance;
  return out;
}

function container(
  kind: 'group' | 'repeat',
  name: string,
  row: SheetRow,
  table: Table,
  defaultLanguage: string,
  result: SurveyResult,
  issues: Issues,
): ContainerQuestion {
  const q: ContainerQuestion = { type: kind, ...common(name, row, table, defaultLanguage, result), children: [] };
  for (const c of table.columns.filter((c) => FIELD_COLUMNS.includes(c.base) && cell(row, c))) {
    issues.warn('xlsform.ignoredValue', placeOf(table, row, c), { type: kind });
  }
  expression(q, 'relevant', 'relevant', row, table, result);
  if (kind === 'repeat') {
    const countCol = table.columns.find((c) => c.base === 'repeat_count');
    const count = cell(row, countCol);
    if (count) {
      q.repeatCount = count;
      if (!/^\d+$/.test(count)) {
        result.expressions.push({ src: count, place: placeOf(table, row, countCol), drop: () => delete q.repeatCount });
      }
    }
  }
  return q;
}

function field(
  type: FieldQuestion['type'],
  name: string,
  row: SheetRow,
  table: Table,
  defaultLanguage: string,
  result: SurveyResult,
  issues: Issues,
): FieldQuestion {
  const q: FieldQuestion = { type, ...common(name, row, table, defaultLanguage, result) };
  for (const base of EXPRESSION_COLUMNS) {
    const key = base === 'choice_filter' ? 'choiceFilter' : base;
    if (base === 'choice_filter' && type !== 'select_one' && type !== 'select_multiple') continue;
    expression(q, key, base, row, table, result);
  }
  if (type === 'calculate' && !q.calculation) {
    issues.error('xlsform.missingCalculation', placeOf(table, row), { name });
  }
  for (const [key, base] of [['required', 'required'], ['readOnly', 'read_only']] as const) {
    const c = table.columns.find((c) => c.base === base);
    const value = cell(row, c);
    if (YES.has(value.toLowerCase())) q[key] = true;
    else if (!NO.has(value.toLowerCase())) expression(q, key, base, row, table, result);
  }
  const requiredMessage = localizedCell(row, table, 'required_message', defaultLanguage);
  if (requiredMessage) q.requiredMessage = requiredMessage;
  const constraintMessage = localizedCell(row, table, 'constraint_message', defaultLanguage);
  if (constraintMessage) q.constraintMessage = constraintMessage;
  const defaultCol = table.columns.find((c) => c.base === 'default');
  const value = cell(row, defaultCol);
  if (value) {
    q.default = value;
    if (value.includes('${')) result.texts.push({ text: value, place: placeOf(table, row, defaultCol) });
  }
  return q;
}

type ExpressionKey = 'relevant' | 'constraint' | 'calculation' | 'choiceFilter' | 'required' | 'readOnly';

function expression(
  q: Partial<Record<ExpressionKey, string | boolean>>,
  key: ExpressionKey,
  base: string,
  row: SheetRow,
  table: Table,
  result: SurveyResult,
): void {
  const c = table.columns.find((c) => c.base === base && c.lang === undefined);
  let src = cell(row, c);
  if (!src) return;
  // Excel turns a typed TRUE or FALSE into a boolean cell; XPath spells them true() and false().
  if (/^(true|false)$/i.test(src)) src = `${src.toLowerCase()}()`;
  q[key] = src;
  result.expressions.push({
    src,
    place: placeOf(table, row, c),
    drop: () => delete q[key],
    choiceFilter: key === 'choiceFilter',
  });
}
