// The importer's warning for appearances the interview does not honour (the list is the
// engine's, lib/forms/engine/appearance.ts), so a designer knows the question will look
// plainer than in ODK Collect (it still works). pyxform never checks an appearance
// against its question's type, so neither does the import refuse one: a `year` on a
// select is simply not honoured, and said so.

import { isHonoured } from '../engine/appearance';
import type { Issues, Place } from './issues';

const SELECTS = ['select_one', 'select_multiple'];
const NUMBERS = ['text', 'integer', 'decimal'];
const MEDIA = ['image', 'audio', 'video', 'file'];
const CONTAINERS = ['group', 'repeat'];

/**
 * The types whose widget reads an appearance (pages/fill/QuestionField.svelte); one not
 * listed (w1–w10, map on a location) is read whatever the type, or checked by the engine.
 */
const ONLY_ON: readonly [string | RegExp, readonly string[]][] = [
  ['minimal', SELECTS], ['quick', ['select_one']], ['horizontal', SELECTS], ['horizontal-compact', SELECTS],
  ['likert', SELECTS], ['label', SELECTS], ['list-nolabel', SELECTS], ['columns', SELECTS], ['columns-pack', SELECTS],
  [/^columns-\d+$/, SELECTS], ['autocomplete', SELECTS], ['search', SELECTS], [/^search\(/, SELECTS],
  ['multiline', ['text']], ['numbers', NUMBERS], ['thousands-sep', NUMBERS],
  ['no-calendar', ['date']], ['month-year', ['date']], ['year', ['date']],
  ['signature', ['image']], ['draw', ['image']], ['annotate', ['image']], ['new', MEDIA], ['selfie', ['image', 'video']],
  ['no-ticks', ['range']], ['picker', ['range']], ['rating', ['range']], ['vertical', ['range']],
  ['field-list', CONTAINERS], ['table-list', CONTAINERS],
];

function honouredOn(token: string, type: string): boolean {
  if (!isHonoured(token, type)) return false;
  const a = token.toLowerCase();
  const rule = ONLY_ON.find(([h]) => (typeof h === 'string' ? h === a : h.test(a)));
  return !rule || rule[1].includes(type);
}

export function warnAppearances(appearances: { name: string; type: string; appearance: string; place: Place }[], issues: Issues): void {
  for (const { name, type, appearance, place } of appearances) {
    // search('file', ...) carries its arguments, spaces and all: split outside parentheses.
    const tokens = appearance.match(/[^\s(]+(\([^)]*\))?/g) ?? [];
    const unknown = tokens.filter((t) => !honouredOn(t, type));
    if (unknown.length) issues.warn('xlsform.unsupportedAppearance', place, { name, appearance: unknown.join(' ') });
  }
}
