// The page's side of the export worker: starts a worker for one export, passes its
// progress on, and ends it when the export is done, failed or cancelled.

import { BundleError } from './errors';
import type { ExportJob, ExportOutcome, ExportReply, ExportRequest, PostedFailure } from './export-worker-protocol';

export interface ExportRun {
  /** The outcome, or null once cancelled. */
  done: Promise<ExportOutcome | null>;
  /** Stops the export: a file being written is left as it was, nothing is kept. */
  cancel(): void;
}

export interface StartOptions {
  /** Written by the worker (File System Access); without it the outcome holds a Blob. */
  file?: FileSystemFileHandle;
  onProgress?: (done: number, total: number, stage: 'records' | 'files') => void;
  /** Benchmarks only: the database to read. */
  dbName?: string;
}

/** The failure as this side knows it: a BundleError again, or an error for support's detail line. */
function revived(failure: PostedFailure): Error {
  if (failure.code) return new BundleError(failure.code, failure.params);
  const error = new Error(failure.message);
  error.name = failure.name;
  return error;
}

export function startExport(job: ExportJob, options: StartOptions = {}): ExportRun {
  const worker = new Worker(new URL('./export-worker.ts', import.meta.url), { type: 'module' });
  const send = (request: ExportRequest) => worker.postMessage(request);
  const done = new Promise<ExportOutcome | null>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<ExportReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') return options.onProgress?.(reply.done, reply.total, reply.stage);
      worker.terminate();
      if (reply.type === 'done') resolve(reply.outcome);
      else if (reply.type === 'cancelled') resolve(null);
      else reject(revived(reply.failure));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'export worker failed'));
    };
  });
  send({ type: 'start', job, file: options.file, dbName: options.dbName });
  return { done, cancel: () => send({ type: 'cancel' }) };
}
