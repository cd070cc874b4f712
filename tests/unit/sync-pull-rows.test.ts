// Pull reads the change rows first and asks only for the documents whose revision the
// device does not hold: a device's own pushes coming back cost no document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../sync-server/server.mjs';
import { syncOnce } from '../../src/lib/sync/sync-once';
import type { FetchLike } from '../../src/lib/sync/couch-client';
import { projectData } from './bundle-fixtures';
import { device, newServerDatabase, replicas, startServer } from './sync-fixtures';

let server: SyncServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** A fetch that counts the documents asked for by key (the pull's document requests). */
function countingKeys() {
  const asked: string[] = [];
  const fetchImpl: FetchLike = (url, init) => {
    if (url.includes('_all_docs') && typeof init?.body === 'string') asked.push(...(JSON.parse(init.body) as { keys: string[] }).keys);
    return fetch(url, init);
  };
  return { asked, fetchImpl };
}

describe('pull by rows, then documents', () => {
  it('fetches no document a device pushed itself, and every document a fresh device lacks', async () => {
    const name = await newServerDatabase(server);
    const own = countingKeys();
    const a = await device(server, name, own.fetchImpl);
    for (let i = 0; i < 5; i++) await a.repos.projects.create(projectData(`P-${i}`));
    expect(await syncOnce(a.client, a.db)).toMatchObject({ pushed: 5, pulled: 0 });
    expect(own.asked).toEqual([]);

    const fresh = countingKeys();
    const b = await device(server, name, fresh.fetchImpl);
    expect(await syncOnce(b.client, b.db)).toMatchObject({ pulled: 5 });
    expect(fresh.asked.sort()).toEqual((await a.db.projects.toCollection().primaryKeys()).sort());
    expect(await replicas(b.db)).toEqual(await replicas(a.db));

    // An edit on b: a fetches that one document, and nothing of what it holds.
    const [first] = await b.db.projects.toArray();
    await b.repos.projects.update(first.id, { region: 'Centroamérica' });
    await syncOnce(b.client, b.db);
    own.asked.length = 0;
    expect(await syncOnce(a.client, a.db)).toMatchObject({ pulled: 1 });
    expect(own.asked).toEqual([first.id]);
    expect(await replicas(a.db)).toEqual(await replicas(b.db));
  }, 30_000); // five syncs: seconds on a busy machine
});
