import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression, toBoolean, type EvalContext, type Expr, type Item } from '../../src/lib/forms/expr';
import { evalItem } from '../../src/lib/forms/expr/evaluate';
import { applyChoiceFilter, choiceColumn, choiceColumnValue, rewriteChoiceFilter } from '../../src/lib/forms/engine/choice-filter';
import { choicesOfQuestion } from '../../src/lib/forms/engine/choice-source';
import { FormSession } from '../../src/lib/forms/engine';
import type { Choice, FieldQuestion, FormData } from '../../src/lib/forms/model';
import { DEPARTMENTS, generateLongListForm, VILLAGES } from '../bench/long-list.mjs';

type Answers = Record<string, string | string[]>;

/** Evaluation as the session does it: bare column names read the choice, `${q}` the answers. */
function harness(answers: Answers) {
  let choice: Choice | null = null;
  const ctx: EvalContext = {
    value: (name) => {
      const column = choiceColumn(name);
      if (column !== undefined) return choice ? choiceColumnValue(choice, column) : '';
      return answers[name] ?? '';
    },
    current: () => '',
    position: () => 0,
    choiceLabel: () => '',
    now: () => new Date('2026-03-02T00:00:00Z'),
  };
  let tests = 0;
  return {
    key: (e: Expr): Item => {
      choice = null;
      return evalItem(e, ctx);
    },
    test: (e: Expr, c: Choice): boolean => {
      tests++;
      choice = c;
      return toBoolean(evaluate(e, ctx));
    },
    get tests() {
      return tests;
    },
  };
}

const c = (name: string, extra: Record<string, string>): Choice => ({ name, label: { en: name }, extra });
const CHOICES: Choice[] = [
  c('a', { dept: 'd01', size: '1', dept2: 'x' }),
  c('b', { dept: 'd02', size: '01', dept2: 'y' }),
  c('c', { dept: '1', size: '3', dept2: 'x' }),
  c('d', { dept: '1.0', size: '2', dept2: 'y' }),
  c('e', { dept: '', size: '', dept2: 'x' }),
  c('f', { dept: 'd01', size: '5', dept2: 'y' }),
  c('g', { dept: ' 1', size: 'big', dept2: 'x' }),
  c('other', { dept: 'd03', size: '0', dept2: '' }),
  c('h', { dept: 'D01', size: '7', dept2: 'X' }),
  c('i', { dept: 'DÉ01', size: '8', dept2: 'y' }),
];
const FOLD = (e: string) => `translate(${e}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

describe('choice_filter as an index lookup', () => {
  const filters = [
    'dept = ${x}',
    '${x} = dept',
    "dept = ${x} and name != 'f'",
    'size > 1 and dept = ${x}',
    'dept = ${x} and dept2 = ${y}',
    "dept = ${x} or name = 'other'",
    "dept = 'd01'",
    'dept = 1',
    'dept = size',
    'dept != ${x}',
    'dept = ${x} + 0',
    'dept = (${x} = ${y})',
    // search()'s comparison, A-Z in any case (xlsform/search.ts), and look-alikes that are not it.
    `${FOLD('dept')} = ${FOLD('${x}')}`,
    `${FOLD('${x}')} = ${FOLD('dept')} and ${FOLD('dept2')} = ${FOLD('${y}')}`,
    `${FOLD('dept')} = \${x}`,
    "translate(dept, 'ABC', 'abc') = ${x}",
  ];
  const values: Answers[] = [
    { x: 'd01', y: 'x' },
    { x: 'd02', y: 'y' },
    { x: '1', y: 'x' },
    { x: '01.00', y: 'x' },
    { x: '', y: '' },
    { x: ' 1', y: 'y' },
    { x: 'nothing', y: 'x' },
    { x: ['d01', 'd02'], y: 'x' },
    { x: ['1', 'd03', 'd01'], y: ['x', 'y'] },
    { x: [], y: 'x' },
    { x: 'D01', y: 'X' },
    { x: 'dé01', y: 'Y' },
    { x: 'DÉ01', y: 'y' },
  ];

  for (const filter of filters) {
    it(`keeps what evaluating \`${filter}\` per choice keeps`, () => {
      const expr = parseExpression(rewriteChoiceFilter(filter));
      for (const answers of values) {
        const plain = harness(answers);
        const expected = CHOICES.filter((choice) => plain.test(expr, choice)).map((x) => x.name);
        const fast = harness(answers);
        expect(applyChoiceFilter(CHOICES, expr, fast.key, fast.test).map((x) => x.name), JSON.stringify(answers)).toEqual(expected);
      }
    });
  }

  it('tests no choice one by one for `col = ${x}`, and only the ones found for `col = ${x} and ...`', () => {
    const villages = generateLongListForm().choices.village;
    const only = harness({ department: 'd07' });
    const kept = applyChoiceFilter(villages, parseExpression(rewriteChoiceFilter('dept = ${department}')), only.key, only.test);
    expect(kept).toHaveLength(VILLAGES / DEPARTMENTS);
    expect(kept.every((v) => v.extra?.dept === 'd07')).toBe(true);
    expect(only.tests).toBe(0);

    const more = harness({ department: 'd07' });
    const fewer = applyChoiceFilter(villages, parseExpression(rewriteChoiceFilter("dept = ${department} and name != 'v7'")), more.key, more.test);
    expect(fewer).toHaveLength(VILLAGES / DEPARTMENTS - 1);
    expect(more.tests).toBe(VILLAGES / DEPARTMENTS);

    // An `or` cannot be looked up: every choice is tested.
    const general = harness({ department: 'd07' });
    applyChoiceFilter(villages, parseExpression(rewriteChoiceFilter("dept = ${department} or name = 'v1'")), general.key, general.test);
    expect(general.tests).toBe(VILLAGES);
  });

  it('follows the department in a session over 50,000 villages', () => {
    const s = new FormSession(generateLongListForm({ filtered: true }));
    const village = s.cell('village')!;
    expect(s.choicesFor(village)).toEqual([]);
    s.setValue(s.cell('department')!, 'd03');
    expect(s.choicesFor(village).map((v) => v.name).slice(0, 3)).toEqual(['v3', 'v53', 'v103']);
    s.setValue(s.cell('department')!, 'd50');
    expect(s.choicesFor(village)).toHaveLength(1000);
    expect(s.choicesFor(village)[0].label.es).toMatch(/ 50$/);
  });
});

describe('select_one_from_file', () => {
  const csv = 'name,label,district\nlima,Lima,costa\ncusco,Cusco,sierra\n"ica","Ica, Perú",costa\n';
  const fileForm = (version: string, text = csv): FormData => ({
    formId: 'from_file',
    version,
    title: { es: 'Archivo' },
    languages: ['es'],
    defaultLanguage: 'es',
    questions: [
      { type: 'select_one', name: 'district', listName: 'districts' },
      {
        type: 'select_one',
        name: 'city',
        itemset: { file: 'cities.csv', value: 'name', label: 'label' },
        choiceFilter: 'district = ${district}',
      },
      { type: 'select_multiple', name: 'places', itemset: { file: 'places.geojson', value: 'id', label: 'title' } },
    ],
    choices: { districts: [{ name: 'costa', label: { es: 'Costa' } }, { name: 'sierra', label: { es: 'Sierra' } }] },
    warnings: [],
    attachments: [
      { name: 'cities.csv', type: 'text/csv', text },
      {
        name: 'places.geojson',
        type: 'application/geo+json',
        text: JSON.stringify({
          type: 'FeatureCollection',
          features: [{ type: 'Feature', id: 'p1', properties: { title: 'Plaza' }, geometry: { type: 'Point', coordinates: [-77, -12] } }],
        }),
      },
    ],
  });
  const question = (f: FormData, name: string) => f.questions.find((q) => q.name === name) as FieldQuestion;

  it('offers the rows of the attached file, its columns there for the choice filter', () => {
    const f = fileForm('1');
    const s = new FormSession(f);
    const city = s.cell('city')!;
    s.setValue(s.cell('district')!, 'costa');
    expect(s.choicesFor(city).map((x) => [x.name, x.label.es])).toEqual([
      ['lima', 'Lima'],
      ['ica', 'Ica, Perú'],
    ]);
    s.setValue(s.cell('district')!, 'sierra');
    expect(s.choicesFor(city).map((x) => x.name)).toEqual(['cusco']);
    expect(s.choicesFor(s.cell('places')!).map((x) => [x.name, x.label.es])).toEqual([['p1', 'Plaza']]);
  });

  it('parses a file once per form version, not once per interview', () => {
    const first = choicesOfQuestion(fileForm('2'), question(fileForm('2'), 'city'));
    // Another copy of the same version (read again from the database): the same list.
    expect(choicesOfQuestion(fileForm('2'), question(fileForm('2'), 'city'))).toBe(first);
    const next = fileForm('3', 'name,label,district\ntacna,Tacna,costa\n');
    expect(choicesOfQuestion(next, question(next, 'city')).map((x) => x.name)).toEqual(['tacna']);
  });

  it('offers nothing for a missing or broken file rather than failing the interview', () => {
    const missing = { ...fileForm('4'), attachments: [] };
    expect(choicesOfQuestion(missing, question(missing, 'city'))).toEqual([]);
    const broken = fileForm('5', 'name,label\n"lima,Lima\n');
    expect(new FormSession(broken).choicesFor(new FormSession(broken).cell('places')!)).toHaveLength(1);
    expect(choicesOfQuestion(broken, question(broken, 'city'))).toEqual([]);
  });
});
