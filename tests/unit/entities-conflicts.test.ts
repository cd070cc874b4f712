// Two devices following up the same worker offline, then exchanging their records as a
// bundle or sync does (applyMerged): per-property merge, conflicts shown where both set
// the same property unknowingly, and both visits in the history.

import { describe, expect, it } from 'vitest';
import { applyMerged, openDatabase, type PisoDatabase } from '../../src/lib/db';
import { canonicalJson, mergeRecords, replicated } from '../../src/lib/domain/merge';
import { entityConflicts } from '../../src/lib/domain/entity-conflicts';
import { compareHlc } from '../../src/lib/domain/hlc';
import type { Entity } from '../../src/lib/domain/types';
import { create, freshEntityDatabase, responder, update } from './entities-fixtures';

const worker = async (db: PisoDatabase) => (await db.recordTable<Entity>('entity').get('workers:w1'))!;
const records = async (db: PisoDatabase) => (await db.recordTable<Entity>('entity').toArray());

/** Device A registers the worker, device B receives it; both can then finalize follow-ups (`on` makes a device current). */
async function twoDevices() {
  const a = await freshEntityDatabase('device-a');
  const followUpA = await responder('follow_up');
  const register = await responder();
  await register([create('w1', 'Ana', { status: 'informal', department: 'SS', age: '34' })], 'Ana', new Date('2026-12-01T10:00:00Z'));
  const b = await freshEntityDatabase('device-b');
  const followUpB = await responder('follow_up');
  await applyMerged(await records(a), {}, b);
  const on = (db: PisoDatabase) => openDatabase(db.name);
  return { a, b, on, followUpA, followUpB };
}

/** Both devices send each other everything they hold. */
async function exchange(a: PisoDatabase, b: PisoDatabase) {
  const [fromA, fromB] = [await records(a), await records(b)];
  await applyMerged(fromB, {}, a);
  await applyMerged(fromA, {}, b);
}

describe('entities followed up on two devices', () => {
  it('keeps both when they update different properties, with no conflict and both visits', async () => {
    const { a, b, on, followUpA, followUpB } = await twoDevices();
    await followUpB([update('w1', { department: 'LL' })], 'Beto', new Date('2026-12-02T10:00:00Z'));
    await on(a);
    await followUpA([update('w1', { status: 'affiliated' })], 'Ana', new Date('2026-12-02T11:00:00Z'));
    await exchange(a, b);

    const [onA, onB] = [await worker(a), await worker(b)];
    expect(canonicalJson(replicated(onA))).toBe(canonicalJson(replicated(onB)));
    expect(onA.properties).toEqual({ age: '34', department: 'LL', status: 'affiliated' });
    expect(onA.visits.map((v) => [v.action, v.by])).toEqual([
      ['create', 'Ana'],
      ['update', 'Beto'],
      ['update', 'Ana'],
    ]);
    expect(entityConflicts(onA)).toEqual([]);
  });

  it('settles the same property by clock on both devices, and shows the conflict on both', async () => {
    const { a, b, on, followUpA, followUpB } = await twoDevices();
    await followUpB([update('w1', { status: 'affiliated' })], 'Beto', new Date('2026-12-02T10:00:00Z'));
    await on(a);
    await followUpA([update('w1', { status: 'contributing' })], 'Ana', new Date('2026-12-02T11:00:00Z'));
    const visitB = (await worker(b)).visits[1];
    const visitA = (await worker(a)).visits[1];
    await exchange(a, b);

    const [onA, onB] = [await worker(a), await worker(b)];
    expect(canonicalJson(replicated(onA))).toBe(canonicalJson(replicated(onB)));
    // The later clock wins, whichever device made it.
    const [winner, loser] = compareHlc(visitA.hlc, visitB.hlc) > 0 ? [visitA, visitB] : [visitB, visitA];
    expect(onA.properties.status).toBe(winner.set.status);
    for (const entity of [onA, onB]) {
      expect(entityConflicts(entity)).toEqual([
        { property: 'status', value: winner.set.status, visit: winner, others: [{ value: loser.set.status, visit: loser }] },
      ]);
    }
    expect(onB.visits.map((v) => v.id).sort()).toEqual([onB.visits[0].id, visitA.id, visitB.id].sort());
  });

  it('shows no conflict when the second change was made knowing the first', async () => {
    const { a, b, on, followUpA, followUpB } = await twoDevices();
    await followUpB([update('w1', { status: 'affiliated' })], 'Beto', new Date('2026-12-02T10:00:00Z'));
    await on(a);
    await exchange(a, b);
    await followUpA([update('w1', { status: 'contributing' })], 'Ana', new Date('2026-12-03T10:00:00Z'));
    await exchange(a, b);
    const onB = await worker(b);
    expect(onB.properties.status).toBe('contributing');
    expect(onB.visits).toHaveLength(3);
    expect(entityConflicts(onB)).toEqual([]);
  });

  it('merges a pending entity (an update that arrived first) with the entity when it comes, losing neither', async () => {
    const { a, b, on, followUpB } = await twoDevices();
    // A third device has never seen w1 and follows it up anyway (its id typed in).
    const c = await freshEntityDatabase('device-c');
    const followUpC = await responder('follow_up');
    await followUpC([update('w1', { status: 'affiliated' })], 'Carla', new Date('2026-12-02T10:00:00Z'));
    await on(b);
    await followUpB([update('w1', { age: '35' }, 'Ana María')], 'Beto', new Date('2026-12-02T11:00:00Z'));
    await exchange(b, c);
    const [onB, onC] = [await worker(b), await worker(c)];
    expect(canonicalJson(replicated(onB))).toBe(canonicalJson(replicated(onC)));
    // The pending entity's empty label never wins over the real one.
    expect(onC).toMatchObject({ label: 'Ana María', properties: { age: '35', department: 'SS', status: 'affiliated' }, deleted: false });
    expect(onC.visits.map((v) => v.by).sort()).toEqual(['Ana', 'Beto', 'Carla']);
    // Merged in the other order, the same.
    const pending = (await records(c)).find((e) => e.id === 'workers:w1')!;
    expect(canonicalJson(replicated(mergeRecords(await worker(a), pending)))).toBe(canonicalJson(replicated(mergeRecords(pending, await worker(a)))));
  });
});
