// One interview on screen: the engine session, where the enumerator is, and saving.
// A draft saves each change within 300 ms; a finalized response opened again is in
// correction mode, where each saved change is recorded in its history. While writes
// fail, the answers are also kept in localStorage and the screen says so.
// A captured file waits here until the answer naming it is written, and is written with
// it; when the device is full, the file is refused and its question goes back to what it
// held, so that the other answers are still saved.

import { correctResponse, EntityIdTakenError, finalizeResponse, isQuotaError, saveDraft, withReopen, type PendingFile } from '../../lib/db';
import type { Answers, FileAnswer, Form, SurveyResponse } from '../../lib/domain/types';
import {
  type Cell,
  entityActions,
  FormSession,
  issuesOn,
  nextScreen,
  pagingOf,
  previousScreen,
  progress,
  screenById,
  validateAll,
  type Issue,
  type SessionEnv,
} from '../../lib/forms/engine';
import { Autosave } from './autosave';
import { inBackground } from './questions/idle-work';
import { LiveSession } from './live-session.svelte';
import { backupIsNewer, clearBackup, readBackup, withoutFiles, writeBackup } from './unload-backup';

/** What became of a captured file: stored with its answer, refused for lack of space, or still waiting (writes failing). */
export type AttachResult = 'saved' | 'noRoom' | 'waiting';

interface Attached extends PendingFile {
  cell: Cell;
  /** What the question held before: put back if the file cannot be stored. */
  previous: FileAnswer | string;
}

const DRAFT_DELAY_MS = 300;
// A correction is an audit entry: wait a little longer, so that typing "4", "45" is one entry.
const CORRECTION_DELAY_MS = 1500;

export interface ControllerOptions {
  deviceId: string;
  enumerator: () => string;
  lang: string;
  /** A new clock of this device, for the localStorage copy of answers not yet written. */
  clock: () => string;
  /** A write failed (each attempt): the screen shows `saveFailing` until one succeeds. */
  onSaveError: (e: unknown) => void;
  /** The entity lists the form reads, loaded before the session starts. */
  lists?: SessionEnv['lists'];
}

export class FillController {
  readonly live: LiveSession;
  readonly mode: 'draft' | 'correction';
  /** Index of the screen shown; the screens' count is the review screen at the end. */
  index = $state(0);
  /** Show "required" errors on this screen (after a refused Next, or on review). */
  reveal = $state(false);
  /** Writes are failing: the latest answers are only on this screen (and in localStorage). */
  saveFailing = $state(false);
  /**
   * The last correction was refused: it would register a case whose id its list already
   * has (another registration's). Its answers stay on screen and in the page's backup,
   * and are written at the next change once the id is free.
   */
  idTaken = $state<{ list: string; entityId: string } | null>(null);
  readonly #autosave: Autosave;
  /** The answers as last stored (corrections only): what a correction is computed from. */
  #saved: Answers;
  /** Captured files not written yet, by hash, in the order they were taken. */
  readonly #pending = new Map<string, Attached>();
  /** Files refused for lack of space since the last capture began. */
  #refused = new Set<string>();

  constructor(
    readonly form: Form,
    readonly response: SurveyResponse,
    private readonly options: ControllerOptions,
  ) {
    // Answers kept when the page went away before they were written (see unload-backup.ts),
    // unless something was written to the response after them.
    let backup = readBackup(response.id);
    if (backup && !backupIsNewer(backup, response)) {
      clearBackup(response.id);
      backup = null;
    }
    const session = new FormSession(form, backup?.answers ?? response.answers, {
      deviceId: options.deviceId,
      username: options.enumerator(),
      lang: options.lang,
      seed: response.id,
      lists: options.lists,
    });
    this.#saved = response.answers;
    this.live = new LiveSession(session);
    // While the first screen is read: a worker select then opens on its 100,000 choices.
    inBackground(() => session.prepareDeviceLists());
    this.mode = response.status === 'finalized' ? 'correction' : 'draft';
    const cursor = backup?.cursor || response.cursor;
    this.index = this.mode === 'draft' ? screenById(session, cursor) : nextScreen(session, -1);
    this.#autosave = new Autosave({
      save: () => this.#save(),
      delayMs: this.mode === 'draft' ? DRAFT_DELAY_MS : CORRECTION_DELAY_MS,
      // A taken id is refused however often it is tried: the next change tries again.
      refused: (e) => e instanceof EntityIdTakenError,
      onError: (e) => {
        if (e instanceof EntityIdTakenError) this.idTaken = { list: e.list, entityId: e.entityId };
        // A full device: the files waiting are refused, so the retry saves the other answers.
        if (isQuotaError(e)) this.#refusePending();
        // Kept at once, not only when the page is hidden: the tab may be killed first.
        this.#keepBackup();
        options.onSaveError(e);
      },
      onFailingChange: (failing) => (this.saveFailing = failing),
      onSettled: () => clearBackup(response.id),
    });
    session.onChange(() => {
      this.#autosave.schedule();
      if (this.saveFailing) this.#keepBackup();
    });
    if (backup) this.#autosave.schedule();
  }

  get session(): FormSession {
    return this.live.session;
  }

  get screens() {
    this.live.trackStructure();
    return pagingOf(this.session).screens;
  }

  get atReview(): boolean {
    return this.index >= this.screens.length;
  }

  get progress(): { done: number; total: number } {
    this.live.trackAll();
    this.live.trackStructure();
    return progress(this.session, this.index);
  }

  /** Problems on the current screen. */
  currentIssues(): Issue[] {
    return issuesOn(this.session, this.index);
  }

  /** Every problem, each with its screen (review screen). */
  allIssues() {
    this.live.trackAll();
    return validateAll(this.session);
  }

  /** Moves on unless this screen has a problem; returns false (and reveals them) if it has. */
  next(): boolean {
    if (this.currentIssues().length > 0) {
      this.reveal = true;
      return false;
    }
    this.goTo(nextScreen(this.session, this.index));
    return true;
  }

  back(): void {
    const previous = previousScreen(this.session, this.index);
    if (previous >= 0) this.goTo(previous);
  }

  goTo(index: number): void {
    this.index = index;
    this.reveal = index >= this.screens.length;
    this.#autosave.schedule();
  }

  flush(): Promise<void> {
    return this.#autosave.flush();
  }

  /** The page is being hidden or left: write now, and keep a synchronous copy until written. */
  leave(): void {
    if (this.#autosave.unsaved) this.#keepBackup();
    void this.flush();
  }

  /** The screen is gone: write what is pending, then no more retries from this screen. */
  close(): void {
    this.leave();
    this.#autosave.stop();
  }

  /**
   * A media question's new file: shown at once, and written now with the answers. Resolves
   * once the write is done: 'noRoom' when the device was full (the question holds what it
   * held before, and nothing else is lost).
   */
  async attach(cell: Cell, answer: FileAnswer, blob: Blob): Promise<AttachResult> {
    this.#refused.delete(answer.hash);
    this.#pending.set(answer.hash, { answer, blob, cell, previous: cell.file ?? cell.raw });
    this.session.setFile(cell, answer);
    await this.flush();
    if (this.#refused.has(answer.hash)) return 'noRoom';
    return this.#pending.has(answer.hash) ? 'waiting' : 'saved';
  }

  /** Removes a media question's file (the file stays stored until no record names it). */
  detach(cell: Cell): void {
    this.session.setFile(cell, null);
  }

  #refusePending(): void {
    for (const [hash, attached] of [...this.#pending].reverse()) {
      this.#refused.add(hash);
      if (attached.cell.file?.hash === hash) {
        const { previous } = attached;
        if (typeof previous === 'string') this.session.setValue(attached.cell, previous);
        else this.session.setFile(attached.cell, previous);
      }
    }
    this.#pending.clear();
  }

  #keepBackup(): void {
    // localStorage cannot hold a file: answers naming one not written yet are left out of the copy.
    const answers = withoutFiles(this.session.answers(), new Set(this.#pending.keys()));
    writeBackup(this.response.id, { answers, cursor: this.#cursor(), hlc: this.options.clock() });
  }

  /** Checks everything; finalizes when nothing is wrong. Returns the problems found. */
  async finalize(): Promise<ReturnType<typeof validateAll>> {
    const issues = validateAll(this.session);
    if (issues.length > 0) return issues;
    this.session.markEnd();
    await this.flush();
    const files = new Map(this.#pending);
    // What the response does to entities goes in the same transaction: a create whose id is
    // taken (EntityIdTakenError) finalizes nothing and leaves the draft as it is.
    await withReopen(() => finalizeResponse(this.response.id, this.session.answers(), new Date(), files, entityActions(this.session)));
    this.#written(files);
    return [];
  }

  #cursor(): string {
    const screen = this.screens[this.index];
    return screen ? screen.id : 'end';
  }

  async #save(): Promise<void> {
    const answers = this.session.answers();
    const cursor = this.#cursor();
    const by = this.options.enumerator() || this.response.enumerator;
    const files = new Map(this.#pending);
    if (this.mode === 'draft') {
      await withReopen(() => saveDraft(this.response.id, answers, cursor, files));
    } else {
      // A correction changes only what was changed on this screen since it was last saved:
      // another device's correction that arrived meanwhile is kept, not reverted.
      // With what the corrected answers now do to entities (their visit records the correction).
      await withReopen(() => correctResponse(this.response.id, answers, by, new Date(), this.#saved, files, entityActions(this.session)));
      this.#saved = answers;
      this.idTaken = null;
    }
    this.#written(files);
  }

  /** After a write: the files it had are stored, or were replaced before it and never will be. */
  #written(files: ReadonlyMap<string, Attached>): void {
    for (const hash of files.keys()) this.#pending.delete(hash);
  }
}
