// Start-up in two steps (issue 13.4). The first screen (the projects list, with the
// header) needs only the database, the seed project and its own strings. The rest
// (every string of the language, the default survey) loads before any other screen
// shows, and otherwise once the first screen is painted with its data; so does the
// work in the background (service worker, sync), which must not compete with it.
import { liveQueriesSettled, seedOnce } from '../db';
import { locale } from './locale.svelte';

/** A first screen whose queries never answer must not hold back the rest for ever. */
const SETTLE_AT_MOST_MS = 3000;

function nextPaint(): Promise<void> {
  // After the frame that paints what is rendered now.
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

class Startup {
  #ready = $state(false);
  #rest: Promise<void> | undefined;
  #storage: Promise<unknown> | undefined;
  #shown = false;
  #painted!: () => void;
  readonly #whenPainted = new Promise<void>((resolve) => (this.#painted = resolve));

  /** Everything is loaded: parts of the first screen that show other strings wait for it. */
  get ready(): boolean {
    return this.#ready;
  }

  /** The database being opened: main.ts mounts the app meanwhile, screens wait for it. */
  opening(storage: Promise<unknown>): void {
    this.#storage = storage;
    // main.ts handles a failure once the app is mounted: not an unhandled rejection meanwhile.
    storage.catch(() => undefined);
  }

  /** Every screen needs the database. */
  storage(): Promise<unknown> {
    return this.#storage ?? Promise.reject(new Error('The database is not being opened'));
  }

  /** What every screen but the first needs; the first caller starts it. */
  rest(): Promise<void> {
    this.#rest ??= Promise.all([locale.loadAll(), this.storage().then(() => seedOnce())]).then(
      () => {
        this.#ready = true;
      },
      (error: unknown) => {
        this.#rest = undefined; // the next screen tries again
        throw error;
      },
    );
    return this.#rest;
  }

  /** The first screen is mounted (or failed): it counts as painted once its queries have answered and a frame showed them. */
  async firstScreenShown(): Promise<void> {
    if (this.#shown) return;
    this.#shown = true;
    await nextPaint();
    await Promise.race([liveQueriesSettled(), new Promise((resolve) => setTimeout(resolve, SETTLE_AT_MOST_MS))]);
    await nextPaint();
    this.#painted();
  }

  /** Runs `task` once the first screen is painted with its data. */
  afterFirstScreen<T>(task: () => T | Promise<T>): Promise<T> {
    return this.#whenPainted.then(task);
  }
}

export const startup = new Startup();
