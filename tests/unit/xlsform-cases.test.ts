// Piso's XLSForm importer against pyxform 4.5.0, the converter ODK Central and
// KoboToolbox run: every case of fixtures/xlsform-cases (written by its generate.mjs,
// which stored pyxform's verdict in cases.json) and the converter's own sample forms
// must get the same answer, accepted or refused, and a refusal must say where.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FormAttachment } from '../../src/lib/domain/types';
import { importXlsForm, type ImportResult } from '../../src/lib/forms/xlsform';
import { writeXlsx } from './fixtures/xlsx';

interface Case {
  id: string;
  topic: string;
  sheets: Record<string, string[][]>;
  files?: Record<string, string>;
  /** false: pyxform passes it, but ODK Validate (JavaRosa) refuses it after: so does Piso. */
  central?: false;
  pyxform: { ok: boolean; error?: string };
}

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
// XLSFORM_CASES: another file written by generate.mjs (CASES_OUT), when exploring.
const casesFile = process.env.XLSFORM_CASES ?? `${fixtures}xlsform-cases/cases.json`;
const { cases } = JSON.parse(readFileSync(casesFile, 'utf8')) as { cases: Case[] };

function attachments(files: Record<string, string> = {}): FormAttachment[] {
  return Object.entries(files).map(([name, text]) =>
    /\.(csv|xml|geojson)$/.test(name)
      ? { name, type: 'text/plain', text }
      : { name, type: 'application/octet-stream', base64: btoa(text) },
  );
}

/** The row pyxform names in its message, if it names one. */
function pyxformRow(error: string | undefined): number | undefined {
  const m = /\[row ?: ?(\d+)\]/.exec(error ?? '');
  return m ? Number(m[1]) : undefined;
}

async function run(c: Case): Promise<ImportResult> {
  const sheets = Object.entries(c.sheets).map(([name, rows]) => ({ name, rows }));
  return importXlsForm(writeXlsx(sheets), { attachments: attachments(c.files) });
}

describe('XLSForm cases with pyxform 4.5.0 verdicts', () => {
  it('has cases on every topic of the checklist', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(new Set(cases.map((c) => c.topic))).toEqual(
      new Set(['types', 'selects', 'choices', 'names', 'references', 'columns', 'cleanup', 'expressions', 'parameters', 'groups', 'appearances', 'settings', 'sheets', 'entities', 'random']),
    );
    // Both answers occur: a test that always accepted could not pass.
    expect(cases.some((c) => c.pyxform.ok) && cases.some((c) => !c.pyxform.ok)).toBe(true);
  });

  for (const c of cases) {
    const accept = c.pyxform.ok && c.central !== false;
    it(`${accept ? 'accepts' : 'refuses'}: ${c.id}`, async () => {
      const result = await run(c);
      const detail = result.ok ? '' : JSON.stringify(result.errors);
      expect(result.ok, `${c.id}: pyxform says ${c.pyxform.error ?? 'ok'}; Piso ${detail}`).toBe(accept);
      if (result.ok) return;
      // Every refusal says where: the sheet always, the row wherever pyxform names one.
      for (const e of result.errors) expect(e.sheet, JSON.stringify(e)).toBeTruthy();
      // pyxform says "row 1" of the settings sheet whatever the row: only survey rows compare.
      const row = /'settings' sheet/.test(c.pyxform.error ?? '') ? undefined : pyxformRow(c.pyxform.error);
      if (row !== undefined) expect(result.errors.map((e) => e.row), detail).toContain(row);
    });
  }
});

/**
 * pyxform never opens a form's media and item files, and these samples come without
 * theirs; Piso refuses a form whose files are missing. So a sample is imported once as
 * it is, where every refusal must be a missing file (each in its place), and again with
 * empty stand-ins for those files, which must then give pyxform's answer.
 */
function standIn(name: string): FormAttachment {
  if (name.endsWith('.csv')) return { name, type: 'text/csv', text: 'name,label\n' };
  if (name.endsWith('.xml')) return { name, type: 'application/xml', text: '<root/>' };
  if (name.endsWith('.geojson')) return { name, type: 'application/geo+json', text: '{"type":"FeatureCollection","features":[]}' };
  return { name, type: 'application/octet-stream', base64: '' };
}

describe('the converter sample forms, with pyxform 4.5.0 verdicts', () => {
  const verdicts = JSON.parse(readFileSync(`${fixtures}xlsform-samples/verdicts.json`, 'utf8')) as Record<
    string,
    { ok: boolean; error?: string; central?: false; why?: string }
  >;
  it('covers the 24 samples', () => expect(Object.keys(verdicts).length).toBe(24));
  for (const [file, verdict] of Object.entries(verdicts)) {
    const accept = verdict.ok && verdict.central !== false;
    it(`${accept ? 'accepts' : 'refuses'} ${file}`, async () => {
      const bytes = readFileSync(`${fixtures}xlsform-samples/${file}`);
      let result = await importXlsForm(bytes, { fileName: file });
      const missing = result.ok ? [] : result.errors.filter((e) => e.code === 'xlsform.missingAttachment');
      if (missing.length) {
        for (const e of missing) expect(e.sheet && e.row && e.column, JSON.stringify(e)).toBeTruthy();
        const files = [...new Set(missing.map((e) => String(e.params?.file)))];
        result = await importXlsForm(bytes, { fileName: file, attachments: files.map(standIn) });
      }
      expect(result.ok, result.ok ? file : JSON.stringify(result.errors)).toBe(accept);
    });
  }
});
