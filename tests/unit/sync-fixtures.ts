// Shared by the sync tests: a device is a fresh IndexedDB (fake-indexeddb) with its
// repositories and a client of a real in-memory CouchDB-compatible server.
import { expect } from 'vitest';
import { startPisoServer, type PisoServer } from '../../src/server/server.mjs';
import { RECORD_TABLES } from '../../src/lib/db/schema';
import type { PisoDatabase } from '../../src/lib/db/database';
import { CouchClient, type FetchLike } from '../../src/lib/sync/couch-client';
import { DOC_SHAPE, SHAPE_FIELD, fromDoc, type CouchDoc } from '../../src/lib/sync/documents';
import { canonicalJson, replicated } from '../../src/lib/domain/merge';
import type { Envelope } from '../../src/lib/domain/types';
import { freshDatabase, repos } from './bundle-fixtures';

let databases = 0;

/** A new empty database on the server; returns its name. */
export async function newServerDatabase(server: PisoServer): Promise<string> {
  const name = `piso-${databases++}`;
  const response = await fetch(`${server.url}/${name}`, { method: 'PUT' });
  if (!response.ok) throw new Error(`cannot create ${name}: ${response.status}`);
  return name;
}

export async function device(server: PisoServer, database: string, fetchImpl?: FetchLike) {
  const db = await freshDatabase();
  return { db, repos: repos(db), client: new CouchClient({ url: server.url, database, fetch: fetchImpl }) };
}

export async function startServer(port = 0): Promise<PisoServer> {
  return startPisoServer({ memory: true, dev: true, port });
}

/** Every record of a device, replicated fields only, sorted: equal on two devices once synced. */
export async function replicas(db: PisoDatabase): Promise<string[]> {
  const all = await Promise.all(RECORD_TABLES.map((name) => db.table<Envelope>(name).toArray()));
  return all
    .flat()
    .map((record) => canonicalJson(replicated(record)))
    .sort();
}

export async function dirtyCount(db: PisoDatabase): Promise<number> {
  const counts = await Promise.all(RECORD_TABLES.map((name) => db.table(name).where('dirty').equals(1).count()));
  return counts.reduce((a, b) => a + b, 0);
}

/** The server's documents as records (read as a device reads them), sorted like replicas(). */
export async function serverReplicas(server: PisoServer, database: string): Promise<string[]> {
  const answer = (await (await fetch(`${server.url}/${database}/_all_docs?include_docs=true`)).json()) as {
    rows: { id: string; doc: CouchDoc }[];
  };
  return answer.rows
    .filter((row) => !row.id.startsWith('_design/'))
    .map(({ doc }) => {
      // Every document says the shape it is written in.
      expect(doc[SHAPE_FIELD]).toBe(DOC_SHAPE);
      return canonicalJson(replicated(fromDoc(doc)!));
    })
    .sort();
}

/** A fetch that loses the connection on the request `cut` picks: before it is sent, or after the server handled it. */
export function flaky(cut: (url: string, method: string) => 'before' | 'after' | undefined) {
  let armed = true;
  const wrapped: FetchLike = async (url, init) => {
    const when = armed ? cut(url, init?.method ?? 'GET') : undefined;
    if (when === 'before') {
      armed = false;
      throw new TypeError('connection cut before the request');
    }
    const response = await fetch(url, init);
    if (when === 'after') {
      armed = false;
      throw new TypeError('connection cut before the answer');
    }
    return response;
  };
  return wrapped;
}
