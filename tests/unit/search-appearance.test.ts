// The search('file', ...) appearance (ODK Collect's dynamic selects from pre-loaded data):
// imported from an XLSForm with its CSV, the select offers the file's rows, filtered as
// Collect filters them, following the answers the filter reads; the importer warns
// exactly where Piso does not do what Collect does.
import { describe, expect, it } from 'vitest';
import type { FieldQuestion, FormAttachment, FormData } from '../../src/lib/domain/types';
import { FormSession } from '../../src/lib/forms/engine';
import { applyChoiceFilter, rewriteChoiceFilter } from '../../src/lib/forms/engine/choice-filter';
import { choicesOfQuestion } from '../../src/lib/forms/engine/choice-source';
import { parseExpression } from '../../src/lib/forms/expr';
import { findQuestion } from '../../src/lib/forms/model';
import { importXlsForm, type ImportResult } from '../../src/lib/forms/xlsform';
import { writeXlsx } from './fixtures/xlsx';

const SETTINGS = { name: 'settings', rows: [['form_id', 'version'], ['search_form', '1']] };
const CSV = [
  'name_key,label,dept,Label_FR',
  'v1,Miraflores,LIM,Miraflores fr',
  'v2,Barranco,LIM,Barranco fr',
  'v3,San Sebastián,CUS,Saint-Sébastien',
  'v4,Santiago,CUS,Santiago fr',
  'v2,Barranco again,CUS,x',
].join('\n');
const villages: FormAttachment = { name: 'villages.csv', type: 'text/csv', text: CSV };
const H = ['type', 'name', 'label', 'appearance', 'choice_filter'];
const DEPTS = [['list_name', 'name', 'label'], ['dept', 'LIM', 'Lima'], ['dept', 'CUS', 'Cusco']];

async function form(appearance: string, more: { type?: string; choices?: string[][]; filter?: string; files?: FormAttachment[] } = {}): Promise<ImportResult> {
  const survey = [H, ['select_one dept', 'dept', 'Department', '', ''], [more.type ?? 'select_one vil', 'village', 'Village', appearance, more.filter ?? '']];
  const choices = more.choices ?? [['list_name', 'name', 'label'], ...DEPTS.slice(1), ['vil', 'name_key', 'label']];
  return importXlsForm(writeXlsx([{ name: 'survey', rows: survey }, { name: 'choices', rows: choices }, SETTINGS]), { attachments: more.files ?? [villages] });
}

function imported(result: ImportResult): FormData {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.form;
}

const names = (s: FormSession) => s.choicesFor(s.cell('village')!).map((c) => c.name);
const codes = (r: ImportResult) => r.warnings.map((w) => w.code).filter((c) => c.startsWith('xlsform.search'));

describe("search('file')", () => {
  it("offers every row of the file, each value once, labelled by the choices row's column", async () => {
    const result = await form("search('villages')");
    expect(codes(result)).toEqual([]);
    const f = imported(result);
    const q = findQuestion(f, 'village') as FieldQuestion;
    expect(q.itemset).toMatchObject({ file: 'villages.csv', value: 'name_key', label: 'label' });
    const choices = choicesOfQuestion(f, q);
    expect(choices.map((c) => [c.name, c.label.und])).toEqual([
      ['v1', 'Miraflores'],
      ['v2', 'Barranco'],
      ['v3', 'San Sebastián'],
      ['v4', 'Santiago'],
    ]);
  });

  it("'matches' on ${dept} follows the answer, through the same filter as a choice_filter", async () => {
    const f = imported(await form("search('villages', 'matches', 'dept', ${dept})"));
    const s = new FormSession(f);
    s.setValue(s.cell('dept')!, 'LIM');
    expect(names(s)).toEqual(['v1', 'v2']);
    // Collect's SQLite compares A-Z in any case.
    s.setValue(s.cell('dept')!, 'lim');
    expect(names(s)).toEqual(['v1', 'v2']);
    s.setValue(s.cell('dept')!, 'CUS');
    // v2's first row is in Lima: a value is listed once, at its first row, as Collect does.
    expect(names(s)).toEqual(['v3', 'v4']);
  });

  it("serves 'matches' from the column index, testing no row one by one", async () => {
    const f = imported(await form("search('villages', 'matches', 'dept', ${dept})"));
    const q = findQuestion(f, 'village') as FieldQuestion;
    let tested = 0;
    const kept = applyChoiceFilter(
      choicesOfQuestion(f, q),
      parseExpression(rewriteChoiceFilter(q.choiceFilter!)),
      () => 'cus',
      () => (tested++, true),
    );
    expect([kept.map((c) => c.name), tested]).toEqual([['v3', 'v4'], 0]);
  });

  it('contains, startswith and endswith compare a literal with the column', async () => {
    const run = async (call: string) => names(new FormSession(imported(await form(call))));
    expect(await run("search('villages', 'contains', 'label', 'an')")).toEqual(['v2', 'v3', 'v4']);
    // As Collect's SQLite LIKE: A-Z in any case, other letters as written.
    expect(await run("search('villages', 'startswith', 'label', 'san')")).toEqual(['v3', 'v4']);
    expect(await run("search('villages', 'contains', 'label', 'SEBASTIÁN')")).toEqual([]);
    expect(await run("search('villages', 'contains', 'label', 'SEBASTIá')")).toEqual(['v3']);
    expect(await run("search('villages', 'endswith', 'label', 'co')")).toEqual(['v2']);
    // Several columns: a row is kept when one of them compares (Collect's OR).
    expect(await run("search('villages', 'contains', 'label,name_key', '1')")).toEqual(['v1']);
  });

  it("reads the file's own `name` column when the value is in another", async () => {
    const file = { ...villages, text: 'code,name,dept\nc1,Miraflores,LIM\nc2,Barranco,LIM\n' };
    const rows = [['list_name', 'name', 'label'], ...DEPTS.slice(1), ['vil', 'code', 'name']];
    const s = new FormSession(imported(await form("search('villages', 'startswith', 'name', 'Bar')", { choices: rows, files: [file] })));
    expect(s.choicesFor(s.cell('village')!).map((c) => [c.name, c.label.und])).toEqual([['c2', 'Barranco']]);
  });

  it('six arguments add an equality on a second column, which may read an answer', async () => {
    const f = imported(await form("search('villages', 'startswith', 'label', 'S', 'dept', ${dept})"));
    const s = new FormSession(f);
    s.setValue(s.cell('dept')!, 'CUS');
    expect(names(s)).toEqual(['v3', 'v4']);
    s.setValue(s.cell('dept')!, 'LIM');
    expect(names(s)).toEqual([]);
  });

  it('labels per language, several columns as Collect shows them, columns named as Collect names them', async () => {
    const choices = [['list_name', 'name', 'label::Español (es)', 'label::Français (fr)'], ['dept', 'LIM', 'Lima', 'Lima'], ['vil', 'NAME_KEY', 'label, dept', 'label-fr']];
    const survey = [['type', 'name', 'label::Español (es)', 'appearance'], ['select_one dept', 'dept', 'D', ''], ['select_multiple vil', 'village', 'V', "search('villages.csv')"]];
    const f = imported(await importXlsForm(writeXlsx([{ name: 'survey', rows: survey }, { name: 'choices', rows: choices }, SETTINGS]), { attachments: [villages] }));
    const q = findQuestion(f, 'village') as FieldQuestion;
    expect(q.itemset?.display).toEqual({ es: ['label', 'dept'], fr: ['Label_FR'] });
    expect(choicesOfQuestion(f, q)[0].label).toEqual({ es: 'Miraflores (dept: LIM)', fr: 'Miraflores fr' });
  });

  it('keeps the parsed list per form version, as select_one_from_file does', async () => {
    const f = imported(await form("search('villages', 'matches', 'dept', ${dept})"));
    const q = findQuestion(f, 'village') as FieldQuestion;
    const again = structuredClone(f);
    expect(choicesOfQuestion(again, findQuestion(again, 'village')!)).toBe(choicesOfQuestion(f, q));
  });
});

describe("search() in the importer", () => {
  it('warns, and keeps the choices-sheet rows, where it cannot do what Collect does', async () => {
    expect(codes(await form("search('villages')", { files: [] }))).toEqual(['xlsform.searchFileMissing']);
    expect(codes(await form("search('villages', 'matches', 'district', ${dept})"))).toEqual(['xlsform.searchColumn']);
    expect(codes(await form("search('villages', 'matches')"))).toEqual(['xlsform.searchForm']);
    expect(codes(await form("search(${dept})"))).toEqual(['xlsform.searchForm']);
    const missing = await form("search('villages')", { files: [] });
    const q = findQuestion(imported(missing), 'village') as FieldQuestion;
    expect([q.itemset, q.listName]).toEqual([undefined, 'vil']);
    expect(missing.warnings.find((w) => w.code === 'xlsform.searchFileMissing')).toMatchObject({ sheet: 'survey', row: 3, column: 'D', params: { file: 'villages.csv' } });
  });

  it('says what it leaves out: a choice_filter beside search(), fixed choices, a second recipe row', async () => {
    const withFilter = await form("search('villages')", { filter: "dept = 'LIM'" });
    expect(codes(withFilter)).toEqual(['xlsform.searchChoiceFilterIgnored']);
    expect(names(new FormSession(imported(withFilter)))).toHaveLength(4);
    const rows = [['list_name', 'name', 'label'], ...DEPTS.slice(1), ['vil', 'name_key', 'label'], ['vil', '99', 'None of these'], ['vil', 'dept', 'dept']];
    expect(codes(await form("search('villages')", { choices: rows }))).toEqual(['xlsform.searchRows', 'xlsform.searchStaticChoices']);
  });

  it('refuses what pyxform refuses: search() on a select from file, a list shared with a select without it', async () => {
    const fromFile = await form("search('villages')", { type: 'select_one_from_file villages.csv' });
    expect(fromFile.ok ? [] : fromFile.errors.map((e) => e.code)).toContain('xlsform.searchFromFile');
    const survey = [H, ['select_one vil', 'a', 'A', "search('villages')", ''], ['select_one vil', 'b', 'B', '', '']];
    const shared = await importXlsForm(writeXlsx([{ name: 'survey', rows: survey }, { name: 'choices', rows: [['list_name', 'name', 'label'], ['vil', 'name_key', 'label']] }, SETTINGS]), { attachments: [villages] });
    expect(shared.ok ? [] : shared.errors).toMatchObject([{ code: 'xlsform.searchListShared', row: 2, params: { name: 'a', list: 'vil', others: 'b' } }]);
  });

  it('no longer warns about an appearance it honours', async () => {
    const result = await form("minimal search('villages', 'matches', 'dept', ${dept})");
    expect(result.warnings.map((w) => w.code)).not.toContain('xlsform.unsupportedAppearance');
    expect(codes(result)).toEqual([]);
  });
});
