// Appearances Piso honours; any other is named in a warning, so a designer knows the
// question will look plainer than in ODK Collect (it still works).

import type { Issues, Place } from './issues';

export const HONOURED_APPEARANCES = new Set([
  'minimal', 'autocomplete', 'search', 'quick', 'horizontal', 'horizontal-compact', 'likert', 'columns',
  'columns-pack', 'table-list', 'label', 'list-nolabel', 'field-list', 'multiline', 'numbers', 'thousands-sep',
  'no-calendar', 'month-year', 'year', 'signature', 'draw', 'annotate', 'new', 'map',
  'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10',
]);

/** An appearance word: `columns-4` is columns, `search('file')` is search. */
function word(token: string): string {
  return token.replace(/\(.*$/, '').replace(/^(columns)-\d+$/, '$1');
}

export function warnAppearances(appearances: { name: string; appearance: string; place: Place }[], issues: Issues): void {
  for (const { name, appearance, place } of appearances) {
    // search('file', ...) carries its arguments, spaces and all: split outside parentheses.
    const tokens = appearance.match(/[^\s(]+(\([^)]*\))?/g) ?? [];
    const unknown = tokens.filter((t) => !HONOURED_APPEARANCES.has(word(t)));
    if (unknown.length) issues.warn('xlsform.unsupportedAppearance', place, { name, appearance: unknown.join(' ') });
  }
}
