import { beforeEach, describe, expect, it } from 'vitest';
import {
  applyEntityActions,
  correctResponse,
  EntityIdTakenError,
  finalizeResponse,
  getEntity,
  Repository,
  startDraft,
  type PisoDatabase,
} from '../../src/lib/db';
import { entityRecordId, INSTANCE_ID, type Answers, type Entity, type Form, type SurveyResponse } from '../../src/lib/domain/types';
import { isPendingEntity } from '../../src/lib/domain/entity-visits';
import { entityConflicts } from '../../src/lib/domain/entity-conflicts';
import { entityActions, FormSession } from '../../src/lib/forms/engine';
import { importXlsForm } from '../../src/lib/forms/xlsform';
import { writeXlsx, type SheetSpec } from './fixtures/xlsx';
import { compareHlc } from '../../src/lib/domain/hlc';
import { create, freshEntityDatabase, responder, update } from './entities-fixtures';

let db: PisoDatabase;
const responses = new Repository<SurveyResponse>('response');
const T1 = new Date('2026-12-01T10:00:00Z');
const T2 = new Date('2026-12-02T10:00:00Z');

beforeEach(async () => {
  db = await freshEntityDatabase('apply');
});

const entity = async (entityId: string, list = 'workers') => (await db.recordTable<Entity>('entity').get(entityRecordId(list, entityId)));

describe('finalizing a response with entity actions', () => {
  it('creates an entity under the record id of its list and id, every field under one clock, with the visit', async () => {
    const finalize = await responder();
    const response = await finalize([create('w1', 'Ana López', { sex: 'f', age: '34' })], 'Beto', T1);
    const stored = await entity('w1');
    expect(stored).toMatchObject({
      id: 'workers:w1',
      kind: 'entity',
      list: 'workers',
      entityId: 'w1',
      label: 'Ana López',
      properties: { age: '34', sex: 'f' },
      deleted: false,
      dirty: 1,
      deviceId: db.clock.deviceId,
    });
    expect(stored!.seq).toBeGreaterThan(0);
    const stamp = stored!.hlc;
    expect(new Set(Object.values(stored!.fieldHlc))).toEqual(new Set([stamp]));
    expect(Object.keys(stored!.fieldHlc).sort()).toEqual(
      ['deleted', 'entityId', 'label', 'list', 'properties/age', 'properties/sex', `visits/${response.id}`].sort(),
    );
    expect(stored!.visits).toEqual([
      {
        id: response.id,
        responseId: response.id,
        formId: 'registration',
        formVersion: '1',
        action: 'create',
        at: T1.toISOString(),
        by: 'Beto',
        hlc: stamp,
        set: { sex: 'f', age: '34', label: 'Ana López' },
        seen: {},
      },
    ]);
    // The device clock moved past it: the next change is later.
    expect(compareHlc((await db.meta.get('hlc'))!.value as string, stamp)).toBeGreaterThanOrEqual(0);
    expect(response.status).toBe('finalized');
  });

  it('gives a create that arrives without an id (a caller that knows no response) a new UUID', async () => {
    const finalize = await responder();
    await finalize([create('', 'Eva', {})]);
    const [stored] = (await db.recordTable<Entity>('entity').toArray());
    expect(stored.entityId).toMatch(/^[0-9a-f-]{36}$/);
    expect(stored.id).toBe(entityRecordId('workers', stored.entityId));
  });

  it('updates only the properties that change, under one new clock, and records what the visit saw', async () => {
    const register = await responder();
    const followUp = await responder('follow_up');
    await register([create('w1', 'Ana', { status: 'informal', department: 'SS', age: '34' })]);
    const before = (await entity('w1'))!;
    const visit = await followUp([update('w1', { status: 'affiliated', department: 'SS' })], 'Carla', T2);
    const after = (await entity('w1'))!;
    expect(after.properties).toEqual({ age: '34', department: 'SS', status: 'affiliated' });
    expect(after.label).toBe('Ana');
    expect(compareHlc(after.hlc, before.hlc)).toBeGreaterThan(0);
    expect(after.fieldHlc['properties/status']).toBe(after.hlc);
    // Unchanged values keep their clock: a concurrent change elsewhere is not overwritten by a no-op.
    expect(after.fieldHlc['properties/department']).toBe(before.hlc);
    expect(after.fieldHlc.label).toBe(before.hlc);
    expect(after.visits.map((v) => v.id)).toEqual([before.visits[0].id, visit.id]);
    expect(after.visits[1]).toMatchObject({
      action: 'update',
      formId: 'follow_up',
      by: 'Carla',
      hlc: after.hlc,
      set: { status: 'affiliated', department: 'SS' },
      seen: { status: before.hlc, department: before.hlc },
    });
    expect(after.seq!).toBeGreaterThan(before.seq!);
  });

  it('changes the label when an update gives one, and clears a property given empty', async () => {
    const finalize = await responder();
    await finalize([create('w1', 'Ana', { phone: '7777' })]);
    await finalize([update('w1', { phone: '' }, 'Ana María')]);
    expect(await entity('w1')).toMatchObject({ label: 'Ana María', properties: { phone: '' } });
  });

  it('upserts: creates when absent, updates when present', async () => {
    const finalize = await responder();
    const upsert = (label: string, status: string) => ({ list: 'workers', action: 'upsert' as const, entityId: 'w9', label, properties: { status } });
    await finalize([upsert('Luis', 'informal')], 'Ana', T1);
    expect((await entity('w9'))!.visits.map((v) => v.action)).toEqual(['create']);
    await finalize([upsert('Luis', 'affiliated')], 'Ana', T2);
    const stored = (await entity('w9'))!;
    expect(stored.properties.status).toBe('affiliated');
    expect(stored.visits.map((v) => v.action)).toEqual(['create', 'update']);
  });

  it('keeps an update of an entity the device lacks as a pending entity, with no clock on its label or deletion', async () => {
    const finalize = await responder('follow_up');
    await finalize([update('w5', { status: 'affiliated' })]);
    const stored = (await entity('w5'))!;
    expect(stored).toMatchObject({ label: '', properties: { status: 'affiliated' }, deleted: false });
    expect(stored.fieldHlc.label).toBeUndefined();
    expect(stored.fieldHlc.deleted).toBeUndefined();
    expect(isPendingEntity(stored)).toBe(true);
    expect(await getEntity('workers:w5')).toBeDefined();
  });

  it('numbers the visits of one response that touches an entity twice (repeats)', async () => {
    const finalize = await responder();
    const response = await finalize([create('w1', 'Ana', { a: '1' }), update('w1', { b: '2' }), update('w1', { c: '3' })]);
    const stored = (await entity('w1'))!;
    expect(stored.visits.map((v) => v.id)).toEqual([response.id, `${response.id}/2`, `${response.id}/3`]);
    expect(stored.properties).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('refuses a create whose entity exists, and a response creating one id twice, undoing the whole finalize', async () => {
    const finalize = await responder();
    await finalize([create('w1', 'Ana', {})]);
    const form = (await new Repository<Form>('form').list())[0];
    const draft = await startDraft(form, { enumerator: 'Ana' });
    const attempt = finalizeResponse(draft.id, { name: 'y' }, T2, undefined, [create('w2', 'Eva', {}), create('w1', 'Otra', {})]);
    await expect(attempt).rejects.toBeInstanceOf(EntityIdTakenError);
    await expect(attempt).rejects.toMatchObject({ list: 'workers', entityId: 'w1' });
    // Nothing of it stayed: the response is still a draft, w2 was not created, w1 is as it was.
    expect(await responses.get(draft.id)).toMatchObject({ status: 'draft', answers: {} });
    expect(await entity('w2')).toBeUndefined();
    expect((await entity('w1'))!.label).toBe('Ana');

    const twice = await startDraft(form, { enumerator: 'Ana' });
    await expect(finalizeResponse(twice.id, {}, T2, undefined, [create('w3', 'A', {}), create('w3', 'B', {})])).rejects.toBeInstanceOf(EntityIdTakenError);
    expect(await entity('w3')).toBeUndefined();
    expect((await responses.get(twice.id))!.status).toBe('draft');
  });

  it('completes a pending entity with a create, and brings a deleted one back with only the new properties', async () => {
    const finalize = await responder();
    await finalize([update('w5', { status: 'affiliated' })]);
    await finalize([create('w5', 'Rosa', { age: '40' })]);
    expect(await entity('w5')).toMatchObject({ label: 'Rosa', properties: { age: '40', status: 'affiliated' } });

    await finalize([create('w6', 'Old', { phone: '1' })]);
    await new Repository<Entity>('entity').remove('workers:w6');
    await finalize([create('w6', 'New', { age: '20' })]);
    expect(await entity('w6')).toMatchObject({ label: 'New', properties: { age: '20' }, deleted: false });
  });

  it('must run in a transaction that holds the entities table', async () => {
    await expect(
      db.transaction('rw', db.responses, db.meta, () =>
        applyEntityActions([create('w1', 'Ana', {})], { responseId: 'r', formId: 'f', formVersion: '1', by: 'Ana', now: T1 }),
      ),
    ).rejects.toThrow();
    expect(await entity('w1')).toBeUndefined();
  });
});

describe('correcting a response that fed an entity', () => {
  it('updates the entity with the fields the correction changed only, as a visit of its own', async () => {
    const register = await responder();
    const followUp = await responder('follow_up');
    const registration = await register([create('w1', 'Ana', { status: 'informal', age: '34' })], 'Ana', T1);
    // A later follow-up changed the status; the correction of the age must not put it back.
    await followUp([update('w1', { status: 'affiliated' })], 'Beto', T2);
    const at = new Date('2026-12-03T10:00:00Z');
    const edits = await correctResponse(registration.id, { name: 'corrected' }, 'Supervisora', at, undefined, undefined, [
      create('w1', 'Ana', { status: 'informal', age: '35' }),
    ]);
    expect(edits.length).toBeGreaterThan(0);
    const stored = (await entity('w1'))!;
    expect(stored.properties).toEqual({ age: '35', status: 'affiliated' });
    const correction = stored.visits[2];
    expect(correction.id).toMatch(new RegExp(`^${registration.id}/c/[0-9a-f-]{36}$`));
    expect(correction).toMatchObject({ responseId: registration.id, action: 'update', by: 'Supervisora', at: at.toISOString(), set: { age: '35' } });
    expect(stored.fieldHlc['properties/age']).toBe(correction.hlc);
  });

  it("refuses a correction whose create names another registration's case (an entity_id changed to a taken one), and changes nothing", async () => {
    const register = await responder();
    await register([create('dui-1', 'José', { age: '40' })], 'Ana', T1);
    const second = await register([create('dui-2', 'Rosa', { age: '30' })], 'Ana', T1);
    const before = (await responses.get(second.id))!;
    const correction = correctResponse(second.id, { name: 'corrected' }, 'Sup', T2, undefined, undefined, [create('dui-1', 'Rosa', { age: '30' })]);
    await expect(correction).rejects.toThrow(EntityIdTakenError);
    await expect(correction).rejects.toMatchObject({ list: 'workers', entityId: 'dui-1' });
    // José's case is not taken over, Rosa's is untouched, and the response keeps its answers.
    expect(await entity('dui-1')).toMatchObject({ label: 'José', properties: { age: '40' } });
    expect((await entity('dui-1'))!.visits).toHaveLength(1);
    expect((await entity('dui-2'))!.visits).toHaveLength(1);
    expect((await responses.get(second.id))!).toMatchObject({ answers: before.answers, history: before.history });
  });

  it('adds no visit when the correction leaves the entity fields as they were', async () => {
    const finalize = await responder();
    const response = await finalize([create('w1', 'Ana', { age: '34' })]);
    await correctResponse(response.id, { name: 'other' }, 'Sup', T2, undefined, undefined, [create('w1', 'Ana', { age: '34' })]);
    expect((await entity('w1'))!.visits).toHaveLength(1);
  });
});

describe('a registration filled in the form engine, finalized, then corrected', () => {
  /** A form imported from an .xlsx (as a coordinator uploads it) and stored. */
  async function storedForm(survey: string[][], entities: string[][]): Promise<Form> {
    const sheets: SheetSpec[] = [
      { name: 'survey', rows: survey },
      { name: 'entities', rows: entities },
      { name: 'settings', rows: [['form_id', 'version'], ['registration', '1']] },
    ];
    const result = await importXlsForm(writeXlsx(sheets));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return new Repository<Form>('form').create(result.form);
  }

  /** The session the fill screen opens on a stored response (its id seeds it, as FillController does). */
  const sessionOf = (form: Form, response: SurveyResponse) => new FormSession(form, response.answers, { seed: response.id });
  const answer = (s: FormSession, name: string, value: string, scope = s.root) => s.setValue(s.cell(name, scope)!, value);

  async function registered(form: Form, fill: (s: FormSession) => void): Promise<SurveyResponse> {
    const draft = await startDraft(form, { enumerator: 'Ana', now: T1 });
    const s = sessionOf(form, draft);
    fill(s);
    return finalizeResponse(draft.id, s.answers(), T1, undefined, entityActions(s));
  }

  async function corrected(form: Form, id: string, change: (s: FormSession) => void, at: Date): Promise<void> {
    // Reopened from storage, as after a reload: the ids the actions carry come from the stored response.
    const response = (await responses.get(id))!;
    const s = sessionOf(form, response);
    change(s);
    await correctResponse(id, s.answers(), 'Supervisora', at, response.answers, undefined, entityActions(s));
  }

  it("fixes the entity's label and properties, as a visit of its own, and leaves it when create_if no longer holds", async () => {
    const form = await storedForm(
      [
        ['type', 'name', 'label', 'save_to'],
        ['text', 'wname', 'Name', 'full_name'],
        ['integer', 'age', 'Age', 'age'],
      ],
      [['list_name', 'label', 'create_if'], ['workers', '${wname}', '${age} >= 14']],
    );
    const registration = await registered(form, (s) => {
      answer(s, 'wname', 'Rosa Perz');
      answer(s, 'age', '34');
    });
    const other = await registered(form, (s) => {
      answer(s, 'wname', 'Luis');
      answer(s, 'age', '51');
    });
    // Each registration's entity has the registration's id: two registrations, two entities.
    expect((await entity(registration.id))!.label).toBe('Rosa Perz');
    expect((await entity(other.id))!.label).toBe('Luis');

    await corrected(form, registration.id, (s) => answer(s, 'wname', 'Rosa Pérez'), T2);
    const fixed = (await entity(registration.id))!;
    expect(fixed.label).toBe('Rosa Pérez');
    expect(fixed.properties).toEqual({ full_name: 'Rosa Pérez', age: '34' });
    expect(fixed.visits.map((v) => [v.responseId, v.action, v.by, v.set])).toEqual([
      [registration.id, 'create', 'Ana', { full_name: 'Rosa Perz', age: '34', label: 'Rosa Perz' }],
      [registration.id, 'update', 'Supervisora', { full_name: 'Rosa Pérez', label: 'Rosa Pérez' }],
    ]);
    expect(entityConflicts(fixed)).toEqual([]);
    expect(await db.recordTable<Entity>('entity').count()).toBe(2);
    expect((await entity(other.id))!.label).toBe('Luis');

    // Corrected below create_if's age: ODK never deletes an entity on an edit, nor does Piso.
    await corrected(form, registration.id, (s) => answer(s, 'age', '12'), new Date('2026-12-03T10:00:00Z'));
    const left = (await entity(registration.id))!;
    expect(left).toMatchObject({ deleted: false, label: 'Rosa Pérez', properties: { full_name: 'Rosa Pérez', age: '34' } });
    expect(left.visits).toHaveLength(2);
    expect((await responses.get(registration.id))!.answers.age).toBe('12');
  });

  it('fixes the entity of the corrected repeat instance only, and creates one for an instance the correction adds', async () => {
    const form = await storedForm(
      [
        ['type', 'name', 'label', 'save_to'],
        ['begin repeat', 'members', 'Members', ''],
        ['text', 'mname', 'Name', 'full_name'],
        ['end repeat', '', '', ''],
      ],
      [['list_name', 'label'], ['workers', '${mname}']],
    );
    const registration = await registered(form, (s) => {
      for (const name of ['Rosa', 'Tomas']) answer(s, 'mname', name, s.addInstance(s.cell('members')!));
    });
    const members = registration.answers.members as Answers[];
    const [rosa, tomas] = members.map((m) => m[INSTANCE_ID] as string);
    expect([(await entity(rosa))!.label, (await entity(tomas))!.label]).toEqual(['Rosa', 'Tomas']);

    await corrected(
      form,
      registration.id,
      (s) => {
        const repeat = s.cell('members')!;
        answer(s, 'mname', 'Tomás', repeat.instances[1]);
        answer(s, 'mname', 'Eva', s.addInstance(repeat));
      },
      T2,
    );
    expect((await entity(tomas))!.label).toBe('Tomás');
    expect((await entity(tomas))!.visits.map((v) => v.action)).toEqual(['create', 'update']);
    expect((await entity(rosa))!.visits).toHaveLength(1);
    const eva = ((await responses.get(registration.id))!.answers.members as Answers[])[2][INSTANCE_ID] as string;
    expect((await entity(eva))!).toMatchObject({ label: 'Eva', visits: [{ action: 'create', by: 'Supervisora' }] });
    expect(await db.recordTable<Entity>('entity').count()).toBe(3);
  });
});
