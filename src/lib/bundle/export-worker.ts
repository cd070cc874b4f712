// The module worker that writes exports (bundles, CSV, XLSX, .zip with files), so that
// reading 100,000 records, encoding, hashing and compressing never hold up the page. It
// reads IndexedDB through lib/db, and writes to the file the user picked (File System
// Access) or answers with a Blob of parts. One job per worker: the client starts a
// worker for each export and ends it after.

import { openDatabase } from '../db/database';
import { formVersions } from '../db/forms';
import { BundleError } from './errors';
import { writeBundle } from './export';
import { BlobSink } from './export-output';
import { writeResponses } from './export-responses';
import { SPECIFY_MARK, type ExportJob, type ExportOutcome, type ExportReply, type ExportRequest, type PostedFailure } from './export-worker-protocol';

const scope = self as unknown as { onmessage: ((e: MessageEvent<ExportRequest>) => void) | null; postMessage(m: ExportReply): void };
const cancel = new AbortController();

/** At most one progress message per this many ms: the page repaints no faster. */
const PROGRESS_MS = 100;

function progressReporter() {
  let last = 0;
  return (done: number, total: number, stage: 'records' | 'files') => {
    const now = performance.now();
    if (now - last < PROGRESS_MS && done < total) return;
    last = now;
    scope.postMessage({ type: 'progress', done, total, stage });
  };
}

async function run(job: ExportJob, file: FileSystemFileHandle | undefined, dbName: string | undefined): Promise<ExportOutcome> {
  const db = await openDatabase(dbName);
  try {
    // The form is found before the file is opened: a refusal leaves the picked file untouched.
    const [form] = job.type === 'responses' ? await formVersions(job.formId) : [];
    if (job.type === 'responses' && !form) throw new BundleError('bundle.scopeNotFound', { id: job.formId });
    const collected = file ? undefined : new BlobSink();
    const destination: WritableStream<Uint8Array> = file ? await file.createWritable() : collected!.writable();
    const common = { db, signal: cancel.signal, onProgress: progressReporter() };
    if (job.type === 'bundle') {
      const written = await writeBundle(job.scope, destination, { ...common, gzip: job.gzip, passphrase: job.passphrase, recordsOnly: job.recordsOnly });
      const type = job.passphrase !== undefined || job.gzip ? 'application/octet-stream' : 'application/json';
      const count = Object.values(written.manifest.counts).reduce((a, b) => a + b, 0);
      return { fileName: written.fileName, type, blob: collected?.blob(), extra: [], count, bundle: { manifest: written.manifest, snapshot: written.snapshot } };
    }
    const { choice, specify } = job.otherWords;
    const written = await writeResponses(form, destination, {
      ...common,
      format: job.format,
      withFiles: job.withFiles,
      labels: job.labels,
      language: job.language,
      otherWords: { choice, specify: (label) => specify.replace(SPECIFY_MARK, label) },
    });
    const blob = collected ? new Blob([collected.blob()], { type: written.type }) : undefined;
    return { fileName: written.fileName, type: written.type, blob, extra: written.extra, count: written.responses };
  } finally {
    db.close();
  }
}

function posted(error: unknown): PostedFailure {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof BundleError ? { code: error.code, params: error.params, name, message } : { name, message };
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'cancel') return cancel.abort();
  run(request.job, request.file, request.dbName).then(
    (outcome) => scope.postMessage({ type: 'done', outcome }),
    (error: unknown) => scope.postMessage(cancel.signal.aborted ? { type: 'cancelled' } : { type: 'failed', failure: posted(error) }),
  );
};
