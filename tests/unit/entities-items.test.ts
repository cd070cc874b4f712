// What forms and list screens read of entities: the kept per-list snapshot against the
// records themselves, across every way an entity changes (a visit, a deletion, records
// arriving from another device), and the list screen's queries.

import { beforeEach, describe, expect, it } from 'vitest';
import { liveQuery } from 'dexie';
import {
  applyEntityActions,
  applyMerged,
  entityItems,
  entityLists,
  findEntities,
  getEntity,
  openDatabase,
  Repository,
  type PisoDatabase,
} from '../../src/lib/db';
import type { Entity, EntityAction } from '../../src/lib/domain/types';
import { create, freshEntityDatabase, update } from './entities-fixtures';
import { seededRandom } from '../seeded-random';

let db: PisoDatabase;
const entities = new Repository<Entity>('entity');

beforeEach(async () => {
  db = await freshEntityDatabase('items');
});

let responseNo = 0;
/** Applies actions as one response's, in a transaction of their own. */
const apply = (actions: EntityAction[], target = db) =>
  target.transaction('rw', target.entities, target.meta, () =>
    applyEntityActions(actions, { responseId: `r${++responseNo}`, formId: 'f', formVersion: '1', by: 'Ana', now: new Date(1_780_000_000_000 + responseNo * 1000) }),
  );

/** What entityItems must give, computed from the records directly (code unit order of label, then id). */
async function expectedItems(list: string, target = db) {
  const all = (await target.recordTable<Entity>('entity').toArray()).filter(
    (e) => e.list === list && !e.deleted && e.visits.some((v) => v.action === 'create'),
  );
  const names = [...new Set((await target.recordTable<Entity>('entity').toArray()).filter((e) => e.list === list && !e.deleted).flatMap((e) => Object.keys(e.properties)))];
  return all
    .sort((x, y) => (x.label < y.label ? -1 : x.label > y.label ? 1 : x.entityId < y.entityId ? -1 : x.entityId > y.entityId ? 1 : 0))
    .map((e) => ({ name: e.entityId, label: e.label, ...Object.fromEntries(names.map((n) => [n, e.properties[n] ?? ''])) }));
}

describe('entityItems', () => {
  it('gives every live entity of the list as name, label and properties, in label order, without pending or deleted ones', async () => {
    await apply([create('w2', 'Beto', { age: '40' }), create('w1', 'Ana', { age: '34', sex: 'f' }), create('w3', 'Ana', { sex: 'm' })]);
    await apply([create('h1', 'Casa 1', { size: '4' }, 'households')]);
    await apply([update('w9', { age: '50' })]);
    await apply([create('w4', 'Zoe', {})]);
    await entities.remove('workers:w4');
    const items = await entityItems('workers');
    expect(items).toEqual([
      { name: 'w1', label: 'Ana', age: '34', sex: 'f' },
      { name: 'w3', label: 'Ana', age: '', sex: 'm' },
      { name: 'w2', label: 'Beto', age: '40', sex: '' },
    ]);
    // ODK's CSV column order: name, label, then the properties.
    expect(Object.keys(items[0]).slice(0, 2)).toEqual(['name', 'label']);
    expect(await entityItems('households')).toEqual([{ name: 'h1', label: 'Casa 1', size: '4' }]);
    expect(await entityItems('nothing')).toEqual([]);
  });

  it('stays right across creates, updates, deletions and records arriving from another device', async () => {
    const other = await freshEntityDatabase('items-other');
    db = await openDatabase(db.name);
    const next = seededRandom(14);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    const labels = ['Ana', 'Beto', 'Carla', 'Ána', 'ana', ''];
    const ids = Array.from({ length: 12 }, (_, i) => `w${i}`);
    for (let step = 0; step < 60; step++) {
      const id = pick(ids);
      const roll = next();
      const existing = (await db.recordTable<Entity>('entity').get(`workers:${id}`));
      if (roll < 0.35) {
        if (!existing || existing.deleted) await apply([create(id, pick(labels.slice(0, 5)), { status: pick(['a', 'b']) })]);
        else await apply([update(id, { status: pick(['a', 'b', 'c']), [pick(['age', 'dept'])]: String(step) }, next() < 0.5 ? pick(labels) : undefined)]);
      } else if (roll < 0.5) {
        if (existing && !existing.deleted) await entities.remove(existing.id);
      } else if (roll < 0.65) {
        await apply([update(id, { age: String(step) })]);
      } else {
        // Another device's version of one entity (created or followed up there), as a sync pull or bundle brings it.
        const there = await openDatabase(other.name);
        await apply([{ list: 'workers', action: 'upsert', entityId: id, label: pick(labels.slice(0, 5)), properties: { dept: String(step) } }], there);
        db = await openDatabase(db.name);
        await applyMerged([(await there.recordTable<Entity>('entity').get(`workers:${id}`))!], {}, db);
      }
      if (step % 3 === 0 || step === 59) expect(await entityItems('workers')).toEqual(await expectedItems('workers'));
    }
    // A new connection (the app opened again) starts from the stored snapshot and what was written since.
    db = await openDatabase(db.name);
    expect(await db.meta.get('entityItems/workers')).toBeDefined();
    expect(await entityItems('workers')).toEqual(await expectedItems('workers'));
    await apply([create('late', 'Aaa', { status: 'z' })]);
    db = await openDatabase(db.name);
    expect((await entityItems('workers'))[0]).toMatchObject({ name: 'late', label: 'Aaa', status: 'z' });
  });

  it('reads the list again when many entities arrived at once, and keeps the snapshot where the next connection finds it', async () => {
    await apply([create('first', 'M', {})]);
    expect(await entityItems('workers')).toHaveLength(1);
    // A bundle of 6,000 workers from another device: copies of one it registered.
    const other = await freshEntityDatabase('items-bulk');
    const [template] = await apply([create('t', 'T', { n: '' })], other);
    const arriving = Array.from({ length: 6000 }, (_, i): Entity => ({
      ...template,
      id: `workers:b${i}`,
      entityId: `b${i}`,
      label: `Worker ${String(i).padStart(5, '0')}`,
      properties: { n: String(i) },
    }));
    db = await openDatabase(db.name);
    await applyMerged(arriving, {}, db);
    const items = await entityItems('workers');
    expect(items).toHaveLength(6001);
    expect(items[0]).toEqual({ name: 'first', label: 'M', n: '' });
    expect(items[1]).toEqual({ name: 'b0', label: 'Worker 00000', n: '0' });
    expect(items[6000].name).toBe('b5999');
    const stored = (await db.meta.get('entityItems/workers'))?.value as { names: string[] };
    expect(stored.names).toHaveLength(6001);
  });
});

describe('entity list queries', () => {
  beforeEach(async () => {
    await apply([
      create('w1', 'José Pérez', { department: 'SS', status: 'informal' }),
      create('w2', 'Ana López', { department: 'LL', status: 'affiliated' }),
      create('w3', 'María José', { department: 'SS', status: 'affiliated' }),
    ]);
    await apply([create('h1', 'Casa', {}, 'households'), create('h2', 'Otra', {}, 'households')]);
    await entities.remove('households:h2');
    await apply([update('w7', { status: 'contributing' })]);
  });

  it('lists the lists with their live entities, pending ones counted', async () => {
    expect(await entityLists()).toEqual([
      { list: 'households', count: 1 },
      { list: 'workers', count: 4 },
    ]);
  });

  it('finds entities by words in label or properties, ignoring case and accents, by property values, a page at a time', async () => {
    const ids = async (query: Parameters<typeof findEntities>[1]) => {
      const { total, page } = await findEntities('workers', query);
      return { total, ids: page.map((e) => e.entityId) };
    };
    expect(await ids({ text: 'jose' })).toEqual({ total: 2, ids: ['w1', 'w3'] });
    expect(await ids({ text: 'PEREZ jos' })).toEqual({ total: 1, ids: ['w1'] });
    expect(await ids({ text: 'affiliated' })).toEqual({ total: 2, ids: ['w2', 'w3'] });
    expect(await ids({ where: { department: 'SS' } })).toEqual({ total: 2, ids: ['w1', 'w3'] });
    expect(await ids({ where: { department: 'SS', status: 'affiliated' } })).toEqual({ total: 1, ids: ['w3'] });
    expect(await ids({ where: { nowhere: 'x' } })).toEqual({ total: 0, ids: [] });
    // Label order; the pending entity (no label yet) first.
    expect(await ids({})).toEqual({ total: 4, ids: ['w7', 'w2', 'w1', 'w3'] });
    expect(await ids({ offset: 1, limit: 2 })).toEqual({ total: 4, ids: ['w2', 'w1'] });
    // The page holds whole records, for the screen.
    const { page } = await findEntities('workers', { text: 'ana' });
    expect(page[0]).toMatchObject({ id: 'workers:w2', label: 'Ana López', visits: [{ action: 'create' }] });
    // What changes shows at once.
    await apply([update('w2', { status: 'informal' }, 'Ana Pérez')]);
    expect(await ids({ text: 'perez' })).toEqual({ total: 2, ids: ['w2', 'w1'] });
  });

  it('answers inside a live query (the screens read through live()), where it may not write its snapshot', async () => {
    const first = new Promise<{ total: number }>((resolve, reject) => {
      const subscription = liveQuery(() => findEntities('workers', { text: 'jose' })).subscribe({
        next: (value) => {
          subscription.unsubscribe();
          resolve(value);
        },
        error: reject,
      });
    });
    expect((await first).total).toBe(2);
  });

  it('gets one entity by its record id, not a deleted one', async () => {
    expect(await getEntity('workers:w1')).toMatchObject({ label: 'José Pérez' });
    expect(await getEntity('households:h2')).toBeUndefined();
    expect(await getEntity('workers:none')).toBeUndefined();
  });
});
