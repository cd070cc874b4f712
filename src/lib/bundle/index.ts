// Bundles (DESIGN.md "Bundles"): what the screens import. A screen exports in the
// export worker (startExport: bundles, CSV, XLSX, .zip with files), and imports in three steps: readBundle (checks everything), previewImport
// (what it will do), commitImport (writes). Every refusal is a BundleError whose `code`
// is an i18n key.

export { exportBundle } from './export';
export { bundleFileName, responsesFileName } from './export-names';
export type { ExportOptions, ExportResult } from './export';
export { startExport } from './export-worker-client';
export type { ExportRun } from './export-worker-client';
export { SPECIFY_MARK } from './export-worker-protocol';
export type { ExportJob, ExportOutcome } from './export-worker-protocol';
export type { ResponsesFormat } from './export-responses';
export type { ExportScope } from './select';
export { readBundle, MAX_DOCUMENT_BYTES } from './read';
export type { Bundle, ReadOptions } from './read';
export { previewImport, commitImport } from './import';
export type { ImportEffect, ImportOptions, KindEffect } from './import';
export { lastSent, markDelivered } from './checkpoints';
export type { ExportSnapshot } from './checkpoints';
export { BundleError } from './errors';
export type { BundleErrorCode } from './errors';
export { MIN_PASSPHRASE_LENGTH } from './encryption';
export { FORMAT_VERSION } from './format';
export type { BundleScope, KindCounts, Manifest } from './format';
export type { OnProgress } from './progress';
export { responsesCsv } from './csv';
export type { CsvOptions, ResponsesCsv } from './csv';
