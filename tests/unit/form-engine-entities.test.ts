// Entities in the form engine: what a finalized response does to entity lists (the
// meta/entity block pyxform writes: create / update / upsert, per repeat instance), and
// entity lists read as data (select_one_from_file list.csv, instance('list') lookups,
// prefill by calculation). Forms come through the importer from .xlsx files.
import { describe, expect, it } from 'vitest';
import type { FormData } from '../../src/lib/domain/types';
import { choicesOfQuestion, entityActions, entityListsOf, entitySelectOf, FormSession } from '../../src/lib/forms/engine';
import { importXlsForm } from '../../src/lib/forms/xlsform';
import { writeXlsx, type SheetSpec } from './fixtures/xlsx';

const H = ['type', 'name', 'label', 'save_to', 'relevant', 'calculation'];

async function formOf(survey: string[][], entities: string[][] | undefined, more: SheetSpec[] = [], entityLists?: ReadonlySet<string>): Promise<FormData> {
  const sheets: SheetSpec[] = [{ name: 'survey', rows: survey }, ...more, { name: 'settings', rows: [['form_id', 'version'], ['f', '1']] }];
  if (entities) sheets.push({ name: 'entities', rows: entities });
  const result = await importXlsForm(writeXlsx(sheets), { entityLists });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.form;
}

function set(s: FormSession, name: string, value: string, scope = s.root): void {
  s.setValue(s.cell(name, scope)!, value);
}

const REGISTER = [
  H,
  ['text', 'wname', 'Name', 'full_name', '', ''],
  ['integer', 'age', 'Age', 'age', '', ''],
  ['select_one yn', 'works', 'Works?', '', '', ''],
  ['text', 'employer', 'Employer', 'employer', "${works} = 'yes'", ''],
];
const YN: SheetSpec = { name: 'choices', rows: [['list_name', 'name', 'label'], ['yn', 'yes', 'Yes'], ['yn', 'no', 'No']] };

describe('entityActions', () => {
  it('creates an entity with the label expression and every save_to answer as text', async () => {
    const form = await formOf(REGISTER, [['list_name', 'label'], ['workers', 'concat(${wname}, " (", ${age}, ")")']], [YN]);
    // The session of response r1: the entity it creates is r1 (ODK keeps meta/entity/@id in the submission).
    const s = new FormSession(form, undefined, { seed: 'r1' });
    set(s, 'wname', 'Ana');
    set(s, 'age', '34');
    set(s, 'works', 'yes');
    set(s, 'employer', 'Finca');
    expect(entityActions(s)).toEqual([
      { list: 'workers', action: 'create', entityId: 'r1', label: 'Ana (34)', properties: { full_name: 'Ana', age: '34', employer: 'Finca' } },
    ]);
    // A question that is not relevant has no value in ODK: its property is saved empty.
    set(s, 'works', 'no');
    expect(entityActions(s)[0].properties).toEqual({ full_name: 'Ana', age: '34', employer: '' });
  });

  it('creates only when create_if holds', async () => {
    const form = await formOf(REGISTER, [['list_name', 'label', 'create_if'], ['workers', '${wname}', '${age} >= 14']], [YN]);
    const s = new FormSession(form);
    set(s, 'wname', 'Luis');
    set(s, 'age', '12');
    expect(entityActions(s)).toEqual([]);
    set(s, 'age', '15');
    expect(entityActions(s).map((a) => a.action)).toEqual(['create']);
  });

  const FOLLOW_UP = [
    H,
    ['select_one_from_file workers.csv', 'worker', 'Worker', '', '', ''],
    ['select_one st', 'status', 'Status', 'status', '', ''],
    ['calculate', 'was', '', '', '', "instance('workers')/root/item[name=${worker}]/status"],
    ['text', 'note', 'Note', 'note', "${status} != ${was}", ''],
  ];
  const ST: SheetSpec = { name: 'choices', rows: [['list_name', 'name', 'label'], ['st', 'formal', 'Formal'], ['st', 'informal', 'Informal']] };
  const WORKERS = [
    { name: 'w1', label: 'Ana', status: 'informal', age: '34' },
    { name: 'w2', label: 'Luis', status: 'formal', age: '51' },
  ];

  it('updates the chosen entity (entity_id), when update_if holds, keeping its label', async () => {
    const form = await formOf(FOLLOW_UP, [['list_name', 'entity_id', 'update_if'], ['workers', '${worker}', "${status} != ''"]], [ST]);
    const s = new FormSession(form, undefined, { lists: new Map([['workers', WORKERS]]) });
    set(s, 'worker', 'w1');
    expect(entityActions(s)).toEqual([]);
    set(s, 'status', 'formal');
    set(s, 'note', 'signed up');
    expect(entityActions(s)).toEqual([{ list: 'workers', action: 'update', entityId: 'w1', properties: { status: 'formal', note: 'signed up' } }]);
  });

  it('upserts with entity_id, create_if and update_if; creates or updates on one of them', async () => {
    const survey = [H, ['text', 'code', 'Code', '', '', ''], ['text', 'wname', 'Name', 'full_name', '', ''], ['select_one yn', 'isnew', 'New?', '', '', '']];
    const form = await formOf(survey, [['list_name', 'entity_id', 'label', 'create_if', 'update_if'], ['workers', '${code}', '${wname}', "${isnew} = 'yes'", "${code} != ''"]], [YN]);
    const s = new FormSession(form, undefined, { seed: 'r1' });
    set(s, 'wname', 'Eva');
    set(s, 'isnew', 'yes');
    // No id yet: a create, of the response's own entity.
    expect(entityActions(s)).toEqual([{ list: 'workers', action: 'create', entityId: 'r1', label: 'Eva', properties: { full_name: 'Eva' } }]);
    set(s, 'code', 'w9');
    expect(entityActions(s)).toEqual([{ list: 'workers', action: 'upsert', entityId: 'w9', label: 'Eva', properties: { full_name: 'Eva' } }]);
    set(s, 'isnew', 'no');
    expect(entityActions(s).map((a) => [a.action, a.entityId])).toEqual([['update', 'w9']]);
    set(s, 'code', '');
    expect(entityActions(s)).toEqual([]);
  });

  it('gives one action per instance of the repeat an entity is declared in (spec 2025.1.0), and one for the household', async () => {
    const survey = [
      H,
      ['text', 'hh', 'Household', 'households#head', '', ''],
      ['begin repeat', 'members', 'Members', '', '', ''],
      ['text', 'mname', 'Name', 'workers#full_name', '', ''],
      ['integer', 'mage', 'Age', 'workers#age', '', ''],
      ['end repeat', '', '', '', '', ''],
    ];
    const form = await formOf(survey, [['list_name', 'label'], ['households', '${hh}'], ['workers', 'concat(${mname}, " ", position(..))']]);
    expect(form.entities).toEqual([{ listName: 'households', label: '${hh}' }, { listName: 'workers', label: 'concat(${mname}, " ", position(..))', repeat: 'members' }]);
    const s = new FormSession(form, undefined, { seed: 'r1' });
    set(s, 'hh', 'Pérez');
    const repeat = s.cell('members')!;
    for (const [name, age] of [['Rosa', '40'], ['Tomás', '17']]) {
      const member = s.addInstance(repeat);
      set(s, 'mname', name, member);
      set(s, 'mage', age, member);
    }
    // The household is the response's entity; each member's is its instance's stable id.
    const [rosa, tomas] = repeat.instances.map((i) => i.instanceId);
    expect(entityActions(s)).toEqual([
      { list: 'households', action: 'create', entityId: 'r1', label: 'Pérez', properties: { head: 'Pérez' } },
      { list: 'workers', action: 'create', entityId: rosa, label: expect.stringMatching(/^Rosa/), properties: { full_name: 'Rosa', age: '40' } },
      { list: 'workers', action: 'create', entityId: tomas, label: expect.stringMatching(/^Tomás/), properties: { full_name: 'Tomás', age: '17' } },
    ]);
    expect(rosa).not.toBe(tomas);
    s.removeInstance(repeat, repeat.instances[0]);
    expect(entityActions(s).map((a) => [a.entityId, a.label])).toEqual([['r1', 'Pérez'], [tomas, expect.stringMatching(/^Tomás/)]]);
    // Reopened from its saved answers (a reload, a correction, another device): the same ids.
    const again = new FormSession(form, s.answers(), { seed: 'r1' });
    expect(entityActions(again).map((a) => a.entityId)).toEqual(['r1', tomas]);
  });

  it('declares nothing for a repeat that is not relevant', async () => {
    const survey = [
      H,
      ['select_one yn', 'has', 'Members?', '', '', ''],
      ['begin repeat', 'members', 'Members', '', "${has} = 'yes'", ''],
      ['text', 'mname', 'Name', 'full_name', '', ''],
      ['end repeat', '', '', '', '', ''],
    ];
    const form = await formOf(survey, [['list_name', 'label'], ['workers', '${mname}']], [YN]);
    const s = new FormSession(form);
    set(s, 'has', 'yes');
    set(s, 'mname', 'Rosa', s.addInstance(s.cell('members')!));
    expect(entityActions(s)).toHaveLength(1);
    set(s, 'has', 'no');
    expect(entityActions(s)).toEqual([]);
  });

  it('declares nothing when the group holding its save_to questions is not relevant', async () => {
    const survey = [
      H,
      ['select_one yn', 'consent', 'Consent?', '', '', ''],
      ['begin group', 'reg', 'Registration', '', "${consent} = 'yes'", ''],
      ['text', 'wname', 'Name', 'full_name', '', ''],
      ['end group', '', '', '', '', ''],
    ];
    const form = await formOf(survey, [['list_name', 'label'], ['workers', '${wname}']], [YN]);
    const s = new FormSession(form);
    set(s, 'consent', 'yes');
    set(s, 'wname', 'Rosa');
    expect(entityActions(s).map((a) => a.label)).toEqual(['Rosa']);
    set(s, 'consent', 'no');
    expect(entityActions(s)).toEqual([]);
  });

  it('keeps its actions from saved answers (a draft reopened)', async () => {
    const form = await formOf(REGISTER, [['list_name', 'label'], ['workers', '${wname}']], [YN]);
    const s = new FormSession(form, { wname: 'Ana', age: '34' }, { seed: 'r1' });
    expect(entityActions(s)).toEqual([{ list: 'workers', action: 'create', entityId: 'r1', label: 'Ana', properties: { full_name: 'Ana', age: '34', employer: '' } }]);
    // A session that knows no response gives no id: lib/db gives such a create a new UUID.
    expect(entityActions(new FormSession(form, { wname: 'Ana' })).map((a) => a.entityId)).toEqual(['']);
  });
});

describe('entity lists as data', () => {
  const FOLLOW = [
    H,
    ['select_one_from_file workers.csv', 'worker', 'Worker', '', '', ''],
    ['calculate', 'status', '', '', '', "instance('workers')/root/item[name=${worker}]/status"],
    ['calculate', 'age', '', '', '', "instance('workers')/root/item[name=${worker}]/age"],
    ['select_multiple_from_file workers.csv', 'others', 'Others', '', '', ''],
  ];
  const rows = [
    { name: 'w1', label: 'Ana', status: 'informal', age: '34' },
    { name: 'w2', label: 'Luis', status: 'formal', age: '51' },
  ];

  it('imports a follow-up form without the file when the device knows the list, and refuses it otherwise', async () => {
    await expect(formOf(FOLLOW, undefined, [], new Set(['workers']))).resolves.toBeTruthy();
    await expect(formOf(FOLLOW, undefined)).rejects.toThrow(/missingAttachment/);
  });

  it('offers the list as choices and prefills from the chosen entity through calculations', async () => {
    const form = await formOf(FOLLOW, undefined, [], new Set(['workers']));
    expect(entityListsOf(form)).toEqual(['workers']);
    expect(entitySelectOf(form, 'workers')).toBe('worker');
    expect(entitySelectOf(form, 'households')).toBeUndefined();
    const s = new FormSession(form, undefined, { lists: new Map([['workers', rows]]) });
    expect(s.choicesFor(s.cell('worker')!).map((c) => [c.name, c.label.und])).toEqual([['w1', 'Ana'], ['w2', 'Luis']]);
    expect(s.choicesFor(s.cell('others')!)).toHaveLength(2);
    expect(s.choiceLabel('worker', 'w2')).toBe('Luis');
    set(s, 'worker', 'w2');
    expect(s.cell('status')!.value).toBe('formal');
    expect(s.cell('age')!.value).toBe('51');
    set(s, 'worker', 'w1');
    expect([s.cell('status')!.value, s.cell('age')!.value]).toEqual(['informal', '34']);
  });

  it('keeps choices per list object: the same list keeps them, a list read again gets fresh ones', async () => {
    const form = await formOf(FOLLOW, undefined, [], new Set(['workers']));
    const q = form.questions[0];
    const lists = new Map([['workers', rows]]);
    const first = choicesOfQuestion(form, q, lists);
    expect(choicesOfQuestion(form, q, new Map([['workers', rows]]))).toBe(first);
    const reread = [...rows, { name: 'w3', label: 'Eva', status: 'formal', age: '22' }];
    const fresh = choicesOfQuestion(form, q, new Map([['workers', reread]]));
    expect(fresh).not.toBe(first);
    expect(fresh.map((c) => c.name)).toEqual(['w1', 'w2', 'w3']);
    // Without the device's lists, nothing to offer (the file is not attached).
    expect(choicesOfQuestion(form, q)).toEqual([]);
  });

  it('prefers an attached file of the same name to the device list', async () => {
    const sheets: SheetSpec[] = [{ name: 'survey', rows: FOLLOW }, { name: 'settings', rows: [['form_id', 'version'], ['g', '1']] }];
    const result = await importXlsForm(writeXlsx(sheets), { attachments: [{ name: 'workers.csv', type: 'text/csv', text: 'name,label,status,age\nx,From file,none,1\n' }] });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(entityListsOf(result.form)).toEqual([]);
    const s = new FormSession(result.form, undefined, { lists: new Map([['workers', rows]]) });
    expect(s.choicesFor(s.cell('worker')!).map((c) => c.name)).toEqual(['x']);
    set(s, 'worker', 'x');
    expect(s.cell('status')!.value).toBe('none');
  });

  it('lists instance() reads of a list the form has no file or choices for', async () => {
    const survey = [H, ['text', 'wid', 'Id', '', '', ''], ['calculate', 'n', '', '', '', "count(instance('households')/root/item[head=${wid}])"], ['select_one yn', 'q', 'Q', '', "instance('yn')/root/item[name='yes']/label != ''", '']];
    const form = await formOf(survey, undefined, [YN], new Set(['households']));
    expect(entityListsOf(form)).toEqual(['households']);
    const s = new FormSession(form, undefined, { lists: new Map([['households', [{ name: 'h1', label: 'P', head: 'a' }, { name: 'h2', label: 'Q', head: 'a' }]]]) });
    set(s, 'wid', 'a');
    expect(s.cell('n')!.value).toBe('2');
  });
});
