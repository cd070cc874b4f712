import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markBackedUp, oldestUnsavedChange, openDatabase, projects, type PisoDatabase } from '../../src/lib/db';

let db: PisoDatabase;
let name: string;

beforeEach(async () => {
  name = `backup-${crypto.randomUUID()}`;
  db = await openDatabase(name);
});
afterEach(async () => {
  db.close();
  indexedDB.deleteDatabase(name);
});

const project = (code: string) => ({
  code,
  title: { es: code },
  description: {},
  country: 'SV',
  region: '',
  status: 'active' as const,
  start: '',
  end: '',
  budget: null,
  funding: '',
  partners: [],
  sdgTargets: [],
  links: [],
});

describe('backup reminder', () => {
  it('reports the oldest change not yet backed up, and nothing after a backup', async () => {
    expect(await oldestUnsavedChange(db)).toBeNull();
    const first = await projects.create(project('A'));
    await projects.create(project('B'));
    expect(await oldestUnsavedChange(db)).toBe(first.updatedAt);

    await markBackedUp(new Date(Date.now() + 1), db);
    expect(await oldestUnsavedChange(db)).toBeNull();
  });

  it('a change after the backup is unsaved again', async () => {
    const a = await projects.create(project('A'));
    await markBackedUp(new Date(Date.now() - 60_000), db);
    const edited = await projects.update(a.id, { code: 'A2' });
    expect(await oldestUnsavedChange(db)).toBe(edited.updatedAt);
  });
});

describe('backup reminder after the first run', () => {
  it('does not count the seed records, which were not typed on this device', async () => {
    const { seedOnce } = await import('../../src/lib/db');
    await seedOnce(undefined, db);
    expect(await oldestUnsavedChange(db)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const typed = await projects.create(project('NEW'));
    expect(await oldestUnsavedChange(db)).toBe(typed.updatedAt);
  });
});
