// Bundles (DESIGN.md "Bundles"): what the screens import. A screen exports in the
// export worker (startExport: bundles, CSV, XLSX, .zip with files), and imports in the
// import worker (startImport, import-client.ts): one streamed pass checks and stages
// everything and says what it will do, then the commit writes it batch by batch.
// readBundle, previewImport and commitImport do the same in one call, for tests and
// small bundles. Every refusal is a BundleError whose `code` is an i18n key.

export { exportBundle } from './export';
export { bundleFileName, responsesFileName } from './export-names';
export type { ExportOptions, ExportResult } from './export';
export { startExport } from './export-worker-client';
export type { ExportRun } from './export-worker-client';
export { SPECIFY_MARK } from './export-worker-protocol';
export type { ExportJob, ExportOutcome } from './export-worker-protocol';
export type { ResponsesFormat } from './export-responses';
export type { ExportScope } from './select';
export type { ReadOptions } from './read';
export { readBundle, previewImport, commitImport } from './read-all';
export type { Bundle, ImportOptions } from './read-all';
export { stageImport, commitStaged, discardStaged } from './import';
export type { ImportEffect, ImportPlan, FilesEffect, RefusedFile, KindEffect, UnfinishedImport, StageOptions, CommitOptions } from './import';
export { startImport } from './import-client';
export type { ImportSession } from './import-client';
export { FILE_PART_BYTES } from './format';
export { MAX_FILE_BYTES } from '../domain/file-questions';
export type { FileRefusalReason } from './read-files';
export { lastSent, markDelivered } from './checkpoints';
export type { ExportSnapshot } from './checkpoints';
export { BundleError } from './errors';
export type { BundleErrorCode } from './errors';
export { MIN_PASSPHRASE_LENGTH } from './encryption';
export { FORMAT_VERSION, KINDS } from './format';
export type { BundleScope, KindCounts, Manifest } from './format';
export type { OnProgress } from './progress';
export { responsesCsv } from './csv';
export type { CsvOptions, ResponsesCsv } from './csv';
