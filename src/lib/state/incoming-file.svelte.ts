// A bundle file waiting for the import screen, whichever way it arrived: picked,
// dropped on the window, opened with Piso (File Handling), or shared to it (Share Target).
import { IMPORT_HASH, SHARED_CACHE, SHARED_FILE_URL } from '../../share-target';

class IncomingFile {
  #file = $state.raw<File | null>(null);

  get file(): File | null {
    return this.#file;
  }

  /** Hands a file to the import screen and opens it. */
  open(file: File): void {
    this.#file = file;
    if (location.hash !== IMPORT_HASH) location.hash = IMPORT_HASH;
  }

  /** The import screen took the file. */
  take(): File | null {
    const file = this.#file;
    this.#file = null;
    return file;
  }

  /** Listens to every way a file can arrive; call once at start-up. */
  listen(): void {
    window.addEventListener('dragover', (event) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    });
    window.addEventListener('drop', (event) => {
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      this.open(file);
    });
    const launchQueue = (window as unknown as { launchQueue?: LaunchQueue }).launchQueue;
    launchQueue?.setConsumer(async (params) => {
      const handle = params.files[0];
      if (handle) this.open(await handle.getFile());
    });
    void this.#takeShared();
  }

  /** A file parked by the service worker's share target, if any. */
  async #takeShared(): Promise<void> {
    if (!('caches' in window)) return;
    const cache = await caches.open(SHARED_CACHE);
    const response = await cache.match(SHARED_FILE_URL);
    if (!response) return;
    await cache.delete(SHARED_FILE_URL);
    const name = decodeURIComponent(response.headers.get('X-File-Name') ?? 'bundle.json');
    const blob = await response.blob();
    this.open(new File([blob], name, { type: blob.type }));
  }
}

interface LaunchQueue {
  setConsumer(consumer: (params: { files: FileSystemFileHandle[] }) => void | Promise<void>): void;
}

export const incomingFile = new IncomingFile();
