// The survey sheet: rows to a tree of questions, with pyxform 4.5's rules for names,
// types and parameters. Expressions and ${name} references are only collected here;
// they are checked once every name is known (references may point forward).

import type { Choice, ContainerQuestion, FieldQuestion, Question } from '../../domain/types';
import { isDynamicDefault } from '../model';
import type { Issues, Place } from './issues';
import { expandLoops } from './loops';
import { checkParameters, parseParameters } from './parameters';
import { searchCall, type SearchSelect } from './search';
import { parseType, type Container, type ParsedType } from './question-type';
import { cell, isToolColumn, localizedCell, MEDIA, placeOf, suggest, type Column, type Table } from './table';
import type { SheetRow } from './workbook';

/** An expression to check later; `drop` leaves it out of the form when it cannot run. */
export interface PendingExpression {
  src: string;
  place: Place;
  drop: () => void;
  choiceFilter?: boolean;
}
/** A cell whose ${name} references must each name exactly one question. */
export interface PendingText {
  text: string;
  place: Place;
}
/** A file of the form's attachments that the form needs. */
export interface NeededFile {
  file: string;
  place: Place;
  /** The file is a secondary instance of the form, named by its stem (instances.ts). */
  instance?: true;
}

export interface SurveyResult {
  questions: Question[];
  /** How often each name is declared (questions, groups, repeats), as pyxform's element_names. */
  nameCounts: Map<string, number>;
  expressions: PendingExpression[];
  texts: PendingText[];
  files: NeededFile[];
  /** Answer key -> the keys its calculation reads, to find cycles. */
  calculations: { key: string; src: string; place: Place }[];
  /** Question names a `trigger` column names, which must be questions (not groups). */
  triggers: { name: string; place: Place }[];
  /** Names of questions (not groups or repeats), for triggers. */
  questionNames: Set<string>;
  /** Questions computed out of sight, which cannot trigger a recalculation. */
  unseen: Set<string>;
  /** select_*_from_file questions, to check their file's columns. */
  itemsets: { question: FieldQuestion; place: Place }[];
  appearances: { name: string; type: string; appearance: string; place: Place }[];
  /** Selects with the search() appearance, whose choices come from a file (search.ts). */
  searches: SearchSelect[];
  /** `save_to` cells, checked against the entities sheet. */
  saveTos: SaveTo[];
}

/** A `save_to` cell: the question (or, wrongly, group) it is on. */
export interface SaveTo {
  value: string;
  name: string;
  place: Place;
  container: boolean;
}

export interface SurveyContext {
  defaultLanguage: string;
  issues: Issues;
  choices: Record<string, Choice[]>;
  /** Lists of the external_choices sheet, or undefined without that sheet. */
  externalChoices?: Record<string, Choice[]>;
}

/** Columns a question reads; any other is reported once. */
const KNOWN = new Set([
  'type', 'name', 'label', 'hint', 'guidance_hint', 'relevant', 'appearance', 'repeat_count', 'required',
  'required_message', 'constraint', 'constraint_message', 'calculation', 'default', 'read_only', 'choice_filter',
  'parameters', 'trigger', 'save_to', 'media', 'attribute', 'disabled',
]);
const FIELD_ONLY = ['required', 'required_message', 'constraint', 'constraint_message', 'calculation', 'default', 'read_only', 'choice_filter'];
const EXPRESSION_COLUMNS = ['relevant', 'constraint', 'calculation', 'choice_filter'] as const;

/** XML names (question names become element names in ODK): pyxform's is_xml_tag. */
const NCNAME = '[\\p{L}_][\\p{L}\\p{N}_.\\-\\u00B7\\u0300-\\u036F\\u203F\\u2040]*';
/** pyxform's is_xml_tag: an NCName, with an optional namespace prefix. */
const XML_NAME = new RegExp(`^(${NCNAME}:)?${NCNAME}$`, 'u');

/** Types with no control on the screen: no label needed. */
const UNSEEN = new Set<string>([
  'calculate', 'hidden', 'xml-external', 'csv-external', 'background-audio', 'start-geopoint', 'background-geopoint',
  'start', 'end', 'today', 'deviceid', 'username', 'phonenumber', 'email', 'simserial', 'subscriberid', 'audit',
]);

const YES = new Set(['yes', 'true', 'true()', '1']);
const NO = new Set(['no', 'false', 'false()', '0', '']);

/** An open group or repeat (or the survey itself, at the bottom of the stack). */
interface Open {
  container: Container | 'survey';
  row: number;
  name: string;
  question?: ContainerQuestion;
  /** Names of its direct children: pyxform's NAMES_001 scope. */
  names: Map<string, number>;
  /** The answers of a repeat instance (or of the survey) are keyed by name in one object. */
  answerKeys?: Set<string>;
  /** table-list groups: the list of their first select, which every select must share. */
  tableList?: string | true;
  /** The group of one choice of a loop: its questions' answers are keyed by their path. */
  loopChoice?: boolean;
}

export function readSurvey(table: Table, ctx: SurveyContext): SurveyResult {
  const { issues } = ctx;
  const result: SurveyResult = {
    questions: [], nameCounts: new Map(), expressions: [], texts: [], files: [], calculations: [], triggers: [],
    questionNames: new Set(), unseen: new Set(), itemsets: [], appearances: [], searches: [], saveTos: [],
  };
  const col = (base: string) => table.columns.find((c) => c.base === base && c.lang === undefined);
  const typeCol = col('type');
  const nameCol = col('name');
  const headerPlace = { sheet: table.sheet, row: table.headerRow };
  if (!typeCol) issues.error('xlsform.missingColumn', headerPlace, { column: 'type' });
  if (!typeCol) return result;
  warnColumns(table, issues);
  const labelCols = table.columns.filter((c) => c.base === 'label' || c.base === 'media');
  const disabledCol = col('disabled');

  const stack: Open[] = [{ container: 'survey', row: 0, name: '', names: new Map(), answerKeys: new Set() }];
  // A loop's copies of a repeat share its name: refused, as pyxform refuses them.
  const repeatNames = new Set<string>();
  const top = () => stack[stack.length - 1];
  const children = () => top().question?.children ?? result.questions;
  const inLoop = () => stack.some((o) => o.loopChoice);

  for (const item of expandLoops(table.rows, { table, choices: ctx.choices, defaultLanguage: ctx.defaultLanguage, issues })) {
    if (item.kind === 'choice') {
      const question = { name: item.choice.name, label: item.choice.label, type: 'group', children: [] } as ContainerQuestion;
      children().push(question);
      stack.push({ container: 'group', row: item.row.number, name: item.choice.name, question, names: new Map(), loopChoice: true });
      continue;
    }
    if (item.kind === 'choiceEnd') {
      stack.pop();
      continue;
    }
    const { row } = item;
    // pyxform's `disabled` column: a row set to yes is not part of the form.
    if (YES.has(cell(row, disabledCol).toLowerCase())) continue;
    const typeText = cell(row, typeCol);
    let name = cell(row, nameCol);
    if (!typeText) {
      if (name || labelCols.some((c) => cell(row, c))) issues.error('xlsform.missingType', placeOf(table, row, typeCol), { name });
      else issues.warn('xlsform.rowIgnored', placeOf(table, row));
      continue;
    }
    const type = parseType(typeText);
    const typePlace = placeOf(table, row, typeCol);
    if (type.kind === 'unknown') {
      issues.error('xlsform.unknownType', typePlace, { type: type.type });
      continue;
    }
    if (type.kind === 'unsupported') {
      issues.warn('xlsform.unsupportedType', typePlace, { type: type.type, name });
      continue;
    }
    if (type.kind === 'end') {
      const open = stack.length > 1 ? stack.pop()! : undefined;
      if (!open) issues.error('xlsform.unmatchedEnd', typePlace, { type: typeText });
      else if (open.container !== type.container) {
        issues.error('xlsform.mismatchedEnd', typePlace, { type: typeText, open: open.container, openRow: open.row });
      }
      continue;
    }
    const field = type.kind === 'field' ? type : undefined;
    // pyxform names the audit log itself, and a note may go without a name.
    if (field?.type === 'audit') {
      if (name && name !== 'audit') issues.error('xlsform.auditName', placeOf(table, row, nameCol), { name });
      name = 'audit';
    } else if (!name && field?.type === 'note' && field.base === 'note') {
      name = `generated_note_name_${row.number}`;
    }
    if (!name) {
      issues.error('xlsform.missingName', nameCol ? placeOf(table, row, nameCol) : typePlace);
      continue;
    }
    declare(name, row, table, nameCol, top(), result, issues);

    if (type.kind === 'begin') {
      const place = placeOf(table, row, nameCol);
      if (type.container === 'repeat') {
        if (repeatNames.has(name)) issues.error('xlsform.duplicateRepeatName', place, { name });
        if (name === 'data') issues.error('xlsform.repeatNamedLikeForm', place, { name });
        repeatNames.add(name);
      }
      if (type.container === 'loop') {
        if (!type.listName) issues.error('xlsform.missingListName', typePlace, { type: typeText });
        else if (!ctx.choices[type.listName]) issues.error('xlsform.missingChoiceList', typePlace, { list: type.listName });
      }
      const question = container(type.container === 'repeat' ? 'repeat' : 'group', name, row, table, ctx, result);
      if (question) {
        if (question.type === 'repeat') answerKey(question, stack, issues, placeOf(table, row, nameCol));
        children().push(question);
      }
      const tableList = question?.appearance?.split(/\s+/).includes('table-list') ? true : undefined;
      stack.push({
        container: type.container,
        row: row.number,
        name,
        question,
        names: new Map(),
        answerKeys: type.container === 'repeat' ? new Set() : undefined,
        tableList,
      });
      continue;
    }
    if (!field) continue;
    result.questionNames.add(name);
    const q = fieldQuestion(field, name, row, table, ctx, result);
    if (field.listName !== undefined) select(q, field, row, table, ctx, result, top());
    answerKey(q, stack, issues, placeOf(table, row, nameCol), inLoop());
    children().push(q);
  }
  for (const open of stack.slice(1)) {
    issues.error('xlsform.unclosed', { sheet: table.sheet, row: open.row, column: typeCol.letter, header: typeCol.header }, {
      container: open.container,
    });
  }
  return result;
}

function declare(name: string, row: SheetRow, table: Table, nameCol: Column | undefined, open: Open, result: SurveyResult, issues: Issues): void {
  const place = nameCol ? placeOf(table, row, nameCol) : placeOf(table, row);
  if (!XML_NAME.test(name)) issues.error('xlsform.invalidName', place, { name });
  if (name === 'meta') issues.error('xlsform.reservedName', place, { name });
  const first = open.names.get(name);
  if (first !== undefined) issues.error('xlsform.duplicateName', place, { name, firstRow: first });
  else open.names.set(name, row.number);
  result.nameCounts.set(name, (result.nameCounts.get(name) ?? 0) + 1);
}

/**
 * Answers live in one object per repeat instance (or for the survey): groups do not
 * nest them. Two questions of the same name in different groups of one such scope
 * (which pyxform allows, since names are unique per group) would share an answer, so
 * the later ones are keyed by the path of groups from the scope down to them
 * ("grp/name", "outer/inner/name"). No ${} can name them (pyxform refuses a reference
 * to a name used twice), so nothing else needs to know.
 */
function answerKey(q: Question, stack: Open[], issues: Issues, place: Place, inLoop = false): void {
  let scope = stack.length - 1;
  while (!stack[scope].answerKeys) scope--;
  const keys = stack[scope].answerKeys!;
  const path = () => [...stack.slice(scope + 1).map((o) => o.name), q.name].join('/');
  // Every copy of a loop's question has its name: each is keyed by its XForm path at once.
  if (inLoop) q.name = path();
  else if (keys.has(q.name)) {
    const key = path();
    issues.warn('xlsform.answerKeyedByPath', place, { name: q.name, key });
    q.name = key;
  }
  keys.add(q.name);
}

/** Unknown columns are ignored, but said so, once each and only when they hold something. */
function warnColumns(table: Table, issues: Issues): void {
  for (const c of table.columns) {
    if (KNOWN.has(c.base) || isToolColumn(c) || !table.rows.some((r) => cell(r, c))) continue;
    const place = { sheet: table.sheet, row: table.headerRow, column: c.letter, header: c.header };
    const suggestion = suggest(c.base, [...KNOWN]);
    issues.warn('xlsform.unknownColumn', place, suggestion ? { suggestion } : undefined);
  }
}

/** What groups, repeats and questions share: texts, media, relevance, custom attributes. */
function common(name: string, type: string, row: SheetRow, table: Table, ctx: SurveyContext, result: SurveyResult): Question {
  const out = { name } as Question;
  for (const base of ['label', 'hint', 'guidance_hint'] as const) {
    const t = localizedCell(row, table, base, ctx.defaultLanguage);
    if (t) out[base === 'guidance_hint' ? 'guidanceHint' : base] = t;
  }
  const image = table.columns.some((c) => c.media === 'image' && cell(row, c));
  if (!image && table.columns.some((c) => c.media === 'big-image' && cell(row, c))) {
    ctx.issues.error('xlsform.bigImageWithoutImage', placeOf(table, row, table.columns.find((c) => c.media === 'big-image')), { name });
  }
  for (const medium of MEDIA) {
    const files = localizedCell(row, table, 'media', ctx.defaultLanguage, medium);
    if (!files) continue;
    (out.media ??= {})[medium as 'image'] = files;
    for (const c of table.columns.filter((c) => c.media === medium && cell(row, c))) {
      result.files.push({ file: cell(row, c), place: placeOf(table, row, c) });
    }
  }
  const appearanceCol = table.columns.find((c) => c.base === 'appearance');
  const appearance = cell(row, appearanceCol);
  if (appearance) {
    out.appearance = appearance;
    result.appearances.push({ name, type, appearance, place: placeOf(table, row, appearanceCol) });
  }
  const attributes = table.columns.filter((c) => c.base === 'attribute' && cell(row, c));
  if (attributes.length) out.extraAttributes = Object.fromEntries(attributes.map((c) => [c.attribute!, cell(row, c)]));
  const saveToCol = table.columns.find((c) => c.base === 'save_to');
  const saveTo = cell(row, saveToCol);
  if (saveTo) result.saveTos.push({ value: saveTo, name, place: placeOf(table, row, saveToCol), container: false });
  // pyxform reads ${name} in every column but type and name.
  for (const c of table.columns) {
    const text = cell(row, c);
    if (c.base !== 'type' && c.base !== 'name' && text.includes('${')) result.texts.push({ text, place: placeOf(table, row, c) });
  }
  expression(out, 'relevant', 'relevant', row, table, result);
  return out;
}

function container(kind: 'group' | 'repeat', name: string, row: SheetRow, table: Table, ctx: SurveyContext, result: SurveyResult): ContainerQuestion {
  const q = { ...common(name, kind, row, table, ctx, result), type: kind, children: [] } as ContainerQuestion;
  readTrigger(row, table, result, ctx.issues);
  const saveTo = result.saveTos[result.saveTos.length - 1];
  if (saveTo?.place.row === row.number) saveTo.container = true;
  for (const c of table.columns.filter((c) => FIELD_ONLY.includes(c.base) && cell(row, c))) {
    ctx.issues.warn('xlsform.ignoredValue', placeOf(table, row, c), { type: kind });
  }
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

function fieldQuestion(
  type: Extract<ParsedType, { kind: 'field' }>,
  name: string,
  row: SheetRow,
  table: Table,
  ctx: SurveyContext,
  result: SurveyResult,
): FieldQuestion {
  const { issues } = ctx;
  const q = { ...common(name, type.type, row, table, ctx, result), type: type.type } as FieldQuestion;
  const at = (base: string) => table.columns.find((c) => c.base === base && c.lang === undefined);
  for (const base of EXPRESSION_COLUMNS) {
    if (base === 'relevant') continue;
    if (base === 'choice_filter' && type.listName === undefined) continue;
    expression(q, base === 'choice_filter' ? 'choiceFilter' : base, base, row, table, result);
  }
  const defaultCol = at('default');
  const value = cell(row, defaultCol);
  if (value) {
    q.default = value;
    // A dynamic default is an expression like any other (ODK writes it as a setvalue).
    if (isDynamicDefault(value, q.type)) result.expressions.push({ src: value, place: placeOf(table, row, defaultCol), drop: () => delete q.default });
  }
  if (q.type === 'calculate' && !q.calculation && !(value && isDynamicDefault(value, q.type))) {
    issues.error('xlsform.missingCalculation', placeOf(table, row), { name });
  }
  if (q.calculation) result.calculations.push({ key: name, src: q.calculation, place: placeOf(table, row, at('calculation')) });
  for (const [key, base] of [['required', 'required'], ['readOnly', 'read_only']] as const) {
    const v = cell(row, at(base));
    if (YES.has(v.toLowerCase())) q[key] = true;
    else if (!NO.has(v.toLowerCase())) expression(q, key, base, row, table, result);
  }
  const requiredMessage = localizedCell(row, table, 'required_message', ctx.defaultLanguage);
  if (requiredMessage) q.requiredMessage = requiredMessage;
  const constraintMessage = localizedCell(row, table, 'constraint_message', ctx.defaultLanguage);
  if (constraintMessage) q.constraintMessage = constraintMessage;
  const saveTo = cell(row, at('save_to'));
  if (saveTo) q.saveTo = saveTo;

  const trigger = readTrigger(row, table, result, issues);
  if (trigger) q.trigger = trigger;
  else if (q.type === 'background-geopoint') {
    issues.error('xlsform.triggerRequired', placeOf(table, row, typeColumn(table)), { name });
  }
  if (q.type === 'background-geopoint' && q.calculation) issues.error('xlsform.calculationNotAllowed', placeOf(table, row, at('calculation')), { name });

  const paramCol = at('parameters');
  const raw = cell(row, paramCol);
  if (raw) {
    const place = placeOf(table, row, paramCol);
    const parsed = parseParameters(raw);
    if (!parsed) issues.error('xlsform.badParameters', place, { text: raw });
    else {
      const select = type.listName === undefined ? undefined : type.fromFile ? 'file' : 'list';
      q.parameters = checkParameters(parsed, { base: type.base, select, place, choices: ctx.choices, issues, appearance: q.appearance });
    }
  } else if (q.type === 'range') {
    q.parameters = checkParameters({}, { base: 'range', place: placeOf(table, row), choices: ctx.choices, issues });
  }
  // What the enumerator sees needs a label or a hint (pyxform's rule); a question with
  // a calculation or trigger and neither is computed out of sight.
  if (q.type === 'calculate' || ((q.calculation || q.trigger) && !q.label && !q.hint)) result.unseen.add(name);
  // The `label` appearance heads a grid of list-nolabel selects: pyxform gives it a blank
  // label of its own (" ") when it has none, so it needs no label cell.
  const heading = q.appearance === 'label';
  if (!UNSEEN.has(q.type) && !q.label && !q.hint && !q.media && !q.calculation && !q.trigger && !heading) {
    issues.error('xlsform.missingLabel', placeOf(table, row, table.columns.find((c) => c.base === 'label')), { name });
  }
  if (q.type === 'csv-external' || q.type === 'xml-external') {
    result.files.push({ file: `${name}.${q.type.slice(0, 3)}`, place: placeOf(table, row, typeColumn(table)), instance: true });
  }
  return q;
}

/**
 * The `trigger` column, on any row as pyxform reads it: ${name}s separated by commas,
 * each a question (checked once all are known).
 */
function readTrigger(row: SheetRow, table: Table, result: SurveyResult, issues: Issues): string[] | undefined {
  const column = table.columns.find((c) => c.base === 'trigger');
  const trigger = cell(row, column);
  if (!trigger) return undefined;
  const place = placeOf(table, row, column);
  const names = [...trigger.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1].trim());
  if (!names.length || trigger.replace(/\$\{[^}]*\}/g, '').replace(/[\s,]/g, '')) {
    issues.error('xlsform.badReference', place, { text: trigger });
    return undefined;
  }
  names.forEach((name) => result.triggers.push({ name, place }));
  return names;
}

function typeColumn(table: Table): Column | undefined {
  return table.columns.find((c) => c.base === 'type');
}

/** select_one / select_multiple / rank: the list, its file or external sheet, or_other, table-list. */
function select(
  q: FieldQuestion,
  type: Extract<ParsedType, { kind: 'field' }>,
  row: SheetRow,
  table: Table,
  ctx: SurveyContext,
  result: SurveyResult,
  open: Open,
): void {
  const { issues } = ctx;
  const place = placeOf(table, row, typeColumn(table));
  const listName = type.listName!;
  if (type.fromFile) {
    const extension = /\.[^.]*$/.exec(listName)?.[0];
    if (!extension || !['.csv', '.xml', '.geojson'].includes(extension) || listName.split('.').length !== 2) {
      issues.error('xlsform.listFileExtension', place, { file: listName });
      return;
    }
    const isCsv = extension === '.csv';
    q.itemset = {
      file: listName,
      value: q.parameters?.value ?? (isCsv || extension === '.xml' ? 'name' : 'id'),
      label: q.parameters?.label ?? (extension === '.geojson' ? 'title' : 'label'),
    };
    result.files.push({ file: listName, place, instance: true });
    result.itemsets.push({ question: q, place });
  } else if (type.external) {
    if (!ctx.externalChoices) issues.error('xlsform.missingExternalChoices', place, { list: listName });
    else if (!ctx.externalChoices[listName]) issues.error('xlsform.missingChoiceList', place, { list: listName, sheet: 'external_choices' });
    q.listName = listName;
  } else {
    q.listName = listName;
    const choices = ctx.choices[listName];
    if (!choices) issues.error('xlsform.missingChoiceList', place, { list: listName });
    else if (q.type === 'select_multiple') {
      const spaced = choices.find((c) => /\s/.test(c.name));
      if (spaced) issues.error('xlsform.choiceNameWithSpace', place, { list: listName, name: spaced.name });
    }
  }
  if (searchCall(q.appearance) !== undefined) {
    const appearanceCol = table.columns.find((c) => c.base === 'appearance');
    result.searches.push({ question: q, place: placeOf(table, row, appearanceCol) });
  }
  if (type.orOther) {
    if (q.choiceFilter) issues.error('xlsform.orOtherWithFilter', place, { name: q.name });
    q.orOther = true;
  }
  if (open.tableList !== undefined) {
    if (open.tableList === true) {
      if (q.choiceFilter) issues.error('xlsform.tableListFilter', place, { name: q.name });
      open.tableList = listName;
    } else if (open.tableList !== listName) {
      issues.error('xlsform.tableListMismatch', place, { list: listName, first: open.tableList });
    }
  }
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
