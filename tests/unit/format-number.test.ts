import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/lib/i18n/format';

describe('formatNumber', () => {
  it('formats as Intl does for each language and options, one kept formatter each', () => {
    const cases: [number, string, Intl.NumberFormatOptions | undefined][] = [
      [100000, 'es', undefined],
      [0.5, 'es', { style: 'percent' }],
      [0.5, 'es', undefined],
      [1234.5678, 'en', { maximumFractionDigits: 1 }],
      [1234.5678, 'en', undefined],
      [1234.5678, 'fr', undefined],
      [0.5, 'es', { style: 'percent' }],
    ];
    for (const [value, lang, options] of cases) {
      expect(formatNumber(value, lang, options)).toBe(new Intl.NumberFormat(lang, options).format(value));
    }
    // Options are part of what a kept formatter is for: a percent after a plain number of the same language stays a percent.
    expect(formatNumber(0.25, 'en', { style: 'percent' })).toBe('25%');
    expect(formatNumber(0.25, 'en')).toBe('0.25');
  });
});
