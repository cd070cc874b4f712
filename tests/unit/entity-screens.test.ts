// The case management screens' own logic: their addresses, the list screen's query and
// filter choices, and how an entity and its visits are shown.
import { describe, expect, it } from 'vitest';
import type { EntityVisit, FormData, Question } from '../../src/lib/domain/types';
import { FormSession } from '../../src/lib/forms/engine';
import { href, parseRoute } from '../../src/lib/state/routes';
import { PAGE_SIZE, propertyValues, queryOf } from '../../src/pages/entities/entity-filter';
import { awaitsRegistration, someProperties, visitsInOrder } from '../../src/pages/entities/entity-view';
import { followUpForms, formsWriting, pickEntity } from '../../src/pages/entities/follow-up';

const form = (formId: string, questions: Question[], entities?: FormData['entities']): FormData => ({
  formId,
  version: '1',
  title: { es: formId },
  languages: ['es'],
  defaultLanguage: 'es',
  questions,
  choices: {},
  warnings: [],
  entities,
});
const pickWorker: Question = { type: 'select_one', name: 'worker', label: { es: 'Trabajador/a' }, itemset: { file: 'workers.csv', value: 'name', label: 'label' } } as Question;
const statusNow: Question = { type: 'text', name: 'status', label: { es: 'Estado' }, saveTo: 'status' } as Question;
const registration = form('registration', [{ type: 'text', name: 'full_name', label: { es: 'Nombre' } } as Question], [{ listName: 'workers', label: '${full_name}' }]);
const followUp = form('followup', [pickWorker, statusNow], [{ listName: 'workers', entityId: '${worker}' }]);
const other = form('other', [{ ...pickWorker, itemset: { file: 'households.csv', value: 'name', label: 'label' } } as Question]);

const visit = (id: string, action: EntityVisit['action'], at: string, hlc = at): EntityVisit => ({
  id,
  responseId: id,
  formId: 'f',
  formVersion: '1',
  action,
  at,
  by: 'Ana',
  hlc,
  set: {},
  seen: {},
});

describe('case management addresses', () => {
  it('read back what they build, ids with any character included', () => {
    expect(parseRoute(href.entityLists())).toEqual({ name: 'entity-lists' });
    expect(parseRoute(href.entityList('workers'))).toEqual({ name: 'entity-list', list: 'workers' });
    const id = 'a/b c:ñ?#1';
    expect(parseRoute(href.entity('workers', id))).toEqual({ name: 'entity', list: 'workers', entityId: id });
    expect(parseRoute(href.fillFollowUp('e2e/form', 'workers', id))).toEqual({
      name: 'fill-new',
      formId: 'e2e/form',
      followUp: { list: 'workers', entityId: id },
    });
  });

  it('keep a new interview without an entity as it was', () => {
    expect(parseRoute(href.fillNew('f1'))).toEqual({ name: 'fill-new', formId: 'f1' });
    expect(parseRoute('#/forms/f1/fill/workers')).toEqual({ name: 'not-found', path: '/forms/f1/fill/workers' });
  });
});

describe('the list query', () => {
  it('reads one page, from the offset', () => {
    expect(queryOf('', '', '', 0)).toEqual({ offset: 0, limit: PAGE_SIZE });
    expect(queryOf('  maría ', '', '', 100)).toEqual({ text: 'maría', offset: 100, limit: PAGE_SIZE });
  });

  it('filters on a property only once it has a value', () => {
    expect(queryOf('', 'department', '', 0)).toEqual({ offset: 0, limit: PAGE_SIZE });
    expect(queryOf('', 'department', 'SS', 0)).toEqual({ where: { department: 'SS' }, offset: 0, limit: PAGE_SIZE });
  });

  it('offers the property names present, each with its values, in alphabetical order', () => {
    const values = propertyValues(
      [{ properties: { sex: 'mujer', age: '34' } }, { properties: { sex: 'hombre', isss: '' } }, { properties: { sex: 'mujer' } }],
      'es',
    );
    expect([...values.keys()]).toEqual(['age', 'isss', 'sex']);
    expect(values.get('sex')).toEqual(['hombre', 'mujer']);
    expect(values.get('isss')).toEqual([]);
  });
});

describe('an entity as shown', () => {
  it('waits for its registration when only an update made it known', () => {
    expect(awaitsRegistration({ label: 'María', visits: [visit('r1', 'create', '2026-01-01T00:00:00Z')] })).toBe(false);
    expect(awaitsRegistration({ label: '', visits: [visit('r2', 'update', '2026-01-01T00:00:00Z')] })).toBe(true);
    expect(awaitsRegistration({ label: 'María', visits: [visit('r2', 'update', '2026-01-01T00:00:00Z')] })).toBe(true);
  });

  it('shows a few properties with a value in a row', () => {
    expect(someProperties({ properties: { a: '1', b: '', c: '3', d: '4', e: '5' } })).toEqual([
      ['a', '1'],
      ['c', '3'],
      ['d', '4'],
    ]);
  });

  it('lists visits oldest first, two of the same moment in clock order', () => {
    const visits = [
      visit('r3', 'update', '2026-02-01T10:00:00Z', 'h3'),
      visit('r1', 'create', '2026-01-01T10:00:00Z', 'h1'),
      visit('r2b', 'update', '2026-02-01T10:00:00Z', 'h2'),
    ];
    expect(visitsInOrder(visits).map((v) => v.id)).toEqual(['r1', 'r2b', 'r3']);
  });
});

describe('follow-up visits', () => {
  it('are offered with the forms that read the list, and the list is told by the forms that write to it', () => {
    expect(followUpForms([registration, followUp, other], 'workers').map((f) => f.formId)).toEqual(['followup']);
    expect(followUpForms([registration, followUp, other], 'households').map((f) => f.formId)).toEqual(['other']);
    expect(formsWriting([registration, followUp, other], 'workers').map((f) => f.formId)).toEqual(['registration', 'followup']);
  });

  it('start on the entity: its select answered, and calculations reading the list follow', () => {
    const calc = { type: 'calculate', name: 'before', calculation: "instance('workers')/root/item[name=${worker}]/status" } as Question;
    const withCalc = form('followup', [pickWorker, calc, statusNow]);
    const lists = new Map([['workers', [{ name: 'w-1', label: 'María', status: 'no_afiliada' }, { name: 'w-2', label: 'José', status: 'afiliado' }]]]);
    const session = new FormSession(withCalc, undefined, { lists });
    pickEntity(session, 'workers', 'w-2');
    expect(session.answers()).toMatchObject({ worker: 'w-2', before: 'afiliado' });
  });

  it('leave a form with no select of the list as it was', () => {
    const session = new FormSession(registration, undefined, {});
    pickEntity(session, 'workers', 'w-2');
    expect(session.answers().full_name ?? '').toBe('');
  });
});
