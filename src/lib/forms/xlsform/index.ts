// XLSForm import: an .xlsx to a form. Pure (it stores nothing) and never throws: every
// problem comes back as an issue with its sheet, row and column. The import screen
// loads this module with `await import(...)`, so that the zip reader stays out of the
// main bundle.

import { sheetsToForm, type ConvertOptions, type ImportResult } from './convert';
import { readWorkbook, WorkbookError } from './workbook';

export type { ImportResult, ConvertOptions } from './convert';

export async function importXlsForm(file: ArrayBuffer | Uint8Array, options: ConvertOptions = {}): Promise<ImportResult> {
  try {
    return sheetsToForm(readWorkbook(file), options);
  } catch (e) {
    const code = e instanceof WorkbookError ? e.code : 'xlsform.corruptFile';
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [{ code, params: { detail } }], warnings: [] };
  }
}
