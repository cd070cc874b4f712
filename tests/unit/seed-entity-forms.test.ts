// The seed project's pair of case-management forms are what the XLSForm importer makes
// of the equivalent spreadsheet: the sheets are written from the forms here (one row per
// question and choice, a column per language) and imported back.
import { describe, expect, it } from 'vitest';
import type { Choice, FieldQuestion, FormData } from '../../src/lib/domain/types';
import { UI_LANGUAGES } from '../../src/lib/domain/types';
import { WORKER_FOLLOWUP } from '../../src/lib/domain/worker-followup-form';
import { WORKER_REGISTRATION } from '../../src/lib/domain/worker-registration-form';
import { parseExpression } from '../../src/lib/forms/expr';
import { importXlsForm } from '../../src/lib/forms/xlsform';
import { writeXlsx, type SheetSpec } from './fixtures/xlsx';

const LANGUAGE_NAMES: Record<string, string> = { es: 'Español', en: 'English', fr: 'Français' };
const lang = (column: string) => (code: string) => `${column}::${LANGUAGE_NAMES[code]} (${code})`;

function typeCell(q: FieldQuestion): string {
  if (q.itemset) return `${q.type}_from_file ${q.itemset.file}`;
  return q.listName ? `${q.type} ${q.listName}` : q.type;
}

/** The spreadsheet a form designer would write for a flat form (no groups). */
function sheetsOf(form: FormData): SheetSpec[] {
  const langs = form.languages;
  const survey = [
    ['type', 'name', ...langs.map(lang('label')), 'required', 'relevant', 'constraint', ...langs.map(lang('constraint_message')), 'appearance', 'default', 'calculation', 'save_to'],
    ...(form.questions as FieldQuestion[]).map((q) => [
      typeCell(q),
      q.name,
      ...langs.map((l) => q.label?.[l] ?? ''),
      q.required ? 'yes' : '',
      q.relevant ?? '',
      q.constraint ?? '',
      ...langs.map((l) => q.constraintMessage?.[l] ?? ''),
      q.appearance ?? '',
      q.default ?? '',
      q.calculation ?? '',
      q.saveTo ?? '',
    ]),
  ];
  const choices = [
    ['list_name', 'name', ...langs.map(lang('label'))],
    ...Object.entries(form.choices).flatMap(([list, items]: [string, Choice[]]) => items.map((c) => [list, c.name, ...langs.map((l) => c.label[l])])),
  ];
  const entities = [
    ['list_name', 'label', 'entity_id', 'create_if', 'update_if'],
    ...(form.entities ?? []).map((e) => [e.listName, e.label ?? '', e.entityId ?? '', e.createIf ?? '', e.updateIf ?? '']),
  ];
  return [
    { name: 'survey', rows: survey },
    { name: 'choices', rows: choices },
    { name: 'entities', rows: entities },
    { name: 'settings', rows: [['form_id', 'version', 'default_language'], [form.formId, form.version, form.defaultLanguage]] },
  ];
}

describe('the seed case-management forms', () => {
  for (const form of [WORKER_REGISTRATION, WORKER_FOLLOWUP]) {
    it(`${form.formId} is what the importer makes of its spreadsheet`, async () => {
      // No workers.csv attached: the follow-up reads the list its entities sheet names.
      const result = await importXlsForm(writeXlsx(sheetsOf(form)));
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      // The settings sheet's title has one language; the seed form's has three.
      expect({ ...result.form, title: form.title }).toEqual(form);
    });
  }

  it('label every question and choice in Spanish, English and French', () => {
    for (const form of [WORKER_REGISTRATION, WORKER_FOLLOWUP]) {
      expect(Object.keys(form.title).sort()).toEqual([...UI_LANGUAGES].sort());
      for (const q of form.questions) if (q.type !== 'calculate') expect(Object.keys(q.label ?? {}).sort()).toEqual([...UI_LANGUAGES].sort());
      for (const list of Object.values(form.choices)) for (const c of list) expect(Object.keys(c.label).sort()).toEqual([...UI_LANGUAGES].sort());
    }
  });

  it('share one list: the registration creates workers, the follow-up updates the chosen one', () => {
    expect(WORKER_REGISTRATION.entities).toEqual([{ listName: 'workers', label: expect.stringContaining('${name}') }]);
    expect(WORKER_FOLLOWUP.entities).toEqual([{ listName: 'workers', entityId: '${worker}', updateIf: 'true()' }]);
    const saved = (form: FormData) => form.questions.flatMap((q) => ('saveTo' in q && q.saveTo ? [q.saveTo] : []));
    expect(saved(WORKER_REGISTRATION)).toEqual(['full_name', 'sex', 'age', 'department', 'status_employment', 'isss_status']);
    expect(saved(WORKER_FOLLOWUP)).toEqual(['isss_status', 'contrib_months', 'last_visit']);
    expect(WORKER_REGISTRATION.choices.department).toHaveLength(14);
  });

  it('read the chosen worker from the list as the expression engine parses it', () => {
    const current = WORKER_FOLLOWUP.questions.find((q) => q.name === 'current_isss') as FieldQuestion;
    // An indexed lookup: the device finds the worker by name without scanning the list.
    expect(parseExpression(current.calculation!)).toMatchObject({
      k: 'path',
      id: { v: 'workers' },
      predicates: [{ indexed: { column: 'name', key: { k: 'ref', name: 'worker' } } }],
      column: 'isss_status',
    });
    expect(parseExpression(WORKER_REGISTRATION.entities![0].label!)).toMatchObject({ k: 'call', name: 'concat' });
  });
});
