// Texts in every language as IATI narratives, each with its xml:lang.

import type { LocalizedText } from '../../domain/types';
import { el, type XmlElement } from './xml';

/** One narrative per language with text, `first` language first; `fallback` if there is none. */
export function narratives(text: LocalizedText | undefined, first: string, fallback?: string): XmlElement[] {
  const entries = Object.entries(text ?? {}).filter(([, t]) => t.trim() !== '');
  entries.sort(([a], [b]) => (a === first ? -1 : b === first ? 1 : a.localeCompare(b)));
  const out = entries.map(([lang, t]) => el('narrative', { 'xml:lang': lang }, t.trim()));
  if (out.length === 0 && fallback) out.push(el('narrative', {}, fallback));
  return out;
}

/** Text whose language the register does not record (partner names, funding): no xml:lang. */
export function plainNarrative(text: string): XmlElement {
  return el('narrative', {}, text);
}
