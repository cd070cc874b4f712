// This device's change numbers, and "changes since" bundles cut by them.
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { commitImport, exportBundle, lastSent, markDelivered, readBundle } from '../../src/lib/bundle';
import { applyMerged, currentSeq, markEverythingUnsynced, openDatabase, seedOnce } from '../../src/lib/db';
import { SCHEMA_HISTORY } from '../../src/lib/db/schema';
import type { Envelope } from '../../src/lib/domain/types';
import { formData, freshDatabase, projectData, repos, responseData } from './bundle-fixtures';

const seqOf = async (db: Awaited<ReturnType<typeof freshDatabase>>, id: string) => (await db.projects.get(id))?.seq;

describe('change numbers', () => {
  it('number every write in order, whatever writes: an edit, an import, the seed', async () => {
    const db = await freshDatabase();
    const a = await repos(db).projects.create(projectData('A'));
    const b = await repos(db).projects.create(projectData('B'));
    expect(a.seq).toBe(1);
    expect(b.seq).toBe(2);
    await repos(db).projects.update(a.id, { region: 'Oriente' });
    expect(await seqOf(db, a.id)).toBe(3);

    const other = await freshDatabase();
    const c = await repos(other).projects.create(projectData('C'));
    await applyMerged([c], {}, db);
    expect(await seqOf(db, c.id)).toBe(4);
    // An import that changes nothing writes nothing, and hands out no number.
    await applyMerged([c], {}, db);
    expect(await currentSeq(db)).toBe(4);

    await seedOnce(undefined, db);
    const seeded = await db.projects.filter((p) => ![a.id, b.id, c.id].includes(p.id)).toArray();
    expect(seeded.length).toBeGreaterThan(0);
    expect(seeded.every((p) => (p.seq ?? 0) > 4)).toBe(true);
    // Responses too, whose index fields another middleware adds on a copy.
    const form = await repos(db).forms.create(formData('f1'));
    const response = await repos(db).responses.create(responseData(form.formId, null));
    expect((await db.responses.get(response.id))?.seq).toBe(await currentSeq(db));
    expect(response.seq).toBe(await currentSeq(db));
  });

  it('never hands out one number twice, even to writes issued at once in one transaction', async () => {
    const db = await freshDatabase();
    const r = repos(db);
    const made = await db.transaction('rw', db.projects, db.meta, () =>
      Promise.all(['A', 'B', 'C', 'D'].map((code) => r.projects.create(projectData(code)))),
    );
    const stored = await db.projects.bulkGet(made.map((p) => p.id));
    expect(new Set(stored.map((p) => p!.seq)).size).toBe(4);
    expect(await currentSeq(db)).toBe(4);
  });

  it('are not moved by bookkeeping (forgetting server revisions)', async () => {
    const db = await freshDatabase();
    const p = await repos(db).projects.create(projectData('A'));
    await db.transaction('rw', db.projects, db.meta, () => db.projects.update(p.id, { dirty: 0, serverRev: '1-x' }));
    const before = await seqOf(db, p.id);
    await markEverythingUnsynced([], db);
    expect(await db.projects.get(p.id)).toMatchObject({ dirty: 1, seq: before });
    expect((await db.projects.get(p.id))?.serverRev).toBeUndefined();
  });

  it('refuse a record write whose transaction leaves out meta', async () => {
    const db = await freshDatabase();
    const p = await repos(db).projects.create(projectData('A'));
    await expect(db.transaction('rw', db.projects, () => db.projects.put({ ...p, region: 'x' }))).rejects.toThrow(/meta/);
  });

  it('are given to the records of an older database by the upgrade to version 4', async () => {
    const name = `seq-upgrade-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    for (const { version, stores } of SCHEMA_HISTORY.filter((v) => v.version <= 3)) old.version(version).stores(stores);
    await old.open();
    const record = (id: string) => ({ id, kind: 'outcome', projectId: 'p', fieldHlc: {}, hlc: '', deleted: false, dirty: 1 });
    await old.table('outcomes').bulkAdd([record('o1'), record('o2'), record('o3')]);
    old.close();

    const db = await openDatabase(name);
    const seqs = (await db.outcomes.toArray()).map((o) => o.seq);
    expect(seqs.every((s) => typeof s === 'number' && s > 0)).toBe(true);
    expect(new Set(seqs).size).toBe(3);
    expect(await currentSeq(db)).toBe(Math.max(...(seqs as number[])));
    // The index works, and the next write goes after them.
    expect(await db.outcomes.where('seq').above(0).count()).toBe(3);
    const next = await repos(db).projects.create(projectData('A'));
    expect(next.seq).toBe(Math.max(...(seqs as number[])) + 1);
    db.close();
  });
});

describe('"changes since" bundles', () => {
  it('carry a record that arrived after the last bundle with an older clock (relayed from a third device)', async () => {
    const third = await freshDatabase();
    // Made on the third device first: its clock is older than anything below.
    const relayed = await repos(third).projects.create(projectData('RELAYED'));

    const here = await freshDatabase();
    await repos(here).projects.create(projectData('HERE'));
    const first = await exportBundle({ type: 'changes', destination: 'office' }, { db: here });
    await markDelivered(first, here);
    expect(first.manifest.counts.project).toBe(1);
    expect(relayed.hlc < first.manifest.maxHlc!).toBe(true);

    // The third device's bundle reaches this one later.
    await commitImport(await readBundle((await exportBundle({ type: 'all' }, { db: third })).blob), { db: here });
    const second = await exportBundle({ type: 'changes', destination: 'office' }, { db: here });
    const ids = (await readBundle(second.blob)).records.map((r: Envelope) => r.id);
    expect(ids).toEqual([relayed.id]);
  });

  it('leave the checkpoint where it was while the file is not delivered', async () => {
    const db = await freshDatabase();
    const p = await repos(db).projects.create(projectData('A'));
    const first = await exportBundle({ type: 'changes', destination: 'usb' }, { db });
    await markDelivered(first, db);
    const checkpoint = await lastSent('usb', db);
    expect(checkpoint).toBe(first.snapshot.seq);

    await repos(db).projects.update(p.id, { region: 'Oriente' });
    const made = await exportBundle({ type: 'changes', destination: 'usb' }, { db });
    expect(made.manifest.counts.project).toBe(1);
    // Created, never downloaded nor shared.
    expect(await lastSent('usb', db)).toBe(checkpoint);
    const again = await exportBundle({ type: 'changes', destination: 'usb' }, { db });
    expect(again.manifest.counts.project).toBe(1);
    await markDelivered(again, db);
    expect((await exportBundle({ type: 'changes', destination: 'usb' }, { db })).manifest.counts.project).toBe(0);
  });

  it('cut at the number read first: a write during the export goes in the next bundle', async () => {
    const db = await freshDatabase();
    const r = repos(db);
    // More than one scan chunk (SCAN_CHUNK), written in one transaction to be quick.
    const made = await db.transaction('rw', db.projects, db.meta, () =>
      Promise.all(Array.from({ length: 1200 }, (_, i) => r.projects.create(projectData(`P${i}`)))),
    );
    let edited = false;
    const during = await exportBundle(
      { type: 'changes', destination: 'hq' },
      {
        db,
        // The first chunk is read: edit a record while the rest is being read.
        onProgress: () => {
          if (!edited) void r.projects.update(made[1199].id, { region: 'during' });
          edited = true;
        },
      },
    );
    await markDelivered(during, db);
    const next = await readBundle((await exportBundle({ type: 'changes', destination: 'hq' }, { db })).blob);
    expect(next.records.map((rec: Envelope) => rec.id)).toEqual([made[1199].id]);
    expect((next.records[0] as Envelope & { region: string }).region).toBe('during');
  }, 30_000);
});

describe('markPushed', () => {
  it('records server revisions without new change numbers, and keeps an edit made meanwhile dirty', async () => {
    const { markPushed } = await import('../../src/lib/db');
    const db = await freshDatabase();
    const r = repos(db);
    const a = await r.projects.create(projectData('A'));
    const b = await r.projects.create(projectData('B'));
    const sentB = (await db.projects.get(b.id))!;
    await r.projects.update(b.id, { region: 'edited while pushing' });
    const seqB = await seqOf(db, b.id);
    await markPushed([{ record: (await db.projects.get(a.id))!, rev: '1-a' }, { record: sentB, rev: '1-b' }], db);
    expect(await db.projects.get(a.id)).toMatchObject({ serverRev: '1-a', dirty: 0, seq: a.seq });
    expect(await db.projects.get(b.id)).toMatchObject({ serverRev: '1-b', dirty: 1, seq: seqB, region: 'edited while pushing' });
    expect(await currentSeq(db)).toBe(seqB);
  });
});
