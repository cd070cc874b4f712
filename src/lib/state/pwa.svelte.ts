// Service worker registration and the "new version" prompt. The page is never
// reloaded by itself: an interview in progress must not be interrupted.
import { registerSW } from 'virtual:pwa-register';

class PwaState {
  #needRefresh = $state(false);
  #offlineReady = $state(false);
  #update: ((reload?: boolean) => Promise<void>) | null = null;

  get needRefresh(): boolean {
    return this.#needRefresh;
  }
  get offlineReady(): boolean {
    return this.#offlineReady;
  }

  register(): void {
    if (!('serviceWorker' in navigator)) return;
    this.#update = registerSW({
      immediate: true,
      onNeedRefresh: () => (this.#needRefresh = true),
      onOfflineReady: () => (this.#offlineReady = true),
    });
  }

  /** The user accepted the new version. */
  async applyUpdate(): Promise<void> {
    // vite-plugin-pwa #789: when the update arrives in the session of the first install,
    // the page is not reloaded after skipWaiting; reload once the new worker controls it.
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    await this.#update?.(true);
  }

  dismiss(): void {
    this.#needRefresh = false;
  }
}

export const pwa = new PwaState();
