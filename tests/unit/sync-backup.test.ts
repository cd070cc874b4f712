// Sync marks the device backed up only when nothing waits to go up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PisoServer } from '../../src/server/server.mjs';
import { lastBackup } from '../../src/lib/db';
import { syncOnce } from '../../src/lib/sync/sync-once';
import type { FetchLike } from '../../src/lib/sync/couch-client';
import { projectData } from './bundle-fixtures';
import { device, dirtyCount, newServerDatabase, startServer } from './sync-fixtures';

let server: PisoServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('sync and the last backup', () => {
  it('marks the device backed up once everything is on the server', async () => {
    const a = await device(server, await newServerDatabase(server));
    await a.repos.projects.create(projectData('P-1'));
    expect(await lastBackup(a.db)).toBeNull();
    await syncOnce(a.client, a.db);
    expect(await dirtyCount(a.db)).toBe(0);
    expect(await lastBackup(a.db)).not.toBeNull();
  });

  it('does not while a record edited during the sync is still unpushed', async () => {
    let edit: (() => Promise<unknown>) | undefined;
    // Someone saves an interview while the sync is pulling.
    const editingFetch: FetchLike = async (input, init) => {
      if (input.includes('_changes') && edit) {
        const run = edit;
        edit = undefined;
        await run();
      }
      return fetch(input, init);
    };
    const a = await device(server, await newServerDatabase(server), editingFetch);
    await a.repos.projects.create(projectData('P-1'));
    edit = () => a.repos.projects.create(projectData('P-2'));
    const result = await syncOnce(a.client, a.db);
    expect(result.pushed).toBe(1);
    expect(await dirtyCount(a.db)).toBe(1);
    expect(await lastBackup(a.db)).toBeNull();
  });
});
