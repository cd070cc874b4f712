// XLSForm import: an .xlsx to a form. Pure (it stores nothing) and never throws: every
// problem comes back as an issue with its sheet, row and column. The import screen
// loads this module with `await import(...)`, so that the zip reader stays out of the
// main bundle.

import { sheetsToForm, type ConvertOptions, type ImportResult } from './convert';
import { gatherFormFiles, type PickedFile } from './form-files';
import { readWorkbook, WorkbookError } from './workbook';

export type { ImportResult, ConvertOptions } from './convert';
export type { PickedFile } from './form-files';

export async function importXlsForm(file: ArrayBuffer | Uint8Array, options: ConvertOptions = {}): Promise<ImportResult> {
  try {
    return sheetsToForm(readWorkbook(file), options);
  } catch (e) {
    const code = e instanceof WorkbookError ? e.code : 'xlsform.corruptFile';
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [{ code, params: { detail } }], warnings: [] };
  }
}

/**
 * Files picked together (an .xlsx and its attachments, or one .zip of them) to a form;
 * `options.entityLists`: the entity lists the device knows (read without a file).
 */
export async function importFormFiles(picked: PickedFile[], options: Pick<ConvertOptions, 'entityLists'> = {}): Promise<ImportResult> {
  const files = gatherFormFiles(picked);
  if (!files.ok) {
    const params = files.count === undefined ? undefined : { count: files.count };
    return { ok: false, errors: [{ code: files.code, ...(params ? { params } : {}) }], warnings: [] };
  }
  return importXlsForm(files.workbook.bytes, { ...options, fileName: files.workbook.name, attachments: files.attachments });
}
