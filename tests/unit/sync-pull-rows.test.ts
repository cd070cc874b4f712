// After a push, pull reads the change rows first and asks only for the documents whose
// revision the device does not hold: its own pushes coming back cost no document. A
// device that pushed nothing gets the documents with the rows, in one request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PisoServer } from '../../src/server/server.mjs';
import { syncOnce } from '../../src/lib/sync/sync-once';
import type { FetchLike } from '../../src/lib/sync/couch-client';
import { projectData } from './bundle-fixtures';
import { device, newServerDatabase, replicas, startServer } from './sync-fixtures';

let server: PisoServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** A fetch that lists the documents asked for by key, and whether change rows came with documents. */
function watching() {
  const asked: string[] = [];
  const changes: ('rows' | 'docs')[] = [];
  const fetchImpl: FetchLike = (url, init) => {
    if (url.includes('_all_docs') && typeof init?.body === 'string') asked.push(...(JSON.parse(init.body) as { keys: string[] }).keys);
    if (url.includes('_changes')) changes.push(url.includes('include_docs=true') ? 'docs' : 'rows');
    return fetch(url, init);
  };
  return { asked, changes, fetchImpl };
}

describe('pull after a push', () => {
  it('fetches no document the device pushed itself, only those it lacks', async () => {
    const name = await newServerDatabase(server);
    const seenByA = watching();
    const a = await device(server, name, seenByA.fetchImpl);
    for (let i = 0; i < 5; i++) await a.repos.projects.create(projectData(`P-${i}`));
    expect(await syncOnce(a.client, a.db)).toMatchObject({ pushed: 5, pulled: 0 });
    expect(seenByA).toMatchObject({ asked: [], changes: ['rows'] });

    const seenByB = watching();
    const b = await device(server, name, seenByB.fetchImpl);
    expect(await syncOnce(b.client, b.db)).toMatchObject({ pushed: 0, pulled: 5 });
    expect(seenByB).toMatchObject({ asked: [], changes: ['docs'] });
    expect(await replicas(b.db)).toEqual(await replicas(a.db));

    // b changes one project, a another: a's pull brings b's change and skips its own.
    const [first, second] = await a.db.projects.toArray();
    await b.repos.projects.update(first.id, { region: 'Centroamérica' });
    await syncOnce(b.client, b.db);
    await a.repos.projects.update(second.id, { region: 'Caribe' });
    seenByA.asked.length = 0;
    seenByA.changes.length = 0;
    expect(await syncOnce(a.client, a.db)).toMatchObject({ pushed: 1, pulled: 1 });
    expect(seenByA).toMatchObject({ asked: [first.id], changes: ['rows'] });
    await syncOnce(b.client, b.db);
    expect(await replicas(a.db)).toEqual(await replicas(b.db));
  }, 30_000); // five syncs: seconds on a busy machine
});
