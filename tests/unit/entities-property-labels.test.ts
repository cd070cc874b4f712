// How a case's properties read on the case screens: by the label of the question that
// saves to them and by choice labels, in the user's language, from the forms that write
// the list; by name and code where no form on the device declares them.
import { describe, expect, it } from 'vitest';
import type { FormData, Question } from '../../src/lib/domain/types';
import { filterProperties } from '../../src/pages/entities/entity-filter';
import { propertyWording } from '../../src/pages/entities/property-labels';

const form = (formId: string, questions: Question[], entities: FormData['entities'], choices: FormData['choices'] = {}): FormData => ({
  formId,
  version: '1',
  title: { es: formId },
  languages: ['es', 'en'],
  defaultLanguage: 'es',
  questions,
  choices,
  warnings: [],
  entities,
});
const q = (type: string, name: string, label: Record<string, string>, saveTo?: string, listName?: string) =>
  ({ type, name, label, ...(saveTo ? { saveTo } : {}), ...(listName ? { listName } : {}) }) as Question;

const STATUS = [
  { name: 'affiliated', label: { es: 'Afiliada', en: 'Affiliated' } },
  { name: 'not_affiliated', label: { es: 'No afiliada', en: 'Not affiliated' } },
];
const registration = form(
  'registration',
  [
    q('text', 'full_name', { es: 'Nombre' }),
    { type: 'group', name: 'details', label: { es: 'Datos' }, children: [q('integer', 'age', { es: 'Edad', en: 'Age' }, 'age')] } as Question,
    q('select_one', 'isss', { es: 'Afiliación al ISSS', en: 'ISSS membership' }, 'isss_status', 'status'),
    q('select_multiple', 'benefits', { es: 'Prestaciones' }, 'benefits', 'benefit'),
  ],
  [{ listName: 'workers', label: '${full_name}' }],
  { status: STATUS, benefit: [{ name: 'health', label: { es: 'Salud' } }, { name: 'pension', label: { es: 'Pensión' } }] },
);
// A follow-up asks the status again, worded otherwise, and saves a property of its own.
const followUp = form(
  'followup',
  [q('select_one', 'isss_now', { es: 'Afiliación hoy' }, 'isss_status', 'status'), q('text', 'phone', { es: 'Teléfono' }, 'phone')],
  [{ listName: 'workers', entityId: '${worker}' }],
  { status: STATUS },
);
const households = form('households', [q('text', 'size', { es: 'Tamaño' }, 'age')], [{ listName: 'households', label: '${size}' }]);

describe('propertyWording', () => {
  // The follow-up first: the registration still speaks for the properties both save.
  const wording = (lang: string) => propertyWording([followUp, households, registration], 'workers', lang);

  it("names each property by its registration question's label in the user's language, a follow-up's own by the follow-up's", () => {
    expect(['age', 'isss_status', 'phone'].map(wording('en').label)).toEqual(['Age', 'ISSS membership', 'Teléfono']);
    expect(['age', 'isss_status'].map(wording('es').label)).toEqual(['Edad', 'Afiliación al ISSS']);
  });

  it('reads choice codes as their labels, a select_multiple as its labels joined, other values as stored', () => {
    expect(wording('en').value('isss_status', 'not_affiliated')).toBe('Not affiliated');
    expect(wording('es').value('isss_status', 'affiliated')).toBe('Afiliada');
    expect(wording('es').value('benefits', 'health pension')).toBe('Salud, Pensión');
    expect(wording('es').value('age', '34')).toBe('34');
    // A code the form does not declare (a newer version's, on another device) stays a code.
    expect(wording('es').value('isss_status', 'pending_review')).toBe('pending_review');
  });

  it('falls back to the name and the code when no form on the device declares the property (the form was removed)', () => {
    const none = propertyWording([households], 'workers', 'es');
    expect(none.label('isss_status')).toBe('isss_status');
    expect(none.value('isss_status', 'affiliated')).toBe('affiliated');
    expect(none.choices('isss_status')).toBeUndefined();
    // Another list's form saving to a property of the same name does not speak for this list.
    expect(none.label('age')).toBe('age');
  });

  it("offers a select_one property's choices, and none for a select_multiple or a typed one", () => {
    expect(wording('en').choices('isss_status')).toEqual([
      { value: 'affiliated', label: 'Affiliated' },
      { value: 'not_affiliated', label: 'Not affiliated' },
    ]);
    expect(wording('es').choices('benefits')).toBeUndefined();
    expect(wording('es').choices('age')).toBeUndefined();
  });
});

describe('filterProperties', () => {
  it("offers each property found by its label, in the labels' order, a select_one's every choice and any other value found", () => {
    const entities = [
      { properties: { isss_status: 'affiliated', age: '34', phone: '' } },
      { properties: { isss_status: 'pending_review', age: '51', phone: '7000-0000' } },
    ];
    const wording = propertyWording([registration, followUp], 'workers', 'en');
    expect(filterProperties(entities, wording, 'en')).toEqual([
      { name: 'age', label: 'Age', closed: false, values: [{ value: '34', label: '34' }, { value: '51', label: '51' }] },
      {
        name: 'isss_status',
        label: 'ISSS membership',
        closed: true,
        values: [
          { value: 'affiliated', label: 'Affiliated' },
          { value: 'not_affiliated', label: 'Not affiliated' },
          { value: 'pending_review', label: 'pending_review' },
        ],
      },
      { name: 'phone', label: 'Teléfono', closed: false, values: [{ value: '7000-0000', label: '7000-0000' }] },
    ]);
  });
});
