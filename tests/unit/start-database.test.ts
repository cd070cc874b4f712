// Start-up's storage steps (issue 13.4): a first start writes the device id and the
// first screen's seed before it resolves; every later start only reads, and still
// resumes the clock after the last stamp written.
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, openDatabase, projects, startDatabase, type PisoDatabase } from '../../src/lib/db';
import { SCHEMA_HISTORY } from '../../src/lib/db/schema';
import { compareHlc, Hlc } from '../../src/lib/domain/hlc';
import { FIRST_SCREEN_SEED, SEED_PROJECT_ID } from '../../src/lib/domain/seed-data';
import { projectData, repos } from './bundle-fixtures';

const HOUR = 60 * 60 * 1000;

let run = 0;
const open: PisoDatabase[] = [];
const realTransaction = IDBDatabase.prototype.transaction;

afterEach(() => {
  IDBDatabase.prototype.transaction = realTransaction;
  for (const db of open.splice(0)) db.close();
});

async function start(name: string): Promise<PisoDatabase> {
  const db = await startDatabase({ name });
  open.push(db);
  return db;
}

/** The mode of every IndexedDB transaction started from here on. */
function recordTransactionModes(): IDBTransactionMode[] {
  const modes: IDBTransactionMode[] = [];
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    modes.push(args[1] ?? 'readonly');
    return realTransaction.apply(this, args);
  };
  return modes;
}

const metaValue = async (db: PisoDatabase, key: string) => (await db.meta.get(key))?.value;

describe('startDatabase', () => {
  it('on a first start, writes the device id and seeds the first screen before it resolves', async () => {
    const db = await start(`start-first-${++run}`);
    const deviceId = await metaValue(db, 'deviceId');
    expect(typeof deviceId).toBe('string');
    expect(db.clock.deviceId).toBe(deviceId);
    expect((await projects.get(SEED_PROJECT_ID))?.code).toBe('SLV/16/03/RBS');
    expect(await metaValue(db, 'seededIds')).toEqual(expect.arrayContaining(FIRST_SCREEN_SEED.map((r) => r.id)));
  });

  it('on a later start, writes nothing: no read-write transaction, same device id', async () => {
    const name = `start-later-${++run}`;
    const first = await start(name);
    const deviceId = first.clock.deviceId;
    first.close();

    const modes = recordTransactionModes();
    const again = await start(name);
    expect(modes.length).toBeGreaterThan(0);
    expect(modes).not.toContain('readwrite');
    expect(again.clock.deviceId).toBe(deviceId);
  });

  it('resumes the clock after the last stamp written, although start-up no longer writes it', async () => {
    const name = `start-clock-${++run}`;
    const db = await start(name);
    // This device's date an hour ahead while it writes: the record's clock is one a
    // restarted clock would not reach by itself.
    db.clock = new Hlc(db.clock.deviceId, () => Date.now() + HOUR);
    const project = await repos(db).projects.create(projectData('LATER'));
    db.close();

    const again = await start(name);
    expect(compareHlc(again.clock.tick(), project.hlc)).toBe(1);
  });

  it('seeds a first-screen record that an older version did not seed', async () => {
    const name = `start-missing-${++run}`;
    const db = await start(name);
    const [missing] = FIRST_SCREEN_SEED.filter((r) => r.id !== SEED_PROJECT_ID);
    const seededIds = (await metaValue(db, 'seededIds')) as string[];
    await db.meta.put({ key: 'seededIds', value: seededIds.filter((id) => id !== missing.id) });
    await db.recordTable(missing.kind).delete(missing.id);
    db.close();

    const again = await start(name);
    expect(await again.recordTable(missing.kind).get(missing.id)).toMatchObject({ id: missing.id });
    expect(await metaValue(again, 'seededIds')).toContain(missing.id);
  });

  it('gives a device one id when two tabs open its first start at once', async () => {
    const name = `start-race-${++run}`;
    const [a, b] = await Promise.all([openDatabase(name), openDatabase(name)]);
    open.push(a, b);
    expect(a.clock.deviceId).toBe(b.clock.deviceId);
    expect(await metaValue(a, 'deviceId')).toBe(a.clock.deviceId);
  });
});

/** Every store of a database with its key path and indexes, as IndexedDB holds them. */
function storesOf(db: PisoDatabase): Record<string, unknown> {
  const idb = db.backendDB();
  const tx = idb.transaction([...idb.objectStoreNames], 'readonly');
  return Object.fromEntries(
    [...idb.objectStoreNames].map((name) => {
      const store = tx.objectStore(name);
      const indexes = [...store.indexNames].map((index) => {
        const { keyPath, multiEntry, unique } = store.index(index);
        return { index, keyPath, multiEntry, unique };
      });
      return [name, { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes }];
    }),
  );
}

describe('openDatabase', () => {
  it('creates a new database with the schema an old one reaches through every upgrade', async () => {
    // Opened at the latest version, with the latest schema only.
    const created = await openDatabase(`schema-new-${++run}`);
    open.push(created);
    // Version 1 as it shipped, then every upgrade.
    const name = `schema-old-${++run}`;
    const old = new Dexie(name);
    old.version(SCHEMA_HISTORY[0].version).stores(SCHEMA_HISTORY[0].stores);
    await old.open();
    await old.table('projects').add({ id: 'p1', kind: 'project', code: 'OLD', budget: 5, fieldHlc: {}, deleted: false });
    old.close();
    const upgraded = await openDatabase(name);
    open.push(upgraded);

    expect(upgraded.verno).toBe(LATEST_VERSION);
    expect(created.backendDB().version).toBe(upgraded.backendDB().version);
    expect(storesOf(created)).toEqual(storesOf(upgraded));
    // The upgrades ran: version 2 marks every record dirty and turns budgets into {amount, currency}.
    expect(await upgraded.projects.get('p1')).toMatchObject({ code: 'OLD', dirty: 1, budget: { amount: 5, currency: 'USD' } });
  });
});
