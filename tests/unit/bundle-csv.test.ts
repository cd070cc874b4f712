import { describe, expect, it } from 'vitest';
import { responsesCsv } from '../../src/lib/bundle';
import { responseTables, type CsvOptions } from '../../src/lib/bundle/csv';
import type { DataOf, Form, SurveyResponse } from '../../src/lib/domain/types';
import { formData, freshDatabase, repos, responseData } from './bundle-fixtures';

const form = formData('coverage') as Form;
const response = (id: string, answers: SurveyResponse['answers'], deleted = false) =>
  ({ ...responseData('coverage', null), answers, id, deleted }) as SurveyResponse;

describe('responses as CSV', () => {
  const responses = [
    response('r1', { name: 'Ana, "la" jefa', sex: 'f', cover: 'isss none', member: [{ age: '34' }, { age: '7' }] }),
    response('r2', { name: '=HYPERLINK("http://x")', sex: 'm', cover: '' }),
    response('r3', { name: 'gone' }, true),
  ];

  it('writes one row per response, select_multiple as names and 0/1 columns, repeats linked by parent id', () => {
    const { main, repeats } = responsesCsv(form, responses, { bom: false });
    const rows = main.split('\r\n');
    expect(rows[0]).toBe(
      '_id,_form_version,_status,_enumerator,_started_at,_finalized_at,name,sex,cover,cover/isss,cover/ipsfa,cover/none',
    );
    expect(rows[1]).toBe('r1,1,finalized,María,2026-11-20T10:00:00.000Z,2026-11-20T10:20:00.000Z,"Ana, ""la"" jefa",f,isss none,1,0,1');
    // A formula typed as an answer stays text; an unanswered select_multiple leaves its choice columns empty.
    expect(rows[2]).toContain(`"'=HYPERLINK(""http://x"")",m,,,,`);
    expect(rows).toHaveLength(4); // header, two responses, final CRLF; the deleted one is left out
    expect(repeats).toHaveLength(1);
    expect(repeats[0].name).toBe('member');
    expect(repeats[0].csv.split('\r\n')).toEqual(['_id,_parent_id,_index,age', 'r1/member[1],r1,1,34', 'r1/member[2],r1,2,7', '']);
  });

  it('uses labels in the chosen language, and starts with a BOM for Excel', () => {
    const { main } = responsesCsv(form, responses.slice(0, 1), { labels: true, language: 'en' });
    expect(main.startsWith('\uFEFF')).toBe(true);
    const [header, row] = main.slice(1).split('\r\n');
    expect(header).toContain('Name,Sex,Coverage,Coverage/ISSS,Coverage/IPSFA,Coverage/None');
    expect(row).toContain('Woman,ISSS; None,1,0,1');
  });

  it('leaves negative numbers alone but neutralizes other formula starts', () => {
    const { main } = responsesCsv(form, [response('r', { name: '-12.5' }), response('s', { name: '@SUM(A1)' })], { bom: false });
    expect(main).toContain(',-12.5,');
    expect(main).toContain(",'@SUM(A1),");
  });
});

describe('or_other and choices from an attached file', () => {
  // Its own form id: choices read from a file are kept per form id and version.
  const lookupData: DataOf<Form> = {
    ...formData('csv_lookup'),
    questions: [
      { type: 'select_one', name: 'sex', listName: 'sex', orOther: true, label: { es: 'Sexo', en: 'Sex' } },
      { type: 'select_multiple', name: 'cover', listName: 'cover', orOther: true, label: { es: 'Cobertura', en: 'Coverage' } },
      { type: 'select_one', name: 'village', itemset: { file: 'villages.csv', value: 'name', label: 'label' }, label: { es: 'Aldea', en: 'Village' } },
      {
        type: 'select_multiple',
        name: 'visited',
        itemset: { file: 'villages.csv', value: 'name', label: 'label' },
        label: { es: 'Visitadas', en: 'Visited' },
      },
    ],
    attachments: [
      {
        name: 'villages.csv',
        type: 'text/csv',
        text: 'name,label,label::English (en),population\nsa01,Aldea Uno,Village One,1200\nsa02,"Aldea Dos, la grande",Village Two,3400\n',
      },
    ],
  };
  const lookupForm = lookupData as Form;
  const answers = { sex: 'other', sex_other: 'No binario', cover: 'isss other', cover_other: 'Seguro privado', village: 'sa02', visited: 'sa01 sa02' };
  const responses = [response('r1', answers), response('r2', { sex: 'f', village: 'sa01', visited: '' })];

  it('gives the specify text of or_other its own column, and file choices the columns of list choices', () => {
    const { main } = responsesCsv(lookupForm, responses, { bom: false });
    const [header, first, second] = main.split('\r\n').map((row) => row.split(',').slice(6).join(','));
    expect(header).toBe('sex,sex_other,cover,cover/isss,cover/ipsfa,cover/none,cover/other,cover_other,village,visited,visited/sa01,visited/sa02');
    expect(first).toBe('other,No binario,isss other,1,0,0,1,Seguro privado,sa02,sa01 sa02,1,1');
    // Not answered: empty cells, also in the specify column and the file choices' columns.
    expect(second).toBe('f,,,,,,,,sa01,,,');
  });

  it('labels file choices from their file, in the chosen language, and or_other in the words given', () => {
    const otherWords = { choice: 'Other', specify: (label: string) => `Specify: ${label}` };
    const { main } = responsesCsv(lookupForm, responses.slice(0, 1), { bom: false, labels: true, language: 'en', otherWords });
    const [header, row] = main.split('\r\n');
    expect(header).toContain(
      'Sex,Specify: Sex,Coverage,Coverage/ISSS,Coverage/IPSFA,Coverage/None,Coverage/Other,Specify: Coverage,Village,Visited,Visited/Village One,Visited/Village Two',
    );
    expect(row).toContain('Other,No binario,ISSS; Other,1,0,0,1,Seguro privado,Village Two,Village One; Village Two,1,1');
    // The form's default language where the file has no column for the one chosen.
    const spanish = responsesCsv(lookupForm, responses.slice(0, 1), { bom: false, labels: true, language: 'fr' }).main;
    expect(spanish).toContain('"Aldea Dos, la grande","Aldea Uno; Aldea Dos, la grande",1,1');
    // Without the interface's words, what or_other adds shows under its names.
    expect(spanish).toContain('Sexo,sex_other,Cobertura');
    expect(spanish).toContain(',other,No binario,');
  });

  it('writes the same cells into the XLSX', async () => {
    const { sheets, stored } = await throughXlsx(lookupData, responses, { labels: true });
    const [sheet] = sheets;
    const [table] = responseTables(lookupForm, stored, { labels: true });
    expect(sheet.rows[0].cells).toEqual(table.rows[0]);
    const first = sheet.rows.find((row) => row.cells[0] === stored[0].id)!;
    expect(first.cells.slice(6)).toEqual(
      ['other', 'No binario', 'ISSS; other', '1', '0', '0', '1', 'Seguro privado'].concat(['Aldea Dos, la grande', 'Aldea Uno; Aldea Dos, la grande', '1', '1']),
    );
  });
});

/** The responses stored in a fresh database, then exported to XLSX and read back by the XLSForm workbook reader. */
async function throughXlsx(data: DataOf<Form>, responses: SurveyResponse[], options: CsvOptions = {}) {
  const { writeResponses } = await import('../../src/lib/bundle/export-responses');
  const { BlobSink } = await import('../../src/lib/bundle/export-output');
  const { readWorkbook } = await import('../../src/lib/forms/xlsform/workbook');
  const db = await freshDatabase();
  const form = await repos(db).forms.create(data);
  const stored: SurveyResponse[] = [];
  for (const r of responses) if (!r.deleted) stored.push(await repos(db).responses.create({ ...responseData(data.formId, null), answers: r.answers }));
  const sink = new BlobSink();
  await writeResponses(form, sink.writable(), { ...options, format: 'xlsx', db });
  return { sheets: readWorkbook(new Uint8Array(await sink.blob().arrayBuffer())), stored, form };
}

describe('responses as XLSX', () => {
  it('holds the same cells as the CSV tables, a sheet for the responses and one per repeat', async () => {
    const responses = [
      response('r1', { name: 'Ana <b>&</b>', sex: 'f', cover: 'isss', member: [{ age: '34' }] }),
      response('r2', { name: '=1+1', sex: 'm', cover: '' }),
    ];
    const { sheets, stored } = await throughXlsx(formData('coverage'), responses);
    const tables = responseTables(form, stored);
    expect(sheets.map((s) => s.name)).toEqual([form.formId, 'member']);
    // Empty cells are not stored, so compare rows without their trailing empty cells; rows by id.
    const trimEnd = (row: string[]) => {
      let end = row.length;
      while (end > 0 && row[end - 1] === '') end--;
      return row.slice(0, end);
    };
    const sorted = (rows: string[][]) => [rows[0], ...rows.slice(1).sort((a, b) => (a[0] < b[0] ? -1 : 1))].map(trimEnd);
    sheets.forEach((sheet, i) => {
      expect(sorted(sheet.rows.map((row) => row.cells))).toEqual(sorted(tables[i].rows));
    });
  });
});
