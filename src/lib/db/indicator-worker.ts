// The module worker that does what would hold up the page for seconds over 100,000
// responses: building aggregates, and recomputing indicators from every response.
// It opens the database itself, so records never travel through the page.
// Start it with startIndicatorWorker() (indicator-worker-client.ts). It lives in lib/db
// because it is storage work; lib/indicators stays pure, and lib/db depends on it alone.

import { openDatabase, type PisoDatabase } from './database';
import { buildAggregates, ensureAggregates, invalidDefinitions, recomputeFromDatabase } from './indicator-aggregates';
import type { WorkerReply, WorkerRequest } from './indicator-worker-protocol';

let db: PisoDatabase | undefined;

async function handle(request: WorkerRequest, reply: (message: WorkerReply) => void): Promise<void> {
  // Another tab upgrading the database closes this connection: open afresh next time.
  db ??= await openDatabase(request.dbName, { onVersionChange: () => (db = undefined) });
  if (request.type === 'build') {
    await ensureAggregates(db, request.defs);
    await buildAggregates(db, { onProgress: ({ read }) => reply({ type: 'progress', id: request.id, read }) });
    reply({ type: 'built', id: request.id, invalid: await invalidDefinitions(db, request.defs) });
  } else {
    const results = await recomputeFromDatabase(db, request.defs, { levels: request.levels });
    reply({ type: 'results', id: request.id, results });
  }
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null; postMessage(m: WorkerReply): void };
scope.onmessage = (event) => {
  const request = event.data;
  handle(request, (m) => scope.postMessage(m)).catch((error: unknown) =>
    scope.postMessage({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) }),
  );
};
