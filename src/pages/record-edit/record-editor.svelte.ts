// The one controller of the project, outcome and indicator edit forms. It keeps the
// record as the form loaded it, what the user has on screen, and follows the stored
// record live: a change made elsewhere (another tab, a sync, a bundle) comes into the
// fields the user has not touched and is announced; a field both changed keeps what
// the user typed and shows the other value. Save writes only the fields the user
// changed, onto the record as it is then. What is typed is kept as a draft in
// localStorage until it is saved or cancelled, so a reload loses nothing.
// Must be constructed while a component initializes (it runs effects).

import { untrack } from 'svelte';
import { live, withReopen, type Repository } from '../../lib/db';
import { changedFields, pathKey, rebase, sameValue, valueAt, withValueAt, type Path } from '../../lib/domain/edit-rebase';
import type { DataOf, Envelope } from '../../lib/domain/types';
import { draftKey, draftUse, findDraft, recordPrefix, removeDraft, writeDraft, type EditDraft, type FoundDraft } from './edit-draft';

/** What differs between the kinds of record: how a record becomes form values and back. */
export interface EditorSpec<R extends Envelope, V> {
  repository: Pick<Repository<R>, 'kind' | 'get' | 'create' | 'update'>;
  toForm(record: R): V;
  /** The record data the form values stand for; `record` is the stored one (undefined when creating). */
  fromForm(values: V, record: R | undefined): DataOf<R>;
}

export interface EditorTarget {
  /** The record edited; absent when creating one. */
  id?: string;
  /** When creating: what the new record's draft is kept under (its parent's id, or 'new'). */
  newKey?: string;
}

/** A field both the user and another change changed: the user's value stays on screen. */
export interface Conflict {
  path: Path;
  /** The stored value (the other change's), in form values. */
  theirs: unknown;
}

function addPaths(known: readonly Path[], more: readonly Path[]): Path[] {
  const keys = new Set(known.map(pathKey));
  return [...known, ...more.filter((p) => !keys.has(pathKey(p)))];
}

export class RecordEditor<R extends Envelope, V> {
  /** What the form shows and binds to. */
  values = $state() as V;
  /** The stored record as it is now; undefined when creating (or not found). */
  record = $state.raw<R | undefined>();
  loaded = $state(false);
  /** The record was deleted elsewhere while the form was open. */
  deleted = $state(false);
  saving = $state(false);
  /** Fields changed elsewhere that came into the form, until the user dismisses the notice. */
  applied = $state.raw<Path[]>([]);
  /** A draft made before the record changed, or left by a tab that is gone: offered, never applied by itself. */
  offeredDraft = $state.raw<FoundDraft<V> | null>(null);
  /** When the draft taken back on opening was typed (said on screen, so it is not silent). */
  restoredAt = $state<string | null>(null);

  #base = $state.raw() as V;
  #baseHlc: string | null = null;
  #conflicts = $state.raw<Path[]>([]);
  /** Saved or cancelled: the screen is going away and keeps nothing more. */
  #done = false;
  /** This tab's draft of this record, and the prefix of every tab's. */
  readonly #key: string;
  readonly #prefix: string;

  constructor(
    private readonly spec: EditorSpec<R, V>,
    private readonly target: EditorTarget,
  ) {
    const recordKey = target.id ?? `new.${target.newKey ?? 'new'}`;
    this.#key = draftKey(spec.repository.kind, recordKey);
    this.#prefix = recordPrefix(spec.repository.kind, recordKey);
    const id = target.id;
    if (id) {
      const stored = live(() => spec.repository.get(id, { includeDeleted: true }), undefined);
      $effect(() => {
        const record = stored.current;
        if (!stored.loading) untrack(() => this.#arrive(record));
      });
    }
    // Every change on screen is kept at once (localStorage is synchronous): the phone
    // may kill the tab at any moment.
    $effect(() => {
      if (!this.loaded) return;
      const values = $state.snapshot(this.values) as V;
      untrack(() => this.#keepDraft(values));
    });
  }

  /** Creating: start from these values (a new record's defaults), or from the draft kept. */
  begin(initial: V): void {
    this.#base = initial;
    this.values = structuredClone(initial);
    void this.#lookForDraft();
  }

  /** Fields where the user's value stays over another change, while it still differs. */
  get conflicts(): Conflict[] {
    return this.#conflicts
      .map((path) => ({ path, mine: valueAt(this.values, path), theirs: valueAt(this.#base, path) }))
      .filter(({ mine, theirs }) => !sameValue(mine, theirs))
      .map(({ path, theirs }) => ({ path, theirs }));
  }

  /** Take the other change's value for a field in conflict. */
  useTheirs(path: Path): void {
    this.values = withValueAt($state.snapshot(this.values) as V, path, structuredClone(valueAt(this.#base, path)));
  }

  dismissApplied(): void {
    this.applied = [];
  }

  restoreDraft(): void {
    const found = this.offeredDraft;
    if (!found) return;
    this.#takeDraft(found.draft);
    // Taken over: from now on it is kept as this tab's draft.
    removeDraft(found.key);
    this.offeredDraft = null;
    this.#keepDraft($state.snapshot(this.values) as V);
  }

  /** Drop the draft taken back on opening: the form shows the stored record again. */
  revertToStored(): void {
    this.restoredAt = null;
    this.#conflicts = [];
    this.values = structuredClone(this.#base);
  }

  discardDraft(): void {
    const found = this.offeredDraft;
    if (!found) return;
    removeDraft(found.key);
    this.offeredDraft = null;
    this.#keepDraft($state.snapshot(this.values) as V);
  }

  /** The user leaves without saving: what was typed is dropped. */
  cancel(): void {
    this.#done = true;
    removeDraft(this.#key);
  }

  /**
   * Writes the fields the user changed onto the record as stored now. Returns the
   * saved record, or null when it could not be saved as it is: the record was deleted,
   * or a change that arrived just now conflicts with the user's (shown, to be settled).
   */
  async save(): Promise<R | null> {
    this.saving = true;
    try {
      const id = this.target.id;
      if (!id) {
        const data = this.spec.fromForm($state.snapshot(this.values) as V, undefined);
        const created = await withReopen(() => this.spec.repository.create(data));
        this.#finish();
        return created;
      }
      const current = await this.spec.repository.get(id, { includeDeleted: true });
      if (!current || current.deleted) {
        this.deleted = true;
        return null;
      }
      // What the live query has not brought yet is taken in now; a new conflict stops here.
      if (current.hlc !== this.#baseHlc && this.#takeIn(current).conflicts.length > 0) return null;
      const mine = $state.snapshot(this.values) as V;
      const patch = changedFields(this.spec.fromForm(this.#base, current), this.spec.fromForm(mine, current));
      const saved = Object.keys(patch).length > 0 ? await withReopen(() => this.spec.repository.update(id, patch)) : current;
      this.#finish();
      return saved;
    } finally {
      this.saving = false;
    }
  }

  #finish(): void {
    this.#done = true;
    removeDraft(this.#key);
  }

  #arrive(record: R | undefined): void {
    if (this.#done) return;
    if (!record || record.deleted) {
      if (this.loaded) this.deleted = true;
      this.loaded = true;
      return;
    }
    this.deleted = false;
    if (!this.record) {
      this.#start(record);
      return;
    }
    if (record.hlc !== this.#baseHlc) this.#takeIn(record);
    this.record = record;
  }

  #start(record: R): void {
    this.record = record;
    this.#base = this.spec.toForm(record);
    this.#baseHlc = record.hlc;
    this.values = structuredClone(this.#base);
    void this.#lookForDraft();
  }

  /** The form is ready once any draft kept for the record is taken back or offered. */
  async #lookForDraft(): Promise<void> {
    const found = await findDraft<V>(this.#prefix, this.#key);
    // Compared with the record as it is once the lookup is done (it may have changed meanwhile).
    if (found && draftUse(found, this.#baseHlc) === 'apply') this.#restore(found.draft);
    else if (found) this.offeredDraft = found;
    this.loaded = true;
  }

  /** The stored record changed: move the user's values onto it. */
  #takeIn(record: R) {
    const theirs = this.spec.toForm(record);
    const result = rebase(this.#base, $state.snapshot(this.values) as V, theirs);
    this.#base = theirs;
    this.#baseHlc = record.hlc;
    this.record = record;
    this.values = result.values;
    this.applied = addPaths(this.applied, result.applied);
    this.#conflicts = addPaths(this.#conflicts, result.conflicts);
    return result;
  }

  #restore(draft: EditDraft<V>): void {
    this.#takeDraft(draft);
    this.restoredAt = draft.at;
  }

  /** A kept draft onto the record as it is now: the same merge as a change arriving. */
  #takeDraft(draft: EditDraft<V>): void {
    const result = rebase(draft.base, draft.values, this.#base);
    this.values = result.values;
    this.applied = addPaths(this.applied, result.applied);
    this.#conflicts = addPaths(this.#conflicts, [...draft.conflicts, ...result.conflicts]);
  }

  #keepDraft(values: V): void {
    // This tab's draft, when offered, stays as it is until the user takes or drops it.
    if (this.#done || !this.loaded || this.offeredDraft?.key === this.#key) return;
    if (sameValue(values, this.#base)) removeDraft(this.#key);
    else writeDraft(this.#key, { base: this.#base, values, baseHlc: this.#baseHlc, conflicts: this.#conflicts, at: new Date().toISOString() });
  }
}
