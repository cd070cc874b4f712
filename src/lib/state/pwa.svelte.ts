// Service worker registration and the "new version" prompt. The page is never
// reloaded by itself: an interview in progress must not be interrupted. The same
// prompt asks to reload when another tab upgraded the database (this tab's connection
// is then closed, after writing what was pending).

class PwaState {
  #needRefresh = $state(false);
  #offlineReady = $state(false);
  #upgradedElsewhere = $state(false);
  #update: ((reload?: boolean) => Promise<void>) | null = null;

  get needRefresh(): boolean {
    return this.#needRefresh;
  }
  get offlineReady(): boolean {
    return this.#offlineReady;
  }
  /** Another tab runs a newer version of the database: this tab must reload to go on saving. */
  get upgradedElsewhere(): boolean {
    return this.#upgradedElsewhere;
  }

  databaseUpgradedElsewhere(): void {
    this.#upgradedElsewhere = true;
  }

  async register(): Promise<void> {
    if (!('serviceWorker' in navigator)) return;
    // Loaded with the registration, which start-up makes after the first screen.
    const { registerSW } = await import('virtual:pwa-register');
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

  /** Reload into the new version: through the waiting service worker when there is one. */
  async reloadForUpgrade(): Promise<void> {
    if (this.#needRefresh) await this.applyUpdate();
    else location.reload();
  }

  dismiss(): void {
    this.#needRefresh = false;
  }
}

export const pwa = new PwaState();
