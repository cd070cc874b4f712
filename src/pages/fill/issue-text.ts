// The words for a problem: the form's own message in the interface language (falling
// back to the form's default language), else ours.
import type { Issue } from '../../lib/forms/engine';
import { localize } from '../../lib/forms/model';

export function issueText(issue: Issue, lang: string, defaultLanguage: string, t: (key: string) => string): string {
  return localize(issue.message, lang, defaultLanguage) || t(issue.key);
}

/** An element id from a question path ('member[2]/age' → 'q-member-2--age'). */
export function fieldId(path: string): string {
  return `q-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
