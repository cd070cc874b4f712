// The layering rule of the README's Architecture: only lib/db drives IndexedDB. lib/bundle
// and lib/sync call lib/db functions and never name a table or open a transaction;
// pages and components call lib/db functions and never reach the database object.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(entry.name) ? [path] : [];
  });
}

/** The code of a file without its comments: a comment may say what is done elsewhere. */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1');
}

const TABLES = 'projects|outcomes|indicators|forms|responses|meta|quarantine';

const STORAGE = [
  { what: 'opens a transaction', pattern: /\.transaction\s*\(/ },
  { what: 'names a table by name', pattern: /\.table\s*[<(]/ },
  { what: 'names a record table', pattern: /\brecordTable\s*[<(]/ },
  { what: 'names a Dexie table', pattern: new RegExp(`\\b(db|database\\(\\))\\s*\\??\\.\\s*(${TABLES})\\b`) },
  { what: 'lists the tables', pattern: /\b(RECORD_TABLES|TABLE_OF_KIND)\b/ },
  { what: 'imports Dexie', pattern: /from\s+['"]dexie['"]/ },
];

/** Each rule a file breaks, as "file: what". */
function breaches(files: string[], rules: { what: string; pattern: RegExp }[]): string[] {
  return files.flatMap((path) => {
    const text = code(path);
    return rules.filter(({ pattern }) => pattern.test(text)).map(({ what }) => `${relative(src, path)}: ${what}`);
  });
}

describe('layers', () => {
  it('lib/bundle and lib/sync reach IndexedDB only through lib/db functions', () => {
    const files = [...sourceFiles(join(src, 'lib/bundle')), ...sourceFiles(join(src, 'lib/sync'))];
    expect(files.length).toBeGreaterThan(20);
    expect(breaches(files, STORAGE)).toEqual([]);
  });

  it('pages and components call lib/db functions, never the database object', () => {
    const files = [...sourceFiles(join(src, 'pages')), ...sourceFiles(join(src, 'components'))];
    const rules = [
      ...STORAGE,
      { what: 'takes the database object', pattern: /\bimport\b[^;]*\b(database|openDatabase|PisoDatabase)\b[^;]*from\s+['"][./]*lib\/db\b/ },
      { what: 'imports a lib/db file past its index', pattern: /from\s+['"][./]*lib\/db\/[^'"]*['"]/ },
    ];
    expect(breaches(files, rules)).toEqual([]);
  });

  it('sees a breach where there is one: lib/db itself drives tables and transactions', () => {
    expect(breaches([join(src, 'lib/db/meta.ts')], STORAGE)).toEqual(['lib/db/meta.ts: opens a transaction', 'lib/db/meta.ts: names a Dexie table']);
    expect(breaches([join(src, 'lib/db/push-store.ts')], STORAGE)).toEqual([
      'lib/db/push-store.ts: opens a transaction',
      'lib/db/push-store.ts: names a table by name',
      'lib/db/push-store.ts: names a Dexie table',
      'lib/db/push-store.ts: lists the tables',
    ]);
  });
});
