import { describe, expect, it } from 'vitest';
import { UI_LANGUAGES } from '../../src/lib/domain/types';
import { countryName, formatDate, languageName } from '../../src/lib/i18n/format';

describe('names and dates on the first screen', () => {
  it("names each interface language in itself as Intl does, without asking Intl", () => {
    for (const lang of UI_LANGUAGES) {
      expect(languageName(lang, lang)).toBe(new Intl.DisplayNames([lang], { type: 'language' }).of(lang));
    }
    // In another language, or a language that is not the interface's, Intl names it.
    expect(languageName('en', 'es')).toBe(new Intl.DisplayNames(['es'], { type: 'language' }).of('en'));
    expect(languageName('pt', 'pt')).toBe(new Intl.DisplayNames(['pt'], { type: 'language' }).of('pt'));
  });

  it('formats dates and country names as Intl does, one kept formatter per language', () => {
    for (const lang of ['es', 'en', 'fr', 'es']) {
      expect(formatDate('2016-03-01', lang)).toBe(new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(2016, 2, 1)));
      expect(countryName('sv', lang)).toBe(new Intl.DisplayNames([lang], { type: 'region' }).of('SV'));
      expect(countryName('hn', lang)).toBe(new Intl.DisplayNames([lang], { type: 'region' }).of('HN'));
    }
    expect(countryName('', 'es')).toBe('');
    expect(countryName('not a code', 'es')).toBe('not a code');
    expect(formatDate('not a date', 'es')).toBe('not a date');
  });
});
