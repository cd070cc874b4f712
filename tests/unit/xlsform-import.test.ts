import { readdirSync, readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ContainerQuestion, FormData, FormIssue, Question } from '../../src/lib/domain/types';
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

  it('imports every question type with its parameters, media and files, and names what it leaves out', async () => {
    const result = await importXlsForm(
      writeXlsx(
        sheets(
          [
            ['type', 'name', 'label', 'media::image', 'colour', 'calculation', 'parameters', 'appearance'],
            ['range', 'r', 'Range', '', '', '', 'start=0 end=5 step=1', ''],
            ['image', 'photo', 'Photo', 'a.png', '', '', 'max-pixels=800', 'annotate'],
            ['select_one_from_file places.csv', 'place', 'Place', '', '', '', 'value=name label=label', 'minimal'],
            ['select_one colors or_other', 'c', 'Colour', '', 'red', '', '', 'quick-compact'],
            ['calculate', 'p', '', '', '', "pulldata('places', 'label', 'name', ${c})", '', ''],
            ['barcode', 'code', 'Code', '', '', '', '', ''],
            ['note', 'shows', 'Saw ${photo}', '', '', '', '', ''],
          ],
          [['list_name', 'name', 'label'], ['colors', 'red', 'Red']],
        ),
      ),
      {
        attachments: [
          { name: 'a.png', type: 'image/png', base64: '' },
          { name: 'places.csv', type: 'text/csv', text: 'name,label\na,A\n' },
        ],
      },
    );
    const f = form(result);
    expect(f.questions.map((q) => [q.name, q.type])).toEqual([
      ['r', 'range'], ['photo', 'image'], ['place', 'select_one'], ['c', 'select_one'], ['p', 'calculate'], ['code', 'barcode'], ['shows', 'note'],
    ]);
    expect(findQuestion(f, 'r')).toMatchObject({ parameters: { start: '0', end: '5', step: '1' } });
    expect(findQuestion(f, 'photo')).toMatchObject({ media: { image: { und: 'a.png' } }, parameters: { 'max-pixels': '800' } });
    expect(findQuestion(f, 'place')).toMatchObject({ itemset: { file: 'places.csv', value: 'name', label: 'label' } });
    expect(findQuestion(f, 'c')).toMatchObject({ listName: 'colors', orOther: true });
    expect(f.attachments?.map((a) => a.name)).toEqual(['a.png', 'places.csv']);
    const brief = result.warnings.map((w) => [w.code, w.row, w.column, w.params?.appearance ?? w.header]);
    expect(brief).toContainEqual(['xlsform.unknownColumn', 1, 'E', 'colour']);
    expect(brief).toContainEqual(['xlsform.unsupportedAppearance', 5, 'H', 'quick-compact']);
    expect(f.warnings).toEqual(result.warnings);
  });

  it('warns about values it ignores and rows without a type', async () => {
    const result = await importSheets(
      sheets([
        ['type', 'name', 'label', 'required'],
        ['begin group', 'g', 'G', 'yes'],
        ['text', 'a', 'A', ''],
        ['end group', '', '', ''],
        ['', '', '', 'yes'],
      ]),
    );
    expect(form(result).questions[0]).not.toHaveProperty('required');
    expect(result.warnings).toEqual([
      { code: 'xlsform.ignoredValue', sheet: 'survey', row: 2, column: 'D', header: 'required', params: { type: 'group' } },
      { code: 'xlsform.rowIgnored', sheet: 'survey', row: 5 },
    ]);
    // A label without a type is a question someone forgot to type (pyxform refuses it too).
    const stray = await importSheets(sheets([['type', 'name', 'label'], ['text', 'a', 'A'], ['', '', 'stray label']]));
    expect(errors(stray)).toEqual([{ code: 'xlsform.missingType', sheet: 'survey', row: 3, column: 'A', header: 'type', params: { name: '' } }]);
  });
});

describe('broken forms: clear errors, never an exception', () => {
  const header = ['type', 'name', 'label', 'relevant'];

  it('rejects a workbook without a survey sheet', async () => {
    const result = await importXlsForm(
      writeXlsx([{ name: 'Sheet1', rows: [header, ['text', 'a', 'A', '']] }, { name: 'Sheet2', rows: [['x']] }]),
    );
    expect(errors(result)).toEqual([{ code: 'xlsform.missingSheet', sheet: 'survey', params: { found: 'Sheet1, Sheet2' } }]);
    // A workbook of one sheet is the survey, whatever its name, as pyxform reads it.
    expect(form(await importXlsForm(writeXlsx([{ name: 'Sheet1', rows: [header, ['text', 'a', 'A', '']] }]))).questions).toHaveLength(1);
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
        ['text', '', 'Nameless', ''],
        ['note', '', 'A note may go without a name', ''],
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
    expect(errors(noName)).toEqual([{ code: 'xlsform.missingName', sheet: 'survey', row: 2, column: 'A', header: 'type' }]);
    const noType = await importSheets(sheets([['name', 'label'], ['a', 'A']]));
    expect(errors(noType)).toEqual([{ code: 'xlsform.missingColumn', sheet: 'survey', row: 1, params: { column: 'type' } }]);
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
    // References are checked in every cell first (as pyxform does), then expressions as XPath.
    expect(errors(result)).toEqual([
      { code: 'xlsform.unknownReference', sheet: 'survey', row: 4, column: 'D', header: 'relevant', params: { name: 'agee' } },
      { code: 'xlsform.unknownReference', sheet: 'survey', row: 5, column: 'C', header: 'label', params: { name: 'nobody' } },
      {
        code: 'xlsform.badExpression',
        sheet: 'survey',
        row: 3,
        column: 'D',
        header: 'relevant',
        params: { expression: '${age} >= 14 and', character: 17, detail: expect.any(String) },
      },
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

  it('imports each sample without throwing', { timeout: 60_000 }, async () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.xlsx'));
    expect(files.length).toBe(24);
    for (const file of files) {
      const result = await get(file);
      expect(typeof result.ok, file).toBe('boolean');
      if (!result.ok) expect(result.errors.length, file).toBeGreaterThan(0);
    }
  });

  it('rejects what pyxform and ODK Validate reject, with the place of the problem', async () => {
    expect(errors(await get('bad_calc.xlsx'))).toEqual([
      expect.objectContaining({ code: 'xlsform.badExpression', sheet: 'survey', row: 2, column: 'D', header: 'calculation' }),
    ]);
    expect(errors(await get('bug-duplicate_columns.xlsx'))[0]).toEqual({
      code: 'xlsform.duplicateColumn',
      sheet: 'survey',
      row: 1,
      column: 'E',
      header: 'label',
      params: { first: 'D' },
    });
    // 'label' is no XPath axis: JavaRosa refuses this choice_filter.
    expect(errors(await get('bug-xl_date_ambiguous.xlsx'))).toEqual([
      expect.objectContaining({ code: 'xlsform.badExpression', row: 5, column: 'L', header: 'choice_filter', params: expect.objectContaining({ character: 1 }) }),
    ]);
    expect(errors(await get('include_json.xlsx'))).toEqual([
      expect.objectContaining({ code: 'xlsform.unknownType', params: { type: 'include' } }),
    ]);
  });

  it('reads curly quotes as plain ones, and asks for the files a form names', async () => {
    // ${username}!=’rsavoye’: typed by a spreadsheet program, and fine once cleaned up.
    const ucl = await get('bug-UCL_Biomass_Plot_Form.xlsx');
    expect(codes(errors(ucl))).toEqual(['xlsform.missingAttachment']);
    expect(errors(ucl).map((e) => [e.row, e.params?.file])).toContainEqual([16, 'UCL_regions.csv']);
    const csv = (name: string) => ({ name, type: 'text/csv', text: 'name,label\n' });
    const files = [...new Set(errors(ucl).map((e) => String(e.params?.file)))].map(csv);
    const withFiles = await importXlsForm(readFileSync(`${dir}bug-UCL_Biomass_Plot_Form.xlsx`), { attachments: files });
    const itemsets = [...walkQuestions(form(withFiles).questions)].map(({ question }) => 'itemset' in question && question.itemset?.file);
    expect(itemsets).toContain('UCL_regions.csv');
  });

  it('imports legacy and converter-specific forms', async () => {
    const loop = await get('loop.xlsx');
    // The loop is one group per choice of toilet_type, `other` (or_other's) included, as in
    // pyxform's XForm: /data/loop_toilet_types/<choice>/number, "%(label)s" replaced.
    expect(form(loop).questions.map((q) => q.name)).toEqual(['available_toilet_types', 'loop_toilet_types']);
    expect(findQuestion(form(loop), 'available_toilet_types')).toMatchObject({ orOther: true });
    const groups = (findQuestion(form(loop), 'loop_toilet_types') as ContainerQuestion).children as ContainerQuestion[];
    expect(groups.map((g) => g.name)).toEqual(['pit_latrine_with_slab', 'open_pit_latrine', 'bucket_system', 'other']);
    expect(groups.map((g) => g.children.map((q) => q.name))).toEqual(groups.map((g) => [`loop_toilet_types/${g.name}/number`]));
    expect(Object.values(groups[0].children[0].label ?? {})).toEqual(['How many Pit latrine with slab are on the premises?']);
    expect(Object.values(groups[3].children[0].label ?? {})).toEqual(['How many Other are on the premises?']);
    expect(codes(loop.warnings)).not.toContain('xlsform.unsupportedType');
    const pull = await importXlsForm(readFileSync(`${dir}pull_data.xlsx`), { attachments: [{ name: 'fruits.csv', type: 'text/csv', text: 'name,label\n' }] });
    expect(form(pull).attachments?.map((a) => a.name)).toEqual(['fruits.csv']);
    expect(codes(errors(await get('pull_data.xlsx')))).toEqual(['xlsform.missingAttachment']);
    expect(form(await get('specify_other.xlsx')).questions[0]).toMatchObject({ type: 'select_one', listName: 'sexes', orOther: true });
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
    expect(f.questions.map((q) => [q.name, q.type])).toEqual([['q1', 'select_one'], ['q2', 'select_one']]);
    // An ENTITIES sheet with a DATASET column (pyxform's own name for list_name).
    expect(f.entities).toEqual([expect.objectContaining({ listName: expect.any(String) })]);
  });

  it('suggests the sheet a misspelt name was meant to be', async () => {
    expect((await get('extra_sheet_names.xlsx')).warnings).toContainEqual({
      code: 'xlsform.unknownSheet',
      sheet: 'stettings',
      params: { suggestion: 'settings' },
    });
  });

  it('imports the big spec test forms with every type, their media and custom attributes', async () => {
    const withFiles = async (file: string) => {
      const first = await get(file);
      const names = first.ok ? [] : [...new Set(first.errors.map((e) => String(e.params?.file)))];
      const attachments = names.map((name) => ({ name, type: 'application/octet-stream', base64: '' }));
      return importXlsForm(readFileSync(dir + file), { fileName: file, attachments });
    };
    for (const file of ['xlsform_spec_test.xlsx', 'flat_xlsform_test.xlsx', 'attribute_columns_test.xlsx']) {
      const f = form(await withFiles(file));
      expect(findQuestion(f, 'required_text'), file).toMatchObject({ required: true });
      expect(findQuestion(f, 'uri_deviceid'), file).toMatchObject({ type: 'deviceid' });
      expect(findQuestion(f, 'image_test'), file).toMatchObject({ type: 'image' });
      expect(findQuestion(f, 'barcode_test'), file).toMatchObject({ type: 'barcode' });
      expect(findQuestion(f, 'audio_test'), file).toMatchObject({ type: 'audio' });
      expect([...walkQuestions(f.questions)].some(({ question }) => question.media?.audio), file).toBe(true);
    }
    const attributes = form(await withFiles('attribute_columns_test.xlsx'));
    expect([...walkQuestions(attributes.questions)].some(({ question }) => question.extraAttributes?.['bind::bindAttribute'])).toBe(true);
    const spec = form(await withFiles('xlsform_spec_test.xlsx'));
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
