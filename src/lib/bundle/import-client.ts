// The page's side of the import worker: a bundle staged there, then committed or
// discarded. The page only receives progress and the plan; no record passes through it.

import { BundleError, type BundleErrorCode } from './errors';
import type { ImportEffect, ImportPlan } from './import';
import type { ImportReply, ImportRequest, SentFailure } from './import-worker-protocol';
import type { OnProgress } from './progress';

export interface ImportSession {
  /** What the import will do, from the pass that staged it. */
  plan: ImportPlan;
  /** Writes the staged batches; resolves with what was done. The worker is let go after. */
  commit(onProgress?: OnProgress): Promise<ImportEffect>;
  /** Drops what was staged (no record was written). The worker is let go after. */
  discard(): Promise<void>;
}

export interface StartOptions {
  passphrase?: string;
  onProgress?: OnProgress;
  /** Only for tests and benchmarks; the app uses the default database. */
  dbName?: string;
}

function rebuilt(failure: SentFailure): Error {
  if (failure.kind === 'bundle') return new BundleError(failure.code as BundleErrorCode, failure.params);
  const error = new Error(failure.message);
  error.name = failure.name;
  return error;
}

/** Reads, checks and stages `file` in a worker; rejects (with a BundleError where it is refused) having written no record. */
export function startImport(file: File | Blob, options: StartOptions = {}): Promise<ImportSession> {
  const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
  let onProgress = options.onProgress;
  let waiting: { resolve: (reply: ImportReply) => void; reject: (error: Error) => void } | undefined;
  worker.onmessage = (event: MessageEvent<ImportReply>) => {
    const reply = event.data;
    if (reply.type === 'progress') return onProgress?.(reply.done, reply.total);
    const pending = waiting;
    waiting = undefined;
    if (reply.type === 'failed') pending?.reject(rebuilt(reply.failure));
    else pending?.resolve(reply);
  };
  worker.onerror = (event) => {
    waiting?.reject(new Error(event.message || 'The import worker failed'));
    waiting = undefined;
  };
  const send = (request: ImportRequest) =>
    new Promise<ImportReply>((resolve, reject) => {
      waiting = { resolve, reject };
      worker.postMessage(request);
    });
  const name = file instanceof File ? file.name : '';
  const finish = <T>(result: Promise<T>) => result.finally(() => worker.terminate());

  return send({ type: 'stage', file, passphrase: options.passphrase, dbName: options.dbName }).then(
    (reply) => ({
      plan: (reply as Extract<ImportReply, { type: 'staged' }>).plan,
      commit(progress?: OnProgress) {
        onProgress = progress;
        return finish(send({ type: 'commit', fileName: name }).then((r) => (r as Extract<ImportReply, { type: 'committed' }>).effect));
      },
      discard: () => finish(send({ type: 'discard' }).then(() => undefined)),
    }),
    (error: unknown) => {
      worker.terminate();
      throw error;
    },
  );
}
