// CSV and XLSX written page by page into a sink, read back by other readers: CSV by an
// RFC 4180 parser written here, XLSX unzipped with fflate and its sheet XML read cell by
// cell, and by the XLSForm importer's workbook reader.
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { responseTables } from '../../src/lib/bundle/csv';
import { BlobSink } from '../../src/lib/bundle/export-output';
import { writeResponses, type ResponsesExportOptions } from '../../src/lib/bundle/export-responses';
import { putArrivedFile } from '../../src/lib/db/files';
import { responsePagesOfForm, responsesOfForm } from '../../src/lib/db/response-export';
import type { PisoDatabase } from '../../src/lib/db/database';
import { readWorkbook } from '../../src/lib/forms/xlsform/workbook';
import type { DataOf, FileAnswer, Form, SurveyResponse } from '../../src/lib/domain/types';
import { freshDatabase, formData, repos, responseData } from './bundle-fixtures';

/** RFC 4180: fields split by commas, records by CRLF, quoted fields with "" for a quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a quoted field at ${i}`);
    } else if (c === ',') (row.push(field), (field = ''), i++);
    else if (c === '\r' && text[i + 1] === '\n') (row.push(field), rows.push(row), (row = []), (field = ''), (i += 2));
    else field += text[i++];
  }
  if (field !== '' || row.length > 0) throw new Error('last record without CRLF');
  return rows;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function storeFile(text: string, name: string): Promise<{ bytes: Uint8Array; answer: FileAnswer }> {
  const bytes = new TextEncoder().encode(text);
  const hash = sha256(bytes);
  await putArrivedFile(hash, new Blob([bytes], { type: 'image/jpeg' }), '2026-11-20T10:00:00.000Z');
  return { bytes, answer: { hash, name, type: 'image/jpeg', size: bytes.length } };
}

const formShape: DataOf<Form> = {
  ...formData('hogares'),
  questions: [
    { type: 'text', name: 'name', label: { es: 'Nombre' } },
    { type: 'integer', name: 'size', label: { es: 'Personas' } },
    { type: 'decimal', name: 'income', label: { es: 'Ingreso' } },
    { type: 'select_multiple', name: 'cover', listName: 'cover', label: { es: 'Cobertura' } },
    { type: 'image', name: 'photo', label: { es: 'Foto' } },
    {
      type: 'repeat',
      name: 'member',
      label: { es: 'Miembro' },
      children: [
        { type: 'integer', name: 'age', label: { es: 'Edad' } },
        { type: 'image', name: 'id_card', label: { es: 'Documento' } },
      ],
    },
  ],
};

/**
 * 50 responses, 30 started at the same instant (pages must not lose or repeat any), a
 * photo each for a few, two different photos of the same name, a deleted one.
 */
let shared: ReturnType<typeof build> | undefined;
const setUp = () => (shared ??= build());

async function build() {
  const db = await freshDatabase();
  const form = await repos(db).forms.create(formShape);
  const house = await storeFile('casa', 'foto.jpg');
  const other = await storeFile('otra casa', 'foto.jpg');
  const card = await storeFile('dui', 'dui.jpg');
  const absent: FileAnswer = { hash: 'b'.repeat(64), name: 'perdida.jpg', type: 'image/jpeg', size: 4 };
  const base = responseData('hogares', null);
  const made: SurveyResponse[] = [];
  for (let i = 0; i < 50; i++) {
    const startedAt = i < 30 ? '2026-11-20T10:00:00.000Z' : `2026-11-21T10:${String(i % 60).padStart(2, '0')}:00.000Z`;
    const photo = i === 0 ? house.answer : i === 1 ? other.answer : i === 2 ? absent : undefined;
    made.push(
      await repos(db).responses.create({
        ...base,
        startedAt,
        answers: {
          name: i === 0 ? 'Ana, "la" jefa\nsegunda línea' : `hogar ${i}`,
          size: String(1 + (i % 7)),
          income: i === 3 ? '1234567890123456789' : `${i}.5`,
          cover: i % 2 ? 'isss' : '',
          ...(photo ? { photo } : {}),
          member: i === 0 ? [{ age: '34', id_card: card.answer }, { age: '7' }] : [],
        },
      }),
    );
  }
  await repos(db).responses.remove(made[5].id);
  return { db, form, made, house, other, card };
}

async function exportTo(db: PisoDatabase, form: Form, options: Omit<ResponsesExportOptions, 'db'>) {
  const sink = new BlobSink();
  const written = await writeResponses(form, sink.writable(), { ...options, db });
  return { written, bytes: new Uint8Array(await sink.blob().arrayBuffer()) };
}

// ignoreBOM: keep the byte-order mark, which the test checks for.
const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

describe('responses of a form, page by page', () => {
  it('reads each live response once, in the order started, also when many started at the same instant', async () => {
    const { db, made } = await setUp();
    for (const size of [1, 7, 30, 31, 1000]) {
      const seen: string[] = [];
      for await (const page of responsePagesOfForm('hogares', size, db)) {
        expect(page.length).toBeLessThanOrEqual(size);
        seen.push(...page.map((r) => r.id));
      }
      expect(seen, `pages of ${size}`).toEqual((await responsesOfForm('hogares', db)).map((r) => r.id));
      expect(seen).toHaveLength(made.length - 1);
    }
  });
});

describe('responses streamed to CSV', () => {
  it('writes every live response once, in the order started, with file answers by name', async () => {
    const { db, form, made } = await setUp();
    const { written, bytes } = await exportTo(db, form, { format: 'csv' });
    expect(written).toMatchObject({ fileName: expect.stringMatching(/^hogares-\d{4}-\d\d-\d\d\.csv$/), responses: 49 });
    const text = decode(bytes);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([
      '_id', '_form_version', '_status', '_enumerator', '_started_at', '_finalized_at',
      'name', 'size', 'income', 'cover', 'cover/isss', 'cover/ipsfa', 'cover/none', 'photo',
    ]);
    const live = made.filter((_, i) => i !== 5);
    expect(rows.map((r) => r[0]).sort()).toEqual(live.map((r) => r.id).sort());
    const started = rows.map((r) => r[4]);
    expect(started).toEqual([...started].sort());
    const first = rows.find((r) => r[0] === made[0].id)!;
    expect(first.slice(6)).toEqual(['Ana, "la" jefa\nsegunda línea', '1', '0.5', '', '', '', '', 'foto.jpg']);
    expect(rows.find((r) => r[0] === made[2].id)![13]).toBe('perdida.jpg');
    // The repeat in its own CSV, beside the main one.
    expect(written.extra.map((f) => f.name)).toEqual([expect.stringMatching(/^hogares-member-.*\.csv$/)]);
    const members = parseCsv(decode(new Uint8Array(await written.extra[0].blob.arrayBuffer())).slice(1));
    expect(members).toEqual([
      ['_id', '_parent_id', '_index', 'age', 'id_card'],
      [`${made[0].id}/member[1]`, made[0].id, '1', '34', 'dui.jpg'],
      [`${made[0].id}/member[2]`, made[0].id, '2', '7', ''],
    ]);
  });

  it('holds the cells of the in-memory tables', async () => {
    const { db, form, made } = await setUp();
    const { bytes } = await exportTo(db, form, { format: 'csv', labels: true, language: 'es' });
    const live = made.filter((_, i) => i !== 5);
    const [table] = responseTables(form, live, { labels: true, language: 'es' });
    const byId = (rows: string[][]) => [rows[0], ...rows.slice(1).sort((a, b) => (a[0] < b[0] ? -1 : 1))];
    expect(byId(parseCsv(decode(bytes).slice(1)))).toEqual(byId(table.rows));
  });
});

/** Each cell of a sheet's XML: reference, type attribute and text. */
function sheetCells(xml: string): Map<string, { t: string | undefined; text: string }> {
  const cells = new Map<string, { t: string | undefined; text: string }>();
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"(?: t="(\w+)")?>(.*?)<\/c>/gs)) {
    cells.set(m[1], { t: m[2], text: m[3].replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&') });
  }
  return cells;
}

describe('responses streamed to XLSX', () => {
  it('writes numbers of numeric questions as number cells, text as text, a sheet per repeat', async () => {
    const { db, form, made } = await setUp();
    const { written, bytes } = await exportTo(db, form, { format: 'xlsx' });
    expect(written.fileName).toMatch(/\.xlsx$/);
    expect(written.extra).toEqual([]);
    const parts = unzipSync(bytes);
    expect(Object.keys(parts).sort()).toEqual(
      ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'].sort(),
    );
    expect(decode(parts['xl/workbook.xml'])).toContain('<sheet name="hogares" sheetId="1" r:id="rId1"/><sheet name="member" sheetId="2" r:id="rId2"/>');
    const sheet = decode(parts['xl/worksheets/sheet1.xml']);
    const cells = sheetCells(sheet);
    // Header row, then one row per live response.
    expect(cells.get('A1')).toEqual({ t: 'inlineStr', text: '_id' });
    expect(sheet.match(/<row /g)).toHaveLength(50);
    const row = [...sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/gs)].find((m) => m[2].includes(made[0].id))![1];
    expect(cells.get(`G${row}`)).toEqual({ t: 'inlineStr', text: 'Ana, "la" jefa\nsegunda línea' });
    expect(cells.get(`H${row}`)).toEqual({ t: 'n', text: '1' }); // integer
    expect(cells.get(`I${row}`)).toEqual({ t: 'n', text: '0.5' }); // decimal
    expect(cells.get(`N${row}`)).toEqual({ t: 'inlineStr', text: 'foto.jpg' }); // a file, by name
    const odd = [...sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/gs)].find((m) => m[2].includes(made[1].id))![1];
    expect(cells.get(`K${odd}`)).toEqual({ t: 'n', text: '1' }); // a 0/1 choice column
    // 19 digits do not fit a spreadsheet's number: kept as text.
    const long = [...sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/gs)].find((m) => m[2].includes(made[3].id))![1];
    expect(cells.get(`I${long}`)).toEqual({ t: 'inlineStr', text: '1234567890123456789' });
    const members = sheetCells(decode(parts['xl/worksheets/sheet2.xml']));
    expect(members.get('C2')).toEqual({ t: 'n', text: '1' });
    expect(members.get('D2')).toEqual({ t: 'n', text: '34' });
    expect(members.get('E2')).toEqual({ t: 'inlineStr', text: 'dui.jpg' });
  });

  it('reads back, through the XLSForm workbook reader, as the same tables as the CSV', async () => {
    const { db, form, made } = await setUp();
    const { bytes } = await exportTo(db, form, { format: 'xlsx' });
    const sheets = readWorkbook(bytes);
    const tables = responseTables(form, made.filter((_, i) => i !== 5));
    const trimEnd = (row: string[]) => {
      let end = row.length;
      while (end > 0 && row[end - 1] === '') end--;
      return row.slice(0, end);
    };
    const sorted = (rows: string[][]) => [rows[0], ...rows.slice(1).sort((a, b) => (a[0] < b[0] ? -1 : 1))].map(trimEnd);
    expect(sheets.map((s) => s.name)).toEqual(['hogares', 'member']);
    sheets.forEach((sheet, i) => expect(sorted(sheet.rows.map((r) => r.cells))).toEqual(sorted(tables[i].rows)));
  });
});

describe('export with files', () => {
  it('writes a .zip: the CSV files, and the files in a folder of the form, a cell naming each', async () => {
    const { db, form, made, house, other, card } = await setUp();
    const { written, bytes } = await exportTo(db, form, { format: 'csv', withFiles: true });
    expect(written).toMatchObject({ fileName: expect.stringMatching(/\.zip$/), type: 'application/zip', extra: [] });
    const entries = unzipSync(bytes);
    // Two different photos named alike: the one written second gets its hash's start.
    const rows = parseCsv(decode(entries['hogares.csv']).slice(1));
    const named = new Map(rows.map((r) => [r[0], r[13]]));
    const names = [named.get(made[0].id)!, named.get(made[1].id)!];
    expect(names).toContain('foto.jpg');
    expect(names.filter((n) => n !== 'foto.jpg')).toEqual([
      expect.stringMatching(new RegExp(`^foto-(${house.answer.hash.slice(0, 12)}|${other.answer.hash.slice(0, 12)})\\.jpg$`)),
    ]);
    expect(Object.keys(entries).sort()).toEqual(['hogares.csv', 'hogares-member.csv', 'hogares/dui.jpg', ...names.map((n) => `hogares/${n}`)].sort());
    expect(entries[`hogares/${named.get(made[0].id)}`]).toEqual(house.bytes);
    expect(entries[`hogares/${named.get(made[1].id)}`]).toEqual(other.bytes);
    expect(entries['hogares/dui.jpg']).toEqual(card.bytes);
    // Not on this device: named in its cell, not in the archive.
    expect(named.get(made[2].id)).toBe('perdida.jpg');
  });

  it('nests the workbook in the .zip', async () => {
    const { db, form } = await setUp();
    const { bytes } = await exportTo(db, form, { format: 'xlsx', withFiles: true });
    const entries = unzipSync(bytes);
    expect(Object.keys(entries).filter((name) => !name.startsWith('hogares/'))).toEqual(['hogares.xlsx']);
    expect(readWorkbook(entries['hogares.xlsx'])[0].rows).toHaveLength(50);
  });

  it('aborts its destination when cancelled, halfway through the responses', async () => {
    const { db, form } = await setUp();
    const cancel = new AbortController();
    let aborted: unknown;
    const destination = new WritableStream<Uint8Array>({ abort: (reason) => void (aborted = reason) });
    const exporting = writeResponses(form, destination, { format: 'xlsx', db, signal: cancel.signal, onProgress: () => cancel.abort() });
    await expect(exporting).rejects.toMatchObject({ name: 'AbortError' });
    expect(aborted).toMatchObject({ name: 'AbortError' });
  });
});
