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
import { entityRecordId, type Entity, type Form, type SurveyResponse } from '../../src/lib/domain/types';
import { isPendingEntity } from '../../src/lib/domain/entity-visits';
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

  it('gives a create without an id a new UUID', async () => {
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

  it('adds no visit when the correction leaves the entity fields as they were', async () => {
    const finalize = await responder();
    const response = await finalize([create('w1', 'Ana', { age: '34' })]);
    await correctResponse(response.id, { name: 'other' }, 'Sup', T2, undefined, undefined, [create('w1', 'Ana', { age: '34' })]);
    expect((await entity('w1'))!.visits).toHaveLength(1);
  });
});
