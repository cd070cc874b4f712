// The pure parts of the responses list, the response view and the form import screen.
import { beforeEach, describe, expect, it } from 'vitest';
import { formVersions, openDatabase, saveImportedForm } from '../../src/lib/db';
import type { Form, FormData, ResponseEdit } from '../../src/lib/domain/types';
import { countQuestions } from '../../src/pages/form-import/import-view';
import { answerTree, historyRows, questionPath } from '../../src/pages/response/answer-view';
import { departmentOptions } from '../../src/pages/responses/departments';
import { NO_FILTER, toQuery } from '../../src/pages/responses/list-filter';

const FORM: FormData = {
  formId: 'hh',
  version: '2',
  title: { es: 'Hogares' },
  languages: ['es', 'en'],
  defaultLanguage: 'es',
  warnings: [],
  questions: [
    { type: 'start', name: 'start' },
    { type: 'note', name: 'intro', label: { es: 'Bienvenida' } },
    {
      type: 'group',
      name: 'main',
      label: { es: 'Datos', en: 'Data' },
      children: [
        { type: 'select_one', name: 'department', listName: 'dept', label: { es: 'Departamento', en: 'Department' } },
        { type: 'select_multiple', name: 'benefits', listName: 'benefit', label: { es: 'Prestaciones' } },
        { type: 'date', name: 'born', label: { es: 'Nacimiento' } },
      ],
    },
    {
      type: 'repeat',
      name: 'member',
      label: { es: 'Miembro', en: 'Member' },
      children: [{ type: 'integer', name: 'age', label: { es: 'Edad', en: 'Age' } }],
    },
    { type: 'calculate', name: 'n', calculation: '1' },
  ],
  choices: {
    dept: [
      { name: 'morazan', label: { es: 'Morazán', en: 'Morazan' } },
      { name: 'la_union', label: { es: 'La Unión' } },
    ],
    benefit: [
      { name: 'health', label: { es: 'Salud', en: 'Health' } },
      { name: 'pension', label: { es: 'Pensión', en: 'Pension' } },
    ],
  },
};

const words = {
  instances: (n: number) => `${n} entries`,
  specify: (label: string) => `Other ${label}`,
  other: 'Other',
  path: (closed: boolean, points: readonly unknown[], m: { metres: number; squareMetres: number }) =>
    `${points.length} points, ${Math.round(closed ? m.squareMetres : m.metres)} ${closed ? 'm2' : 'm'}`,
  unsavedFile: (name: string) => `${name} (not saved)`,
};

describe('answerTree', () => {
  it('labels questions and choices in the language asked, falling back to the default, repeats nested', () => {
    const tree = answerTree(
      FORM,
      { start: '2026-01-01T10:00:00Z', department: 'la_union', benefits: 'health pension', member: [{ age: '34' }, { age: '8' }], n: '1', stray: 'x' },
      'en',
      words,
    );
    expect(tree).toEqual([
      {
        kind: 'group',
        name: 'main',
        label: 'Data',
        children: [
          { kind: 'field', name: 'department', label: 'Department', value: 'La Unión' },
          { kind: 'field', name: 'benefits', label: 'Prestaciones', value: 'Health, Pension' },
        ],
      },
      {
        kind: 'repeat',
        name: 'member',
        label: 'Member',
        instances: [[{ kind: 'field', name: 'age', label: 'Age', value: '34' }], [{ kind: 'field', name: 'age', label: 'Age', value: '8' }]],
      },
      { kind: 'field', name: 'n', label: 'n', value: '1' },
      { kind: 'field', name: 'stray', label: 'stray', value: 'x' },
    ]);
  });

  it('shows answers under their names when the form is not on the device', () => {
    expect(answerTree(undefined, { age: '3', member: [{}, {}] }, 'es', words)).toEqual([
      { kind: 'field', name: 'age', label: 'age', value: '3' },
      { kind: 'field', name: 'member', label: 'member', value: '2 entries' },
    ]);
  });
});

describe('historyRows', () => {
  it('names the question by its labels, with the repeat instance, and shows choice labels', () => {
    const history: ResponseEdit[] = [
      { id: 'e1', at: '2026-02-01T10:00:00Z', by: 'Ana', question: 'department', oldValue: 'morazan', newValue: 'la_union' },
      { id: 'e2', at: '2026-02-02T10:00:00Z', by: 'Beto', question: 'member[2]/age', oldValue: '8', newValue: null },
    ];
    expect(historyRows(FORM, history, 'es', words)).toEqual([
      { question: 'Departamento', oldValue: 'Morazán', newValue: 'La Unión', by: 'Ana', at: '2026-02-01T10:00:00Z' },
      { question: 'Miembro 2 › Edad', oldValue: '8', newValue: '', by: 'Beto', at: '2026-02-02T10:00:00Z' },
    ]);
    expect(questionPath(undefined, 'member[1]/age', 'es', words)).toBe('member 1 › age');
  });
});

describe('responses list filter', () => {
  it('turns local days into an instant range that includes the whole last day', () => {
    expect(toQuery('hh', NO_FILTER)).toEqual({ formId: 'hh' });
    expect(toQuery('hh', { status: 'draft', enumerator: 'Ana', department: 'morazan', from: '2026-03-01', to: '2026-03-31' })).toEqual({
      formId: 'hh',
      status: 'draft',
      enumerator: 'Ana',
      department: 'morazan',
      from: new Date(2026, 2, 1).toISOString(),
      to: new Date(2026, 3, 1).toISOString(),
    });
  });

  it('offers the department choices of the form, newest labels first, plus values only responses have', () => {
    const older = { ...FORM, version: '1', choices: { ...FORM.choices, dept: [{ name: 'morazan', label: { es: 'Morazan (v1)' } }] } };
    const options = departmentOptions([FORM, older] as Form[], ['morazan', 'cabanas'], 'es');
    expect(options).toEqual([
      { value: 'morazan', label: 'Morazán' },
      { value: 'la_union', label: 'La Unión' },
      { value: 'cabanas', label: 'cabanas' },
    ]);
  });
});

describe('form import', () => {
  let run = 0;
  beforeEach(async () => {
    await openDatabase(`survey-screens-test-${++run}`);
  });

  it('counts the questions someone answers', () => expect(countQuestions(FORM)).toBe(4));

  it('stores a new version next to the old one, and refuses the same version twice', async () => {
    expect((await saveImportedForm({ ...FORM, version: '1' })).status).toBe('saved');
    expect((await saveImportedForm(FORM)).status).toBe('saved');
    const again = await saveImportedForm(FORM);
    expect(again.status).toBe('exists');
    expect((await formVersions('hh')).map((f) => f.version)).toEqual(['2', '1']);
  });
});
