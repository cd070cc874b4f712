// The counts kept for the responses list (lib/db/response-counts.ts) after every kind of
// write, each compared with a count made by reading every stored response; and the first
// rows kept with them (response-first-page.ts), each compared with the list's index.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commitImport, exportBundle, readBundle } from '../../src/lib/bundle';
import { countResponses, filterChoices, type PisoDatabase, type ResponseFilter } from '../../src/lib/db';
import { departmentOf } from '../../src/lib/db/response-index';
import { readCountRows, type CountRow } from '../../src/lib/db/response-counts';
import { FIRST_PAGE_SIZE, firstPageKey, nextFirstPage, type ListRow } from '../../src/lib/db/response-first-page';
import { pageResponses, readListScreen } from '../../src/lib/db/response-queries';
import { correctResponse, finalizeResponse, saveDraft, startDraft } from '../../src/lib/db/responses';
import { syncOnce } from '../../src/lib/sync/sync-once';
import type { Form, SurveyResponse } from '../../src/lib/domain/types';
import type { PisoServer } from '../../src/server/server.mjs';
import { seededRandom } from '../seeded-random';
import { formData, freshDatabase, repos, responseData } from './bundle-fixtures';
import { device, newServerDatabase, startServer } from './sync-fixtures';

const FORM = 'hogares';
const ENUMERATORS = ['Ana', 'Beto', 'Carla'];
const DEPARTMENTS = ['morazan', 'la_union', 'san_miguel'];

/** The rows a count by reading gives: every live response of the form, by combination. */
async function rowsByReading(db: PisoDatabase, formId: string): Promise<CountRow[]> {
  const tally = new Map<string, CountRow>();
  for (const r of (await db.responses.toArray()) as unknown as SurveyResponse[]) {
    if (r.deleted || r.formId !== formId) continue;
    const row = { status: r.status, enumerator: r.enumerator, department: departmentOf(r.answers), n: 0 };
    const key = JSON.stringify([row.status, row.enumerator, row.department]);
    (tally.get(key) ?? tally.set(key, row).get(key)!).n++;
  }
  return sorted([...tally.values()]);
}

const sorted = (rows: CountRow[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The stored counts equal a count by reading, for every form given; and the list's figures follow them. */
async function expectCountsRight(db: PisoDatabase, ...formIds: string[]): Promise<void> {
  for (const formId of formIds) {
    const want = await rowsByReading(db, formId);
    expect(sorted(await readCountRows(db, formId))).toEqual(want);
    const sum = (f: (r: CountRow) => boolean) => want.filter(f).reduce((s, r) => s + r.n, 0);
    const filters: [ResponseFilter, (r: CountRow) => boolean][] = [
      [{ formId }, () => true],
      [{ formId, status: 'draft' }, (r) => r.status === 'draft'],
      [{ formId, enumerator: 'Ana', department: 'morazan' }, (r) => r.enumerator === 'Ana' && r.department === 'morazan'],
      [{ formId, status: 'finalized', enumerator: 'Beto', department: 'la_union' }, (r) => r.status === 'finalized' && r.enumerator === 'Beto' && r.department === 'la_union'],
    ];
    for (const [filter, match] of filters) expect(await countResponses(filter)).toBe(sum(match));
    const choices = await filterChoices(formId);
    expect(choices.enumerators).toEqual([...new Set(want.map((r) => r.enumerator))].sort());
    expect(choices.departments).toEqual([...new Set(want.map((r) => r.department).filter(Boolean))].sort());
    await expectFirstPageRight(db, formId);
  }
}

/**
 * The first rows kept for the form's list are those its index gives first, and the
 * list's screen without a filter shows them, with a next page that goes on where the
 * index does.
 */
async function expectFirstPageRight(db: PisoDatabase, formId: string): Promise<void> {
  const fromIndex = await pageResponses({ formId }, undefined, FIRST_PAGE_SIZE);
  expect((await db.meta.get(firstPageKey(formId)))?.value).toEqual(fromIndex.items);
  const screen = await readListScreen({ formId }, FIRST_PAGE_SIZE);
  expect(screen.page).toEqual(fromIndex);
  if (fromIndex.nextCursor) {
    const second = await pageResponses({ formId }, screen.page.nextCursor!, FIRST_PAGE_SIZE);
    expect(second.items).toEqual((await pageResponses({ formId }, FIRST_PAGE_SIZE, FIRST_PAGE_SIZE)).items);
  }
}

function varied(i: number, formId = FORM) {
  return {
    ...responseData(formId, null, `P${i}`),
    status: i % 3 === 0 ? ('draft' as const) : ('finalized' as const),
    enumerator: ENUMERATORS[i % 3],
    answers: i % 7 === 6 ? { name: `P${i}` } : { name: `P${i}`, [i % 2 ? 'department' : 'departamento']: DEPARTMENTS[(i >> 1) % 3] },
    startedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  };
}

let db: PisoDatabase;
beforeEach(async () => {
  db = await freshDatabase();
});

describe('response counts', () => {
  it('follow an interview: draft, saves that change the department, finalizing, a correction, deletion and restore', async () => {
    const form = (await repos(db).forms.create(formData(FORM))) as Form;
    const draft = await startDraft(form, { enumerator: 'Ana', answers: { department: 'morazan' } });
    await expectCountsRight(db, FORM);
    expect(await countResponses({ formId: FORM, status: 'draft', department: 'morazan' })).toBe(1);
    await saveDraft(draft.id, { department: 'la_union' });
    await saveDraft(draft.id, { department: 'la_union', name: 'Eva' }); // no figure moves
    await expectCountsRight(db, FORM);
    await finalizeResponse(draft.id, { department: 'la_union', name: 'Eva' });
    expect(await countResponses({ formId: FORM, status: 'draft' })).toBe(0);
    expect(await countResponses({ formId: FORM, status: 'finalized', department: 'la_union' })).toBe(1);
    await correctResponse(draft.id, { departamento: 'san_miguel', name: 'Eva' }, 'Supervisora');
    await expectCountsRight(db, FORM);
    expect(await filterChoices(FORM)).toEqual({ enumerators: ['Ana'], departments: ['san_miguel'] });
    await repos(db).responses.remove(draft.id);
    expect(await countResponses({ formId: FORM })).toBe(0);
    expect(await filterChoices(FORM)).toEqual({ enumerators: [], departments: [] });
    await repos(db).responses.restore(draft.id);
    await expectCountsRight(db, FORM);
    expect(await countResponses({ formId: FORM })).toBe(1);
  });

  it('follow random edits, tombstones and restores across two forms', async () => {
    const r = repos(db).responses;
    const random = seededRandom(13);
    const made: SurveyResponse[] = [];
    for (let i = 0; i < 60; i++) made.push(await r.create(varied(i, i % 4 === 0 ? 'otro' : FORM)));
    for (let step = 0; step < 80; step++) {
      const target = made[Math.floor(random() * made.length)];
      const roll = random();
      if (roll < 0.2) await r.remove(target.id);
      else if (roll < 0.35) await r.restore(target.id).catch(() => undefined);
      else if (roll < 0.6) await r.update(target.id, { status: random() < 0.5 ? 'draft' : 'finalized' });
      else if (roll < 0.8) await r.update(target.id, { enumerator: ENUMERATORS[Math.floor(random() * 3)] });
      else await r.update(target.id, { answers: { department: DEPARTMENTS[Math.floor(random() * 3)] } });
    }
    await expectCountsRight(db, FORM, 'otro');
  });

  it('follow a bundle import, the same bundle again, and a later bundle that changes and deletes responses', async () => {
    const source = await freshDatabase();
    const r = repos(source).responses;
    const made: SurveyResponse[] = [];
    for (let i = 0; i < 40; i++) made.push(await r.create(varied(i)));
    db = await freshDatabase(); // the current database, which the list's queries read
    const move = async () => commitImport(await readBundle((await exportBundle({ type: 'all' }, { db: source })).blob), { db });

    await move();
    await expectCountsRight(db, FORM);
    expect(await countResponses({ formId: FORM })).toBe(40);
    await move();
    expect(await countResponses({ formId: FORM })).toBe(40);

    for (const x of made.slice(0, 10)) await r.remove(x.id);
    for (const x of made.slice(10, 20)) await r.update(x.id, { status: 'draft', answers: { department: 'morazan' } });
    await move();
    await expectCountsRight(db, FORM);
    expect(await countResponses({ formId: FORM })).toBe(30);
  });

  describe('through sync', () => {
    let server: PisoServer;
    beforeAll(async () => {
      server = await startServer();
    });
    afterAll(() => server.close());

    it('follow a pull of new responses, then of changed ones and tombstones', async () => {
      const name = await newServerDatabase(server);
      const a = await device(server, name);
      const b = await device(server, name);
      const made: SurveyResponse[] = [];
      for (let i = 0; i < 30; i++) made.push(await a.repos.responses.create(varied(i)));
      await syncOnce(a.client, a.db);
      await syncOnce(b.client, b.db);
      await expectCountsRight(b.db, FORM);
      expect(await readCountRows(b.db, FORM)).toEqual(expect.arrayContaining(await readCountRows(a.db, FORM)));

      for (const x of made.slice(0, 5)) await a.repos.responses.remove(x.id);
      for (const x of made.slice(5, 15)) await a.repos.responses.update(x.id, { enumerator: 'Zoe', status: 'finalized' });
      await syncOnce(a.client, a.db);
      await syncOnce(b.client, b.db);
      await expectCountsRight(b.db, FORM);
      expect(await countResponses({ formId: FORM, enumerator: 'Zoe' })).toBe(10);
      expect(await countResponses({ formId: FORM })).toBe(25);
    }, 30_000); // two devices, two syncs each, against a real server: seconds on a loaded machine
  });

  it('follow bulk writes: concurrent puts in one transaction, a key given twice, deletes and clear()', async () => {
    const base = Array.from({ length: 20 }, (_, i) => ({ ...varied(i), id: `r${i}`, kind: 'response', deleted: false }));
    await db.transaction('rw', db.responses, db.meta, async () => {
      await Promise.all(base.map((x) => db.responses.put(x as never)));
    });
    await expectCountsRight(db, FORM);
    await db.transaction('rw', db.responses, db.meta, async () => {
      await db.responses.bulkPut([
        { ...base[0], enumerator: 'Zoe' },
        { ...base[0], enumerator: 'Yolanda' },
        { ...base[1], deleted: true },
      ] as never[]);
      await db.responses.bulkDelete(['r2', 'r3', 'nothing']);
      await db.responses.where('id').between('r4', 'r6', true, true).delete();
    });
    await expectCountsRight(db, FORM);
    expect(await countResponses({ formId: FORM, enumerator: 'Yolanda' })).toBe(1);
    expect(await countResponses({ formId: FORM, enumerator: 'Zoe' })).toBe(0);
    await db.transaction('rw', db.responses, db.meta, () => db.responses.clear());
    expect(await readCountRows(db, FORM)).toEqual([]);
  });

  it('refuse a deletion of responses whose transaction leaves out meta', async () => {
    const write = db.transaction('rw', db.responses, () => db.responses.delete('x'));
    await expect(write).rejects.toThrow(/meta table \(response counts\)/);
  });

  it('keep the first rows of a list longer than a page through new, edited, restarted, deleted and restored responses', async () => {
    const r = repos(db).responses;
    const random = seededRandom(7);
    const made: SurveyResponse[] = [];
    for (let i = 0; i < 130; i++) made.push(await r.create(varied(i, i % 5 === 0 ? 'otro' : FORM)));
    await expectCountsRight(db, FORM, 'otro');
    // The newest are the ones whose changes reach the first rows: most steps pick among them.
    for (let step = 0; step < 120; step++) {
      const pool = random() < 0.7 ? made.slice(-70) : made;
      const target = pool[Math.floor(random() * pool.length)];
      const roll = random();
      if (roll < 0.25) await r.remove(target.id);
      else if (roll < 0.4) await r.restore(target.id).catch(() => undefined);
      else if (roll < 0.6) await r.update(target.id, { startedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 200) * 60_000).toISOString() });
      else if (roll < 0.8) await r.update(target.id, { enumerator: ENUMERATORS[Math.floor(random() * 3)] });
      else await r.update(target.id, { answers: { department: DEPARTMENTS[Math.floor(random() * 3)] } });
      if (step % 20 === 19) await expectCountsRight(db, FORM, 'otro');
    }
    // Responses started in the same millisecond come in the index's order (by id, reversed).
    const at = made[made.length - 1].startedAt;
    for (let i = 0; i < 3; i++) await r.create({ ...varied(200 + i), startedAt: at });
    await expectCountsRight(db, FORM, 'otro');
  });

  it('keep the first rows through bulk writes of many in one transaction, and build them for a form that has none kept', async () => {
    const base = Array.from({ length: 120 }, (_, i) => ({ ...varied(i), id: `r${String(i).padStart(3, '0')}`, kind: 'response', deleted: false }));
    await db.transaction('rw', db.responses, db.meta, async () => {
      await Promise.all([db.responses.bulkPut(base.slice(0, 60) as never[]), db.responses.bulkPut(base.slice(60) as never[])]);
    });
    await expectCountsRight(db, FORM);
    // The newest page deleted at once, and the next newest edited in the same transaction.
    await db.transaction('rw', db.responses, db.meta, async () => {
      await db.responses.bulkDelete(base.slice(70).map((x) => x.id));
      await db.responses.bulkPut(base.slice(40, 70).map((x) => ({ ...x, enumerator: 'Zoe' })) as never[]);
    });
    await expectCountsRight(db, FORM);
    // Without kept rows (a database from before them), the list reads its index; the next write keeps them again.
    await db.meta.delete(firstPageKey(FORM));
    expect((await readListScreen({ formId: FORM }, FIRST_PAGE_SIZE)).page).toEqual(await pageResponses({ formId: FORM }, undefined, FIRST_PAGE_SIZE));
    await db.transaction('rw', db.responses, db.meta, () => db.responses.put({ ...base[0], enumerator: 'Yolanda' } as never));
    await expectCountsRight(db, FORM);
    await db.transaction('rw', db.responses, db.meta, () => db.responses.clear());
    expect((await db.meta.get(firstPageKey(FORM)))?.value).toEqual([]);
  });
});

describe('the first rows after a write (nextFirstPage)', () => {
  const row = (n: number, startedAt = `2026-01-01T00:${String(n).padStart(2, '0')}:00.000Z`): ListRow => ({
    id: `r${String(n).padStart(3, '0')}`,
    startedAt,
    status: 'finalized',
    enumerator: 'Ana',
    department: '',
  });
  /** Rows n down to n - count + 1, newest first. */
  const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => row(from - i));

  it('adds what the write stored ahead of the kept rows, and drops what falls past a page', () => {
    expect(nextFirstPage(rows(59, FIRST_PAGE_SIZE), new Set(['r060']), [row(60)])).toEqual(rows(60, FIRST_PAGE_SIZE));
  });

  it('cannot tell the rows of a full page once one is removed, nor when one moves past its last', () => {
    const kept = rows(59, FIRST_PAGE_SIZE);
    expect(nextFirstPage(kept, new Set(['r030']), [])).toBeNull();
    expect(nextFirstPage(kept, new Set(['r030']), [{ ...row(30), startedAt: '2025-01-01T00:00:00.000Z' }])).toBeNull();
    // Edited in place, or moved no further than the last row: still sure.
    expect(nextFirstPage(kept, new Set(['r030']), [{ ...row(30), enumerator: 'Beto' }])?.[29]).toEqual({ ...row(30), enumerator: 'Beto' });
    const moved = { ...row(59), startedAt: kept[49].startedAt };
    expect(nextFirstPage(kept, new Set(['r059']), [moved])).toEqual([...kept.slice(1, 49), moved, kept[49]]);
  });

  it('keeps every row of a list shorter than a page, whatever leaves it', () => {
    expect(nextFirstPage(rows(9, 10), new Set(['r005', 'r100']), [row(100)])).toEqual([row(100), ...rows(9, 10).filter((r) => r.id !== 'r005')]);
  });

  it('orders responses started in the same millisecond by id, as the reversed index does', () => {
    const same = '2026-01-01T00:30:00.000Z';
    expect(nextFirstPage([row(1, same)], new Set(), [row(2, same), row(0, same)])?.map((r) => r.id)).toEqual(['r002', 'r001', 'r000']);
  });
});
