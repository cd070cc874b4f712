// The rows log kept at write time (lib/db/entity-snapshot-keeper.ts) and the first read
// of a list after cases arrive in chunks, as sync and bundles write them: the read
// patches the list's snapshot from the log, and gives what the records say, also after a
// visit, a write that was undone, records from before the log, and a removal.
import { beforeEach, describe, expect, it } from 'vitest';
import { applyEntityActions, applyMerged, entityItems, openDatabase, Repository, type PisoDatabase } from '../../src/lib/db';
import { currentSeq, markBookkeeping } from '../../src/lib/db/change-seq';
import { ROWS_END, ROWS_PREFIX } from '../../src/lib/db/entity-snapshot-keeper';
import { encodeRows, latestRows, type RowsEntry } from '../../src/lib/domain/entity-rows';
import { buildSnapshot, rowOf, snapshotItems, type ListSnapshot } from '../../src/lib/domain/entity-snapshot';
import { entityRecordId, type Entity, type Envelope } from '../../src/lib/domain/types';
import { worker } from '../bench/workers';
import { create, update } from './entities-fixtures';

let db: PisoDatabase;
let run = 0;
beforeEach(async () => {
  db = await openDatabase(`entities-keeper-${Date.now()}-${++run}`);
});

/** Workers from..to-1, in chunks as a sync pull or a bundle import writes them. */
async function arrive(from: number, to: number, chunk = 40): Promise<void> {
  for (let start = from; start < to; start += chunk) {
    const envelopes: Envelope[] = [];
    for (let i = start; i < Math.min(to, start + chunk); i++) envelopes.push(worker(i));
    await applyMerged(envelopes, {}, db);
  }
}

const log = async () => (await db.meta.where('key').between(ROWS_PREFIX, ROWS_END).toArray()).map((entry) => entry.value as RowsEntry);
const records = () => db.recordTable<Entity>('entity').toArray();
const storedSnapshot = async (list = 'workers') => (await db.meta.get(`entityItems/${list}`))?.value as ListSnapshot | undefined;

/** What a form must read of the list: built from the records themselves. */
const expectedItems = async (list = 'workers') => snapshotItems(buildSnapshot(list, await records(), 0));

let responseNo = 0;
const visit = (actions: Parameters<typeof applyEntityActions>[0]) =>
  db.transaction('rw', db.entities, db.meta, () =>
    applyEntityActions(actions, { responseId: `r${++responseNo}`, formId: 'f', formVersion: '1', by: 'Ana', now: new Date(1_780_000_000_000 + responseNo * 1000) }),
  );

describe('the rows log', () => {
  it('holds one entry per write with every written case as it was written, under its change number', async () => {
    await arrive(0, 120);
    const entries = await log();
    expect(entries).toHaveLength(3);
    const stored = await records();
    expect(entries.flatMap((entry) => entry.seqs).sort((a, b) => a - b)).toEqual(stored.map((r) => r.seq).sort((a, b) => a! - b!));
    const rows = latestRows(entries, 'workers', 0);
    expect(rows).toHaveLength(120);
    expect(rows).toEqual(expect.arrayContaining(stored.map(rowOf)));
  });

  it("encodes pending and deleted cases and missing properties, and gives a list's rows after a change number, each case as written last", () => {
    const base = { kind: 'entity', fieldHlc: {}, hlc: '', deviceId: 'd', createdAt: '', updatedAt: '', dirty: 0 } as const;
    const visitOf = (action: 'create' | 'update') => ({ id: 'v', responseId: 'r', formId: 'f', formVersion: '1', action, at: '', by: '', hlc: '', set: {}, seen: {} });
    const written = [
      { ...base, id: 'workers:a', seq: 5, list: 'workers', entityId: 'a', label: 'Ana', properties: { age: '3' }, visits: [visitOf('create')], deleted: false },
      { ...base, id: 'workers:b', seq: 6, list: 'workers', entityId: 'b', label: '', properties: { sex: 'f' }, visits: [visitOf('update')], deleted: false },
      { ...base, id: 'homes:c', seq: 7, list: 'homes', entityId: 'c', label: 'Casa', properties: {}, visits: [visitOf('create')], deleted: true },
    ] as Entity[];
    const entry = structuredClone(encodeRows(written));
    expect(latestRows([entry], 'workers', 0)).toEqual(written.slice(0, 2).map(rowOf));
    expect(latestRows([entry], 'workers', 5)).toEqual([rowOf(written[1])]);
    expect(latestRows([entry], 'homes', 0)).toEqual([rowOf(written[2])]);
    // A later write of a case (a later entry) replaces its earlier row.
    const later = { ...written[0], seq: 8, label: 'Ana María', properties: {} } as Entity;
    expect(latestRows([entry, encodeRows([later])], 'workers', 0)).toEqual([rowOf(later), rowOf(written[1])]);
  });

  it('keeps nothing of a write that is undone, nor of bookkeeping (dirty flags)', async () => {
    await arrive(0, 40);
    await expect(
      db.transaction('rw', db.entities, db.meta, async () => {
        await applyMerged([worker(40)], {}, db);
        throw new Error('cut off');
      }),
    ).rejects.toThrow('cut off');
    expect(await log()).toHaveLength(1);
    await db.transaction('rw', db.entities, db.meta, async () => {
      markBookkeeping();
      await db.entities.bulkPut((await records()).map((record) => ({ ...record, dirty: 0 })));
    });
    expect(await log()).toHaveLength(1);
  });
});

describe('the first read after cases arrive', () => {
  it('is the whole list, patched from the log; the snapshot is stored and the entries it holds are dropped', async () => {
    await arrive(0, 200);
    const items = await entityItems('workers');
    expect(items).toHaveLength(200);
    expect(items).toEqual(await expectedItems());
    expect((await storedSnapshot())!.seq).toBe(await currentSeq(db));
    expect(await log()).toEqual([]);
    // A new connection (the app started again) reads the stored snapshot.
    const again = await openDatabase(db.name);
    expect(await entityItems('workers')).toEqual(items);
    again.close();
  });

  it('follows a visit, a case known only from an update, another list in the same write, and a deletion', async () => {
    await arrive(0, 60);
    await entityItems('workers');
    await visit([update('w000007', { isss: 'yes' }), update('w999999', { isss: 'no' }), create('h1', 'Casa 1', { size: '4' }, 'households')]);
    await new Repository<Entity>('entity').remove(entityRecordId('workers', 'w000003'));
    // A new connection: nothing in memory, the stored snapshot patched from the log.
    const again = await openDatabase(db.name);
    const items = await entityItems('workers');
    expect(items).toEqual(await expectedItems());
    expect(items.find((item) => item.name === 'w000007')?.isss).toBe('yes');
    expect(items.map((item) => item.name)).not.toContain('w000003');
    expect(items.map((item) => item.name)).not.toContain('w999999');
    expect(await entityItems('households')).toEqual(await expectedItems('households'));
    again.close();
  });

  it('reads the records of a list written before the log existed, then patches from the log again', async () => {
    await arrive(0, 40);
    // As an older Piso left them: records, no log.
    await db.meta.where('key').between(ROWS_PREFIX, ROWS_END).delete();
    await arrive(40, 80);
    expect(await entityItems('workers')).toEqual(await expectedItems());
    await arrive(80, 120);
    const again = await openDatabase(db.name);
    expect(await entityItems('workers')).toEqual(await expectedItems());
    expect(await entityItems('workers')).toHaveLength(120);
    again.close();
  });

  it('drops the log when records are removed outright (no change number says what went), and reads the records', async () => {
    await arrive(0, 40);
    await db.transaction('rw', db.entities, db.meta, () => db.recordTable<Entity>('entity').delete(entityRecordId('workers', 'w000001')));
    expect(await log()).toEqual([]);
    const items = await entityItems('workers');
    expect(items.map((item) => item.name)).not.toContain('w000001');
    expect(items).toEqual(await expectedItems());
  });
});
