// Every problem the XLSForm importer can report must reach the user as a sentence in
// every language, never as a raw code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnText, issueMessage } from '../../src/pages/form-import/import-view';

const src = join(import.meta.dirname, '../../src/lib/forms/xlsform');
const codes = new Set(
  readdirSync(src)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(join(src, f), 'utf8').matchAll(/'xlsform\.([a-zA-Z]+)'/g)].map((m) => m[1])),
);

describe('XLSForm issue messages', () => {
  it('finds the codes in the importer', () => expect(codes.size).toBeGreaterThan(20));

  for (const lang of ['es', 'en', 'fr']) {
    it(`has a message for every code in ${lang}`, () => {
      const messages = JSON.parse(readFileSync(join(import.meta.dirname, `../../locales/${lang}/xlsform.json`), 'utf8')).xlsform;
      expect([...codes].filter((code) => typeof messages[code] !== 'string')).toEqual([]);
    });
  }

  it('fills a message from the place and the params, with a suggestion variant', () => {
    expect(issueMessage({ code: 'xlsform.unknownColumn', sheet: 'survey', row: 1, column: 'F', header: 'relevnt', params: { suggestion: 'relevant' } })).toEqual({
      key: 'xlsform.unknownColumn',
      options: { sheet: 'survey', row: 1, column: 'F', header: 'relevnt', suggestion: 'relevant', context: 'suggestion' },
    });
    expect(issueMessage({ code: 'xlsform.missingColumn', sheet: 'survey', row: 1, params: { column: 'name' } }).options.column).toBe('name');
    expect(columnText({ code: 'x', column: 'F', header: 'relevant' })).toBe('F (relevant)');
    expect(columnText({ code: 'x' })).toBe('');
  });
});
