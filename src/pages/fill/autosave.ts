// Deferred saving with an explicit flush (after Excalidraw's LocalData): each change
// is written within `delayMs` of it, writes never overlap, and the page flushes when
// it is hidden or left, so that no answer waits in memory when the phone kills the tab.
// A failed write is never taken for a saved one: the changes stay unsaved and the
// write is tried again, later and later, until one succeeds. A write refused for what it
// holds (`refused`) would be refused again: it is tried again at the next change only.

/** Waits between retries of a failed write: 1 s, 2 s, 4 s... up to 30 s, then every 30 s. */
export function retryDelay(failures: number): number {
  return Math.min(1000 * 2 ** (failures - 1), 30_000);
}

export interface AutosaveOptions {
  save: () => Promise<void>;
  delayMs: number;
  /** A write failed (each failure, retries included). */
  onError?: (e: unknown) => void;
  /** The write was refused for its content (e.g. a case id already taken): no retry until the next change. */
  refused?: (e: unknown) => boolean;
  /** Everything is written (nothing waiting, nothing in flight). */
  onSettled?: () => void;
  /** Writes started failing (true) or one succeeded again (false). */
  onFailingChange?: (failing: boolean) => void;
}

export class Autosave {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending = false;
  #running: Promise<void> = Promise.resolve();
  #inFlight = 0;
  /** Failed writes in a row; 0 once one succeeds. */
  #failures = 0;
  #stopped = false;

  constructor(private readonly options: AutosaveOptions) {}

  /**
   * A change happened: save at most `delayMs` after the first change not yet saved.
   * (A timer restarted at each change would never fire while someone keeps answering.)
   * After a failure, the retry already planned writes this change too.
   */
  schedule(): void {
    this.#pending = true;
    this.#timer ??= setTimeout(() => void this.flush(), this.options.delayMs);
  }

  /** Save now what is pending, after any save in flight; resolves when it is written or has failed. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#pending) return this.#running;
    this.#pending = false;
    this.#inFlight++;
    this.#running = this.#running.then(this.options.save).then(
      () => {
        this.#inFlight--;
        if (this.#failures > 0) {
          this.#failures = 0;
          this.options.onFailingChange?.(false);
        }
        if (!this.unsaved) this.options.onSettled?.();
      },
      (e: unknown) => {
        this.#inFlight--;
        // What was to be written is still not written.
        this.#pending = true;
        this.#failures++;
        if (this.#failures === 1) this.options.onFailingChange?.(true);
        this.options.onError?.(e);
        clearTimeout(this.#timer);
        this.#timer = undefined;
        if (!this.#stopped && !this.options.refused?.(e)) this.#timer = setTimeout(() => void this.flush(), retryDelay(this.#failures));
      },
    );
    return this.#running;
  }

  /** Changes not written yet: waiting for the delay or a retry, or being written. */
  get unsaved(): boolean {
    return this.#pending || this.#inFlight > 0;
  }

  /** The screen is gone: no more timers (what is unsaved stays in the page-hide backup). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
