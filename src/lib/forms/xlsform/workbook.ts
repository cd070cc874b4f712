// Reads the sheets of an .xlsx (a zip of XML parts) into plain rows of text.
// Only what an XLSForm needs: cell text as Excel shows it, with row numbers and
// column letters kept so that every problem can be pointed at.

import { unzipSync } from 'fflate';
import { childElements, decodeXml, firstChild, parseXml, textOf, type XmlElement } from './xml';

export interface SheetRow {
  /** 1-based, as Excel shows it. */
  number: number;
  /** Cell text by 0-based column index; '' where empty. */
  cells: string[];
}

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

/** Why a file could not be read as a workbook; the importer turns it into an issue. */
export class WorkbookError extends Error {
  constructor(
    readonly code: 'xlsform.emptyFile' | 'xlsform.notXlsx' | 'xlsform.legacyXls' | 'xlsform.corruptFile' | 'xlsform.tooLarge',
    detail = '',
  ) {
    super(detail || code);
  }
}

/** Uncompressed size we accept: XLSForms are small, and a zip bomb must not freeze a phone. */
const MAX_UNCOMPRESSED = 64 * 1024 * 1024;

export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  }
  return s;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  if (bytes.length === 0) throw new WorkbookError('xlsform.emptyFile');
  // The old binary .xls is an OLE2 compound file: say so rather than "corrupt".
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new WorkbookError('xlsform.legacyXls');
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new WorkbookError('xlsform.notXlsx');
  let total = 0;
  try {
    return unzipSync(bytes, {
      // Only XML parts; images and other media are never needed.
      filter: (f) => {
        if (!/\.(xml|rels)$/i.test(f.name)) return false;
        total += f.originalSize;
        if (total > MAX_UNCOMPRESSED) throw new WorkbookError('xlsform.tooLarge');
        return true;
      },
    });
  } catch (e) {
    if (e instanceof WorkbookError) throw e;
    throw new WorkbookError('xlsform.notXlsx', String(e));
  }
}

function readXml(files: Record<string, Uint8Array>, path: string): XmlElement | undefined {
  const data = files[path];
  return data ? parseXml(new TextDecoder().decode(data)) : undefined;
}

/** Relationship id -> part path, resolved against the folder of `source`. */
function relationships(files: Record<string, Uint8Array>, source: string): Map<string, { target: string; type: string }> {
  const dir = source.slice(0, source.lastIndexOf('/') + 1);
  const relsPath = `${dir}_rels/${source.slice(dir.length)}.rels`;
  const rels = new Map<string, { target: string; type: string }>();
  const root = readXml(files, relsPath);
  for (const rel of root ? childElements(root, 'Relationship') : []) {
    const target = rel.attrs.Target ?? '';
    rels.set(rel.attrs.Id ?? '', { target: resolvePath(dir, target), type: rel.attrs.Type ?? '' });
  }
  return rels;
}

function resolvePath(dir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : dir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** Reads every worksheet, in workbook order. Throws WorkbookError. */
export function readWorkbook(input: ArrayBuffer | Uint8Array): Sheet[] {
  const files = unzip(input instanceof Uint8Array ? input : new Uint8Array(input));
  try {
    const rootRels = relationships(files, '');
    const office = [...rootRels.values()].find((r) => r.type.endsWith('/officeDocument'));
    const workbookPath = office?.target ?? 'xl/workbook.xml';
    const workbook = readXml(files, workbookPath);
    if (!workbook) throw new WorkbookError('xlsform.corruptFile', 'no workbook part');
    const rels = relationships(files, workbookPath);
    const dir = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
    const sstRel = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'));
    const shared = readSharedStrings(files, sstRel?.target ?? `${dir}sharedStrings.xml`);
    const stylesRel = [...rels.values()].find((r) => r.type.endsWith('/styles'));
    const dates = dateStyles(readXml(files, stylesRel?.target ?? `${dir}styles.xml`));
    const props = firstChild(workbook, 'workbookPr');
    const date1904 = props?.attrs.date1904 === '1' || props?.attrs.date1904 === 'true';
    const sheetsEl = firstChild(workbook, 'sheets');
    return (sheetsEl ? childElements(sheetsEl, 'sheet') : []).flatMap((s) => {
      const rel = rels.get(s.attrs.id ?? '');
      const data = rel && files[rel.target];
      if (!data) return [];
      const text = new TextDecoder().decode(data);
      const rows = scanRows(text, shared, dates, date1904);
      if (rows) return /<(?:[\w.-]+:)?worksheet[\s>]/.test(text) ? [{ name: s.attrs.name ?? '', rows }] : [];
      // Chart sheets and dialog sheets have no rows: not part of an XLSForm.
      const part = parseXml(text);
      if (part.name !== 'worksheet') return [];
      return [{ name: s.attrs.name ?? '', rows: readRows(part, shared, dates, date1904) }];
    });
  } catch (e) {
    if (e instanceof WorkbookError) throw e;
    throw new WorkbookError('xlsform.corruptFile', String(e));
  }
}

/** A shared string: plain <t>, or rich-text runs <r><t>; phonetic hints <rPh> are not text. */
function sharedString(si: XmlElement): string {
  return childElements(si)
    .map((c) => (c.name === 't' ? textOf(c) : c.name === 'r' ? childElements(c, 't').map(textOf).join('') : ''))
    .join('');
}

// Built-in number formats that display a date or time (ECMA-376, 18.8.30).
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Indices of cell styles (the `s` attribute of a cell) whose number format is a date. */
function dateStyles(styles: XmlElement | undefined): Set<number> {
  const result = new Set<number>();
  if (!styles) return result;
  const custom = new Set<number>();
  for (const f of childElements(firstChild(styles, 'numFmts') ?? styles, 'numFmt')) {
    // A format is a date when it has date/time letters outside quotes and [colour] tags.
    const code = (f.attrs.formatCode ?? '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
    if (/[dmyhs]/i.test(code)) custom.add(Number(f.attrs.numFmtId));
  }
  const xfs = childElements(firstChild(styles, 'cellXfs') ?? styles, 'xf');
  xfs.forEach((xf, i) => {
    const id = Number(xf.attrs.numFmtId ?? 0);
    if (BUILTIN_DATE_FORMATS.has(id) || custom.has(id)) result.add(i);
  });
  return result;
}

/** Excel serial day number to ISO text, as a date (and a time when it has one). */
function serialToIso(serial: number, date1904: boolean): string {
  // Excel counts a 29 February 1900 that never was (serial 60): days before it are one off.
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, serial < 60 ? 31 : 30);
  const iso = new Date(epoch + Math.round(serial * 86400000)).toISOString();
  return Number.isInteger(serial) ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** Numbers as Excel shows them by default: at most 15 significant digits. */
function numberText(v: string): string {
  if (/^-?\d{1,15}$/.test(v)) return v;
  const n = Number(v);
  return Number.isFinite(n) ? String(Number(n.toPrecision(15))) : v;
}

// Worksheets and shared strings are most of an .xlsx (a 50,000-row choices sheet is
// megabytes of them): they are scanned with regular expressions rather than built into
// a tree. Parts with CDATA or comments, which the scan does not read, take the tree path.
const ATTRS = new Map<string, RegExp>();
function attrValue(attrs: string, name: string): string | undefined {
  let re = ATTRS.get(name);
  if (!re) ATTRS.set(name, (re = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  const m = re.exec(attrs);
  return m ? (m[1] ?? m[2]) : undefined;
}
const P = '(?:[\\w.-]+:)?';
const TEXT_RUNS = new RegExp(`<${P}t(?:\\s[^>]*)?>([\\s\\S]*?)</${P}t>`, 'g');
const PHONETIC = new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g');

/** The text of an <si> or <is>: its <t> runs, without phonetic hints. */
function runsText(inner: string): string {
  let out = '';
  for (const m of inner.replace(PHONETIC, '').matchAll(TEXT_RUNS)) out += m[1];
  return decodeXml(out);
}

function readSharedStrings(files: Record<string, Uint8Array>, path: string): string[] {
  const data = files[path];
  if (!data) return [];
  const text = new TextDecoder().decode(data);
  if (text.includes('<![CDATA[') || text.includes('<!--')) {
    return childElements(parseXml(text), 'si').map(sharedString);
  }
  const out: string[] = [];
  for (const m of text.matchAll(new RegExp(`<${P}si(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${P}si>)`, 'g'))) out.push(runsText(m[1] ?? ''));
  return out;
}

const ROWS = new RegExp(`<${P}row\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}row>)`, 'g');
const CELLS = new RegExp(`<${P}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}c>)`, 'g');
const VALUE = new RegExp(`<${P}v(?:\\s[^>]*)?>([\\s\\S]*?)</${P}v>`);
const INLINE = new RegExp(`<${P}is(?:\\s[^>]*)?>([\\s\\S]*?)</${P}is>`);

/** Rows of a worksheet part, or undefined when it holds what the scan does not read. */
function scanRows(text: string, shared: string[], dates: Set<number>, date1904: boolean): SheetRow[] | undefined {
  if (text.includes('<![CDATA[') || text.includes('<!--')) return undefined;
  const rows: SheetRow[] = [];
  let rowNumber = 0;
  for (const row of text.matchAll(ROWS)) {
    const r = attrValue(row[1], 'r');
    rowNumber = r ? Number(r) : rowNumber + 1;
    const cells: string[] = [];
    let col = -1;
    for (const c of (row[2] ?? '').matchAll(CELLS)) {
      const ref = /^([A-Z]+)\d*$/.exec(attrValue(c[1], 'r') ?? '');
      col = ref ? columnIndex(ref[1]) : col + 1;
      const body = c[2] ?? '';
      const type = attrValue(c[1], 't');
      const raw = decodeXml(VALUE.exec(body)?.[1] ?? '');
      let value: string;
      if (type === 'inlineStr') value = runsText(INLINE.exec(body)?.[1] ?? '');
      else value = cellValue(type, raw, Number(attrValue(c[1], 's') ?? 0), shared, dates, date1904);
      while (cells.length < col) cells.push('');
      cells[col] = value;
    }
    if (cells.some((t) => t.trim() !== '')) rows.push({ number: rowNumber, cells });
  }
  return rows;
}

function readRows(sheet: XmlElement, shared: string[], dates: Set<number>, date1904: boolean): SheetRow[] {
  const data = firstChild(sheet, 'sheetData');
  const rows: SheetRow[] = [];
  let rowNumber = 0;
  for (const row of data ? childElements(data, 'row') : []) {
    // `r` is optional in the format: without it, a row follows the previous one.
    rowNumber = row.attrs.r ? Number(row.attrs.r) : rowNumber + 1;
    const cells: string[] = [];
    let col = -1;
    for (const c of childElements(row, 'c')) {
      const ref = /^([A-Z]+)\d*$/.exec(c.attrs.r ?? '');
      col = ref ? columnIndex(ref[1]) : col + 1;
      const text = cellText(c, shared, dates, date1904);
      while (cells.length < col) cells.push('');
      cells[col] = text;
    }
    if (cells.some((t) => t.trim() !== '')) rows.push({ number: rowNumber, cells });
  }
  return rows;
}

function cellText(c: XmlElement, shared: string[], dates: Set<number>, date1904: boolean): string {
  if (c.attrs.t === 'inlineStr') {
    const is = firstChild(c, 'is');
    return is ? sharedString(is) : '';
  }
  const v = firstChild(c, 'v');
  return cellValue(c.attrs.t, v ? textOf(v) : '', Number(c.attrs.s ?? 0), shared, dates, date1904);
}

/** A cell's text from its type (`t`), raw value and style, as Excel shows it. */
function cellValue(type: string | undefined, raw: string, style: number, shared: string[], dates: Set<number>, date1904: boolean): string {
  switch (type) {
    case 's':
      return shared[Number(raw)] ?? '';
    case 'b':
      return raw === '1' ? 'TRUE' : 'FALSE';
    case 'str':
    case 'e':
    case 'd':
      return raw;
    default:
      if (raw === '') return '';
      if (dates.has(style) && Number.isFinite(Number(raw))) return serialToIso(Number(raw), date1904);
      return numberText(raw);
  }
}
