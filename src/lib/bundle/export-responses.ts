// A form's responses as CSV or XLSX, written a page of responses at a time into a sink
// (csv.ts lays out the tables, xlsx.ts the sheets): the responses' table goes straight
// to the destination; each repeat's table is kept as a Blob of parts while the pages go
// by, and follows: as its own CSV file, as a sheet of the workbook, or as an entry of
// the .zip. "With files" writes one .zip: the CSV files or the workbook, then the files
// the responses name, in one folder per form (`<formId>/<name>`, as ODK Central's export
// puts them in `media/`), each read from IndexedDB as it is written; a cell names its
// file as it is in the folder.

import type { FileAnswer, FormData } from '../domain/types';
import type { PisoDatabase } from '../db/database';
import { countResponsesOfForm, responsePagesOfForm, storedFiles } from '../db/response-export';
import { CSV_BOM, csvLine, responseLayout, type CsvOptions, type TableShape } from './csv';
import { BlobSink, StreamSink, writeBlob, writeText, type ByteSink } from './export-output';
import { ZipWriter } from './export-zip';
import { responsesFileName } from './export-names';
import { yielder } from './progress';
import { packageParts, SHEET_END, SHEET_START, sheetNames, sheetPath, SheetRows, XLSX_TYPE } from './xlsx';

export type ResponsesFormat = 'csv' | 'xlsx';

export interface ResponsesExportOptions extends Omit<CsvOptions, 'fileCell' | 'bom'> {
  format: ResponsesFormat;
  /** One .zip with the table(s) and the files the responses name. */
  withFiles?: boolean;
  /** Responses written of responses to write, then files of files. */
  onProgress?: (done: number, total: number, stage: 'records' | 'files') => void;
  signal?: AbortSignal;
  db?: PisoDatabase;
  now?: Date;
}

/** A file that goes beside the main one (a repeat's CSV, when there is no .zip). */
export interface ExtraFile {
  name: string;
  blob: Blob;
}

export interface ResponsesWritten {
  fileName: string;
  type: string;
  extra: ExtraFile[];
  /** Responses written. */
  responses: number;
}

const PAGE = 1000;
const CRLF = '\r\n';

/** The files named by the cells, each under one name in its form's folder. */
class NamedFiles {
  /** hash → name in the folder, in the order first named. */
  readonly byHash = new Map<string, string>();
  private readonly taken = new Set<string>();

  /** The file's name in the folder: its own, or with its hash's start when another file took it. */
  name(file: FileAnswer): string {
    const known = this.byHash.get(file.hash);
    if (known !== undefined) return known;
    // A name is one path segment: no folder of its own, nothing a file system refuses.
    let name = file.name.replace(/[/\\\u0000-\u001f]/g, '_').replace(/^\.+/, '_') || file.hash.slice(0, 12);
    if (this.taken.has(name)) {
      const dot = name.lastIndexOf('.');
      const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
      name = `${stem}-${file.hash.slice(0, 12)}${extension}`;
    }
    this.taken.add(name);
    this.byHash.set(file.hash, name);
    return name;
  }
}

/** A table's rows in a format: CSV lines, or sheet rows. */
interface TableText {
  start: string;
  row(cells: readonly string[]): string;
  end: string;
}

function csvText(table: TableShape): TableText {
  return { start: CSV_BOM + csvLine(table.headers) + CRLF, row: (cells) => csvLine(cells) + CRLF, end: '' };
}

function sheetText(table: TableShape): TableText {
  const rows = new SheetRows(table.numeric);
  return { start: SHEET_START + rows.row(table.headers), row: (cells) => rows.row(cells), end: SHEET_END };
}

/**
 * Writes the responses of `form` (its latest version, whose questions name the columns)
 * into `destination`, which is closed when the file is whole and aborted on any failure
 * or cancel.
 */
export async function writeResponses(form: FormData, destination: WritableStream<Uint8Array>, options: ResponsesExportOptions): Promise<ResponsesWritten> {
  const sink = new StreamSink(destination);
  try {
    const written = await write(form, sink, options);
    await sink.close();
    return written;
  } catch (error) {
    await sink.abort(error);
    throw error;
  }
}

async function write(form: FormData, sink: ByteSink, options: ResponsesExportOptions): Promise<ResponsesWritten> {
  const { format, withFiles, signal, db } = options;
  const day = (options.now ?? new Date()).toISOString().slice(0, 10);
  const files = new NamedFiles();
  const layout = responseLayout(form, { ...options, fileCell: withFiles ? (file) => files.name(file) : undefined });
  const texts = layout.tables.map(format === 'csv' ? csvText : sheetText);
  const tableFile = (i: number) => (i === 0 ? form.formId : `${form.formId}-${layout.tables[i].name}`);

  // The archive the tables go into, if any: the workbook, or the .zip with files (the
  // workbook then nested in it as one entry, stored: it is compressed already).
  const outer = withFiles ? new ZipWriter(sink) : undefined;
  const workbookEntry = outer && format === 'xlsx' ? outer.entry(`${form.formId}.xlsx`, false) : undefined;
  const workbook = format === 'xlsx' ? new ZipWriter(workbookEntry ?? sink) : undefined;
  const names = sheetNames(layout.tables.map((table, i) => ({ name: i === 0 ? form.formId : table.name })));
  if (workbook) {
    for (const [path, text] of Object.entries(packageParts(names, false))) {
      const part = workbook.entry(path, true);
      await writeText(part, text);
      await part.end();
    }
  }
  const archive = workbook ?? outer;
  const entryName = (i: number) => (workbook ? sheetPath(i) : `${tableFile(i)}.csv`);
  const mainEntry = archive?.entry(entryName(0), true);
  const main = mainEntry ?? sink;
  const later = texts.slice(1).map(() => new BlobSink());

  await writeText(main, texts[0].start);
  for (const [i, spool] of later.entries()) await writeText(spool, texts[i + 1].start);
  const total = await countResponsesOfForm(form.formId, db);
  const pause = yielder();
  let done = 0;
  for await (const page of responsePagesOfForm(form.formId, PAGE, db)) {
    signal?.throwIfAborted();
    const chunks = texts.map(() => '');
    for (const response of page) {
      layout.rowsOf(response).forEach((rows, i) => {
        for (const cells of rows) chunks[i] += texts[i].row(cells);
      });
    }
    await writeText(main, chunks[0]);
    for (const [i, spool] of later.entries()) if (chunks[i + 1]) await writeText(spool, chunks[i + 1]);
    done += page.length;
    options.onProgress?.(Math.min(done, total), total, 'records');
    await pause();
  }
  await writeText(main, texts[0].end);
  await mainEntry?.end();

  const extra: ExtraFile[] = [];
  for (const [i, spool] of later.entries()) {
    await writeText(spool, texts[i + 1].end);
    if (archive) {
      const entry = archive.entry(entryName(i + 1), true);
      await writeBlob(entry, spool.blob(), signal);
      await entry.end();
    } else {
      extra.push({ name: `${tableFile(i + 1)}-${day}.csv`, blob: new Blob([spool.blob()], { type: 'text/csv' }) });
    }
  }
  await workbook?.end();
  await workbookEntry?.end();
  if (outer) {
    await writeFiles(outer, form.formId, files.byHash, options);
    await outer.end();
  }
  const type = withFiles ? 'application/zip' : format === 'xlsx' ? XLSX_TYPE : 'text/csv';
  return { fileName: responsesFileName(form.formId, options), type, extra, responses: done };
}

const FILE_BATCH = 50;

/** The named files on this device, into the form's folder; those not here are left out (their cells still name them). */
async function writeFiles(zip: ZipWriter, formId: string, named: Map<string, string>, options: ResponsesExportOptions): Promise<void> {
  const hashes = [...named.keys()];
  for (let i = 0; i < hashes.length; i += FILE_BATCH) {
    const batch = await storedFiles(hashes.slice(i, i + FILE_BATCH), options.db);
    for (const [j, stored] of batch.entries()) {
      if (!stored) continue;
      const entry = zip.entry(`${formId}/${named.get(stored.hash)}`, false);
      await writeBlob(entry, stored.blob, options.signal);
      await entry.end();
      options.onProgress?.(i + j + 1, hashes.length, 'files');
    }
  }
}
