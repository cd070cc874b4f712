// The names exports suggest for their files, which the page needs before the export
// starts (the save dialog offers it) and the worker gives the file it writes.

import type { ExportOptions } from './export';
import type { ResponsesExportOptions } from './export-responses';
import type { BundleScope } from './format';
import type { ExportScope } from './select';

/** A file name that says what and when, e.g. "piso-project-2026-11-27.json.gz". */
export function bundleFileName(scope: BundleScope | ExportScope, now: Date, options: Pick<ExportOptions, 'gzip' | 'passphrase'>): string {
  const what = scope.type === 'changes' ? `changes-${scope.destination.replace(/[^\w-]+/g, '_').slice(0, 40)}` : scope.type;
  const extension = options.passphrase !== undefined ? '.piso' : options.gzip ? '.json.gz' : '.json';
  return `piso-${what}-${now.toISOString().slice(0, 10)}${extension}`;
}

/** E.g. "hogares-2026-11-27.csv"; ".zip" with the files. */
export function responsesFileName(formId: string, options: Pick<ResponsesExportOptions, 'format' | 'withFiles' | 'now'>): string {
  const day = (options.now ?? new Date()).toISOString().slice(0, 10);
  return `${formId}-${day}.${options.withFiles ? 'zip' : options.format}`;
}
