// Bundled by sync.mjs and run in the page: our sync (push from one device, pull into a
// fresh one) and PouchDB's own replication (from its IndexedDB adapter) of the same
// documents to and from the same server.

import PouchDB from 'pouchdb-browser';
import { openDatabase } from '../../src/lib/db/database';
import { CouchClient } from '../../src/lib/sync/couch-client';
import { syncOnce } from '../../src/lib/sync/sync-once';
import { toDoc } from '../../src/lib/sync/documents';
import type { Envelope } from '../../src/lib/domain/types';

/** `count` project records as a device stores them, dirty, with deterministic content. */
function records(count: number): Envelope[] {
  const hlc = '2024-01-01T00:00:00.000Z-0000-bench';
  return Array.from({ length: count }, (_, i) => {
    const data = {
      code: `B/${i}`,
      title: { es: `Proyecto ${i}`, en: `Project ${i}` },
      description: { es: 'Descripción de prueba del proyecto.' },
      country: 'SV',
      region: 'Central America',
      status: 'active',
      start: '2020-01-01',
      end: '2024-12-31',
      budget: { amount: i * 10, currency: 'USD' },
      funding: 'RBSA',
      partners: ['ISSS'],
      sdgTargets: ['1.3'],
      links: [],
    };
    return {
      ...data,
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      kind: 'project',
      hlc,
      fieldHlc: Object.fromEntries([...Object.keys(data), 'deleted'].map((key) => [key, hlc])),
      deviceId: 'bench',
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-01T00:00:00.000Z',
      deleted: false,
      dirty: 1,
    } as unknown as Envelope;
  });
}

export async function ours(url: string, database: string, count: number): Promise<{ ms: number; pushMs: number; pullMs: number; pulled: number }> {
  const a = await openDatabase(`bench-sync-a-${Date.now()}`);
  // With meta, as every write of records: each gets its change number there.
  await a.transaction('rw', a.projects, a.meta, () => a.projects.bulkAdd(records(count) as never));
  const start = performance.now();
  await syncOnce(new CouchClient({ url, database }), a);
  const pushed = performance.now();
  const b = await openDatabase(`bench-sync-b-${Date.now()}`);
  await syncOnce(new CouchClient({ url, database }), b);
  const ms = performance.now() - start;
  return { ms, pushMs: pushed - start, pullMs: ms - (pushed - start), pulled: await b.projects.count() };
}

export async function pouch(url: string, database: string, count: number): Promise<{ ms: number; pushMs: number; pullMs: number; pulled: number }> {
  const a = new PouchDB(`bench-pouch-a-${Date.now()}`);
  await a.bulkDocs(records(count).map((record) => toDoc(record)));
  const remote = new PouchDB(`${url}/${database}`);
  const start = performance.now();
  await a.replicate.to(remote);
  const pushed = performance.now();
  const b = new PouchDB(`bench-pouch-b-${Date.now()}`);
  await b.replicate.from(remote);
  const ms = performance.now() - start;
  return { ms, pushMs: pushed - start, pullMs: ms - (pushed - start), pulled: (await b.info()).doc_count };
}
