// A minimal .xlsx writer (Office Open XML: a zip of XML parts), for response exports
// and for the tests that build XLSForms. fflate already ships with the XLSForm
// importer; a spreadsheet library would add far more than these few parts need.
// Loaded only when an export asks for it.
import { strToU8, zipSync } from 'fflate';
import type { FormData, SurveyResponse } from '../domain/types';
import { responseTables, type CsvOptions } from './csv';

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
function sheetNames(sheets: SheetSpec[]): string[] {
  const used = new Set<string>();
  return sheets.map((sheet, i) => {
    const base = sheet.name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || `Sheet${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 28)}~${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

export function writeXlsx(sheets: SheetSpec[], options: XlsxOptions = {}): Uint8Array {
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const cell = (value: string, ref: string) => {
    if (options.numbers && /^-?\d+(\.\d+)?$/.test(value)) return `<c r="${ref}"><v>${value}</v></c>`;
    if (options.inlineStrings) return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(value)}</t></is></c>`;
    if (!sharedIndex.has(value)) sharedIndex.set(value, shared.push(value) - 1);
    return `<c r="${ref}" t="s"><v>${sharedIndex.get(value)}</v></c>`;
  };
  const files: Record<string, Uint8Array> = {};
  sheets.forEach((sheet, s) => {
    const rows = sheet.rows
      .map((cells, r) => `<row r="${r + 1}">${cells.map((v, c) => (v === '' ? '' : cell(v, `${columnLetter(c)}${r + 1}`))).join('')}</row>`)
      .join('');
    files[`xl/worksheets/sheet${s + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}"><sheetData>${rows}</sheetData></worksheet>`,
    );
  });
  const names = sheetNames(sheets);
  const sheetList = names.map((name, i) => `<sheet name="${esc(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>${sheetList}</sheets></workbook>`,
  );
  const sheetRels = sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('');
  const sharedRel = options.inlineStrings ? '' : `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`;
  files['xl/_rels/workbook.xml.rels'] = strToU8(`<Relationships xmlns="${PKG_REL}">${sheetRels}${sharedRel}</Relationships>`);
  files['_rels/.rels'] = strToU8(
    `<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  if (!options.inlineStrings) {
    const items = shared.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('');
    files['xl/sharedStrings.xml'] = strToU8(`<sst xmlns="${NS}" count="${shared.length}" uniqueCount="${shared.length}">${items}</sst>`);
  }
  // Excel opens a package only when every part's content type is declared.
  const overrides = [
    `<Override PartName="/xl/workbook.xml" ContentType="${TYPES}.sheet.main+xml"/>`,
    ...sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${TYPES}.worksheet+xml"/>`),
    ...(options.inlineStrings ? [] : [`<Override PartName="/xl/sharedStrings.xml" ContentType="${TYPES}.sharedStrings+xml"/>`]),
  ].join('');
  files['[Content_Types].xml'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      `<Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`,
  );
  return zipSync(files);
}

/** The responses of a form as one workbook: a sheet for the responses, one per repeat. */
export function responsesXlsx(form: FormData, responses: readonly SurveyResponse[], options: CsvOptions = {}): Uint8Array {
  const [main, ...repeats] = responseTables(form, responses, options);
  return writeXlsx([{ name: form.formId, rows: main.rows }, ...repeats]);
}
