// Answers that name entities (select_*_from_file <list>.csv with the list on the device):
// the response page and answer texts show the entity's label, and an id the device's
// list lacks as the id, marked. Forms come through the importer from .xlsx files.
import { describe, expect, it } from 'vitest';
import type { FormData, ResponseEdit } from '../../src/lib/domain/types';
import { answerText, type EntityLookup } from '../../src/lib/forms/engine/answer-text';
import { importXlsForm } from '../../src/lib/forms/xlsform';
import { answerTree, historyRows } from '../../src/pages/response/answer-view';
import { writeXlsx, type SheetSpec } from './fixtures/xlsx';

const words = {
  instances: (n: number) => `${n} entries`,
  specify: (label: string) => `Other ${label}`,
  other: 'Other',
  path: (closed: boolean, points: readonly unknown[], m: { metres: number; squareMetres: number }) =>
    `${points.length} points, ${Math.round(closed ? m.squareMetres : m.metres)} ${closed ? 'm2' : 'm'}`,
  unsavedFile: (name: string) => `${name} (not saved)`,
};

const WORKERS = [
  { name: 'w000122', label: 'Ana Pérez', status: 'informal', code: 'A-1' },
  { name: 'w000123', label: 'Luis Díaz', status: 'formal', code: 'L-2' },
];

function lookup(lists: Record<string, readonly Record<string, string>[]>): EntityLookup {
  return { lists: new Map(Object.entries(lists)), notOnDevice: (id) => `${id} (not on this device)` };
}

async function formOf(survey: string[][], more: SheetSpec[] = [], entityLists: ReadonlySet<string> = new Set(['workers', 'households'])): Promise<FormData> {
  const sheets: SheetSpec[] = [{ name: 'survey', rows: survey }, ...more, { name: 'settings', rows: [['form_id', 'version'], ['visit', '1']] }];
  const result = await importXlsForm(writeXlsx(sheets), { entityLists });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.form;
}

const FOLLOW_UP = [
  ['type', 'name', 'label', 'parameters'],
  ['select_one_from_file workers.csv', 'worker', 'Worker', ''],
  ['select_multiple_from_file workers.csv', 'met', 'Also met', ''],
  ['select_one_from_file workers.csv', 'by_code', 'Worker by code', 'value=code'],
  ['select_one yn', 'home', 'At home?', ''],
  ['begin repeat', 'visits', 'Visits', ''],
  ['select_one_from_file households.csv', 'household', 'Household', ''],
  ['end repeat', '', '', ''],
];
const YN: SheetSpec = { name: 'choices', rows: [['list_name', 'name', 'label'], ['yn', 'yes', 'Yes'], ['yn', 'no', 'No']] };

describe('answerText with entity lists', () => {
  it("shows the entity's label, and an id the list lacks as the id marked as not on this device", async () => {
    const form = await formOf(FOLLOW_UP, [YN]);
    const worker = form.questions.find((q) => q.name === 'worker');
    const entities = lookup({ workers: WORKERS });
    expect(answerText(form, worker, 'w000123', 'en', words, entities)).toBe('Luis Díaz');
    expect(answerText(form, worker, 'w000999', 'en', words, entities)).toBe('w000999 (not on this device)');
    // An empty list on the device: every id is missing from it.
    expect(answerText(form, worker, 'w000123', 'en', words, lookup({ workers: [] }))).toBe('w000123 (not on this device)');
  });

  it('shows the bare id without the lists, or when the list was not loaded (nothing to say it is missing)', async () => {
    const form = await formOf(FOLLOW_UP, [YN]);
    const worker = form.questions.find((q) => q.name === 'worker');
    expect(answerText(form, worker, 'w000123', 'en', words)).toBe('w000123');
    expect(answerText(form, worker, 'w000123', 'en', words, lookup({ households: [] }))).toBe('w000123');
  });

  it('reads an attached workers.csv as a file, not as the entity list of that name', async () => {
    const survey = [['type', 'name', 'label'], ['select_one_from_file workers.csv', 'worker', 'Worker']];
    // Another form id: choice-source keeps a file's choices per form id and version.
    const sheets: SheetSpec[] = [{ name: 'survey', rows: survey }, { name: 'settings', rows: [['form_id', 'version'], ['visit_attached', '1']] }];
    const csv = 'name,label\nw000123,From the file\n';
    const result = await importXlsForm(writeXlsx(sheets), { attachments: [{ name: 'workers.csv', type: 'text/csv', text: csv }] });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const form = result.form;
    const tree = answerTree(form, { worker: 'w000123' }, 'en', words, lookup({ workers: WORKERS }));
    expect(tree).toEqual([{ kind: 'field', name: 'worker', label: 'Worker', value: 'From the file' }]);
  });
});

describe('answerTree with entity lists', () => {
  it('gives each entity answer its label and the entity id to link to; a missing one is marked and has no link', async () => {
    const form = await formOf(FOLLOW_UP, [YN]);
    const entities = lookup({ workers: WORKERS, households: [{ name: 'h7', label: 'Casa Pérez' }] });
    const answers = {
      worker: 'w000123',
      met: 'w000122 w000999',
      by_code: 'A-1',
      home: 'yes',
      visits: [{ household: 'h7' }, { household: 'h8' }],
    };
    expect(answerTree(form, answers, 'en', words, entities)).toEqual([
      {
        kind: 'field',
        name: 'worker',
        label: 'Worker',
        value: 'Luis Díaz',
        entities: [{ text: 'Luis Díaz', list: 'workers', entityId: 'w000123' }],
      },
      {
        kind: 'field',
        name: 'met',
        label: 'Also met',
        value: 'Ana Pérez, w000999 (not on this device)',
        entities: [
          { text: 'Ana Pérez', list: 'workers', entityId: 'w000122' },
          { text: 'w000999 (not on this device)', list: 'workers' },
        ],
      },
      // The answer is the `code` column; the entity is still the row's name.
      {
        kind: 'field',
        name: 'by_code',
        label: 'Worker by code',
        value: 'Ana Pérez',
        entities: [{ text: 'Ana Pérez', list: 'workers', entityId: 'w000122' }],
      },
      // A choices-sheet select is untouched.
      { kind: 'field', name: 'home', label: 'At home?', value: 'Yes' },
      {
        kind: 'repeat',
        name: 'visits',
        label: 'Visits',
        instances: [
          [{ kind: 'field', name: 'household', label: 'Household', value: 'Casa Pérez', entities: [{ text: 'Casa Pérez', list: 'households', entityId: 'h7' }] }],
          [{ kind: 'field', name: 'household', label: 'Household', value: 'h8 (not on this device)', entities: [{ text: 'h8 (not on this device)', list: 'households' }] }],
        ],
      },
    ]);
  });

  it('shows the ids as stored when no lists are given', async () => {
    const form = await formOf(FOLLOW_UP, [YN]);
    expect(answerTree(form, { worker: 'w000123', met: 'w000122 w000999' }, 'en', words)).toEqual([
      { kind: 'field', name: 'worker', label: 'Worker', value: 'w000123' },
      { kind: 'field', name: 'met', label: 'Also met', value: 'w000122, w000999' },
    ]);
  });
});

describe('historyRows with entity lists', () => {
  it("shows a correction's old and new entity by label, a missing one marked", async () => {
    const form = await formOf(FOLLOW_UP, [YN]);
    const history: ResponseEdit[] = [
      { id: 'e1', question: 'worker', oldValue: 'w000999', newValue: 'w000123', by: 'ana', at: '2026-01-02T10:00:00.000Z' },
      { id: 'e2', question: 'visits[1]/household', oldValue: null, newValue: 'h7', by: 'ana', at: '2026-01-02T10:01:00.000Z' },
    ];
    const rows = historyRows(form, history, 'en', words, lookup({ workers: WORKERS, households: [{ name: 'h7', label: 'Casa Pérez' }] }));
    expect(rows.map((r) => [r.question, r.oldValue, r.newValue])).toEqual([
      ['Worker', 'w000999 (not on this device)', 'Luis Díaz'],
      ['Visits 1 › Household', '', 'Casa Pérez'],
    ]);
  });
});
