// What the screens say about a refused record and about a failure: translated in every
// language, naming the record and the field, never an internal message.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { refusalText, type Translate } from '../../src/lib/i18n/refusal';
import { describeFailure } from '../../src/lib/state/failure';
import { BundleError } from '../../src/lib/bundle/errors';
import { SyncError } from '../../src/lib/sync/errors';
import type { RefusalReason } from '../../src/lib/domain/schemas';

const root = join(import.meta.dirname, '../../locales');
const translators: Record<string, Translate> = {};

beforeAll(async () => {
  for (const lang of ['es', 'en', 'fr']) {
    const instance = i18next.createInstance();
    await instance.init({ lng: lang, resources: {}, interpolation: { escapeValue: false } });
    for (const file of readdirSync(join(root, lang))) {
      instance.addResourceBundle(lang, 'translation', JSON.parse(readFileSync(join(root, lang, file), 'utf8')), true, true);
    }
    translators[lang] = (key, params) => instance.t(key, params ?? {}) as string;
  }
});

const REASONS: RefusalReason[] = [
  'notJson', 'notObject', 'unknownKind', 'duplicate', 'forbiddenKey', 'tooLong', 'tooDeep',
  'missing', 'wrongType', 'unknownValue', 'badFormat', 'badExpression', 'answerType',
];

describe('a refused record in words', () => {
  it('names the record (kind, label, id) and the field, in every language', () => {
    for (const [lang, t] of Object.entries(translators)) {
      for (const reason of REASONS) {
        const text = refusalText(t, lang, {
          reason,
          field: 'answers/name',
          params: { key: '__proto__', max: 1_000_000, type: 'text', number: 3 },
          kind: 'response',
          recordId: 'r-42',
          label: 'coverage',
        });
        expect(text, `${lang} ${reason}`).not.toMatch(/record\.(problem|kind|who)|\{\{/);
        expect(text).toContain('r-42');
        expect(text).toContain('coverage');
        if (!['notJson', 'notObject', 'unknownKind', 'duplicate'].includes(reason)) expect(text, `${lang} ${reason}`).toContain('answers/name');
      }
    }
    const es = translators.es;
    expect(refusalText(es, 'es', { reason: 'wrongType', field: 'answers/name', kind: 'response', recordId: 'r-1', label: 'coverage' })).toBe(
      'Respuesta «coverage» (r-1): el campo «answers/name» no tiene el tipo esperado.',
    );
    // A record whose kind and id could not be read is named by its place in the bundle.
    expect(refusalText(es, 'es', { reason: 'notJson', params: { number: 4 } })).toBe('El registro n.º 4 del paquete: no es JSON válido.');
    expect(refusalText(translators.en, 'en', { reason: 'tooLong', field: 'region', params: { max: 1_000_000, label: 'SLV/16/03/RBS' }, kind: 'project', recordId: 'p' })).toBe(
      'Project “SLV/16/03/RBS” (p): the field “region” is too long (at most 1,000,000 characters).',
    );
  });
});

describe('a failure in words', () => {
  it('an unexpected error: a translated message, its text only in the detail line', () => {
    const t = translators.es;
    const failure = describeFailure(new TypeError('r is not iterable'), t);
    expect(failure.message).toBe(t('failure.unexpected'));
    expect(failure.message).not.toContain('iterable');
    expect(failure.detail).toBe('TypeError: r is not iterable');
    expect(describeFailure('x'.repeat(1000), t).detail!.length).toBeLessThan(310);
    expect(describeFailure(new Error('boom'), t, 'errors.saveFailed').message).toBe('No se pudo guardar.');
  });

  it('a bundle or sync error: its own message, the reason apart', () => {
    const t = translators.es;
    expect(describeFailure(new BundleError('bundle.corrupt', { reason: 'not UTF-8' }), t)).toEqual({
      message: 'El archivo está dañado. No se importó nada.',
      detail: 'not UTF-8',
    });
    expect(describeFailure(new SyncError('sync.serverError', { status: 500, reason: 'Internal Server Error' }), t)).toEqual({
      message: 'El servidor respondió con un error. Se reintentará solo.',
      detail: 'Internal Server Error',
    });
    expect(describeFailure(new DOMException('full', 'QuotaExceededError'), t).message).toBe(t('errors.quota'));
  });
});
