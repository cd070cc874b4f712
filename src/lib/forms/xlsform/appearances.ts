// The importer's warning for appearances the interview does not honour (the list is the
// engine's, lib/forms/engine/appearance.ts), so a designer knows the question will look
// plainer than in ODK Collect (it still works).

import { isHonoured } from '../engine/appearance';
import type { Issues, Place } from './issues';

export function warnAppearances(appearances: { name: string; type: string; appearance: string; place: Place }[], issues: Issues): void {
  for (const { name, type, appearance, place } of appearances) {
    // search('file', ...) carries its arguments, spaces and all: split outside parentheses.
    const tokens = appearance.match(/[^\s(]+(\([^)]*\))?/g) ?? [];
    const unknown = tokens.filter((t) => !isHonoured(t, type));
    if (unknown.length) issues.warn('xlsform.unsupportedAppearance', place, { name, appearance: unknown.join(' ') });
  }
}
