// What the importer makes of pyxform's features, beyond accept/refuse (which
// xlsform-cases.test.ts checks against pyxform's verdicts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { FormAttachment, FormData, FormIssue, QuestionType } from '../../src/lib/domain/types';
import { findQuestion, isDynamicDefault } from '../../src/lib/forms/model';
import { importFormFiles, importXlsForm, type ImportResult } from '../../src/lib/forms/xlsform';
import { gatherFormFiles } from '../../src/lib/forms/xlsform/form-files';
import { parseParameters } from '../../src/lib/forms/xlsform/parameters';
import { checkXPathSyntax, XPathSyntaxError } from '../../src/lib/forms/xlsform/xpath-syntax';
import { issueMessage } from '../../src/pages/form-import/import-view';
import { writeXlsx, type SheetSpec } from './fixtures/xlsx';

const SETTINGS: SheetSpec = { name: 'settings', rows: [['form_id', 'version'], ['t', '1']] };

function importRows(survey: string[][], more: SheetSpec[] = [], attachments?: FormAttachment[]): Promise<ImportResult> {
  return importXlsForm(writeXlsx([{ name: 'survey', rows: survey }, ...more, SETTINGS]), { attachments });
}
function form(result: ImportResult): FormData {
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.errors)}`);
  return result.form;
}
function errors(result: ImportResult): FormIssue[] {
  if (result.ok) throw new Error('import succeeded but should not have');
  return result.errors;
}
const H = ['type', 'name', 'label'];
const csv = (name: string, text: string): FormAttachment => ({ name, type: 'text/csv', text });

describe('answers of questions named alike in one scope', () => {
  it('keys the later ones by their group path, and says so', async () => {
    const result = await importRows([
      H,
      ['text', 'a', 'A'],
      ['begin group', 'g1', 'G1'],
      ['begin group', 'inner', 'Inner'],
      ['text', 'a', 'A in g1/inner'],
      ['end group', '', ''],
      ['end group', '', ''],
      ['begin group', 'g2', 'G2'],
      ['integer', 'a', 'A in g2'],
      ['end group', '', ''],
      ['begin repeat', 'r', 'R'],
      // A repeat instance is a scope of its own: no clash with the a outside.
      ['text', 'a', 'A in r'],
      ['end repeat', '', ''],
    ]);
    const f = form(result);
    const g1 = f.questions[1] as { children: { children: { name: string }[] }[] };
    expect(g1.children[0].children[0].name).toBe('g1/inner/a');
    expect(findQuestion(f, 'g2/a')).toMatchObject({ type: 'integer', label: { und: 'A in g2' } });
    expect(findQuestion(f, 'a')).toMatchObject({ type: 'text', label: { und: 'A' } });
    const repeat = f.questions[3] as { children: { name: string }[] };
    expect(repeat.children[0].name).toBe('a');
    expect(result.warnings.filter((w) => w.code === 'xlsform.answerKeyedByPath').map((w) => [w.row, w.params?.key])).toEqual([
      [5, 'g1/inner/a'],
      [9, 'g2/a'],
    ]);
  });
});

describe('calculations in a circle', () => {
  it('are refused, naming the questions', async () => {
    const result = await importRows([
      [...H, 'calculation'],
      ['calculate', 'x', '', '${z} + 1'],
      ['calculate', 'y', '', '${x} * 2'],
      ['calculate', 'z', '', '${y} - 1'],
      ['calculate', 'ok', '', '${x}'],
    ]);
    expect(errors(result)).toEqual([
      { code: 'xlsform.calculationCycle', sheet: 'survey', row: 2, column: 'D', header: 'calculation', params: { names: 'x → z → y → x' } },
    ]);
  });
});

describe('files the form names', () => {
  const survey = [
    [...H, 'calculation', 'media::image'],
    ['select_one_from_file villages.csv', 'v', 'Village', '', ''],
    ['calculate', 'pop', '', "pulldata('census', 'population', 'name', ${v})", ''],
    ['calculate', 'dept', '', "instance('depts')/root/item[name = ${v}]/label", ''],
    ['note', 'n', 'Map', '', 'map.png'],
  ];
  it('must have come with it: each missing one where it is named', async () => {
    const result = await importRows(survey);
    expect(errors(result).map((e) => [e.code, e.row, e.column, e.params?.file])).toEqual([
      ['xlsform.missingAttachment', 2, 'A', 'villages.csv'],
      ['xlsform.missingAttachment', 5, 'E', 'map.png'],
      ['xlsform.missingAttachment', 3, 'D', 'census.csv'],
      ['xlsform.missingAttachment', 4, 'D', 'depts.csv'],
    ]);
  });

  it('may not give one instance name two sources, as pyxform refuses', async () => {
    const result = await importRows(
      [[...H, 'calculation'], ['select_one_from_file places.xml', 's', 'S', ''], ['calculate', 'c', '', "pulldata('places', 'label', 'name', ${s})"]],
      [],
      [csv('places.csv', 'name,label\nn,North\n'), { name: 'places.xml', type: 'application/xml', text: '<root><item><name>n</name><label>North</label></item></root>' }],
    );
    expect(errors(result)).toEqual([
      { code: 'xlsform.instanceNameClash', sheet: 'survey', row: 3, column: 'D', header: 'calculation', params: { name: 'places', first: 'places.xml', second: 'places.csv' } },
    ]);
  });

  it('are kept with the form when they came', async () => {
    const files = [
      csv('villages.csv', 'name,label\nv1,Village 1\n'),
      csv('census.csv', 'name,population\nv1,120\n'),
      { name: 'depts.xml', type: 'application/xml', text: '<root><item><name>v1</name><label>North</label></item></root>' },
      { name: 'map.png', type: 'image/png', base64: 'iVBORw0KGgo=' },
    ];
    const f = form(await importRows(survey, [], files));
    expect(f.attachments).toEqual(files);
    expect(findQuestion(f, 'n')).toMatchObject({ media: { image: { und: 'map.png' } } });
  });

  it('refuses a CSV with a broken row, with its row and column', async () => {
    const result = await importRows(survey.slice(0, 2), [], [csv('villages.csv', 'name,label\nv1,Village 1\nv2,Village, two\n')]);
    expect(errors(result)).toEqual([
      {
        code: 'attachments.csv.fieldCount',
        sheet: 'villages.csv',
        row: 3,
        column: 'C',
        params: { file: 'villages.csv', row: 3, column: 3, expected: 2, found: 3 },
      },
    ]);
  });

  it('refuses a choice file without the columns the question reads', async () => {
    const result = await importRows(
      [[...H, 'parameters'], ['select_one_from_file villages.csv', 'v', 'Village', 'value=code label=title']],
      [],
      [csv('villages.csv', 'name,label\nv1,Village 1\n')],
    );
    expect(errors(result).map((e) => [e.code, e.row, e.params?.column])).toEqual([
      ['xlsform.listFileColumn', 2, 'code'],
      ['xlsform.listFileColumn', 2, 'title'],
    ]);
  });
});

describe('picking the files', () => {
  const xlsx = writeXlsx([{ name: 'survey', rows: [H, ['select_one_from_file v.csv', 'v', 'V']] }, SETTINGS]);
  it('takes the .xlsx and its files picked together, or one .zip of them', async () => {
    const together = await importFormFiles([
      { name: 'form.xlsx', bytes: xlsx },
      { name: 'v.csv', bytes: strToU8('name,label\na,A\n') },
    ]);
    expect(form(together).attachments).toEqual([{ name: 'v.csv', type: 'text/csv', text: 'name,label\na,A\n' }]);
    const zipped = zipSync({ 'form/form.xlsx': xlsx, 'form/v.csv': strToU8('name,label\na,A\n'), '__MACOSX/form/._v.csv': strToU8('x') });
    const fromZip = await importFormFiles([{ name: 'form.zip', bytes: zipped }]);
    expect(form(fromZip).attachments?.map((a) => a.name)).toEqual(['v.csv']);
  });

  it('refuses a .zip without a file the form names, saying which, in every language', async () => {
    const survey = [[...H, 'calculation'], ['select_one_from_file villages.csv', 'v', 'Village', ''], ['calculate', 'size', '', "pulldata('hh', 'size', 'name', ${v})"]];
    const zipped = zipSync({ 'form/form.xlsx': writeXlsx([{ name: 'survey', rows: survey }, SETTINGS]), 'form/other.csv': strToU8('name,label\na,A\n') });
    const result = await importFormFiles([{ name: 'form.zip', bytes: zipped }]);
    // Refused: the import screen offers no save for a refused form, so nothing is stored.
    expect(result.ok).toBe(false);
    const missing = errors(result);
    expect(missing.map((e) => [e.code, e.sheet, e.row, e.column, e.params?.file])).toEqual([
      ['xlsform.missingAttachment', 'survey', 2, 'A', 'villages.csv'],
      ['xlsform.missingAttachment', 'survey', 3, 'D', 'hh.csv'],
    ]);
    const locales = join(import.meta.dirname, '../../locales');
    for (const lang of ['es', 'en', 'fr']) {
      const i18n = i18next.createInstance();
      await i18n.init({ lng: lang, resources: {}, interpolation: { escapeValue: false } });
      for (const file of readdirSync(join(locales, lang))) i18n.addResourceBundle(lang, 'translation', JSON.parse(readFileSync(join(locales, lang, file), 'utf8')), true, true);
      for (const e of missing) {
        const { key, options } = issueMessage(e);
        const text = i18n.t(key, options);
        expect(text, lang).toContain(String(e.params?.file));
        expect(text, lang).not.toContain('xlsform.');
      }
    }
    // With the files in the .zip, the same form imports.
    const complete = zipSync({
      'form/form.xlsx': writeXlsx([{ name: 'survey', rows: survey }, SETTINGS]),
      'form/villages.csv': strToU8('name,label\nv1,V1\n'),
      'form/hh.csv': strToU8('name,size\nv1,4\n'),
    });
    expect(form(await importFormFiles([{ name: 'form.zip', bytes: complete }])).attachments?.map((a) => a.name).sort()).toEqual(['hh.csv', 'villages.csv']);
  });

  it('keeps media as base64 and says what is wrong with the pick', () => {
    const picked = gatherFormFiles([{ name: 'f.xlsx', bytes: xlsx }, { name: 'a.PNG', bytes: new Uint8Array([137, 80, 78, 71]) }]);
    expect(picked.ok && picked.attachments).toEqual([{ name: 'a.PNG', type: 'image/png', base64: 'iVBORw==' }]);
    expect(gatherFormFiles([{ name: 'v.csv', bytes: strToU8('a') }])).toEqual({ ok: false, code: 'xlsform.noWorkbook' });
    expect(gatherFormFiles([{ name: 'a.xlsx', bytes: xlsx }, { name: 'b.xlsx', bytes: xlsx }])).toEqual({ ok: false, code: 'xlsform.manyWorkbooks', count: 2 });
    expect(gatherFormFiles([{ name: 'f.zip', bytes: strToU8('not a zip') }])).toEqual({ ok: false, code: 'xlsform.badZip' });
  });
});

describe('a 50,000-row choices sheet', () => {
  // Its speed is measured by the benchmarks, not here.
  it('imports, every choice with its labels and columns', { timeout: 120_000 }, async () => {
    const rows = [['list_name', 'name', 'label', 'label::English (en)', 'district']];
    for (let i = 0; i < 50_000; i++) rows.push(['villages', `v${i}`, `Aldea ${i}`, `Village ${i}`, `d${i % 300}`]);
    const bytes = writeXlsx([{ name: 'survey', rows: [[...H, 'choice_filter'], ['select_one villages', 'v', 'Village', ''], ['select_one villages', 'w', 'Again', "district = 'd1'"]] }, { name: 'choices', rows }, SETTINGS]);
    const f = form(await importXlsForm(bytes));
    expect(f.choices.villages).toHaveLength(50_000);
    expect(f.choices.villages[49_999]).toEqual({ name: 'v49999', label: { und: 'Aldea 49999', en: 'Village 49999' }, extra: { district: 'd199' } });
  });
});

describe('columns pyxform reads under other names', () => {
  it('gives the same question whatever the header', async () => {
    const result = await importRows([
      ['type', 'name', 'label', 'bind::relevant', 'bind::jr:constraintMsg', 'constraint', 'jr:requiredMsg', 'required', 'guidance_hint', 'bind::odk:length', 'body::accuracyThreshold', 'instance::tag', 'default', 'trigger'],
      ['integer', 'a', 'A', '', '', '', '', '', '', '', '', '', '', ''],
      ['integer', 'b', 'B', '${a} > 1', 'Too small', '. > 2', 'Say it', 'yes', 'Ask twice', '5', '3', 'x', '${a} + 1', '${a}'],
    ]);
    expect(findQuestion(form(result), 'b')).toEqual({
      type: 'integer',
      name: 'b',
      label: { und: 'B' },
      guidanceHint: { und: 'Ask twice' },
      relevant: '${a} > 1',
      constraint: '. > 2',
      constraintMessage: { und: 'Too small' },
      required: true,
      requiredMessage: { und: 'Say it' },
      default: '${a} + 1',
      trigger: ['a'],
      extraAttributes: { 'bind::odk:length': '5', 'body::accuracyThreshold': '3', 'instance::tag': 'x' },
    });
  });

  it('keeps external choices as an ordinary list, entities and instance_name with the form', async () => {
    const result = await importXlsForm(
      writeXlsx([
        { name: 'survey', rows: [[...H, 'choice_filter', 'save_to'], ['select_one yn', 'c', 'C', '', ''], ['select_one_external towns', 't', 'T', 'c = ${c}', ''], ['text', 'tree', 'Tree', '', 'species']] },
        { name: 'choices', rows: [['list_name', 'name', 'label'], ['yn', 'yes', 'Yes']] },
        { name: 'external_choices', rows: [['list_name', 'name', 'label', 'c'], ['towns', 't1', 'Town 1', 'yes']] },
        { name: 'entities', rows: [['list_name', 'label'], ['trees', '${tree}']] },
        { name: 'settings', rows: [['form_id', 'version', 'instance_name', 'public_key'], ['t', '1', "concat('tree ', ${tree})", 'MIIB']] },
      ]),
    );
    const f = form(result);
    expect(f.choices.towns).toEqual([{ name: 't1', label: { und: 'Town 1' }, extra: { c: 'yes' } }]);
    expect(findQuestion(f, 't')).toMatchObject({ type: 'select_one', listName: 'towns', choiceFilter: 'c = ${c}' });
    expect(findQuestion(f, 'tree')).toMatchObject({ saveTo: 'species' });
    expect(f.entities).toEqual([{ listName: 'trees', label: '${tree}' }]);
    expect(f.instanceName).toBe("concat('tree ', ${tree})");
    expect(result.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['xlsform.settingIgnored']));
  });
});

describe('forms exported by KoboToolbox', () => {
  it('import without noise from the columns Kobo keeps for itself', async () => {
    const result = await importXlsForm(
      writeXlsx([
        { name: 'survey', rows: [['type', 'name', 'label', '$kuid', '$autoname'], ['select_one yn', 's', 'S', 'k1', 's']] },
        { name: 'choices', rows: [['list_name', 'name', 'label', '$kuid', '$autovalue'], ['yn', 'yes', 'Yes', 'c1', 'yes']] },
        { name: 'settings', rows: [['form_title', 'version', 'id_string', '_version_'], ['Kobo', 'vGx', 'aBc123', 'vGx']] },
      ]),
    );
    expect(form(result).choices.yn).toEqual([{ name: 'yes', label: { und: 'Yes' } }]);
    expect(result.warnings).toEqual([]);
  });
});

describe('pieces of pyxform', () => {
  it('reads parameters as pyxform does', () => {
    expect(parseParameters('start=0 end=10;step=2, Label=Name value=Code')).toEqual({ start: '0', end: '10', step: '2', label: 'Name', value: 'Code' });
    expect(parseParameters('max-pixels=1024')).toEqual({ 'max-pixels': '1024' });
    expect(parseParameters('')).toEqual({});
    expect(parseParameters('start')).toBeUndefined();
    expect(parseParameters('a==b')).toBeUndefined();
  });

  it('tells a dynamic default from a literal one as pyxform does', () => {
    // [type, default, dynamic]: pyxform 4.5.0 writes a setvalue for exactly the dynamic ones.
    const table: [QuestionType, string, boolean][] = [
      ["text", "3", false],
      ["text", "hello", false],
      ["text", "a-b", false],
      ["text", "2020-01-31", false],
      ["text", "'x + y'", false],
      ["text", "-4", false],
      ["text", "yes", false],
      ["integer", "1 - 2", true],
      ["date", "1 - 2", false],
      ["text", "${a}", true],
      ["text", "today()", true],
      ["text", "2 * 3", true],
      ["text", "5 mod 2", true],
      ["text", "a|b", true],
      ["text", "x[1]", false],
      ["text", "(3)", false],
      ["text", "{x}", false],
      ["text", "a/b", false],
      ["text", "1-2", false],
      ["text", "a - b", true],
      ["text", "a -b", true],
      ["date", "2020-01-31", false],
      ["geopoint", "1 -2 0 0", false],
      ["text", "now", false],
      ["text", "concat(\"a\",\"b\")", true],
      ["text", "3.5", false],
      ["text", ".5", false],
      ["text", "a.b", false],
      ["datetime", "2020-01-01T10:00:00", false],
    ];
    expect(table.filter(([type, value]) => isDynamicDefault(value, type)).map(([, value]) => value)).toEqual(
      table.filter(([, , dynamic]) => dynamic).map(([, value]) => value),
    );
  });

  it('checks XPath syntax as JavaRosa would, with the character', () => {
    const valid = [
      '${a} + 1', '/data/a', '../a', '.', 'current()/../x', "instance('l')/root/item[name = ${a}]/label", 'count(/data/r)',
      '-${a}', '${a} div 2 mod 3', "jr:choice-name(${a}, '${a}')", '/data/a | /data/b', 'child::x', '@id', 'a//b',
      "x[@id = 'y']/text()", 'position() = 1', '.5 + 1.', 'node()', '$var',
    ];
    for (const v of valid) expect(() => checkXPathSyntax(v), v).not.toThrow();
    const invalid: [string, number][] = [
      ['this is prose', 5],
      ['${a} +', 6],
      ['round(${a}', 10],
      ["concat('x, ${a})", 7],
      ['${a} == 1', 6],
      ["label::English != ''", 0],
      ['', 0],
      ['a ; b', 2],
    ];
    for (const [src, at] of invalid) {
      let position = -1;
      try {
        checkXPathSyntax(src);
      } catch (e) {
        if (e instanceof XPathSyntaxError) position = e.position;
      }
      expect(position, src).toBe(at);
    }
  });
});

describe('loops over a choice list', () => {
  const ANIMALS: SheetSpec = {
    name: 'choices',
    rows: [['list_name', 'name', 'label::English (en)', 'label::Español (es)', 'color'], ['animals', 'cow', 'Cow', 'Vaca', 'brown'], ['animals', 'none', 'None', 'Ninguno', ''], ['animals', 'goat', 'Goat', 'Cabra', 'white']],
  };
  it("makes one group per choice, as pyxform's XForm: /data/l/<choice>/<question>, %(…)s replaced", async () => {
    const f = form(await importRows([
      ['type', 'name', 'label::English (en)', 'label::Español (es)', 'hint::English (en)', 'constraint'],
      ['begin loop over animals', 'l', 'Animals', 'Animales', '', ''],
      ['integer', 'count', 'How many %(label)s?', '¿Cuántas %(label)s?', '%(name)s is %(color)s, 100%%', '. >= 0 or "%(name)s" = "x"'],
      ['end loop', '', '', '', '', ''],
    ], [ANIMALS]));
    const loop = findQuestion(f, 'l');
    expect(loop).toMatchObject({ type: 'group', label: { en: 'Animals', es: 'Animales' } });
    expect(loop && 'children' in loop && loop.children).toEqual([
      { name: 'cow', type: 'group', label: { en: 'Cow', es: 'Vaca' }, children: [
        { name: 'l/cow/count', type: 'integer', label: { en: 'How many Cow?', es: '¿Cuántas Vaca?' }, hint: { en: 'cow is brown, 100%' }, constraint: '. >= 0 or "cow" = "x"' },
      ] },
      { name: 'goat', type: 'group', label: { en: 'Goat', es: 'Cabra' }, children: [
        { name: 'l/goat/count', type: 'integer', label: { en: 'How many Goat?', es: '¿Cuántas Cabra?' }, hint: { en: 'goat is white, 100%' }, constraint: '. >= 0 or "goat" = "x"' },
      ] },
    ]);
  });
  it('refuses a cell whose % pyxform cannot apply, once, in its place', async () => {
    const result = await importRows([H, ['begin loop over animals', 'l', 'L'], ['integer', 'count', '50% of %(label)s'], ['end loop', '', '']], [ANIMALS]);
    expect(errors(result)).toEqual([
      { code: 'xlsform.loopSubstitution', sheet: 'survey', row: 3, column: 'C', header: 'label', params: { text: '50% of %(label)s', fault: '% ' } },
    ]);
  });
});

describe('appearances and the types they belong to', () => {
  const YN = { name: 'choices', rows: [['list_name', 'name', 'label'], ['yn', 'yes', 'Yes'], ['yn', 'no', 'No']] };
  const warned = (result: ImportResult) => form(result).warnings.filter((w) => w.code === 'xlsform.unsupportedAppearance').map((w) => w.params);

  it('honours each on its own type, and names one on another type (pyxform accepts both)', async () => {
    const result = await importRows([
      [...H, 'appearance'],
      ['select_one yn', 'a', 'A', 'horizontal-compact columns-pack'],
      ['date', 'b', 'B', 'year'],
      ['image', 'c', 'C', 'annotate new'],
      ['integer', 'd', 'D', 'thousands-sep numbers'],
      ['select_one yn', 'e', 'E', 'year'],
      ['integer', 'f', 'F', 'draw likert'],
      ['datetime', 'g', 'G', 'no-calendar'],
      ['select_multiple yn', 'h', 'H', 'quick'],
      ['text', 'i', 'I', 'field-list'],
    ], [YN]);
    expect(warned(result)).toEqual([
      { name: 'e', appearance: 'year' },
      { name: 'f', appearance: 'draw likert' },
      { name: 'g', appearance: 'no-calendar' },
      { name: 'h', appearance: 'quick' },
      { name: 'i', appearance: 'field-list' },
    ]);
  });

  it('takes a label-appearance select without a label, the heading of a list-nolabel grid, as pyxform does', async () => {
    const f = form(await importRows([
      [...H, 'appearance'],
      ['begin group', 'g', 'G', 'field-list'],
      ['select_one yn', 'head', '', 'label'],
      ['select_one yn', 'a', 'A', 'list-nolabel'],
      ['end group', '', '', ''],
    ], [YN]));
    expect(findQuestion(f, 'head')).toMatchObject({ type: 'select_one', appearance: 'label' });
    expect(errors(await importRows([[...H, 'appearance'], ['select_one yn', 'head', '', 'list-nolabel']], [YN])).map((e) => e.code)).toEqual(['xlsform.missingLabel']);
  });
});

describe('map appearances', () => {
  it('honours map and placement-map on location questions (drawn offline), not map on a select', async () => {
    const result = await importRows([
      [...H, 'appearance'],
      ['geopoint', 'here', 'Here', 'map'],
      ['geopoint', 'placed', 'Placed', 'placement-map'],
      ['geotrace', 'road', 'Road', 'map'],
      ['geoshape', 'field', 'Field', 'placement-map'],
      ['select_one yn', 'pick', 'Pick', 'map'],
    ], [{ name: 'choices', rows: [['list_name', 'name', 'label'], ['yn', 'yes', 'Yes']] }]);
    expect(form(result).warnings.filter((w) => w.code === 'xlsform.unsupportedAppearance').map((w) => w.params)).toEqual([{ name: 'pick', appearance: 'map' }]);
  });

  it('names what a location question does not do with an appearance honoured elsewhere; a width is honoured', async () => {
    const result = await importRows([
      [...H, 'appearance'],
      ['geopoint', 'here', 'Here', 'minimal maps'],
      ['geotrace', 'road', 'Road', 'placement-map w4'],
      ['geoshape', 'field', 'Field', 'numbers map'],
    ]);
    expect(form(result).warnings.filter((w) => w.code === 'xlsform.unsupportedAppearance').map((w) => w.params)).toEqual([
      { name: 'here', appearance: 'minimal maps' },
      { name: 'field', appearance: 'numbers' },
    ]);
  });
});
