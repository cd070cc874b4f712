// A minimal .xlsx writer (Office Open XML: a zip of XML parts): the parts of a package,
// the rows of a sheet as XML (which export-responses.ts streams into a zip), and
// `writeXlsx`, a whole workbook at once for the tests that build XLSForms. fflate
// already ships with the XLSForm importer; a spreadsheet library would add far more than
// these few parts need. Loaded only when an export asks for it.
import { strToU8, zipSync } from 'fflate';

export interface SheetSpec {
  name: string;
  rows: string[][];
}

export interface XlsxOptions {
  /** Inline strings instead of a shared-string table (both occur in the wild). */
  inlineStrings?: boolean;
  /** Write numeric-looking text as number cells, as Excel stores typed numbers. */
  numbers?: boolean;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const TYPES = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
// Characters XML 1.0 cannot hold at all: dropped rather than making the file unreadable.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const esc = (s: string) =>
  s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Excel refuses sheet names over 31 characters, with []:*?/\ or repeated. */
export function sheetNames(sheets: readonly { name: string }[]): string[] {
  const used = new Set<string>();
  return sheets.map((sheet, i) => {
    const base = sheet.name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || `Sheet${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 28)}~${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** The package's parts but its sheets, by path: workbook, relationships, content types. */
export function packageParts(names: readonly string[], sharedStrings: boolean): Record<string, string> {
  const sheetList = names.map((name, i) => `<sheet name="${esc(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const sheetRels = names
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('');
  const sharedRel = sharedStrings ? `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '';
  // Excel opens a package only when every part's content type is declared.
  const overrides = [
    `<Override PartName="/xl/workbook.xml" ContentType="${TYPES}.sheet.main+xml"/>`,
    ...names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${TYPES}.worksheet+xml"/>`),
    ...(sharedStrings ? [`<Override PartName="/xl/sharedStrings.xml" ContentType="${TYPES}.sharedStrings+xml"/>`] : []),
  ].join('');
  return {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      `<Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`,
    '_rels/.rels': `<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>${sheetList}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="${PKG_REL}">${sheetRels}${sharedRel}</Relationships>`,
  };
}

export const sheetPath = (index: number): string => `xl/worksheets/sheet${index + 1}.xml`;
export const SHEET_START = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}"><sheetData>`;
export const SHEET_END = '</sheetData></worksheet>';

/** Plain decimals of at most 15 digits: more would lose digits in a spreadsheet's double (an ID typed as a number stays text). */
const NUMBER = /^-?\d+(\.\d+)?$/;
const isNumberText = (value: string) => NUMBER.test(value) && value.replace(/[-.]/g, '').length <= 15;

/** A cell that holds text: an inline string, so a streamed sheet needs no table of every string. */
const inlineCell = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(value)}</t></is></c>`;

/** Writes rows of one sheet as XML; `numeric[i]`: column i holds numbers, written as number cells where they are one. */
export class SheetRows {
  private readonly letters: string[];
  private next = 1;

  constructor(private readonly numeric: readonly boolean[]) {
    this.letters = numeric.map((_, i) => columnLetter(i));
  }

  /** The row's XML, numbered after the rows before it. */
  row(cells: readonly string[]): string {
    const r = this.next++;
    let xml = `<row r="${r}">`;
    for (let c = 0; c < cells.length; c++) {
      const value = cells[c];
      if (value === '') continue;
      const ref = `${this.letters[c] ?? columnLetter(c)}${r}`;
      xml += this.numeric[c] && isNumberText(value) ? `<c r="${ref}" t="n"><v>${value}</v></c>` : inlineCell(ref, value);
    }
    return `${xml}</row>`;
  }
}

export function writeXlsx(sheets: SheetSpec[], options: XlsxOptions = {}): Uint8Array {
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const cell = (value: string, ref: string) => {
    if (options.numbers && /^-?\d+(\.\d+)?$/.test(value)) return `<c r="${ref}"><v>${value}</v></c>`;
    if (options.inlineStrings) return inlineCell(ref, value);
    if (!sharedIndex.has(value)) sharedIndex.set(value, shared.push(value) - 1);
    return `<c r="${ref}" t="s"><v>${sharedIndex.get(value)}</v></c>`;
  };
  const files: Record<string, Uint8Array> = {};
  sheets.forEach((sheet, s) => {
    const rows = sheet.rows
      .map((cells, r) => `<row r="${r + 1}">${cells.map((v, c) => (v === '' ? '' : cell(v, `${columnLetter(c)}${r + 1}`))).join('')}</row>`)
      .join('');
    files[sheetPath(s)] = strToU8(`${SHEET_START}${rows}${SHEET_END}`);
  });
  for (const [path, text] of Object.entries(packageParts(sheetNames(sheets), !options.inlineStrings))) files[path] = strToU8(text);
  if (!options.inlineStrings) {
    const items = shared.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('');
    files['xl/sharedStrings.xml'] = strToU8(`<sst xmlns="${NS}" count="${shared.length}" uniqueCount="${shared.length}">${items}</sst>`);
  }
  return zipSync(files);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
