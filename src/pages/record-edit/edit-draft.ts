// What is typed in an edit form, kept in localStorage until it is saved or cancelled,
// so that a reload, or the phone killing the tab, loses nothing. One draft per record
// (or per new record under its parent), keyed by kind and id.

import type { Path } from '../../lib/domain/edit-rebase';

export interface EditDraft<V> {
  /** The form values of the record the user started from. */
  base: V;
  /** What the user had on screen. */
  values: V;
  /** The clock of the record the user started from; null for a new record. */
  baseHlc: string | null;
  /** Fields where both the user and another change had a value, still to be settled. */
  conflicts: Path[];
  /** ISO time of the last keystroke kept. */
  at: string;
}

const PREFIX = 'piso.edit.';

export const draftKey = (kind: string, id: string): string => `${PREFIX}${kind}.${id}`;

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // blocked by a browser setting
  }
}

export function readDraft<V>(key: string): EditDraft<V> | null {
  try {
    const raw = storage()?.getItem(key);
    const draft = raw ? (JSON.parse(raw) as Partial<EditDraft<V>>) : null;
    if (!draft || typeof draft !== 'object' || draft.values === undefined || draft.base === undefined || typeof draft.at !== 'string') return null;
    return {
      base: draft.base,
      values: draft.values,
      baseHlc: typeof draft.baseHlc === 'string' ? draft.baseHlc : null,
      conflicts: Array.isArray(draft.conflicts) ? draft.conflicts : [],
      at: draft.at,
    };
  } catch {
    return null; // unreadable: nothing to offer
  }
}

export function writeDraft<V>(key: string, draft: EditDraft<V>): void {
  try {
    storage()?.setItem(key, JSON.stringify(draft));
  } catch {
    // Full or blocked: the form still holds the values; only a reload would lose them.
  }
}

export function removeDraft(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // Nothing kept, nothing to remove.
  }
}

/**
 * What to do with a draft found when the form opens: the record unchanged since the
 * draft was made, take it back at once; changed since (another tab, a sync), offer it,
 * because the user may no longer want to apply old typing over a newer record.
 */
export function draftUse(draft: EditDraft<unknown>, recordHlc: string | null): 'apply' | 'offer' {
  return draft.baseHlc === recordHlc ? 'apply' : 'offer';
}
