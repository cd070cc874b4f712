// The module worker that imports a bundle (import.ts), so that reading, checking and
// merging 100,000 records never holds up the page. It opens the database itself and
// reaches it only through lib/db's functions; the page gets progress and the plan.
// Start it with startImport() (import-client.ts).

import { openDatabase, type PisoDatabase } from '../db/database';
import { BundleError } from './errors';
import { commitStaged, discardStaged, stageImport, type ImportPlan } from './import';
import type { ImportReply, ImportRequest, SentFailure } from './import-worker-protocol';

const scope = self as unknown as { onmessage: ((e: MessageEvent<ImportRequest>) => void) | null; postMessage(m: ImportReply): void };
const reply = (message: ImportReply) => scope.postMessage(message);

let db: PisoDatabase | undefined;
let plan: ImportPlan | undefined;

/** Progress at most every 100 ms: each message is a task on the page. */
function progress() {
  let last = 0;
  return (done: number, total: number) => {
    const now = performance.now();
    if (now - last < 100 && done < total) return;
    last = now;
    reply({ type: 'progress', done, total });
  };
}

function failure(error: unknown): SentFailure {
  if (error instanceof BundleError) return { kind: 'bundle', code: error.code, params: error.params };
  return error instanceof Error ? { kind: 'other', name: error.name, message: error.message } : { kind: 'other', name: 'Error', message: String(error) };
}

async function handle(request: ImportRequest): Promise<void> {
  if (request.type === 'stage') {
    db = await openDatabase(request.dbName);
    plan = await stageImport(request.file, { db, passphrase: request.passphrase, onProgress: progress() });
    reply({ type: 'staged', plan });
  } else if (request.type === 'commit') {
    if (!db || !plan) throw new Error('Nothing staged to commit');
    const effect = await commitStaged(plan, { db, fileName: request.fileName, onProgress: progress() });
    reply({ type: 'committed', effect });
  } else {
    if (db) await discardStaged(db);
    reply({ type: 'discarded' });
  }
}

scope.onmessage = (event) => {
  handle(event.data).catch((error: unknown) => reply({ type: 'failed', failure: failure(error) }));
};
