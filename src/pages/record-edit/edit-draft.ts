// What is typed in an edit form, kept in localStorage until it is saved or cancelled,
// so that a reload, or the phone killing the app, loses nothing. One draft per record
// (or per new record under its parent) and per tab: two tabs editing the same record
// each keep their own. A tab's id lives in sessionStorage, which a reload keeps; a
// draft left by a tab that is gone (the app was closed) is offered to the next form
// that opens the record, never applied by itself.

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

/** A draft found for a record, and whether this tab made it. */
export interface FoundDraft<V> {
  key: string;
  draft: EditDraft<V>;
  own: boolean;
}

const PREFIX = 'piso.edit.';
const TAB_KEY = 'piso.tab';

function local(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // blocked by a browser setting
  }
}

let tab: string | undefined;

/**
 * This tab's id, the same after a reload. While the page lives it holds a Web Lock of
 * that name, so other tabs can tell a live tab's drafts from a gone one's.
 */
export function tabId(): string {
  if (tab) return tab;
  try {
    tab = sessionStorage.getItem(TAB_KEY) ?? crypto.randomUUID();
    sessionStorage.setItem(TAB_KEY, tab);
  } catch {
    tab = crypto.randomUUID();
  }
  void globalThis.navigator?.locks?.request(lockName(tab), () => new Promise(() => {}));
  return tab;
}

const lockName = (id: string) => `piso.tab.${id}`;

/** The drafts of one record are kept under this prefix, then the tab's id. */
export const recordPrefix = (kind: string, id: string): string => `${PREFIX}${kind}.${id}.`;

export const draftKey = (kind: string, id: string): string => `${recordPrefix(kind, id)}${tabId()}`;

function parse<V>(raw: string | null | undefined): EditDraft<V> | null {
  try {
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

/** Tabs open now (holding their lock); empty where the browser has no Web Locks. */
async function liveTabs(): Promise<Set<string>> {
  try {
    const state = await globalThis.navigator?.locks?.query();
    return new Set((state?.held ?? []).map((lock) => lock.name ?? ''));
  } catch {
    return new Set();
  }
}

/**
 * The draft to take back for a record: this tab's, else the latest one left by a tab
 * that is no longer open. A draft of another tab still open is that tab's business.
 */
export async function findDraft<V>(prefix: string, ownKey: string): Promise<FoundDraft<V> | null> {
  const storage = local();
  if (!storage) return null;
  const own = parse<V>(storage.getItem(ownKey));
  if (own) return { key: ownKey, draft: own, own: true };
  const live = await liveTabs();
  let found: FoundDraft<V> | null = null;
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(prefix) || key === ownKey || live.has(lockName(key.slice(prefix.length)))) continue;
    const draft = parse<V>(storage.getItem(key));
    if (draft && (!found || draft.at > found.draft.at)) found = { key, draft, own: false };
  }
  return found;
}

export function writeDraft<V>(key: string, draft: EditDraft<V>): void {
  try {
    local()?.setItem(key, JSON.stringify(draft));
  } catch {
    // Full or blocked: the form still holds the values; only a reload would lose them.
  }
}

export function removeDraft(key: string): void {
  try {
    local()?.removeItem(key);
  } catch {
    // Nothing kept, nothing to remove.
  }
}

/**
 * What to do with a draft found when the form opens: this tab's, on a record unchanged
 * since, is taken back at once (a reload); one made before the record changed (another
 * tab, a sync), or left by a tab that is gone, is offered: the user may no longer want
 * old typing over a newer record, or someone else's.
 */
export function draftUse(found: Pick<FoundDraft<unknown>, 'draft' | 'own'>, recordHlc: string | null): 'apply' | 'offer' {
  return found.own && found.draft.baseHlc === recordHlc ? 'apply' : 'offer';
}
