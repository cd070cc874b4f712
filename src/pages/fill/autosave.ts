// Deferred saving with an explicit flush (after Excalidraw's LocalData): each change
// is written within `delayMs` of it, writes never overlap, and the page flushes when
// it is hidden or left, so that no answer waits in memory when the phone kills the tab.

export class Autosave {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending = false;
  #running: Promise<void> = Promise.resolve();
  #inFlight = 0;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly delayMs: number,
    private readonly onError: (e: unknown) => void,
    /** Everything is written (nothing waiting, nothing in flight). */
    private readonly onSettled: () => void = () => {},
  ) {}

  /**
   * A change happened: save at most `delayMs` after the first change not yet saved.
   * (A timer restarted at each change would never fire while someone keeps answering.)
   */
  schedule(): void {
    this.#pending = true;
    this.#timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Save now what is pending, after any save in flight; resolves when it is written. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#pending) return this.#running;
    this.#pending = false;
    this.#inFlight++;
    this.#running = this.#running.then(this.save).then(
      () => {
        this.#inFlight--;
        if (!this.unsaved) this.onSettled();
      },
      (e: unknown) => {
        this.#inFlight--;
        this.onError(e);
      },
    );
    return this.#running;
  }

  /** Changes not written yet: waiting for the delay, or being written. */
  get unsaved(): boolean {
    return this.#pending || this.#inFlight > 0;
  }
}
