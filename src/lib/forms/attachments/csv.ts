// CSV as ODK reads a form's attached files (RFC 4180): comma-separated, fields in
// double quotes may hold commas, quotes ("") and line breaks; a UTF-8 byte order mark
// and a final line break are ignored. A row is an object keyed by the header row.

/** A problem at a place in the file: `row` counts lines of records from 1 (the header). */
export class CsvError extends Error {
  constructor(
    /** i18n key under `attachments.` */
    readonly code: 'unterminatedQuote' | 'fieldCount' | 'noHeader' | 'duplicateHeader' | 'strayQuote',
    readonly row: number,
    /** 1-based field number. */
    readonly column: number,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} at row ${row}, column ${column}`);
  }
}

/** Splits text into records of fields. Throws CsvError on a quote left open or misplaced. */
export function parseCsvRecords(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let quoteRow = 0;
  let quoteColumn = 0;
  while (i < src.length) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = src[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvError('strayQuote', records.length + 1, record.length + 1);
        }
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteRow = records.length + 1;
      quoteColumn = record.length + 1;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new CsvError('unterminatedQuote', quoteRow, quoteColumn);
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * Rows keyed by the header. Blank lines are skipped; a row with another number of
 * fields than the header is an error, as it usually means a comma inside an unquoted
 * field shifted every column after it.
 */
export function parseCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const records = parseCsvRecords(text);
  if (records.length === 0 || records[0].every((h) => h.trim() === '')) throw new CsvError('noHeader', 1, 1);
  const header = records[0].map((h) => h.trim());
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name !== '' && seen.has(name)) throw new CsvError('duplicateHeader', 1, i + 1, { name });
    seen.add(name);
  });
  const rows: Record<string, string>[] = [];
  for (let r = 1; r < records.length; r++) {
    const fields = records[r];
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length !== header.length) {
      throw new CsvError('fieldCount', r + 1, Math.min(fields.length, header.length) + 1, {
        expected: header.length,
        found: fields.length,
      });
    }
    // No prototype: a column may be called "constructor" or "__proto__".
    const row: Record<string, string> = Object.create(null);
    header.forEach((name, i) => {
      if (name !== '') row[name] = fields[i];
    });
    rows.push(row);
  }
  return { header, rows };
}
