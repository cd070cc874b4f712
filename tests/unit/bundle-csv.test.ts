import { describe, expect, it } from 'vitest';
import { responsesCsv } from '../../src/lib/bundle';
import type { Form, SurveyResponse } from '../../src/lib/domain/types';
import { formData, responseData } from './bundle-fixtures';

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

describe('responses as XLSX', () => {
  it('holds the same cells as the CSV tables, a sheet for the responses and one per repeat', async () => {
    const { responsesXlsx } = await import('../../src/lib/bundle/xlsx');
    const { responseTables } = await import('../../src/lib/bundle/csv');
    const { readWorkbook } = await import('../../src/lib/forms/xlsform/workbook');
    const responses = [
      response('r1', { name: 'Ana <b>&</b>', sex: 'f', cover: 'isss', member: [{ age: '34' }] }),
      response('r2', { name: '=1+1', sex: 'm', cover: '' }),
    ];
    const sheets = readWorkbook(responsesXlsx(form, responses));
    const tables = responseTables(form, responses);
    expect(sheets.map((s) => s.name)).toEqual([form.formId, 'member']);
    // Empty cells are not stored, so compare rows without their trailing empty cells.
    const trimEnd = (row: string[]) => {
      let end = row.length;
      while (end > 0 && row[end - 1] === '') end--;
      return row.slice(0, end);
    };
    sheets.forEach((sheet, i) => {
      expect(sheet.rows.map((row) => trimEnd(row.cells))).toEqual(tables[i].rows.map(trimEnd));
    });
  });
});
