import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  countResponses,
  formVersions,
  isQuotaError,
  LATEST_VERSION,
  openDatabase,
  pageResponses,
  StorageUnavailableError,
} from '../../src/lib/db';

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
    // A derived index is not an edit: clocks stay as they were, and nothing is to sync.
    expect((await stored('r1')).fieldHlc).toEqual({ answers: H1, deleted: H1 });

    const page = await pageResponses({ formId: 'ss_coverage_slv' });
    expect(page.items.map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
    expect(await countResponses({ formId: 'ss_coverage_slv', department: 'morazan' })).toBe(1);
    expect((await formVersions('ss_coverage_slv')).map((f) => f.version)).toEqual(['2', '1']);
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
