// The counts kept for the responses list (lib/db/response-counts.ts) after every kind of
// write, each compared with a count made by reading every stored response.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commitImport, exportBundle, readBundle } from '../../src/lib/bundle';
import { countResponses, filterChoices, type PisoDatabase, type ResponseFilter } from '../../src/lib/db';
import { departmentOf } from '../../src/lib/db/response-index';
import { readCountRows, type CountRow } from '../../src/lib/db/response-counts';
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
});
