// Responses as CSV (RFC 4180) for spreadsheets: one row per response, and one more
// CSV per repeat whose rows point at their parent (the response, or the enclosing
// repeat's instance) by `_parent_id`. Pure: the caller reads the form and the responses
// (export-responses.ts streams them page by page through `responseLayout`). The XLSX
// export renders the same tables.

import { isFileAnswer, type Answers, type Choice, type FileAnswer, type FormData, type LocalizedText, type Question, type SurveyResponse } from '../domain/types';
import { choicesOfQuestion } from '../forms/engine/choice-source';
import { isMadeOtherChoice, specifiedSelect, withOrOther } from '../forms/engine/or-other';

export interface CsvOptions {
  /** Headers and choice values as labels in `language`, rather than names. */
  labels?: boolean;
  /** Language of the labels; the form's default language where a text lacks it. */
  language?: string;
  /** Start with a byte-order mark, so that Excel reads the file as UTF-8 (accents). */
  bom?: boolean;
  /**
   * With labels: the interface's words for what or_other adds and the form does not
   * label (the "other" choice, the specify column). Without them their names are shown.
   */
  otherWords?: { choice: string; specify: (selectLabel: string) => string };
  /**
   * The cell of a file answer: its name by default; an export with the files names the
   * file as it is in the .zip's folder.
   */
  fileCell?: (file: FileAnswer) => string;
}

export interface ResponsesCsv {
  /** One row per response not deleted. */
  main: string;
  /** One CSV per repeat, by repeat name, in form order. */
  repeats: { name: string; csv: string }[];
}

interface Column {
  header: string;
  value: (answers: Answers) => string;
  /** Integer and decimal (and range) questions, 0/1 choice columns: numbers in a spreadsheet. */
  numeric?: boolean;
}

interface Table {
  name: string;
  columns: Column[];
  rows: string[][];
}

const NUMERIC_TYPES = new Set<Question['type']>(['integer', 'decimal', 'range']);

const META_HEADERS = ['_id', '_form_version', '_status', '_enumerator', '_started_at', '_finalized_at'];
const REPEAT_HEADERS = ['_id', '_parent_id', '_index'];

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage
 * return before one) gets a leading apostrophe: an answer typed in the field must never
 * become a formula on the office computer (CSV injection). Plain numbers, negative ones
 * included, cannot be formulas and are left alone.
 */
function neutralize(cell: string): string {
  if (!/^[=+\-@\t\r]/.test(cell) || /^[+-]?\d+(\.\d+)?$/.test(cell)) return cell;
  return `'${cell}`;
}

function quote(cell: string): string {
  const safe = neutralize(cell);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line, without its CRLF. */
export const csvLine = (cells: readonly string[]): string => cells.map(quote).join(',');

/** One table of an export: its name ('' for the responses) and its rows, headers first. */
export interface ExportTable {
  name: string;
  rows: string[][];
}

/** A table's name, its header row, and which of its columns hold numbers. */
export interface TableShape {
  name: string;
  headers: string[];
  numeric: boolean[];
}

/** The tables of a form's export, and the rows one response adds to each (by table index). */
export interface ResponseLayout {
  tables: TableShape[];
  rowsOf(response: SurveyResponse): string[][][];
}

/**
 * The responses' tables: the responses first, then one table per repeat. CSV and XLSX
 * exports both render these, so the two files always hold the same cells.
 */
export function responseLayout(input: FormData, options: CsvOptions = {}): ResponseLayout {
  // As the interview sees it: an or_other select has its "other" choice and, after it, its `<name>_other` specify question.
  const form = withOrOther(input);
  const language = options.language ?? form.defaultLanguage;
  const text = (value: LocalizedText | undefined, fallback: string) =>
    value?.[language] ?? value?.[form.defaultLanguage] ?? Object.values(value ?? {})[0] ?? fallback;
  const { labels, otherWords } = options;
  const fileCell = options.fileCell ?? ((file: FileAnswer) => file.name);
  const title = (q: Question): string => {
    if (!labels) return q.name;
    const select = specifiedSelect(q);
    if (select) return otherWords ? otherWords.specify(title(select)) : q.name;
    return text(q.label, q.name);
  };
  const choiceText = (choice: Choice) => {
    if (!labels) return choice.name;
    return isMadeOtherChoice(choice) ? (otherWords?.choice ?? choice.name) : text(choice.label, choice.name);
  };
  const answer = (answers: Answers, name: string) => (typeof answers[name] === 'string' ? (answers[name] as string) : '');
  const cell = (answers: Answers, name: string) => {
    const value = answers[name];
    return isFileAnswer(value) ? fileCell(value) : answer(answers, name);
  };

  const tables: Table[] = [];
  const repeatsOf = new Map<Table, { name: string; table: Table }[]>();

  function columnsFor(questions: Question[], table: Table): void {
    for (const q of questions) {
      if (q.type === 'group') columnsFor(q.children, table);
      else if (q.type === 'repeat') {
        const child: Table = { name: q.name, columns: [], rows: [] };
        tables.push(child);
        repeatsOf.set(table, [...(repeatsOf.get(table) ?? []), { name: q.name, table: child }]);
        columnsFor(q.children, child);
      } else if (q.type !== 'note') {
        // A choices sheet list, or the rows of the attached file that select_*_from_file names.
        const choices = choicesOfQuestion(form, q);
        const byName = new Map(choices.map((c) => [c.name, c]));
        const shown = (name: string) => {
          const choice = byName.get(name);
          return choice ? choiceText(choice) : name;
        };
        if (q.type === 'select_one') {
          table.columns.push({ header: title(q), value: (a) => (answer(a, q.name) ? shown(answer(a, q.name)) : '') });
        } else if (q.type === 'select_multiple') {
          const picked = (a: Answers) => answer(a, q.name).split(' ').filter(Boolean);
          table.columns.push({ header: title(q), value: (a) => picked(a).map(shown).join(labels ? '; ' : ' ') });
          for (const choice of choices) {
            table.columns.push({
              header: `${title(q)}/${choiceText(choice)}`,
              value: (a) => (answer(a, q.name) === '' ? '' : picked(a).includes(choice.name) ? '1' : '0'),
              numeric: true,
            });
          }
        } else {
          table.columns.push({ header: title(q), value: (a) => cell(a, q.name), numeric: NUMERIC_TYPES.has(q.type) });
        }
      }
    }
  }

  const main: Table = { name: '', columns: [], rows: [] };
  columnsFor(form.questions, main);
  const all = [main, ...tables];
  const indexOf = new Map(all.map((table, i) => [table, i]));

  function addRepeats(out: string[][][], table: Table, answers: Answers, parentId: string): void {
    for (const { name, table: child } of repeatsOf.get(table) ?? []) {
      const instances = Array.isArray(answers[name]) ? (answers[name] as Answers[]) : [];
      instances.forEach((instance, i) => {
        const id = `${parentId}/${name}[${i + 1}]`;
        out[indexOf.get(child)!].push([id, parentId, String(i + 1), ...child.columns.map((c) => c.value(instance))]);
        addRepeats(out, child, instance, id);
      });
    }
  }

  const shape = (table: Table, headers: string[], numericMeta: boolean[]): TableShape => ({
    name: table.name,
    headers: [...headers, ...table.columns.map((c) => c.header)],
    numeric: [...numericMeta, ...table.columns.map((c) => c.numeric === true)],
  });
  return {
    tables: [shape(main, META_HEADERS, META_HEADERS.map(() => false)), ...tables.map((t) => shape(t, REPEAT_HEADERS, [false, false, true]))],
    rowsOf(r) {
      const out = all.map((): string[][] => []);
      if (r.deleted) return out;
      const meta = [r.id, r.formVersion, r.status, r.enumerator, r.startedAt, r.finalizedAt ?? ''];
      out[0].push([...meta, ...main.columns.map((c) => c.value(r.answers))]);
      addRepeats(out, main, r.answers, r.id);
      return out;
    },
  };
}

/** Every table with all its rows, headers first: the whole export in memory, for small sets. */
export function responseTables(form: FormData, responses: readonly SurveyResponse[], options: CsvOptions = {}): ExportTable[] {
  const layout = responseLayout(form, options);
  const tables = layout.tables.map((table) => ({ name: table.name, rows: [table.headers] }));
  for (const response of responses) layout.rowsOf(response).forEach((rows, i) => tables[i].rows.push(...rows));
  return tables;
}

/** The byte-order mark that makes Excel read a CSV as UTF-8 (accents). */
export const CSV_BOM = '\uFEFF';

export function responsesCsv(form: FormData, responses: readonly SurveyResponse[], options: CsvOptions = {}): ResponsesCsv {
  const bom = options.bom === false ? '' : CSV_BOM;
  const render = (table: ExportTable) => bom + table.rows.map(csvLine).join('\r\n') + '\r\n';
  const [main, ...repeats] = responseTables(form, responses, options);
  return { main: render(main), repeats: repeats.map((table) => ({ name: table.name, csv: render(table) })) };
}
