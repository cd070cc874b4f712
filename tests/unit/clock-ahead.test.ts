// A record clock far ahead of this device's time is kept on the record, but does not
// drag this device's clock forward; imports and syncs count such records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PisoServer } from '../../src/server/server.mjs';
import { commitImport, exportBundle, previewImport, readBundle } from '../../src/lib/bundle';
import { applyMerged, maxClockAheadHours, setMaxClockAheadHours, DEFAULT_MAX_AHEAD_HOURS } from '../../src/lib/db';
import type { PisoDatabase } from '../../src/lib/db';
import { Hlc, parseHlc } from '../../src/lib/domain/hlc';
import { syncOnce } from '../../src/lib/sync/sync-once';
import { freshDatabase, projectData, repos } from './bundle-fixtures';
import { device, newServerDatabase, startServer } from './sync-fixtures';

const HOUR = 60 * 60 * 1000;
const T0 = Date.parse('2026-11-27T10:00:00.000Z');

/** A device whose date is set `hoursAhead` into the future. */
async function deviceAhead(hoursAhead: number, db?: PisoDatabase): Promise<PisoDatabase> {
  const ahead = db ?? (await freshDatabase());
  ahead.clock = new Hlc(ahead.clock.deviceId, () => Date.now() + hoursAhead * HOUR);
  return ahead;
}

const stampHere = async (db: PisoDatabase) => (await repos(db).projects.create(projectData('HERE'))).hlc;

describe('Hlc.receive with a limit', () => {
  it('follows a clock within the limit and ignores one beyond it', () => {
    const wall = { now: T0 };
    const hlc = new Hlc('here', () => wall.now);
    const within = new Hlc('b', () => T0 + 23 * HOUR).tick();
    expect(parseHlc(hlc.receive(within, 24 * HOUR)).time).toBe(T0 + 23 * HOUR);
    const beyond = new Hlc('c', () => T0 + 30 * 24 * HOUR).tick();
    const after = hlc.receive(beyond, 24 * HOUR);
    expect(parseHlc(after).time).toBe(T0 + 23 * HOUR); // only ticked
    expect(hlc.isFarAhead(beyond, 24 * HOUR)).toBe(true);
    // Without a limit, as before.
    expect(parseHlc(hlc.receive(beyond)).time).toBe(T0 + 30 * 24 * HOUR);
  });
});

describe('a record from a device whose clock is days ahead', () => {
  it('is stored with its clock, counted, and later edits here keep this device’s time', async () => {
    const far = await deviceAhead(72);
    const remote = await repos(far).projects.create(projectData('FAR'));
    const here = await freshDatabase();
    const bundle = await readBundle((await exportBundle({ type: 'all' }, { db: far })).blob);
    expect((await previewImport(bundle, { db: here })).project.aheadOfClock).toBe(1);
    const effect = await commitImport(bundle, { db: here });
    expect(effect.project).toMatchObject({ new: 1, aheadOfClock: 1 });
    expect((await here.projects.get(remote.id))?.hlc).toBe(remote.hlc);
    const local = parseHlc(await stampHere(here)).time;
    expect(local).toBeLessThan(Date.now() + HOUR);
  });

  it('is followed within the limit set in Ajustes', async () => {
    const here = await freshDatabase();
    expect(await maxClockAheadHours(here)).toBe(DEFAULT_MAX_AHEAD_HOURS);
    await setMaxClockAheadHours(96, here);
    const far = await deviceAhead(72);
    const remote = await repos(far).projects.create(projectData('FAR'));
    expect(await applyMerged([remote], {}, here)).toEqual({ added: 1, updated: 0, unchanged: 0 });
    expect(parseHlc(await stampHere(here)).time).toBeGreaterThan(Date.now() + 71 * HOUR);
    await expect(setMaxClockAheadHours(0, here)).rejects.toThrow(RangeError);
  });

  it('an hour ahead is no problem: followed, not counted', async () => {
    const near = await deviceAhead(1);
    const here = await freshDatabase();
    const summary = await applyMerged([await repos(near).projects.create(projectData('NEAR'))], {}, here);
    expect(summary.aheadOfClock).toBeUndefined();
  });
});

describe('sync of a record with a clock days ahead', () => {
  let server: PisoServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('is reported by the sync result, and leaves this device’s clock alone', async () => {
    const name = await newServerDatabase(server);
    const a = await device(server, name);
    await deviceAhead(24 * 365, a.db);
    await a.repos.projects.create(projectData('FUTURE'));
    expect((await syncOnce(a.client, a.db)).aheadOfClock).toBe(0);

    const b = await device(server, name);
    const result = await syncOnce(b.client, b.db);
    expect(result).toMatchObject({ pulled: 1, aheadOfClock: 1 });
    expect(parseHlc(await stampHere(b.db)).time).toBeLessThan(Date.now() + HOUR);
  });
});
