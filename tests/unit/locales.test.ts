// Every key must exist in every language: a missing one would show a raw key to a user.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../locales');
const languages = ['es', 'en', 'fr'];

function flatten(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

/** i18next plural forms (count_one, count_other...) count as one key. */
function baseKeys(keys: string[]): Set<string> {
  return new Set(keys.map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')));
}

function load(lang: string, file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, lang, file), 'utf8'));
}

describe('locale files', () => {
  const files = readdirSync(join(root, 'es'));

  it('ship the same files in every language', () => {
    for (const lang of languages) expect(readdirSync(join(root, lang)).sort()).toEqual([...files].sort());
  });

  for (const file of files) {
    for (const lang of languages) {
      it(`${lang}/${file} has every key of the others and no empty text`, () => {
        const mine = flatten(load(lang, file));
        const mineBase = baseKeys(mine);
        for (const other of languages) {
          for (const key of baseKeys(flatten(load(other, file)))) {
            expect(mineBase.has(key), `${lang}/${file} lacks "${key}" (present in ${other})`).toBe(true);
          }
        }
        const values = load(lang, file);
        for (const key of mine) {
          const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], values);
          expect(typeof value === 'string' && value.trim() !== '', `${lang}/${file}: "${key}" is empty`).toBe(true);
        }
      });
    }
  }

  it('covers every key the code uses', () => {
    const es = baseKeys(files.flatMap((file) => flatten(load('es', file))));
    const src = join(import.meta.dirname, '../../src');
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(ts|svelte)$/.test(entry.name)) {
          for (const m of readFileSync(path, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
        }
      }
    };
    walk(src);
    const missing = [...used].filter((k) => !es.has(k));
    expect(missing).toEqual([]);
  });
});
