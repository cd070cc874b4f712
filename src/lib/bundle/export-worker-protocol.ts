// Messages between the page and the export worker (export-worker.ts).

import type { ExportSnapshot } from './checkpoints';
import type { BundleErrorCode } from './errors';
import type { ExtraFile, ResponsesFormat } from './export-responses';
import type { Manifest } from './format';
import type { ExportScope } from './select';

export type ExportJob =
  | { type: 'bundle'; scope: ExportScope; gzip: boolean; passphrase?: string; recordsOnly: boolean }
  | {
      type: 'responses';
      formId: string;
      format: ResponsesFormat;
      withFiles: boolean;
      labels: boolean;
      language: string;
      /** The interface's words for what or_other adds; `specify` holds SPECIFY_MARK where the select's label goes. */
      otherWords: { choice: string; specify: string };
    };

/** Stands for the select's label in ExportJob's `otherWords.specify` (a function cannot be posted). */
export const SPECIFY_MARK = '\u0000label\u0000';

export type ExportRequest =
  /**
   * `file`: a file the user picked (File System Access), written by the worker itself;
   * without it the worker answers with a Blob. `dbName` only for benchmarks.
   */
  | { type: 'start'; job: ExportJob; file?: FileSystemFileHandle; dbName?: string }
  | { type: 'cancel' };

export interface ExportOutcome {
  fileName: string;
  type: string;
  /** The export, when it was not written to a picked file. */
  blob?: Blob;
  /** Files beside it (a repeat's CSV). */
  extra: ExtraFile[];
  /** Records (a bundle) or responses (CSV, XLSX) written. */
  count: number;
  /** A bundle's manifest and where its selection was cut, for markDelivered. */
  bundle?: { manifest: Manifest; snapshot: ExportSnapshot };
}

/** A failure as it crosses: a BundleError's code and params, or an error's name and text for support. */
export interface PostedFailure {
  code?: BundleErrorCode;
  params?: Record<string, string | number>;
  name: string;
  message: string;
}

export type ExportReply =
  | { type: 'progress'; done: number; total: number; stage: 'records' | 'files' }
  | { type: 'done'; outcome: ExportOutcome }
  | { type: 'cancelled' }
  | { type: 'failed'; failure: PostedFailure };
