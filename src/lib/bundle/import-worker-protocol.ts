// Messages between the page and the import worker (import-worker.ts). One worker per
// import: it stages, then commits or discards, then is let go.

import type { ImportEffect, ImportPlan } from './import';

export type ImportRequest =
  /** `dbName` only for tests and benchmarks; the app uses the default database. */
  | { type: 'stage'; file: Blob; passphrase?: string; dbName?: string }
  | { type: 'commit'; fileName: string }
  | { type: 'discard' };

/** A failure as it can cross to the page: a BundleError's code, or another error's name and text. */
export type SentFailure =
  | { kind: 'bundle'; code: string; params: Record<string, string | number> }
  | { kind: 'other'; name: string; message: string };

export type ImportReply =
  | { type: 'progress'; done: number; total: number }
  | { type: 'staged'; plan: ImportPlan }
  | { type: 'committed'; effect: ImportEffect }
  | { type: 'discarded' }
  | { type: 'failed'; failure: SentFailure };
