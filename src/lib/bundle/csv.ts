// Responses as CSV (RFC 4180) for spreadsheets: one row per response, and one more
// CSV per repeat whose rows point at their parent (the response, or the enclosing
// repeat's instance) by `_parent_id`. A pure function: the caller reads the form and
// the responses. The XLSX export (xlsx.ts) renders the same tables.

import type { Answers, Choice, FormData, LocalizedText, Question, SurveyResponse } from '../domain/types';
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
}

interface Table {
  name: string;
  columns: Column[];
  rows: string[][];
}

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

const line = (cells: string[]) => cells.map(quote).join(',');

/** One table of an export: its name ('' for the responses) and its rows, headers first. */
export interface ExportTable {
  name: string;
  rows: string[][];
}

/**
 * The responses as tables: the responses first, then one table per repeat. CSV and
 * XLSX exports both render these, so the two files always hold the same cells.
 */
export function responseTables(input: FormData, responses: readonly SurveyResponse[], options: CsvOptions = {}): ExportTable[] {
  // As the interview sees it: an or_other select has its "other" choice and, after it, its `<name>_other` specify question.
  const form = withOrOther(input);
  const language = options.language ?? form.defaultLanguage;
  const text = (value: LocalizedText | undefined, fallback: string) =>
    value?.[language] ?? value?.[form.defaultLanguage] ?? Object.values(value ?? {})[0] ?? fallback;
  const { labels, otherWords } = options;
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
            });
          }
        } else {
          table.columns.push({ header: title(q), value: (a) => answer(a, q.name) });
        }
      }
    }
  }

  const main: Table = { name: '', columns: [], rows: [] };
  columnsFor(form.questions, main);

  function addRepeats(table: Table, answers: Answers, parentId: string): void {
    for (const { name, table: child } of repeatsOf.get(table) ?? []) {
      const instances = Array.isArray(answers[name]) ? (answers[name] as Answers[]) : [];
      instances.forEach((instance, i) => {
        const id = `${parentId}/${name}[${i + 1}]`;
        child.rows.push([id, parentId, String(i + 1), ...child.columns.map((c) => c.value(instance))]);
        addRepeats(child, instance, id);
      });
    }
  }

  for (const r of responses) {
    if (r.deleted) continue;
    const meta = [r.id, r.formVersion, r.status, r.enumerator, r.startedAt, r.finalizedAt ?? ''];
    main.rows.push([...meta, ...main.columns.map((c) => c.value(r.answers))]);
    addRepeats(main, r.answers, r.id);
  }

  const withHeaders = (table: Table, headers: string[]): ExportTable => ({
    name: table.name,
    rows: [[...headers, ...table.columns.map((c) => c.header)], ...table.rows],
  });
  return [withHeaders(main, META_HEADERS), ...tables.map((table) => withHeaders(table, REPEAT_HEADERS))];
}

export function responsesCsv(form: FormData, responses: readonly SurveyResponse[], options: CsvOptions = {}): ResponsesCsv {
  const bom = options.bom === false ? '' : '\uFEFF';
  const render = (table: ExportTable) => bom + table.rows.map(line).join('\r\n') + '\r\n';
  const [main, ...repeats] = responseTables(form, responses, options);
  return { main: render(main), repeats: repeats.map((table) => ({ name: table.name, csv: render(table) })) };
}
