// A database connection lost under a write (Safari closes IndexedDB connections under
// memory pressure): the write reopens the database and goes through. fake-indexeddb's
// forceCloseDatabase is the browser closing the connection; the write that meets it
// fails as WebKit's does ("Failed to execute 'transaction' ... closing").
import { forceCloseDatabase } from 'fake-indexeddb';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  beforeUpgradeClose,
  isConnectionLost,
  openDatabase,
  repo,
  saveDraft,
  startDraft,
  withReopen,
  LATEST_VERSION,
  type PisoDatabase,
} from '../../src/lib/db';
import type { Form, SurveyResponse } from '../../src/lib/domain/types';

let db: PisoDatabase;
let run = 0;
const realPut = IDBObjectStore.prototype.put;

beforeEach(async () => {
  db = await openDatabase(`reopen-test-${++run}`);
});
afterEach(() => {
  IDBObjectStore.prototype.put = realPut;
  db.close();
});

/** The next put finds its connection closed by the browser. */
function loseConnectionAtNextPut(): void {
  IDBObjectStore.prototype.put = function (this: IDBObjectStore) {
    IDBObjectStore.prototype.put = realPut;
    // Typed for the constructor in fake-indexeddb's declarations; it takes the connection.
    forceCloseDatabase(this.transaction.db as never);
    throw new DOMException("Failed to execute 'put' on 'IDBObjectStore': The database connection is closing.", 'InvalidStateError');
  };
}

const form = { formId: 'survey', version: '1', projectId: null } as unknown as Form;

async function newDraft(): Promise<SurveyResponse> {
  return startDraft(form, { enumerator: 'Ana', answers: { age: '30' } });
}

describe('withReopen', () => {
  it('reopens the database and writes when the connection is lost under a save', async () => {
    const response = await newDraft();
    loseConnectionAtNextPut();
    await withReopen(() => saveDraft(response.id, { age: '45' }, 'age'));
    const stored = await repo<SurveyResponse>('response').get(response.id);
    expect(stored?.answers).toEqual({ age: '45' });
    expect(stored?.cursor).toBe('age');
    // And the connection serves the next writes.
    await saveDraft(response.id, { age: '46' }, 'age');
    expect((await repo<SurveyResponse>('response').get(response.id))?.answers).toEqual({ age: '46' });
  });

  it('without it the same save fails: the loss is real', async () => {
    const response = await newDraft();
    loseConnectionAtNextPut();
    const failure = await saveDraft(response.id, { age: '45' }).catch((e: unknown) => e);
    expect(isConnectionLost(failure)).toBe(true);
    expect((await repo<SurveyResponse>('response').get(response.id))?.answers).toEqual({ age: '30' });
  });

  it('does not retry other failures: a full disk, a bad value', async () => {
    const full = vi.fn(() => Promise.reject(new DOMException('full', 'QuotaExceededError')));
    await expect(withReopen(full)).rejects.toMatchObject({ name: 'QuotaExceededError' });
    const bad = vi.fn(() => Promise.reject(new TypeError('r is not iterable')));
    await expect(withReopen(bad)).rejects.toBeInstanceOf(TypeError);
    expect(full).toHaveBeenCalledOnce();
    expect(bad).toHaveBeenCalledOnce();
  });

  it('gives up after one reopen when the connection keeps failing', async () => {
    const lost = vi.fn(() => Promise.reject(new Dexie.DatabaseClosedError()));
    await expect(withReopen(lost)).rejects.toBeInstanceOf(Dexie.DatabaseClosedError);
    expect(lost).toHaveBeenCalledTimes(2);
  });

  it("never reopens a connection closed for another tab's upgrade, and writes what is pending first", async () => {
    const name = `reopen-upgrade-${run}`;
    const onVersionChange = vi.fn();
    const mine = await openDatabase(name, { onVersionChange });
    const response = await newDraft();
    // An interview with answers not yet written when the other tab upgrades.
    const unregister = beforeUpgradeClose(() => saveDraft(response.id, { age: '52' }));
    const newer = new Dexie(name);
    newer.version(LATEST_VERSION + 1).stores({ responses: 'id', meta: 'key' });
    await newer.open();
    unregister();
    expect(onVersionChange).toHaveBeenCalledOnce();
    expect((await newer.table('responses').get(response.id))?.answers).toEqual({ age: '52' });
    const failure = await withReopen(() => saveDraft(response.id, { age: '53' }), mine).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Dexie.DatabaseClosedError);
    expect(mine.isOpen()).toBe(false);
    newer.close();
  });
});
