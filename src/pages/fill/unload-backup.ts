// IndexedDB cannot finish a write once the page is going away (a reload, the phone
// killing the tab): its callbacks never run. localStorage writes at once, so when
// the page is hidden with answers not yet written, or while writes fail, they are
// kept there too, with the clock of the moment they were on screen. The next opening
// of the interview takes them back only if no later write reached the stored response,
// and the copy is deleted as soon as the answers are written.

import { isFileAnswer, type Answers } from '../../lib/domain/types';
import { compareHlc } from '../../lib/domain/hlc';

export interface Backup {
  answers: Answers;
  cursor: string;
  /**
   * This device's clock when the answers were on screen; absent in copies kept by
   * versions before it was added.
   */
  hlc?: string;
}

const PREFIX = 'piso.fill.unsaved.';
const key = (responseId: string) => `${PREFIX}${responseId}`;

/** The hashes of the files every kept copy names: garbage collection leaves them alone. */
export function filesInBackups(filesOf: (answers: Answers) => string[]): Set<string> {
  const out = new Set<string>();
  for (const id of backupIds()) for (const hash of filesOf(readBackup(id)?.answers ?? {})) out.add(hash);
  return out;
}

function backupIds(): string[] {
  try {
    return Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i) ?? '')
      .filter((k) => k.startsWith(PREFIX))
      .map((k) => k.slice(PREFIX.length));
  } catch {
    return []; // localStorage blocked: nothing was kept either
  }
}

/** The answers without those naming one of `hashes` (repeats included). */
export function withoutFiles(answers: Answers, hashes: ReadonlySet<string>): Answers {
  if (hashes.size === 0) return answers;
  const out: Answers = {};
  for (const [name, value] of Object.entries(answers)) {
    if (isFileAnswer(value)) {
      if (!hashes.has(value.hash)) out[name] = value;
    } else out[name] = Array.isArray(value) ? value.map((instance) => withoutFiles(instance, hashes)) : value;
  }
  return out;
}

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
    if (!parsed || typeof parsed.answers !== 'object' || !parsed.answers) return null;
    return { answers: parsed.answers, cursor: parsed.cursor ?? '', ...(typeof parsed.hlc === 'string' ? { hlc: parsed.hlc } : {}) };
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

/**
 * The copy is newer than what is stored: nothing was written to the response after
 * the answers were on screen (not this device's flush, not a sync, not another tab).
 * A copy without a clock comes from an older version that wrote it only when a write
 * was still pending, so it is taken as newer, as that version did.
 */
export function backupIsNewer(backup: Backup, stored: { hlc: string }): boolean {
  return backup.hlc === undefined || compareHlc(backup.hlc, stored.hlc) > 0;
}

/**
 * Deletes every copy that is no longer needed: its response was written after it, or
 * is gone. Copies are personal answers: none stays once the answers are stored. A copy
 * still newer than its response stays until that interview is opened again.
 */
export async function sweepBackups(storedClock: (responseId: string) => Promise<string | undefined>, open?: string): Promise<void> {
  // The interview on screen looks after its own.
  for (const id of backupIds().filter((id) => id !== open)) {
    const backup = readBackup(id);
    const hlc = await storedClock(id);
    if (!backup || hlc === undefined || !backupIsNewer(backup, { hlc })) clearBackup(id);
  }
}
