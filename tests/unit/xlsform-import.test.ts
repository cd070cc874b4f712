import { readdirSync, readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { FormData, FormIssue, Question } from '../../src/lib/domain/types';
import { COVERAGE_SURVEY } from '../../src/lib/domain/coverage-survey';
import { findQuestion, walkQuestions } from '../../src/lib/forms/model';
import { importXlsForm, type ImportResult } from '../../src/lib/forms/xlsform';
import { readCsv, writeXlsx, type SheetSpec } from './fixtures/xlsx';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const coverageSheets: SheetSpec[] = ['survey', 'choices', 'settings'].map((name) => ({
  name,
  rows: readCsv(`${fixtures}coverage-survey/${name}.csv`),
}));

async function importSheets(sheets: SheetSpec[]): Promise<ImportResult> {
  return importXlsForm(writeXlsx(sheets));
}

/** A form from a survey sheet (header first) plus optional choices. */
function sheets(survey: string[][], choices?: string[][]): SheetSpec[] {
  const out: SheetSpec[] = [{ name: 'survey', rows: survey }];
  if (choices) out.push({ name: 'choices', rows: choices });
  out.push({ name: 'settings', rows: [['form_id', 'version'], ['t', '1']] });
  return out;
}

function form(result: ImportResult): FormData {
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.errors)}`);
  return result.form;
}

function errors(result: ImportResult): FormIssue[] {
  if (result.ok) throw new Error('import succeeded but should not have');
  return result.errors;
}

/** What must survive the trip through a spreadsheet: structure and logic. */
function logic(q: Question, parents: readonly Question[]) {
  return {
    name: q.name,
    type: q.type,
    parents: parents.map((p) => p.name),
    listName: 'listName' in q ? q.listName : undefined,
    relevant: q.relevant,
    constraint: 'constraint' in q ? q.constraint : undefined,
    calculation: 'calculation' in q ? q.calculation : undefined,
    choiceFilter: 'choiceFilter' in q ? q.choiceFilter : undefined,
    required: 'required' in q ? q.required : undefined,
    label: q.label ? { es: q.label.es, en: q.label.en } : undefined,
  };
}

describe('importing the coverage survey as .xlsx', () => {
  for (const options of [{}, { inlineStrings: true, numbers: true }]) {
    it(`yields the shipped form's questions, choices and logic ${JSON.stringify(options)}`, async () => {
      const result = await importXlsForm(writeXlsx(coverageSheets, options));
      const imported = form(result);
      expect(result.warnings).toEqual([]);
      expect(imported.formId).toBe(COVERAGE_SURVEY.formId);
      expect(imported.version).toBe(COVERAGE_SURVEY.version);
      expect(imported.defaultLanguage).toBe('es');
      expect(imported.languages).toEqual(['es', 'en']);
      expect(imported.title).toEqual({ es: COVERAGE_SURVEY.title.es });
      const shape = (f: FormData) => [...walkQuestions(f.questions)].map((e) => logic(e.question, e.parents));
      expect(shape(imported)).toEqual(shape(COVERAGE_SURVEY));
      const choices = (f: FormData) =>
        Object.fromEntries(
          Object.entries(f.choices).map(([l, cs]) => [l, cs.map((c) => ({ name: c.name, es: c.label.es, en: c.label.en }))]),
        );
      expect(choices(imported)).toEqual(choices(COVERAGE_SURVEY));
      expect(findQuestion(imported, 'status_employment')?.hint?.es).toMatch(/^Servicio doméstico/);
      expect(JSON.parse(JSON.stringify(imported))).toEqual(imported);
    });
  }
});

describe('XLSForm features', () => {
  it('reads languages, spellings of groups and repeats, and every column', async () => {
    const result = await importSheets(
      sheets(
        [
          ['type', 'name', 'label', 'label::English (en)', 'hint::English (en)', 'required', 'required_message::English (en)', 'relevant', 'constraint', 'constraint_message::English (en)', 'default', 'read_only', 'appearance', 'repeat_count', 'choice_filter', 'calculation'],
          ['integer', 'n', 'Cuántos', 'How many', 'A number', 'yes', 'Please answer', '', '. > 0', 'Positive', '2', '', 'numbers', '', '', ''],
          ['begin repeat', 'people', 'Personas', 'People', '', '', '', '', '', '', '', '', '', '${n}', '', ''],
          ['text', 'person', 'Nombre', 'Name', '', '${n} > 1', '', '', '', '', '', 'true', '', '', '', ''],
          ['end repeat', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
          ['begin_group', 'g', '', '', '', '', '', '${n} = 2', '', '', '', '', 'field-list', '', '', ''],
          ['select_multiple colors', 'fav', 'Colores', 'Colours', '', 'FALSE', '', '', '', '', '', '', 'minimal', '', '', ''],
          ['select one from colors', 'pick', 'Color', 'Colour', '', '', '', '', '', '', '', '', '', '', "selected(${fav}, name)", ''],
          ['calculate', 'twice', '', '', '', '', '', '', '', '', '', '', '', '', '', '${n} * 2'],
          ['end_group', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
        ],
        [
          ['list_name', 'name', 'label', 'label::English (en)', 'warm'],
          ['colors', 'red', 'Rojo', 'Red', 'yes'],
          ['colors', 'blue', 'Azul', 'Blue', ''],
        ],
      ).map((s) => (s.name === 'settings' ? { ...s, rows: [['form_id', 'version', 'default_language'], ['t', '3', 'Español (es)']] } : s)),
    );
    const f = form(result);
    expect(f.defaultLanguage).toBe('es');
    expect(f.languages).toEqual(['es', 'en']);
    expect(f.questions[0]).toEqual({
      type: 'integer',
      name: 'n',
      label: { es: 'Cuántos', en: 'How many' },
      hint: { en: 'A number' },
      appearance: 'numbers',
      constraint: '. > 0',
      constraintMessage: { en: 'Positive' },
      required: true,
      requiredMessage: { en: 'Please answer' },
      default: '2',
    });
    expect(f.questions[1]).toMatchObject({ type: 'repeat', name: 'people', repeatCount: '${n}' });
    expect(findQuestion(f, 'person')).toMatchObject({ required: '${n} > 1', readOnly: true });
    expect(f.questions[2]).toMatchObject({ type: 'group', relevant: '${n} = 2', appearance: 'field-list' });
    expect(findQuestion(f, 'fav')).toMatchObject({ type: 'select_multiple', listName: 'colors' });
    expect(findQuestion(f, 'fav')).not.toHaveProperty('required');
    expect(findQuestion(f, 'twice')).toMatchObject({ type: 'calculate', calculation: '${n} * 2' });
    expect(f.choices.colors).toEqual([
      { name: 'red', label: { es: 'Rojo', en: 'Red' }, extra: { warm: 'yes' } },
      { name: 'blue', label: { es: 'Azul', en: 'Blue' } },
    ]);
    // `name` in a choice filter reads the choice's own column, as the engine runs it.
    expect(result.warnings).toEqual([]);
    expect(findQuestion(f, 'pick')).toMatchObject({ choiceFilter: 'selected(${fav}, name)' });
  });

  it('warns about everything it leaves out, with its place', async () => {
    const result = await importSheets(
      sheets(
        [
          ['type', 'name', 'label', 'media::image', 'colour', 'calculation'],
          ['range', 'r', 'Range', '', '', ''],
          ['image', 'photo', 'Photo', 'a.png', '', ''],
          ['select_one_from_file places.csv', 'place', 'Place', '', '', ''],
          ['select_one colors or_other', 'c', 'Colour', '', 'red', ''],
          ['calculate', 'p', '', '', '', "pulldata('f', 'a', 'b', ${c})"],
          ['barcode', 'code', 'Code', '', '', ''],
          ['note', 'shows', 'Saw ${photo}', '', '', ''],
        ],
        [['list_name', 'name', 'label'], ['colors', 'red', 'Red']],
      ),
    );
    const f = form(result);
    expect(f.questions.map((q) => q.name)).toEqual(['c', 'p', 'shows']);
    expect(findQuestion(f, 'p')).not.toHaveProperty('calculation');
    const brief = result.warnings.map((w) => [w.code, w.sheet, w.row, w.column, w.params?.type ?? w.params?.functions ?? w.header]);
    expect(brief).toEqual([
      ['xlsform.unsupportedColumn', 'survey', 1, 'D', 'media::image'],
      ['xlsform.unknownColumn', 'survey', 1, 'E', 'colour'],
      ['xlsform.unsupportedType', 'survey', 2, 'A', 'range'],
      ['xlsform.unsupportedType', 'survey', 3, 'A', 'image'],
      ['xlsform.unsupportedType', 'survey', 4, 'A', 'select_one_from_file'],
      ['xlsform.orOtherUnsupported', 'survey', 5, 'A', 'type'],
      ['xlsform.unsupportedType', 'survey', 7, 'A', 'barcode'],
      ['xlsform.unsupportedFunction', 'survey', 6, 'F', 'pulldata'],
    ]);
    expect(f.warnings).toEqual(result.warnings);
  });

  it('warns about values it ignores and rows without a type', async () => {
    const result = await importSheets(
      sheets([
        ['type', 'name', 'label', 'required'],
        ['begin group', 'g', 'G', 'yes'],
        ['text', 'a', 'A', ''],
        ['end group', '', '', ''],
        ['', '', 'stray label', ''],
      ]),
    );
    expect(form(result).questions[0]).not.toHaveProperty('required');
    expect(result.warnings).toEqual([
      { code: 'xlsform.ignoredValue', sheet: 'survey', row: 2, column: 'D', header: 'required', params: { type: 'group' } },
      { code: 'xlsform.rowIgnored', sheet: 'survey', row: 5 },
    ]);
  });
});

describe('broken forms: clear errors, never an exception', () => {
  const header = ['type', 'name', 'label', 'relevant'];

  it('rejects a workbook without a survey sheet', async () => {
    const result = await importXlsForm(writeXlsx([{ name: 'Sheet1', rows: [header, ['text', 'a', 'A', '']] }]));
    expect(errors(result)).toEqual([{ code: 'xlsform.missingSheet', sheet: 'survey', params: { found: 'Sheet1' } }]);
  });

  it('rejects duplicate names, invalid names, unknown types and missing columns', async () => {
    const result = await importSheets(
      sheets([
        header,
        ['text', 'age', 'Age', ''],
        ['integer', 'age', 'Age again', ''],
        ['text', 'my name', 'Name', ''],
        ['txet', 'typo', 'Typo', ''],
        ['', 'no_type', 'Nothing', ''],
        ['note', '', 'Nameless', ''],
      ]),
    );
    expect(errors(result)).toEqual([
      { code: 'xlsform.duplicateName', sheet: 'survey', row: 3, column: 'B', header: 'name', params: { name: 'age', firstRow: 2 } },
      { code: 'xlsform.invalidName', sheet: 'survey', row: 4, column: 'B', header: 'name', params: { name: 'my name' } },
      { code: 'xlsform.unknownType', sheet: 'survey', row: 5, column: 'A', header: 'type', params: { type: 'txet' } },
      { code: 'xlsform.missingType', sheet: 'survey', row: 6, column: 'A', header: 'type', params: { name: 'no_type' } },
      { code: 'xlsform.missingName', sheet: 'survey', row: 7, column: 'B', header: 'name' },
    ]);
    const noName = await importSheets(sheets([['type', 'label'], ['text', 'A']]));
    expect(errors(noName)).toEqual([{ code: 'xlsform.missingColumn', sheet: 'survey', row: 1, params: { column: 'name' } }]);
  });

  it('points at an expression that does not parse, and at unknown references', async () => {
    const result = await importSheets(
      sheets([
        header,
        ['integer', 'age', 'Age', ''],
        ['text', 'job', 'Job', '${age} >= 14 and'],
        ['text', 'school', 'School', '${agee} < 18'],
        ['note', 'n', 'You are ${nobody}', ''],
      ]),
    );
    expect(errors(result)).toEqual([
      {
        code: 'xlsform.badExpression',
        sheet: 'survey',
        row: 3,
        column: 'D',
        header: 'relevant',
        params: { expression: '${age} >= 14 and', character: 17, detail: expect.any(String) },
      },
      { code: 'xlsform.unknownReference', sheet: 'survey', row: 4, column: 'D', header: 'relevant', params: { name: 'agee' } },
      { code: 'xlsform.unknownReference', sheet: 'survey', row: 5, column: 'C', header: 'label', params: { name: 'nobody' } },
    ]);
  });

  it('rejects unbalanced groups and repeats', async () => {
    const codes = async (rows: string[][]) =>
      errors(await importSheets(sheets([header, ...rows]))).map((e) => [e.code, e.row, e.params?.container ?? e.params?.open]);
    expect(await codes([['begin group', 'g', 'G', ''], ['text', 'a', 'A', '']])).toEqual([['xlsform.unclosed', 2, 'group']]);
    expect(await codes([['text', 'a', 'A', ''], ['end group', '', '', '']])).toEqual([['xlsform.unmatchedEnd', 3, undefined]]);
    expect(
      await codes([['begin group', 'g', 'G', ''], ['begin repeat', 'r', 'R', ''], ['text', 'a', 'A', ''], ['end group', '', '', ''], ['end repeat', '', '', '']]),
    ).toEqual([
      ['xlsform.mismatchedEnd', 5, 'repeat'],
      ['xlsform.mismatchedEnd', 6, 'group'],
    ]);
  });

  it('rejects a select whose choice list does not exist, and duplicate choices', async () => {
    const result = await importSheets(
      sheets(
        [header, ['select_one colours', 'c', 'Colour', ''], ['select_one sizes', 's', 'Size', '']],
        [['list_name', 'name', 'label'], ['sizes', 's', 'Small'], ['sizes', 's', 'Small again']],
      ),
    );
    expect(errors(result).map((e) => [e.code, e.sheet, e.row, e.params?.list])).toEqual([
      ['xlsform.duplicateChoice', 'choices', 3, 'sizes'],
      ['xlsform.missingChoiceList', 'survey', 2, 'colours'],
    ]);
  });

  it('rejects files that are not workbooks', async () => {
    const code = async (bytes: Uint8Array) => errors(await importXlsForm(bytes)).map((e) => e.code);
    expect(await code(new Uint8Array())).toEqual(['xlsform.emptyFile']);
    expect(await code(strToU8('type,name,label\ntext,a,A\n'))).toEqual(['xlsform.notXlsx']);
    expect(await code(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toEqual(['xlsform.legacyXls']);
    expect(await code(zipSync({ 'hello.txt': strToU8('hi') }))).toEqual(['xlsform.corruptFile']);
    const good = writeXlsx(coverageSheets);
    expect(await code(good.slice(0, good.length / 2))).toEqual(['xlsform.notXlsx']);
    const badXml = zipSync({ 'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="survey"') });
    expect(await code(badXml)).toEqual(['xlsform.corruptFile']);
    expect(await code(new Uint8Array(new ArrayBuffer(64)).fill(0x50))).toEqual(['xlsform.notXlsx']);
  });

  it('accepts an ArrayBuffer, and survives damaged bytes without throwing', async () => {
    const good = writeXlsx(coverageSheets);
    expect(form(await importXlsForm(good.slice().buffer)).formId).toBe(COVERAGE_SURVEY.formId);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 40; i++) {
      const bytes = good.slice();
      for (let k = 0; k < 8; k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const result = await importXlsForm(bytes);
      expect(typeof result.ok).toBe('boolean');
    }
  });
});

describe('pyxform sample forms', () => {
  const dir = `${fixtures}xlsform-samples/`;
  const results = new Map<string, ImportResult>();
  const get = async (file: string) => {
    if (!results.has(file)) results.set(file, await importXlsForm(readFileSync(dir + file), { fileName: file }));
    return results.get(file)!;
  };
  const codes = (issues: FormIssue[]) => [...new Set(issues.map((i) => i.code))].sort();

  it('imports each sample without throwing', async () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.xlsx'));
    expect(files.length).toBe(24);
    for (const file of files) {
      const result = await get(file);
      expect(typeof result.ok, file).toBe('boolean');
      if (!result.ok) expect(result.errors.length, file).toBeGreaterThan(0);
    }
  });

  it('rejects what the XLSForm spec rejects, with the place of the problem', async () => {
    expect(errors(await get('bad_calc.xlsx'))).toEqual([
      expect.objectContaining({ code: 'xlsform.badExpression', sheet: 'survey', row: 2, column: 'D', header: 'calculation' }),
    ]);
    expect(errors(await get('survey_no_name.xlsx'))).toEqual([
      { code: 'xlsform.missingSheet', sheet: 'survey', params: { found: 'Sheet1' } },
    ]);
    expect(errors(await get('bug-duplicate_columns.xlsx'))[0]).toEqual({
      code: 'xlsform.duplicateColumn',
      sheet: 'survey',
      row: 1,
      column: 'E',
      header: 'label',
      params: { first: 'D' },
    });
    // Curly quotes pasted from a word processor: ‘other’.
    const ucl = await get('bug-UCL_Biomass_Plot_Form.xlsx');
    expect(codes(errors(ucl))).toEqual(['xlsform.badExpression']);
    expect(errors(ucl)[0]).toMatchObject({ row: 9, column: 'H', params: { character: 18 } });
    expect(codes(ucl.warnings)).toContain('xlsform.unsupportedType');
    expect(errors(await get('include_json.xlsx')).map((e) => e.code)).toEqual(['xlsform.noQuestions']);
  });

  it('imports legacy and converter-specific forms with warnings', async () => {
    const loop = await get('loop.xlsx');
    expect(form(loop).questions.map((q) => q.name)).toEqual(['available_toilet_types']);
    expect(codes(loop.warnings)).toEqual(
      expect.arrayContaining(['xlsform.orOtherUnsupported', 'xlsform.unsupportedType']),
    );
    const pull = await get('pull_data.xlsx');
    expect(pull.warnings).toContainEqual(
      expect.objectContaining({ code: 'xlsform.unsupportedFunction', row: 2, column: 'D', params: { functions: 'pulldata' } }),
    );
    const include = await get('include.xlsx');
    expect(include.warnings).toContainEqual(expect.objectContaining({ code: 'xlsform.unsupportedType', params: { type: 'include', name: 'yes_or_no_question' } }));
    expect(form(await get('specify_other.xlsx')).questions[0]).toMatchObject({ type: 'select_one', listName: 'sexes' });
    expect(form(await get('yes_or_no_question.xlsx')).questions[0]).toMatchObject({
      type: 'select_one',
      listName: 'yes_or_no',
      label: { english: 'have you had a good day today?' },
    });
  });

  it('reads upper-case sheets, headers and languages', async () => {
    const result = await get('case_insensitivity.xlsx');
    const f = form(result);
    expect(f).toMatchObject({ formId: 'YesNo', defaultLanguage: 'en', languages: ['en'] });
    expect(f.questions.map((q) => q.name)).toEqual(['q1']);
    expect(codes(result.warnings)).toEqual(['xlsform.missingVersion', 'xlsform.unsupportedSheet', 'xlsform.unsupportedType']);
  });

  it('suggests the sheet a misspelt name was meant to be', async () => {
    expect((await get('extra_sheet_names.xlsx')).warnings).toContainEqual({
      code: 'xlsform.unknownSheet',
      sheet: 'stettings',
      params: { suggestion: 'settings' },
    });
  });

  it('imports the big spec test forms, leaving out media, barcode and metadata it lacks', async () => {
    for (const file of ['xlsform_spec_test.xlsx', 'flat_xlsform_test.xlsx', 'attribute_columns_test.xlsx']) {
      const result = await get(file);
      const f = form(result);
      expect(findQuestion(f, 'required_text'), file).toMatchObject({ required: true });
      expect(findQuestion(f, 'uri_deviceid'), file).toMatchObject({ type: 'deviceid' });
      expect(findQuestion(f, 'image_test'), file).toBeUndefined();
      expect(result.warnings, file).toContainEqual(expect.objectContaining({ code: 'xlsform.unsupportedType', params: { type: 'barcode', name: 'barcode_test' } }));
    }
    const spec = form(await get('xlsform_spec_test.xlsx'));
    expect(findQuestion(spec, 'repeat_test')).toMatchObject({ type: 'repeat', repeatCount: '2' });
    expect(findQuestion(spec, 'select_multiple_test')).toMatchObject({
      constraintMessage: { english: "Sorry ${my_name}, you can't select yes and no." },
    });
  });

  it('keeps choice columns for filters and duplicates when the settings allow them', async () => {
    const result = await get('choice_filter_test.xlsx');
    const f = form(result);
    expect(f.choices.counties.map((c) => [c.name, c.extra?.cf])).toEqual([
      ['king', 'washington'],
      ['pierce', 'washington'],
      ['king', 'texas'],
      ['cameron', 'texas'],
    ]);
    // The filters read the `cf` column by bare name, as XLSForm writes them: kept, no warning.
    expect(result.ok).toBe(true);
    expect(result.warnings.filter((w) => w.row === 3 || w.row === 4)).toEqual([]);
  });

  it('reads dates typed in cells as ISO dates', async () => {
    const f = form(await get('bug-xl_date_ambiguous_v1.xlsx'));
    expect(findQuestion(f, 'current_date')).toMatchObject({ type: 'date', default: '1900-01-01' });
  });
});
