// The entities sheet against pyxform 4.5.0: every case of fixtures/xlsform-entities
// (written by its generate.mjs, which stored pyxform's verdict in cases.json) gets the
// same answer from Piso's importer, a refusal says where, and an accepted declaration
// is placed in the repeat pyxform puts its meta/entity block in.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { declaredEntityLists, openDatabase, repo, saveImportedForm } from '../../src/lib/db';
import type { Form, FormAttachment } from '../../src/lib/domain/types';
import { importXlsForm, type ImportResult } from '../../src/lib/forms/xlsform';
import { writeXlsx } from './fixtures/xlsx';

interface Case {
  id: string;
  sheets: Record<string, string[][]>;
  device?: string[];
  files?: Record<string, string>;
  noFile?: true;
  central?: false;
  repeats?: string[];
  pyxform: { ok: boolean; error?: string };
}

const { cases } = JSON.parse(readFileSync(new URL('./fixtures/xlsform-entities/cases.json', import.meta.url), 'utf8')) as { cases: Case[] };

function run(c: Case): Promise<ImportResult> {
  const sheets = Object.entries(c.sheets).map(([name, rows]) => ({ name, rows }));
  const attachments: FormAttachment[] = Object.entries(c.files ?? {}).map(([name, text]) => ({ name, type: 'text/csv', text }));
  return importXlsForm(writeXlsx(sheets), { attachments, entityLists: new Set(c.device ?? []) });
}

const pyxformRow = (error: string | undefined) => {
  const m = /\[row ?: ?(\d+)\]/.exec(error ?? '');
  return m ? Number(m[1]) : undefined;
};
/** The sheet pyxform names ("On the 'entities' sheet"). */
const pyxformSheet = (error: string | undefined) => /On the '(\w+)' sheet/.exec(error ?? '')?.[1];

describe('entities sheets with pyxform 4.5.0 verdicts', () => {
  it('has enough cases, accepted and refused, on every topic', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(cases.some((c) => c.pyxform.ok) && cases.some((c) => !c.pyxform.ok)).toBe(true);
    for (const word of ['create', 'update', 'upsert', 'repeat', 'save_to', 'list name', 'column', 'parse', 'settings']) {
      expect(cases.some((c) => c.id.includes(word)), word).toBe(true);
    }
  });

  for (const c of cases) {
    const accept = c.pyxform.ok && c.central !== false && !c.noFile;
    it(`${accept ? 'accepts' : 'refuses'}: ${c.id}`, async () => {
      const result = await run(c);
      const detail = result.ok ? '' : JSON.stringify(result.errors);
      expect(result.ok, `${c.id}: pyxform says ${c.pyxform.error ?? 'ok'}; Piso ${detail}`).toBe(accept);
      if (result.ok) {
        if (c.repeats) expect(result.form.entities?.map((e) => e.repeat ?? '')).toEqual(c.repeats);
        // A declaration pyxform places nowhere creates nothing in ODK: left out, and said so.
        if (c.repeats?.length === 0) expect(result.warnings.map((w) => w.code)).toContain('xlsform.entityNotPlaced');
        expect(result.warnings.map((w) => w.code)).not.toContain('xlsform.entitiesNotKept');
        return;
      }
      for (const e of result.errors) expect(e.sheet && e.row, JSON.stringify(e)).toBeTruthy();
      if (c.noFile) {
        expect(result.errors.map((e) => e.code)).toEqual(['xlsform.missingAttachment']);
        return;
      }
      if (c.central === false) {
        // Not XPath: refused in the entities sheet's cell, as ODK Validate would.
        expect(result.errors).toEqual([expect.objectContaining({ code: 'xlsform.badExpression', sheet: 'entities', column: expect.any(String) })]);
        return;
      }
      const row = pyxformRow(c.pyxform.error);
      if (row !== undefined) expect(result.errors.map((e) => e.row), detail).toContain(row);
      const sheet = pyxformSheet(c.pyxform.error);
      if (sheet) expect(result.errors.map((e) => e.sheet), detail).toContain(sheet);
    });
  }
});

describe('a follow-up form imported on a device that has the registration form', () => {
  const sheets = (survey: string[][], entities?: string[][], id = 'f') => [
    { name: 'survey', rows: survey },
    ...(entities ? [{ name: 'entities', rows: entities }] : []),
    { name: 'settings', rows: [['form_id', 'version'], [id, '1']] },
  ];
  const registration = sheets([['type', 'name', 'label', 'save_to'], ['text', 'n', 'Name', 'full_name']], [['list_name', 'label'], ['workers', '${n}']], 'reg');
  const followUp = sheets([['type', 'name', 'label'], ['select_one_from_file workers.csv', 'w', 'Worker']], undefined, 'visit');

  it('reads the lists the stored forms declare, and forgets those of a deleted form', async () => {
    await openDatabase('xlsform-entities-test');
    expect(await declaredEntityLists()).toEqual(new Set());
    expect((await importXlsForm(writeXlsx(followUp), { entityLists: await declaredEntityLists() })).ok).toBe(false);
    const reg = await importXlsForm(writeXlsx(registration));
    if (!reg.ok) throw new Error(JSON.stringify(reg.errors));
    const saved = await saveImportedForm(reg.form);
    expect(await declaredEntityLists()).toEqual(new Set(['workers']));
    expect((await importXlsForm(writeXlsx(followUp), { entityLists: await declaredEntityLists() })).ok).toBe(true);
    await repo<Form>('form').remove(saved.form.id);
    expect(await declaredEntityLists()).toEqual(new Set());
  });
});
