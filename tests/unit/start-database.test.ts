// Start-up's storage steps (issue 13.4): a first start writes the device id and the
// first screen's seed before it resolves; every later start only reads, and still
// resumes the clock after the last stamp written.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, projects, startDatabase, type PisoDatabase } from '../../src/lib/db';
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
