// Online/offline as the browser reports it.
class OnlineState {
  #online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);

  constructor() {
    if (typeof window === 'undefined') return;
    window.addEventListener('online', () => (this.#online = true));
    window.addEventListener('offline', () => (this.#online = false));
  }

  get online(): boolean {
    return this.#online;
  }
}

export const connection = new OnlineState();
