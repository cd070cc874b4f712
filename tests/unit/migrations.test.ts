import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  countResponses,
  filterChoices,
  formVersions,
  isQuotaError,
  LATEST_VERSION,
  openDatabase,
  pageResponses,
  StorageUnavailableError,
} from '../../src/lib/db';
import { canonicalJson, replicated } from '../../src/lib/domain/merge';
import { upgradeRecord } from '../../src/lib/domain/record-upgrade';
import { supersededKey } from '../../src/lib/domain/period-values';
import { INSTANCE_ID, type Answers, type Envelope, type SurveyResponse } from '../../src/lib/domain/types';

let run = 0;
const opened: { close(): void }[] = [];
const fresh = (label: string) => `migrations-${label}-${++run}`;

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  vi.restoreAllMocks();
});

/** Dexie warns on the console about the very situations these tests create. */
const quietDexie = () => vi.spyOn(console, 'warn').mockImplementation(() => {});

/** The stores of version 1 as they shipped, frozen here on purpose. */
const VERSION_1_STORES = {
  projects: 'id, code, updatedAt',
  outcomes: 'id, projectId, updatedAt',
  indicators: 'id, outcomeId, updatedAt',
  forms: 'id, updatedAt',
  responses: 'id, [formId+status], projectId, updatedAt',
  meta: 'key',
};

const H1 = '2026-01-01T00:00:00.000Z-0000-dev-old';
const H2 = '2026-02-01T00:00:00.000Z-0003-dev-old';

function version1Project() {
  const data = { code: 'SLV/16/03/RBS', title: { es: 'Piso' }, budget: 462640, budgetCurrency: 'USD', partners: ['ISSS'] };
  return {
    ...data,
    id: 'p1',
    kind: 'project',
    hlc: H2,
    fieldHlc: { code: H1, title: H1, budget: H1, budgetCurrency: H2, partners: H1, deleted: H1 },
    deviceId: 'dev-old',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-02-01T00:00:00.000Z',
    deleted: false,
  };
}

async function writeVersion1(name: string): Promise<void> {
  const old = new Dexie(name);
  old.version(1).stores(VERSION_1_STORES);
  await old.open();
  await old.table('projects').bulkAdd([version1Project(), { ...version1Project(), id: 'p2', budget: null }]);
  await old.table('outcomes').add({ id: 'o1', kind: 'outcome', projectId: 'p1', code: 'OBJ 1', fieldHlc: {}, deleted: false });
  await old.table('responses').add({ id: 'r1', kind: 'response', formId: 'f1', status: 'draft', answers: { age: '34' }, fieldHlc: {} });
  await old.table('meta').bulkAdd([
    { key: 'deviceId', value: 'dev-old' },
    { key: 'hlc', value: H2 },
  ]);
  old.close();
}

describe('migration to version 2', () => {
  it('turns budgets into {amount, currency} and marks every record dirty, losing nothing', async () => {
    const name = fresh('v1');
    await writeVersion1(name);

    const db = await openDatabase(name);
    opened.push(db);
    expect(db.verno).toBe(LATEST_VERSION);

    const p1 = (await db.projects.get('p1')) as unknown as Record<string, unknown>;
    const { budget, budgetCurrency, fieldHlc, ...rest } = version1Project();
    expect(p1).toEqual({
      ...rest,
      budget: { amount: budget, currency: budgetCurrency },
      fieldHlc: { code: H1, title: H1, budget: H2, partners: H1, deleted: H1 },
      dirty: 1,
      seq: expect.any(Number),
    });
    expect(fieldHlc.budgetCurrency).toBe(H2);
    expect((await db.projects.get('p2'))?.budget).toBeNull();

    expect(await db.outcomes.get('o1')).toMatchObject({ projectId: 'p1', code: 'OBJ 1', dirty: 1 });
    expect(await db.responses.get('r1')).toMatchObject({ answers: { age: '34' }, dirty: 1 });
    expect(await db.responses.where('[formId+status]').equals(['f1', 'draft']).count()).toBe(1);
    // The new index works.
    expect(await db.projects.where('dirty').equals(1).count()).toBe(2);
    // The device keeps its id, and its clock carries on after the stored one.
    expect(db.clock.deviceId).toBe('dev-old');
    expect(db.clock.tick() > H2).toBe(true);
  });
});

/** The stores of version 2 as they shipped, frozen here on purpose. */
const VERSION_2_STORES = {
  projects: 'id, code, updatedAt, dirty',
  outcomes: 'id, projectId, updatedAt, dirty',
  indicators: 'id, outcomeId, updatedAt, dirty',
  forms: 'id, updatedAt, dirty',
  responses: 'id, [formId+status], projectId, updatedAt, dirty',
  meta: 'key',
};

function version2Response(id: string, answers: Record<string, string>, extra: Record<string, unknown> = {}) {
  return {
    id,
    kind: 'response',
    hlc: H1,
    fieldHlc: { answers: H1, deleted: H1 },
    deviceId: 'dev-old',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    deleted: false,
    dirty: 0,
    formId: 'ss_coverage_slv',
    formVersion: '1',
    projectId: null,
    status: 'finalized',
    answers,
    startedAt: `2026-01-0${id.slice(1)}T10:00:00.000Z`,
    finalizedAt: null,
    enumerator: 'Ana',
    device: 'dev-old',
    location: null,
    history: [],
    ...extra,
  };
}

async function writeVersion2(name: string): Promise<void> {
  const old = new Dexie(name);
  old.version(2).stores(VERSION_2_STORES);
  await old.open();
  await old.table('responses').bulkAdd([
    version2Response('r1', { department: 'morazan', age: '30' }),
    version2Response('r2', { departamento: 'san_miguel' }),
    version2Response('r3', { age: '51' }, { status: 'draft' }),
    version2Response('r4', { department: 'morazan' }, { deleted: true }),
  ]);
  await old.table('forms').bulkAdd(
    ['1', '2'].map((version) => ({ id: `f${version}`, kind: 'form', formId: 'ss_coverage_slv', version, deleted: false, fieldHlc: {} })),
  );
  await old.table('meta').add({ key: 'deviceId', value: 'dev-old' });
  old.close();
}

describe('migration to version 3', () => {
  it('derives the list index fields of every response and indexes forms by form_id and version', async () => {
    const name = fresh('v2');
    await writeVersion2(name);
    const db = await openDatabase(name);
    opened.push(db);
    expect(db.verno).toBe(LATEST_VERSION);

    const stored = (id: string) => db.responses.get(id) as Promise<Record<string, unknown>>;
    expect(await stored('r1')).toMatchObject({ ixLive: 1, ixDepartment: 'morazan', answers: { age: '30' }, dirty: 0 });
    expect(await stored('r2')).toMatchObject({ ixLive: 1, ixDepartment: 'san_miguel' });
    expect(await stored('r3')).toMatchObject({ ixLive: 1, ixDepartment: '' });
    expect(await stored('r4')).toMatchObject({ ixLive: 0, ixDepartment: 'morazan' });
    // A derived index is not an edit: clocks stay as they were (version 4 gives each
    // answer the answers' clock), and nothing is to sync.
    expect((await stored('r1')).fieldHlc).toEqual({ 'answers/age': H1, 'answers/department': H1, deleted: H1 });

    const page = await pageResponses({ formId: 'ss_coverage_slv' });
    expect(page.items.map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
    expect(await countResponses({ formId: 'ss_coverage_slv', department: 'morazan' })).toBe(1);
    expect((await formVersions('ss_coverage_slv')).map((f) => f.version)).toEqual(['2', '1']);
  });
});

/** The stores of version 3 as they shipped, frozen here on purpose. */
const VERSION_3_STORES = {
  ...VERSION_2_STORES,
  forms: 'id, updatedAt, dirty, [formId+version]',
  responses:
    'id, [formId+status], projectId, updatedAt, dirty, [formId+ixLive+startedAt], [formId+ixLive+status+startedAt], ' +
    '[formId+ixLive+enumerator+startedAt], [formId+ixLive+ixDepartment+startedAt]',
};

const H3 = '2026-03-01T00:00:00.000Z-0000-dev-old';

/** A corrected response of shape 1: one clock for all answers, one for the history, no ids. */
function version3Response() {
  return {
    ...version2Response('r1', {}),
    ...{ ixLive: 1, ixDepartment: 'morazan' },
    hlc: H3,
    fieldHlc: { answers: H3, history: H3, status: H1, deleted: H1 },
    answers: {
      department: 'morazan',
      member: [
        { name: 'Eva', age: '40', visit: [{ day: '1' }, { day: '2' }] },
        { name: 'Leo', age: '12' },
      ],
    },
    history: [
      { at: '2026-02-01T00:00:00.000Z', by: 'Marta', question: 'member[2]/age', oldValue: '11', newValue: '12' },
      { at: '2026-03-01T00:00:00.000Z', by: 'Marta', question: 'department', oldValue: 'la_paz', newValue: 'morazan' },
    ],
  };
}

function version3Indicator() {
  return {
    id: 'i1',
    kind: 'indicator',
    hlc: H2,
    fieldHlc: { periods: H2, name: H1, deleted: H1 },
    deviceId: 'dev-old',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-02-01T00:00:00.000Z',
    deleted: false,
    dirty: 1,
    outcomeId: 'o1',
    name: { es: 'Cobertura' },
    periods: [
      {
        start: '2026-01-01',
        end: '2026-12-31',
        targets: [{ value: 50, dimensions: {} }],
        actuals: [{ value: 41, dimensions: {} }, { value: 44, dimensions: { sex: 'female' } }],
        history: [{ value: 30, dimensions: {}, supersededAt: '2026-01-15T00:00:00.000Z' }],
      },
    ],
  };
}

describe('migration to version 4', () => {
  it('gives each answer, correction and indicator value its own clock, and repeat instances and corrections their ids', async () => {
    const name = fresh('v3');
    const old = new Dexie(name);
    old.version(3).stores(VERSION_3_STORES);
    await old.open();
    await old.table('responses').add(version3Response());
    await old.table('indicators').add(version3Indicator());
    await old.table('projects').add(version1Project());
    await old.table('meta').add({ key: 'deviceId', value: 'dev-old' });
    old.close();

    const db = await openDatabase(name);
    opened.push(db);
    expect(db.verno).toBe(LATEST_VERSION);

    const response = (await db.responses.get('r1')) as unknown as SurveyResponse & { ixLive: number };
    const [eva, leo] = response.answers.member as Answers[];
    expect(response.answers).toEqual({
      department: 'morazan',
      member: [
        { [INSTANCE_ID]: '000000000-0001', name: 'Eva', age: '40', visit: [{ [INSTANCE_ID]: '000000000-0001', day: '1' }, { [INSTANCE_ID]: '000000000-0002', day: '2' }] },
        { [INSTANCE_ID]: '000000000-0002', name: 'Leo', age: '12' },
      ],
    });
    expect(eva[INSTANCE_ID]).not.toBe(leo[INSTANCE_ID]);
    const ids = response.history.map((entry) => entry.id);
    expect(ids).toEqual([expect.stringMatching(/^h-[0-9a-f]{28}$/), expect.stringMatching(/^h-[0-9a-f]{28}$/)]);
    expect(new Set(ids).size).toBe(2);
    expect(response.history.map(({ id, ...entry }) => (void id, entry))).toEqual(version3Response().history);
    const m1 = 'answers/member/#000000000-0001';
    expect(response.fieldHlc).toEqual({
      'answers/department': H3,
      [m1]: H3,
      [`${m1}/name`]: H3,
      [`${m1}/age`]: H3,
      [`${m1}/visit/#000000000-0001`]: H3,
      [`${m1}/visit/#000000000-0001/day`]: H3,
      [`${m1}/visit/#000000000-0002`]: H3,
      [`${m1}/visit/#000000000-0002/day`]: H3,
      'answers/member/#000000000-0002': H3,
      'answers/member/#000000000-0002/name': H3,
      'answers/member/#000000000-0002/age': H3,
      [`history/${ids[0]}`]: H3,
      [`history/${ids[1]}`]: H3,
      status: H1,
      deleted: H1,
    });
    // A change of shape, not an edit: the clock, the sync state and the list index stay.
    expect(response).toMatchObject({ hlc: H3, dirty: 0, ixLive: 1, ixDepartment: 'morazan' });

    const indicator = (await db.indicators.get('i1')) as unknown as Record<string, unknown> & { fieldHlc: Record<string, string> };
    const P = 'periods/2026-01-01|2026-12-31';
    expect(indicator.fieldHlc).toEqual({
      [P]: H2,
      [`${P}/targets/{}`]: H2,
      [`${P}/actuals/{}`]: H2,
      [`${P}/actuals/{"sex":"female"}`]: H2,
      [`${P}/history/${supersededKey(version3Indicator().periods[0].history[0])}`]: H2,
      name: H1,
      deleted: H1,
    });
    expect(indicator.periods).toEqual(version3Indicator().periods);
    expect(indicator.dirty).toBe(1);
    // Other kinds have no map fields: untouched.
    expect((await db.projects.get('p1'))?.fieldHlc).toEqual(version1Project().fieldHlc);

    // Idempotent, and deterministic: another device upgrading the same record (from an old
    // bundle or server document) gets the same record.
    const local = (r: object) => canonicalJson(replicated(r as Envelope));
    expect(local(upgradeRecord(response))).toBe(local(response));
    expect(local(upgradeRecord(version3Response()))).toBe(local(response));
    expect(local(upgradeRecord(version3Indicator()))).toBe(local(indicator));
  });
});

/** The stores of version 4 as they shipped, frozen here on purpose. */
const VERSION_4_STORES = {
  projects: 'id, code, updatedAt, dirty, seq',
  outcomes: 'id, projectId, updatedAt, dirty, seq',
  indicators: 'id, outcomeId, updatedAt, dirty, seq',
  forms: 'id, updatedAt, dirty, [formId+version], seq',
  responses:
    'id, [formId+status], projectId, updatedAt, dirty, [formId+ixLive+startedAt], [formId+ixLive+status+startedAt], ' +
    '[formId+ixLive+enumerator+startedAt], [formId+ixLive+ixDepartment+startedAt], seq',
  meta: 'key',
  quarantine: 'id, source, at',
};

describe('migration to version 5', () => {
  it('adds the files table and indexes on each response the files its answers name, changing nothing else', async () => {
    const name = fresh('v4');
    const photo = { hash: 'a'.repeat(64), name: 'house.jpg', type: 'image/jpeg', size: 1200 };
    const card = { hash: 'b'.repeat(64), name: 'card.jpg', type: 'image/jpeg', size: 800 };
    // A response of version 4: its photo question kept the file name only (files were not stored yet).
    const nameOnly = { ...version3Response(), id: 'r1', answers: { department: 'morazan', photo: 'IMG_1.jpg' }, seq: 4 };
    // Answers naming files, as a newer device writes them, in a repeat too.
    const withFiles = {
      ...version3Response(),
      id: 'r2',
      answers: { photo, member: [{ [INSTANCE_ID]: 'i1', id_card: card }, { [INSTANCE_ID]: 'i2', id_card: photo }] },
      seq: 5,
    };
    const old = new Dexie(name);
    old.version(4).stores(VERSION_4_STORES);
    await old.open();
    await old.table('responses').bulkAdd([nameOnly, withFiles]);
    await old.table('meta').add({ key: 'deviceId', value: 'dev-old' });
    old.close();

    const db = await openDatabase(name);
    opened.push(db);
    expect(db.verno).toBe(LATEST_VERSION);
    const r1 = (await db.responses.get('r1')) as unknown as Record<string, unknown>;
    const r2 = (await db.responses.get('r2')) as unknown as Record<string, unknown>;
    expect(r1.ixFiles).toEqual([]);
    expect([...(r2.ixFiles as string[])].sort()).toEqual([photo.hash, card.hash]);
    // The index answers "who names this file?" without reading records.
    expect(await db.responses.where('ixFiles').equals(card.hash).primaryKeys()).toEqual(['r2']);
    expect(await db.files.count()).toBe(0);
    // A derived index is not an edit: answers, clocks, change numbers and sync state stay.
    for (const [before, after] of [[nameOnly, r1], [withFiles, r2]] as const) {
      expect(after).toMatchObject({ answers: before.answers, hlc: before.hlc, fieldHlc: before.fieldHlc, dirty: before.dirty, seq: before.seq });
    }
  });
});

describe('openDatabase', () => {
  it('gives a new database a device id, once', async () => {
    const name = fresh('device');
    const first = await openDatabase(name);
    const id = first.clock.deviceId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    first.close();
    const again = await openDatabase(name);
    opened.push(again);
    expect(again.clock.deviceId).toBe(id);
  });

  it('refuses a database newer than this code', async () => {
    quietDexie();
    const name = fresh('newer');
    const newer = new Dexie(name);
    newer.version(LATEST_VERSION + 1).stores({ projects: 'id', meta: 'key' });
    await newer.open();
    newer.close();
    const failure = await openDatabase(name).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StorageUnavailableError);
    expect(failure).toMatchObject({ reason: 'blocked' });
  });

  it('closes and tells the app when another tab upgrades', async () => {
    quietDexie();
    const name = fresh('versionchange');
    const onVersionChange = vi.fn();
    const db = await openDatabase(name, { onVersionChange });
    const newer = new Dexie(name);
    newer.version(LATEST_VERSION + 1).stores({ projects: 'id', meta: 'key' });
    await newer.open(); // would hang if our connection stayed open
    opened.push(newer);
    expect(onVersionChange).toHaveBeenCalledOnce();
    expect(db.isOpen()).toBe(false);
  });

  it('fails with reason "blocked" when an old connection never lets go', async () => {
    quietDexie();
    const name = fresh('blocked');
    const stubborn = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 10); // Dexie's version 1
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    opened.push(stubborn);
    const failure = await openDatabase(name, { blockedTimeoutMs: 20 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StorageUnavailableError);
    expect(failure).toMatchObject({ reason: 'blocked' });
  });
});

describe('isQuotaError', () => {
  it('recognizes "storage full" however it is wrapped', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError(new Error('wrapped', { cause: { name: 'NS_ERROR_DOM_QUOTA_REACHED' } }))).toBe(true);
    expect(isQuotaError(new Error('other'))).toBe(false);
    expect(isQuotaError(undefined)).toBe(false);
  });
});

/** The stores of version 5 as they shipped, frozen here on purpose (only those that changed). */
const VERSION_5_STORES = {
  ...VERSION_3_STORES,
  projects: 'id, code, updatedAt, dirty, seq',
  outcomes: 'id, projectId, updatedAt, dirty, seq',
  indicators: 'id, outcomeId, updatedAt, dirty, seq',
  forms: 'id, updatedAt, dirty, [formId+version], seq',
  responses:
    'id, [formId+status], projectId, updatedAt, dirty, [formId+ixLive+startedAt], [formId+ixLive+status+startedAt], ' +
    '[formId+ixLive+enumerator+startedAt], [formId+ixLive+ixDepartment+startedAt], seq, *ixFiles',
  quarantine: 'id, source, at',
  files: 'hash, storedAt',
};

describe('migration to version 6', () => {
  it('counts the stored responses of every form for the list, and pages two filters combined by one index', async () => {
    const name = fresh('v5');
    const old = new Dexie(name);
    old.version(5).stores(VERSION_5_STORES);
    await old.open();
    const v5 = (id: string, enumerator: string, department: string, extra: Record<string, unknown> = {}) => ({
      ...version2Response(id, department ? { department } : {}),
      enumerator,
      ixLive: extra.deleted ? 0 : 1,
      ixDepartment: department,
      ixFiles: [],
      seq: 1,
      ...extra,
    });
    await old.table('responses').bulkAdd([
      v5('r1', 'Ana', 'morazan'),
      v5('r2', 'Ana', 'morazan', { status: 'draft' }),
      v5('r3', 'Beto', 'morazan'),
      v5('r4', 'Ana', 'la_union'),
      v5('r5', 'Ana', 'morazan', { deleted: true }),
      v5('r6', 'Carla', '', { formId: 'other_form' }),
    ]);
    await old.table('meta').add({ key: 'deviceId', value: 'dev-old' });
    old.close();

    const db = await openDatabase(name);
    opened.push(db);
    expect(db.verno).toBe(LATEST_VERSION);
    expect(await countResponses({ formId: 'ss_coverage_slv' })).toBe(4);
    expect(await countResponses({ formId: 'ss_coverage_slv', enumerator: 'Ana', department: 'morazan' })).toBe(2);
    expect(await countResponses({ formId: 'ss_coverage_slv', status: 'finalized', enumerator: 'Ana', department: 'morazan' })).toBe(1);
    expect(await countResponses({ formId: 'other_form' })).toBe(1);
    expect(await filterChoices('ss_coverage_slv')).toEqual({ enumerators: ['Ana', 'Beto'], departments: ['la_union', 'morazan'] });
    const page = await pageResponses({ formId: 'ss_coverage_slv', enumerator: 'Ana', department: 'morazan' });
    expect(page.items.map((r) => r.id)).toEqual(['r2', 'r1']);
    // Later writes follow from the upgrade's counts.
    await db.transaction('rw', db.responses, db.meta, () => db.responses.delete('r1'));
    expect(await countResponses({ formId: 'ss_coverage_slv', enumerator: 'Ana' })).toBe(2);
  });
});

/** The stores of version 7 as they shipped, frozen here on purpose. */
const VERSION_7_STORES = {
  ...VERSION_5_STORES,
  responses:
    'id, [formId+status], projectId, updatedAt, dirty, [formId+ixLive+startedAt], [formId+ixLive+status+startedAt], ' +
    '[formId+ixLive+enumerator+startedAt], [formId+ixLive+ixDepartment+startedAt], seq, *ixFiles, ' +
    '[formId+ixLive+status+enumerator+startedAt], [formId+ixLive+status+ixDepartment+startedAt], ' +
    '[formId+ixLive+enumerator+ixDepartment+startedAt], [formId+ixLive+status+enumerator+ixDepartment+startedAt]',
  serverFiles: '[place+hash]',
};

describe('migration to version 8', () => {
  it('adds an empty entities table, keeping every record, file and meta entry as it was', async () => {
    const name = fresh('v7');
    const old = new Dexie(name);
    old.version(7).stores(VERSION_7_STORES);
    await old.open();
    await old.table('projects').add({ ...version1Project(), budget: { amount: 462640, currency: 'USD' }, dirty: 1, seq: 1 });
    await old.table('responses').bulkAdd([
      { ...version2Response('r1', { department: 'morazan' }), status: 'finalized', ixLive: 1, ixDepartment: 'morazan', ixFiles: [], seq: 2 },
      { ...version2Response('r2', {}), ixLive: 1, ixDepartment: '', ixFiles: [], seq: 3 },
    ]);
    await old.table('files').add({ hash: 'c'.repeat(64), name: 'a.jpg', type: 'image/jpeg', size: 3, storedAt: '2026-11-01T00:00:00.000Z' });
    await old.table('serverFiles').add({ place: 'https://sync.example', hash: 'c'.repeat(64), state: 'confirmed' });
    await old.table('meta').bulkAdd([
      { key: 'deviceId', value: 'dev-old' },
      { key: 'hlc', value: H2 },
      { key: 'seq', value: 3 },
    ]);
    const before: Record<string, unknown[]> = {};
    for (const table of old.tables) before[table.name] = await table.toArray();
    old.close();

    const db = await openDatabase(name);
    opened.push(db);
    expect(db.verno).toBe(LATEST_VERSION);
    for (const [table, rows] of Object.entries(before)) {
      const after = await db.table(table).toArray();
      // The device clock is written on open; nothing else in meta changes.
      if (table === 'meta') expect(after.filter((e) => e.key !== 'hlc')).toEqual(rows.filter((e) => (e as { key: string }).key !== 'hlc'));
      else expect(canonicalJson(after)).toBe(canonicalJson(rows));
    }
    expect(await db.entities.count()).toBe(0);
    // The new table takes records like the others, numbered after the old ones.
    await db.transaction('rw', db.entities, db.meta, () =>
      db.entities.put({ id: 'workers:w1', kind: 'entity', list: 'workers', entityId: 'w1', label: 'Ana', properties: {}, visits: [], fieldHlc: {} } as never),
    );
    expect(await db.entities.where('[list+label]').equals(['workers', 'Ana']).primaryKeys()).toEqual(['workers:w1']);
    expect(((await db.entities.get('workers:w1')) as unknown as { seq: number }).seq).toBe(4);
  });
});
