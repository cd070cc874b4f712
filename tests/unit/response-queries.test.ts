import { beforeEach, describe, expect, it } from 'vitest';
import {
  countResponses,
  filterChoices,
  openDatabase,
  pageResponses,
  readListScreen,
  repo,
  watchListScreen,
  type ListScreen,
  type PisoDatabase,
  type ResponseCursor,
  type ResponseFilter,
} from '../../src/lib/db';
import type { DataOf, SurveyResponse } from '../../src/lib/domain/types';

let db: PisoDatabase;
let run = 0;
const responses = repo<SurveyResponse>('response');

beforeEach(async () => {
  db = await openDatabase(`response-queries-test-${++run}`);
});

const ENUMERATORS = ['Ana', 'Beto', 'Carla'];
const DEPARTMENTS = ['ahuachapan', 'morazan', 'san_salvador', ''];

function data(i: number, formId = 'ss_coverage_slv'): DataOf<SurveyResponse> {
  const department = DEPARTMENTS[i % DEPARTMENTS.length];
  return {
    formId,
    formVersion: '1',
    projectId: null,
    status: i % 3 === 0 ? 'draft' : 'finalized',
    // Every fifth response shares its start with the one before: ties must page right.
    answers: department ? { [i % 2 ? 'department' : 'departamento']: department, age: String(20 + i) } : { age: '1' },
    startedAt: new Date(Date.UTC(2026, 0, 1) + (i - (i % 5 === 0 ? 1 : 0)) * 3_600_000).toISOString(),
    finalizedAt: null,
    enumerator: ENUMERATORS[i % ENUMERATORS.length],
    device: 'dev',
    location: null,
    history: [],
  };
}

/** Stores n responses the way a bundle import does (one transaction), plus tombstones. */
async function seed(n: number): Promise<SurveyResponse[]> {
  const all: SurveyResponse[] = [];
  for (let i = 0; i < n; i++) all.push(await responses.create(data(i)));
  for (const r of all.filter((_, i) => i % 10 === 7)) await responses.remove(r.id);
  await responses.create(data(1, 'other_form'));
  return all.map((r, i) => (i % 10 === 7 ? { ...r, deleted: true } : r));
}

const newestFirst = (a: SurveyResponse, b: SurveyResponse) =>
  a.startedAt === b.startedAt ? (a.id < b.id ? 1 : -1) : a.startedAt < b.startedAt ? 1 : -1;

function expected(all: SurveyResponse[], f: ResponseFilter): string[] {
  return all
    .filter(
      (r) =>
        !r.deleted &&
        r.formId === f.formId &&
        (!f.status || r.status === f.status) &&
        (!f.enumerator || r.enumerator === f.enumerator) &&
        (!f.department || (r.answers.department ?? r.answers.departamento) === f.department) &&
        (!f.from || r.startedAt >= f.from) &&
        (!f.to || r.startedAt < f.to),
    )
    .sort(newestFirst)
    .map((r) => r.id);
}

async function walk(f: ResponseFilter, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: ResponseCursor | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await pageResponses(f, cursor, limit);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((r) => r.id));
    if (!page.nextCursor) return ids;
    expect(page.items.length).toBe(limit);
    cursor = page.nextCursor;
  }
  throw new Error('paging never ended');
}

describe('response index fields', () => {
  it('are computed on every write: create, update, remove, restore', async () => {
    const r = await responses.create(data(1));
    const stored = () => db.responses.get(r.id) as Promise<Record<string, unknown>>;
    expect(await stored()).toMatchObject({ ixLive: 1, ixDepartment: 'morazan' });
    await responses.update(r.id, { answers: { departamento: 'ahuachapan' } });
    expect(await stored()).toMatchObject({ ixLive: 1, ixDepartment: 'ahuachapan' });
    await responses.remove(r.id);
    expect(await stored()).toMatchObject({ ixLive: 0 });
    await responses.restore(r.id);
    expect(await stored()).toMatchObject({ ixLive: 1 });
    await responses.update(r.id, { answers: {} });
    expect(await stored()).toMatchObject({ ixDepartment: '' });
  });
});

describe('pageResponses', () => {
  const FORM = 'ss_coverage_slv';
  const filters: [string, ResponseFilter][] = [
    ['no filter', { formId: FORM }],
    ['status', { formId: FORM, status: 'draft' }],
    ['enumerator', { formId: FORM, enumerator: 'Beto' }],
    ['department', { formId: FORM, department: 'morazan' }],
    ['period', { formId: FORM, from: '2026-01-02T00:00:00.000Z', to: '2026-01-04T12:00:00.000Z' }],
    [
      'everything combined',
      { formId: FORM, status: 'finalized', enumerator: 'Ana', department: 'ahuachapan', from: '2026-01-01T05:00:00.000Z', to: '2026-01-06T00:00:00.000Z' },
    ],
    ['status and department', { formId: FORM, status: 'finalized', department: 'san_salvador' }],
    ['status and enumerator', { formId: FORM, status: 'draft', enumerator: 'Carla' }],
    ['enumerator and department', { formId: FORM, enumerator: 'Beto', department: 'morazan' }],
    ['enumerator, department and a period', { formId: FORM, enumerator: 'Beto', department: 'morazan', from: '2026-01-03T00:00:00.000Z' }],
    ['nothing matches', { formId: FORM, enumerator: 'Nadie' }],
    ['a period that ends before it starts', { formId: FORM, from: '2026-01-05T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' }],
  ];

  it.each(filters)('walks every match exactly once, newest first, tombstones left out (%s)', async (_, f) => {
    const all = await seed(130);
    const want = expected(all, f);
    expect(await walk(f, 7)).toEqual(want);
    expect(await countResponses(f)).toBe(want.length);
    expect(await readListScreen(f, 7)).toEqual({ page: await pageResponses(f, undefined, 7), count: want.length, choices: await filterChoices(FORM) });
  }, 30_000); // 130 writes, one transaction each: seconds on a loaded machine

  it('starts a page at a position: the same responses as paging there by cursor', async () => {
    const all = await seed(130);
    const f = { formId: FORM, status: 'finalized' as const };
    const want = expected(all, f);
    for (const at of [0, 7, 40, want.length - 12, want.length - 3, want.length]) {
      // Without the total from the top; with it, a position past the middle from the end.
      for (const total of [undefined, want.length]) {
        const page = await pageResponses(f, at, 10, total);
        expect(page.items.map((r) => r.id)).toEqual(want.slice(at, at + 10));
        expect(page.nextCursor === null).toBe(at + 10 >= want.length);
        if (page.nextCursor) expect((await pageResponses(f, page.nextCursor, 10)).items.map((r) => r.id)).toEqual(want.slice(at + 10, at + 20));
      }
    }
  });

  it('returns no next cursor when the last page is exactly full', async () => {
    await seed(20);
    const f = { formId: FORM, enumerator: 'Ana' };
    const total = await countResponses(f);
    const page = await pageResponses(f, undefined, total);
    expect(page.items).toHaveLength(total);
    expect(page.nextCursor).toBeNull();
  });
});

describe('distinct filter values', () => {
  it('lists the enumerators and departments of live responses of one form, sorted', async () => {
    await seed(40);
    await responses.create({ ...data(2), enumerator: 'Zoe', answers: { department: 'usulutan' } });
    const zoe = await responses.create({ ...data(2), enumerator: 'Yolanda', answers: { department: 'la_union' } });
    await responses.remove(zoe.id);
    expect(await filterChoices('ss_coverage_slv')).toEqual({
      enumerators: ['Ana', 'Beto', 'Carla', 'Zoe'],
      departments: ['ahuachapan', 'morazan', 'san_salvador', 'usulutan'],
    });
    expect(await filterChoices('nothing')).toEqual({ enumerators: [], departments: [] });
  });
});

describe('list rows', () => {
  it('hold what a row shows, not the answers', async () => {
    const [r] = await seed(1);
    const { items } = await pageResponses({ formId: 'ss_coverage_slv' });
    expect(items).toEqual([{ id: r.id, startedAt: r.startedAt, status: 'draft', enumerator: 'Ana', department: 'ahuachapan' }]);
    const withDepartment = await responses.create(data(1));
    expect((await pageResponses({ formId: 'ss_coverage_slv', department: 'morazan' })).items).toEqual([
      { id: withDepartment.id, startedAt: withDepartment.startedAt, status: 'finalized', enumerator: 'Beto', department: 'morazan' },
    ]);
  });
});

describe('watchListScreen', () => {
  /** The screens a watch shows, and a way to wait for the next one. */
  function watching(f: ResponseFilter) {
    const screens: ListScreen[] = [];
    let arrived: () => void = () => {};
    const next = () => new Promise<void>((resolve) => (arrived = resolve));
    let first = next();
    const stop = watchListScreen(f, 5, (screen) => {
      screens.push(screen);
      arrived();
    }, (error) => {
      throw error;
    });
    return { screens, stop, nextScreen: () => ((first = first.then(next)), first), firstScreen: () => first };
  }

  it('reads the screen at once, again after each write to the responses, and no more once stopped', async () => {
    await seed(12);
    const f = { formId: 'ss_coverage_slv', enumerator: 'Carla' };
    const watch = watching(f);
    await watch.firstScreen();
    expect(watch.screens[0]).toEqual(await readListScreen(f, 5));
    const count = watch.screens[0].count;

    const arriving = watch.nextScreen();
    const added = await responses.create({ ...data(2), startedAt: '2030-01-01T00:00:00.000Z' });
    await arriving;
    expect(watch.screens.at(-1)!.count).toBe(count + 1);
    expect(watch.screens.at(-1)!.page.items[0].id).toBe(added.id);

    const removing = watch.nextScreen();
    await responses.remove(added.id);
    await removing;
    expect(watch.screens.at(-1)!.count).toBe(count);

    watch.stop();
    const shown = watch.screens.length;
    await responses.create(data(3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(watch.screens).toHaveLength(shown);
  });

  it('shows the screen read before as it starts, until a write to the responses comes', async () => {
    await seed(12);
    const f = { formId: 'ss_coverage_slv', department: 'morazan' };
    const first = watching(f);
    await first.firstScreen();
    first.stop();

    const again = watching(f);
    expect(again.screens).toEqual([first.screens[0]]);
    again.stop();

    await responses.create({ ...data(1), startedAt: '2030-01-01T00:00:00.000Z' });
    const afterWrite = watching(f);
    expect(afterWrite.screens).toHaveLength(0);
    await afterWrite.firstScreen();
    expect(afterWrite.screens[0].count).toBe(first.screens[0].count + 1);
    afterWrite.stop();
  });

  it('ends on the screen after the last of many writes made at once', async () => {
    const f = { formId: 'ss_coverage_slv' };
    const watch = watching(f);
    await watch.firstScreen();
    await Promise.all(Array.from({ length: 10 }, (_, i) => responses.create(data(i))));
    await expect.poll(() => watch.screens.at(-1)!.count).toBe(10);
    expect(watch.screens.at(-1)).toEqual(await readListScreen(f, 5));
    watch.stop();
  });
});
