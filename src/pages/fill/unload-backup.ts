// IndexedDB cannot finish a write once the page is going away (a reload, the phone
// killing the tab): its callbacks never run. localStorage writes at once, so when
// the page is hidden with answers not yet written, they are kept there too, and the
// next opening of the interview takes them back.

import type { Answers } from '../../lib/domain/types';

export interface Backup {
  answers: Answers;
  cursor: string;
}

const key = (responseId: string) => `piso.fill.unsaved.${responseId}`;

export function writeBackup(responseId: string, backup: Backup): void {
  try {
    localStorage.setItem(key(responseId), JSON.stringify(backup));
  } catch {
    // Full or blocked: the IndexedDB write in flight is all there is.
  }
}

export function readBackup(responseId: string): Backup | null {
  try {
    const raw = localStorage.getItem(key(responseId));
    const parsed = raw ? (JSON.parse(raw) as Partial<Backup>) : null;
    return parsed && typeof parsed.answers === 'object' && parsed.answers ? { answers: parsed.answers, cursor: parsed.cursor ?? '' } : null;
  } catch {
    return null;
  }
}

export function clearBackup(responseId: string): void {
  try {
    localStorage.removeItem(key(responseId));
  } catch {
    // Nothing kept, nothing to clear.
  }
}
